"""import_policy: plain-text notices become draft policy pages for an editor to check.

Drafts only: the parser guesses, so nothing reaches the public before a person has
read it. Each file has its own transaction, so one bad file costs only itself.
"""

import codecs
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.models import Page

from portal.models import PolicyIndexPage, PolicyPage
from portal.policy_import import (
    DEFAULT_ENCODINGS,
    NoticeReadError,
    ParsedNotice,
    parse_notice,
    read_notice,
)
from portal.slugs import free_slug


class Command(BaseCommand):
    help = _("把纯文本公文导入为政策文件草稿（不发布），并报告识别出的和缺少的信息。")

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE", help=_("公文文本文件"))
        parser.add_argument(
            "--parent",
            type=int,
            metavar="PAGE_ID",
            help=_("上级页面 ID（默认：政策法规栏目）"),
        )
        parser.add_argument(
            "--encoding",
            help=_("文件编码（默认依次尝试 %s）") % ", ".join(DEFAULT_ENCODINGS),
        )
        parser.add_argument(
            "--allow-duplicates",
            action="store_true",
            help=_("已有同文号（无文号时同标题）的文件时仍然导入"),
        )

    def handle(self, *args, files, parent, encoding, allow_duplicates, **options):
        parent_page = _parent_page(parent)
        encodings = _encodings(encoding)
        failed = 0
        for name in files:
            self.stdout.write(f"== {name}")
            try:
                parsed = parse_notice(
                    read_notice(Path(name), encodings), fallback_title=Path(name).stem
                )
            except NoticeReadError as error:
                failed += 1
                self.stderr.write(_("%(file)s：未导入，%(reason)s") % _fmt(name, error))
                continue
            self._report(parsed)
            try:
                with transaction.atomic():
                    duplicate = _find_duplicate(parent_page, parsed)
                    if duplicate and not allow_duplicates:
                        self.stdout.write(
                            self.style.WARNING(
                                _(
                                    "已存在相同的文件（页面 ID %(id)s），跳过；"
                                    "确需再导入请加 --allow-duplicates"
                                )
                                % {"id": duplicate.pk}
                            )
                        )
                        continue
                    page = _create_draft(parent_page, parsed)
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
        optional = [
            (_("被转发文件文号"), parsed.forwarded_document_number),
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
    reason = "; ".join(error.messages) if isinstance(error, ValidationError) else error
    return {"file": name, "reason": str(reason)}


def _parent_page(page_id: int | None) -> Page:
    if page_id is None:
        candidates = list(PolicyIndexPage.objects.all()[:2])
        if not candidates:
            raise CommandError(
                _(
                    "还没有政策法规栏目，请先在管理后台创建，"
                    "或用 --parent 指定上级页面。"
                )
            )
        if len(candidates) > 1:
            raise CommandError(_("有多个政策法规栏目，请用 --parent 指定。"))
        return candidates[0]
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        raise CommandError(_("找不到 ID 为 %s 的页面。") % page_id)
    if not isinstance(page.specific, PolicyIndexPage):
        raise CommandError(
            _("页面 %(id)s（%(title)s）不是政策法规栏目，政策文件不能放在它下面。")
            % {"id": page_id, "title": page.title}
        )
    return page.specific


def _encodings(encoding: str | None) -> tuple[str, ...]:
    if not encoding:
        return DEFAULT_ENCODINGS
    try:
        codecs.lookup(encoding)
    except LookupError as error:
        raise CommandError(_("不认识的编码：%s") % encoding) from error
    return (encoding,)


def _find_duplicate(parent: Page, parsed: ParsedNotice) -> PolicyPage | None:
    siblings = PolicyPage.objects.child_of(parent)
    if parsed.document_number:
        return siblings.filter(document_number=parsed.document_number).first()
    return siblings.filter(Q(title=parsed.title) | Q(draft_title=parsed.title)).first()


def _create_draft(parent: Page, parsed: ParsedNotice) -> PolicyPage:
    page = PolicyPage(
        title=parsed.title,
        slug=free_slug(parent, parsed.title),
        live=False,
        summary=parsed.summary,
        document_number=parsed.document_number,
        forwarded_document_number=parsed.forwarded_document_number,
        issuing_body=parsed.issuing_body,
        issue_date=parsed.issue_date,
        effective_date=parsed.effective_date,
        status=PolicyPage.Status.IN_FORCE,
        body=parsed.body,
    )
    parent.add_child(instance=page)
    page.save_revision(log_action="wagtail.create")
    return page


def _edit_url(page: Page) -> str:
    path = reverse("wagtailadmin_pages:edit", args=[page.pk])
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path
