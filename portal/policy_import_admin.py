"""导入公文 in the admin: upload a notice's text, read the preview, then save a draft.

Two steps on one address. The upload is read (encoding detected, Big5 turned
into 简体 with a warning, unreadable files refused) and parsed, and nothing is
saved: the editor sees what was found. The preview carries the text it was made
from, signed, so "保存为草稿" saves exactly what was shown, and a tampered or
stale confirmation starts over instead of saving something else.
"""

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.models import PolicyIndexPage, PolicyPage

from .admin_input import message_page
from .policy_import import (
    DecodedNotice,
    NoticeReadError,
    ParsedNotice,
    decode_notice,
    parse_decoded,
)
from .policy_import.drafts import create_draft, find_duplicate, find_forwarded
from .policy_import.patterns import MAX_BYTES

TEMPLATE = "portal/admin/policy_import.html"
SALT = "portal.policy_import.preview"
PREVIEW_MAX_AGE = 3600  # seconds: a preview left open over lunch still saves
ENCODINGS = [
    ("", gettext_lazy("自动识别")),
    ("utf-8", "UTF-8"),
    ("utf-16", "UTF-16"),
    ("gb18030", "GB18030 / GBK / GB2312"),
    ("big5", gettext_lazy("Big5（繁体，转为简体）")),
]


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("公文文本文件"),
        help_text=gettext_lazy(
            "纯文本文件（.txt），不超过 5 MB。编码自动识别："
            "UTF-8、UTF-16、GB18030（GBK）、Big5（转为简体）。"
        ),
        error_messages={
            "required": gettext_lazy("请选择要导入的文件。"),
            "empty": gettext_lazy("文件为空"),
        },
    )
    encoding = forms.ChoiceField(
        label=gettext_lazy("文件编码"),
        choices=ENCODINGS,
        required=False,
        help_text=gettext_lazy("一般不用选；自动识别不对时再指定。"),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise ValidationError(_("文件过大（超过 5 MB），不像一件公文"))
        return upload


def policy_index_for(user) -> PolicyIndexPage | None:
    """The 政策法规 section, if the user may add policies under it."""
    index = PolicyIndexPage.objects.first()
    if index is None or not index.permissions_for_user(user).can_add_subpage():
        return None
    return index


def may_import(user) -> bool:
    return policy_index_for(user) is not None


def policy_import(request):
    index = policy_index_for(request.user)
    if index is None:
        if not PolicyIndexPage.objects.exists():
            return message_page(
                request,
                _("还没有政策法规栏目，请先在页面管理中创建。"),
                title=_("导入公文"),
                status=404,
            )
        return message_page(
            request,
            _("您不能在政策法规栏目下新建文件，不能导入公文。"),
            title=_("无权操作"),
            status=403,
        )
    if request.method == "POST" and "payload" in request.POST:
        return _save(request, index)
    if request.method != "POST":
        return _render(request, {"form": UploadForm()})
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render(request, {"form": form}, status=400)
    upload = form.cleaned_data["file"]
    name = upload.name.rsplit("/", 1)[-1].rsplit(".", 1)[0][:100]
    try:
        decoded = decode_notice(upload.read(), form.cleaned_data["encoding"] or None)
    except NoticeReadError as error:
        form.add_error("file", _("未导入：%s") % error)
        return _render(request, {"form": form}, status=400)
    payload = signing.dumps(
        {
            "text": decoded.text,
            "encoding": decoded.encoding,
            "notes": list(decoded.notes),
            "name": name,
        },
        salt=SALT,
        compress=True,
    )
    return _preview(request, index, decoded, name, payload)


def _preview(request, index, decoded: DecodedNotice, name: str, payload: str, **extra):
    parsed = parse_decoded(decoded, fallback_title=name)
    context = {
        "parsed": parsed,
        "payload": payload,
        "index": index,
        "duplicate": find_duplicate(index, parsed),
        "forwarded_page": find_forwarded(parsed),
        "body": _body(parsed),
        "rows": _rows(parsed),
        **extra,
    }
    return _render(request, context, status=400 if extra else 200)


def _save(request, index):
    payload = request.POST.get("payload", "")
    try:
        data = signing.loads(payload, salt=SALT, max_age=PREVIEW_MAX_AGE)
        decoded = DecodedNotice(
            text=str(data["text"]),
            encoding=str(data["encoding"]),
            notes=tuple(str(note) for note in data["notes"]),
        )
        name = str(data["name"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        form = UploadForm()
        return _render(
            request,
            {
                "form": form,
                "stale": _("预览已失效（超过一小时或内容有改动），请重新上传文件。"),
            },
            status=400,
        )
    parsed = parse_decoded(decoded, fallback_title=name)

    def preview_again(save_error: str):
        return _preview(request, index, decoded, name, payload, save_error=save_error)

    if find_duplicate(index, parsed) and not request.POST.get("allow_duplicate"):
        return preview_again(
            _("已有相同的文件，未保存。确需再导入，请勾选“仍然导入”。")
        )
    try:
        page = create_draft(index, parsed, by=request.user)
    except (ValidationError, DatabaseError) as error:
        reason = "；".join(error.messages) if isinstance(error, ValidationError) else ""
        return preview_again(
            _("保存失败，未导入：%s") % (reason or _("数据库暂时不可用"))
        )
    messages.success(
        request,
        _("已保存为草稿（未发布）：“%s”。请核对后提交审核或发布。") % page.title,
    )
    return redirect(reverse("wagtailadmin_pages:edit", args=[page.pk]))


def _render(request, context, status=200):
    context = {"page_title": _("导入公文"), "header_icon": "doc-full", **context}
    response = TemplateResponse(request, TEMPLATE, context, status=status)
    response["Cache-Control"] = "no-store"
    return response


def _rows(parsed: ParsedNotice) -> list[tuple[str, object]]:
    none = _("未找到")
    return [
        (_("标题"), parsed.title),
        (_("文号"), parsed.document_number or none),
        (_("发文机关"), parsed.issuing_body or none),
        (_("成文日期"), parsed.issue_date or none),
        (_("施行日期"), parsed.effective_date or "—"),
        (_("网页发布日期"), parsed.publication_date or "—"),
        (_("摘要"), parsed.summary or "—"),
        (_("文件编码"), parsed.encoding),
    ]


def _body(parsed: ParsedNotice):
    """The body as the policy page will show it (its own StreamField blocks)."""
    block = PolicyPage._meta.get_field("body").stream_block
    return block.to_python([{"type": k, "value": v} for k, v in parsed.body])
