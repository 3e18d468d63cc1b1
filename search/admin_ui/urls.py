"""Admin URLs of the archive search, registered by search/wagtail_hooks.py."""

from django.urls import path

from . import log, views

urlpatterns = [
    path("archive/", views.ArchiveSearchView.as_view(), name="archive_search"),
    path(
        "archive/export.csv", views.CsvExportView.as_view(), name="archive_search_csv"
    ),
    path(
        "archive/export.xlsx",
        views.ExcelExportView.as_view(),
        name="archive_search_xlsx",
    ),
    path("archive/log/", log.SearchLogView.as_view(), name="archive_search_log"),
]
