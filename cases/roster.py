"""发放花名册 as an Excel workbook, for the admin's export and the command."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.spreadsheets import table_xlsx

from .selectors.roster import RosterRow

HEADERS = [
    gettext_lazy("案件编号"),
    gettext_lazy("姓名"),
    gettext_lazy("身份证号码"),
    gettext_lazy("乡镇"),
    gettext_lazy("村（社区）"),
    gettext_lazy("救助事项"),
    gettext_lazy("当月救助金（元）"),
    gettext_lazy("补发（元）"),
    gettext_lazy("合计（元）"),
    gettext_lazy("备注"),
]


def roster_xlsx(rows: list[RosterRow], *, month: str, township=None) -> bytes:
    title = _("%(month)s 社会救助金发放花名册") % {"month": month}
    if township is not None:
        title += f"（{township.name}）"
    total = sum((row.total for row in rows), start=0)
    summary = [_("合计"), _("%s人") % len(rows), "", "", "", "", "", "", total, ""]
    return table_xlsx(
        [str(h) for h in HEADERS],
        [*(row.cells() for row in rows), summary],
        sheet=_("花名册"),
        title=title,
        widths=(16, 10, 20, 12, 12, 14, 14, 10, 12, 10),
    )
