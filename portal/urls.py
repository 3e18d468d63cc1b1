from django.urls import path, re_path

from . import views
from .printing import views as printing

app_name = "portal"

urlpatterns = [
    path("search/", views.search, name="search"),
    path(
        "reading-aids/<slug:name>/<slug:value>/",
        views.set_reading_aid,
        name="set_reading_aid",
    ),
    # Any text may follow verify/: a bad code is a friendly 404 from the view.
    re_path(r"^verify/(?P<code>[\s\S]*)/$", printing.verify, name="verify"),
    # A page's URL + print/ or poster.pdf. Wagtail's own pattern never sees
    # poster.pdf (a dot, no slash); paths that name no printable page are
    # handed back to Wagtail's serve view.
    re_path(r"^(?P<page_path>(?:[\w\-]+/)*)print/$", printing.print_view, name="print"),
    re_path(
        r"^(?P<page_path>(?:[\w\-]+/)*)poster\.pdf$",
        printing.poster_pdf,
        name="poster",
    ),
]
