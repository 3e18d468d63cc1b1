from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """档案检索：案件及其历史版本的索引，数据库与 Elasticsearch 两种后端。"""

    name = "search"
    label = "archive_search"
    verbose_name = _("档案检索")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cases.api import api

        from . import receivers
        from .api import router

        receivers.connect()
        # /api/v1/search joins the case API. ready() runs before the URLconf is
        # first loaded (ninja refuses routers added after api.urls is built).
        api.add_router("", router)
