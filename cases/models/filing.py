"""归档后只读：一条记录编入档案目录后，不能再修改或删除。

The services refuse first, with a message about what was asked (cases.services
.guard); this is the last line, so that nothing else that saves a model (the
Django admin, a shell, a forgotten code path) changes a filed record either.
One indexed query per update of a record that can be filed.
"""

from django.apps import apps
from django.db import models
from django.utils.translation import gettext as _

from cases.errors import CaseArchived


class ReadOnlyOnceFiled(models.Model):
    """A record that is filed when it closes (its ArchiveEntry links to it)."""

    # The ArchiveEntry field that links to this kind of record.
    archive_field = ""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.refuse_if_filed()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self.refuse_if_filed()
        return super().delete(*args, **kwargs)

    def filed_lookup(self) -> dict:
        """The ArchiveEntry filter that finds this record's entry."""
        return {f"{self.archive_field or self._meta.model_name}_id": self.pk}

    def archive_number(self) -> str | None:
        """Its archive number once filed (None before)."""
        if self.pk is None or self._state.adding:
            return None
        entry_model = apps.get_model("cases", "ArchiveEntry")
        return (
            entry_model._default_manager.filter(**self.filed_lookup())
            .values_list("number", flat=True)
            .first()
        )

    def refuse_if_filed(self) -> None:
        number = self.archive_number()
        if number:
            raise CaseArchived(
                _("该记录已归档（档案号%(number)s），只读，不能再修改。")
                % {"number": number}
            )


class PartOfFiledCase(ReadOnlyOnceFiled):
    """A record filed with its case (告知文书, attachments): read only with it."""

    class Meta:
        abstract = True

    def filed_lookup(self) -> dict:
        return {"case_id": self.case_id}
