from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    """案件：受理、材料、告知、时限、流转、分办转办、投诉、回访与归档。"""

    name = "cases"
    verbose_name = _("社会救助案件")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Case records point at the directory but are not content: keeping them out
        # of Wagtail's reference index saves a background task on every save.
        for model in self.get_models():
            model.wagtail_reference_index_ignore = True
        from core.workdays import use_overrides_from
        from portal.demo import register_seed_step

        from . import signals  # noqa: F401  (connects the calendar receivers)
        from .demo import seed_demo_cases
        from .demo_archive import seed_demo_archive
        from .demo_consultations import seed_demo_consultations
        from .demo_evidence import seed_demo_evidence
        from .demo_recipients import seed_demo_recipients
        from .demo_records import seed_demo_records
        from .models import CalendarDay, HolidayArrangement
        from .permissions import register_case_permissions
        from .stats.report import register_section
        from .stats.sections.anchors import history_anchors
        from .stats.sections.consultations import consultations
        from .stats.sections.notices import one_time_notices
        from .stats.sections.postings import posting_consistency
        from .stats.sections.recipients import benefit_changes, periodic_reviews

        # The shared working calendar counts the days administrators entered here.
        use_overrides_from(CalendarDay.as_overrides, HolidayArrangement.recorded_years)
        register_case_permissions()
        register_section(consultations)
        register_section(posting_consistency)
        register_section(history_anchors)
        register_section(one_time_notices)
        register_section(periodic_reviews)
        register_section(benefit_changes)
        register_seed_step(seed_demo_cases)
        register_seed_step(seed_demo_records)
        register_seed_step(seed_demo_recipients)
        register_seed_step(seed_demo_consultations)
        register_seed_step(seed_demo_evidence)
        register_seed_step(seed_demo_archive)
