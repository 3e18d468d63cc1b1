"""档案类别：县里维护类别和保管期限；已用于档案号的代码不再更改。"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cases.access import require
from cases.models import ArchiveCategory, ArchiveEntry
from cases.models.archive import CATEGORY_CODE

from .errors import CaseError
from .history import save_with_reason

MAX_RETENTION_YEARS = 100


@transaction.atomic
def archive_category_save(*, by, category: ArchiveCategory) -> ArchiveCategory:
    """Create or change a category, as the county's reviewer.

    Its code is in the archive numbers of what was filed under it, so once an
    entry uses it, it stays. A new retention period applies to what is filed
    from now on; filed entries keep the one they were filed with.
    """
    require(by, "archive.category_manage")
    category.code = (category.code or "").strip().upper()
    category.name = (category.name or "").strip()
    category.description = (category.description or "").strip()
    try:
        CATEGORY_CODE(category.code)
    except ValidationError as error:
        raise CaseError(error.messages[0], field="code") from error
    if not category.name or len(category.name) > 40:
        raise CaseError(_("请填写类别名称（不超过40个字）。"), field="name")
    if len(category.description) > 1000:
        raise CaseError(_("说明不能超过1000个字。"), field="description")
    years = category.retention_years
    if years is not None and not (1 <= years <= MAX_RETENTION_YEARS):
        raise CaseError(
            _("保管期限应为1至%(n)s年，永久保管请留空。") % {"n": MAX_RETENTION_YEARS},
            field="retention_years",
        )
    others = ArchiveCategory.objects.exclude(pk=category.pk)
    if others.filter(code=category.code).exists():
        raise CaseError(_("类别代码%s已被使用。") % category.code, field="code")
    if others.filter(name=category.name).exists():
        raise CaseError(_("类别名称“%s”已被使用。") % category.name, field="name")
    if category.pk is not None:
        before = ArchiveCategory.objects.select_for_update().get(pk=category.pk)
        if (
            before.code != category.code
            and ArchiveEntry.objects.filter(category=category).exists()
        ):
            raise CaseError(
                _("类别代码%s已用于档案号，不能更改。") % before.code, field="code"
            )
        reason = _("修改档案类别%s") % category.code
    else:
        reason = _("新建档案类别%s") % category.code
    save_with_reason(category, by=by, reason=reason)
    return category
