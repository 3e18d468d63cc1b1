"""The site's URLs plus /media/, for browser tests that show uploaded images.

Tests run with DEBUG off, so config.urls serves no media (a web server does, in
production); the focal point editor starts only once its image has loaded.
"""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from config.urls import handler500  # noqa: F401
from config.urls import urlpatterns as site_urlpatterns


def media(request, path):
    # MEDIA_ROOT read per request: each test points it at a folder of its own.
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [re_path(r"^media/(?P<path>.*)$", media), *site_urlpatterns]
