"""Admin URLs of 统计分析, registered by cases/wagtail_hooks.py."""

from django.urls import path

from .views import stats

urlpatterns = [
    path("statistics/", stats.StatsDashboardView.as_view(), name="cases_stats"),
    path(
        "statistics/report.xlsx",
        stats.StatsExcelView.as_view(),
        name="cases_stats_xlsx",
    ),
    path("statistics/report.csv", stats.StatsCsvView.as_view(), name="cases_stats_csv"),
    path("statistics/print/", stats.StatsPrintView.as_view(), name="cases_stats_print"),
]
