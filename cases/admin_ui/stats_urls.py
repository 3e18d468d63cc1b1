"""Admin URLs of 统计分析 and 我的待办, registered by cases/wagtail_hooks.py."""

from django.urls import path

from .views import queues, stats

urlpatterns = [
    path("statistics/", stats.StatsDashboardView.as_view(), name="cases_stats"),
    path(
        "statistics/report.xlsx",
        stats.StatsExcelView.as_view(),
        name="cases_stats_xlsx",
    ),
    path("statistics/report.csv", stats.StatsCsvView.as_view(), name="cases_stats_csv"),
    path("statistics/print/", stats.StatsPrintView.as_view(), name="cases_stats_print"),
    path("cases/my-work/", queues.MyWorkView.as_view(), name="cases_my_work"),
]
