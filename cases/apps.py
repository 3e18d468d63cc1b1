from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    """案件：受理、材料、告知、时限、流转、分办转办、投诉、回访与归档。"""

    name = "cases"
    verbose_name = _("社会救助案件")
    default_auto_field = "django.db.models.BigAutoField"
