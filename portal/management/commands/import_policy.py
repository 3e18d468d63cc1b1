"""import_policy: plain-text notices become draft policy pages for an editor to check.

Drafts only: the parser guesses, so nothing reaches the public before a person has
read it. Each file has its own transaction, so one bad file costs only itself.
"""

import codecs
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.db import DatabaseError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.models import Page

from core.commands import ChineseCommand
from portal.policy_import import (
    NoticeReadError,
    ParsedNotice,
    parse_decoded,
    read_notice,
)
from portal.policy_import.drafts import (
    ImportTargetError,
    create_draft,
    find_duplicate,
    find_forwarded,
    policy_index,
)


class Command(ChineseCommand):
    help = _("把纯文本公文导入为政策文件草稿（不发布），并报告识别出的和缺少的信息。")

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="文件", help=_("公文文本文件"))
        parser.add_argument(
            "--parent",
            type=int,
            metavar="页面编号",
            help=_("上级页面 ID（默认：政策法规栏目）"),
        )
        parser.add_argument(
            "--encoding",
            metavar="编码",
            help=_(
                "文件编码（默认自动识别 UTF-8、UTF-16、GB18030/GBK、Big5；"
                "Big5 转为简体）"
            ),
        )
        parser.add_argument(
            "--allow-duplicates",
            action="store_true",
            help=_("已有同文号（无文号时同标题）的文件时仍然导入"),
        )

    def handle(self, *args, files, parent, encoding, allow_duplicates, **options):
        try:
            parent_page = policy_index(parent)
        except ImportTargetError as error:
            raise CommandError(str(error)) from error
        _check_encoding(encoding)
        failed = 0
        for name in files:
            self.stdout.write(f"== {name}")
            try:
                parsed = parse_decoded(
                    read_notice(Path(name), encoding), fallback_title=Path(name).stem
                )
            except NoticeReadError as error:
                failed += 1
                self.stderr.write(_("%(file)s：未导入，%(reason)s") % _fmt(name, error))
                continue
            self._report(parsed)
            try:
                with transaction.atomic():
                    duplicate = find_duplicate(parent_page, parsed)
                    if duplicate and not allow_duplicates:
                        self.stdout.write(
                            self.style.WARNING(
                                _(
                                    "已存在相同的文件（页面 ID %(id)s），跳过；"
                                    "确需再导入请加 `--allow-duplicates`"
                                )
                                % {"id": duplicate.pk}
                            )
                        )
                        continue
                    page = create_draft(parent_page, parsed)
            except (ValidationError, DatabaseError) as error:
                failed += 1
                self.stderr.write(
                    _("%(file)s：保存失败，%(reason)s") % _fmt(name, error)
                )
                continue
            self.stdout.write(
                self.style.SUCCESS(
                    _("已保存为草稿（未发布）：页面 ID %(id)s，编辑地址 %(url)s")
                    % {"id": page.pk, "url": _edit_url(page)}
                )
            )
        if failed:
            raise CommandError(
                _("%(failed)d 个文件未能导入（共 %(total)d 个）")
                % {"failed": failed, "total": len(files)}
            )

    def _report(self, parsed: ParsedNotice) -> None:
        none = _("未找到")
        rows = [
            (_("标题"), parsed.title),
            (_("文号"), parsed.document_number or none),
            (_("发文机关"), parsed.issuing_body or none),
            (_("成文日期"), parsed.issue_date or none),
        ]
        forwarded = find_forwarded(parsed)
        optional = [
            (_("文件编码"), parsed.encoding),
            (_("被转发文件标题"), parsed.forwarded_title),
            (_("被转发文件文号"), parsed.forwarded_document_number),
            (
                _("被转发文件"),
                forwarded and _("已在本站：页面 ID %s") % forwarded.pk,
            ),
            (_("施行日期"), parsed.effective_date),
            (_("网页发布日期"), parsed.publication_date),
            (_("摘要"), parsed.summary),
        ]
        rows += [(label, value) for label, value in optional if value]
        headings = sum(1 for kind, _value in parsed.body if kind == "heading")
        rows.append(
            (
                _("正文"),
                _("%(paragraphs)d 段，%(headings)d 个小标题")
                % {"paragraphs": len(parsed.body) - headings, "headings": headings},
            )
        )
        for label, value in rows:
            self.stdout.write(f"  {label}：{value}")
        for note in parsed.notes:
            self.stdout.write(_("  说明：%s") % note)
        if parsed.missing:
            self.stdout.write(
                self.style.WARNING(_("  未能识别：%s") % "、".join(parsed.missing))
            )


def _fmt(name: str, error: Exception) -> dict[str, str]:
    """The file and why it failed; a database's own message is English and not
    the operator's business (the admin's import says the same)."""
    if isinstance(error, ValidationError):
        reason = "；".join(error.messages)
    elif isinstance(error, DatabaseError):
        reason = _("数据库暂时不可用")
    else:
        reason = str(error)
    return {"file": name, "reason": reason}


def _check_encoding(encoding: str | None) -> None:
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError as error:
            raise CommandError(_("不认识的编码：%s") % encoding) from error


def _edit_url(page: Page) -> str:
    path = reverse("wagtailadmin_pages:edit", args=[page.pk])
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path
