from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("search/", views.search, name="search"),
    path(
        "reading-aids/<slug:name>/<slug:value>/",
        views.set_reading_aid,
        name="set_reading_aid",
    ),
]
