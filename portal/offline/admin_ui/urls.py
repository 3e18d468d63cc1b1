from django.urls import path

from . import task_views, views

urlpatterns = [
    path("offline/", views.DashboardView.as_view(), name="offline_dashboard"),
    path(
        "offline/points/<slug:code>/",
        views.ServicePointView.as_view(),
        name="offline_point",
    ),
    path(
        "offline/points/<slug:code>/record/",
        views.PostingRecordView.as_view(),
        name="offline_posting_record",
    ),
    path(
        "offline/postings/<int:pk>/remove/",
        views.PostingRemoveView.as_view(),
        name="offline_posting_remove",
    ),
    path("offline/tasks/", task_views.TaskListView.as_view(), name="offline_tasks"),
    path(
        "offline/tasks/<int:pk>/",
        task_views.TaskView.as_view(),
        name="offline_task",
    ),
]
