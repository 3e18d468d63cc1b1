from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("门户网站")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from portal import page_cache
        from portal.accounts import receivers as account_receivers
        from portal.offline import receivers

        receivers.connect()
        page_cache.connect_signals()
        account_receivers.connect()
