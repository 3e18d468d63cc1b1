from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cases.api import api, unknown_endpoint
from portal.accounts.admin_ui.logout import LogoutView
from portal.views import favicon, media

urlpatterns = [
    path("favicon.ico", favicon),
    # Before Wagtail's own: a GET asks to confirm, only a POST signs out.
    path("admin/logout/", LogoutView.as_view(), name="accounts_logout"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v1/", api.urls),
    re_path(r"^api/", unknown_endpoint),
    # Uploaded images, through Django so they carry the security headers;
    # never documents' files (portal.views.media).
    re_path(r"^media/(?P<path>.*)$", media, name="media"),
    path("", include("cases.urls")),
    path("", include("portal.urls")),
]

# Wagtail's page serving catches everything else, so it comes last.
urlpatterns.append(path("", include(wagtail_urls)))

# 数据库暂时不可用时答 503（见 portal/errors.py），其他故障仍是 500 页面。
handler500 = "portal.errors.server_error"
