"""Admin URLs of 统计分析, 我的待办, 在册对象 and 定期复核, registered by
cases/wagtail_hooks.py."""

from django.urls import path

from .views import queues, recipients, stats

urlpatterns = [
    path("statistics/", stats.StatsDashboardView.as_view(), name="cases_stats"),
    path(
        "statistics/report.xlsx",
        stats.StatsExcelView.as_view(),
        name="cases_stats_xlsx",
    ),
    path("statistics/report.csv", stats.StatsCsvView.as_view(), name="cases_stats_csv"),
    path("statistics/print/", stats.StatsPrintView.as_view(), name="cases_stats_print"),
    path(
        "statistics/jobs/",
        stats.StatsJobStartView.as_view(),
        name="cases_stats_job_start",
    ),
    path(
        "statistics/jobs/<str:job_id>/",
        stats.StatsJobView.as_view(),
        name="cases_stats_job",
    ),
    path(
        "statistics/jobs/<str:job_id>/report.xlsx",
        stats.StatsJobDownloadView.as_view(),
        name="cases_stats_job_download",
    ),
    path("cases/my-work/", queues.MyWorkView.as_view(), name="cases_my_work"),
    path(
        "cases/recipients/",
        recipients.RecipientListView.as_view(),
        name="cases_recipients",
    ),
    path(
        "cases/recipients/roster.xlsx",
        recipients.RosterExportView.as_view(),
        name="cases_roster_xlsx",
    ),
    path(
        "cases/reviews/due/",
        recipients.DueReviewListView.as_view(),
        name="cases_reviews_due",
    ),
]
