"""重定向导入: Wagtail's two import steps, with bad files refused in Chinese.

Wagtail's own views answer an empty or tampered confirmation with a server error
(its management form raises KeyError), a file posted twice with another (the
temporary copy is gone), a row shorter than the header with a third, and keep
the good rows of a file whose other rows fail. Its messages for a wrong file
type, encoding or unreadable workbook have no Chinese translation. These views
take the same URLs (registered ahead of Wagtail's) and:

- check the upload first: type, size, UTF-8 text, a readable workbook that
  does not unpack to more than it should; then hand it to Wagtail's first step;
- in the second step, start over with a message when the confirmation cannot
  be used, and import all rows or none: one failing row saves nothing.
"""

import io
import os
import zipfile

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.signing import BadSignature
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.encoding import force_str
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.contrib.redirects import views as wagtail_views
from wagtail.contrib.redirects.base_formats import Dataset
from wagtail.contrib.redirects.forms import (
    ConfirmImportForm,
    ConfirmImportManagementForm,
    ImportForm,
)
from wagtail.contrib.redirects.utils import (
    get_file_storage,
    get_import_formats,
    get_supported_extensions,
)

MAX_BYTES = 1024 * 1024
MAX_UNPACKED_BYTES = 20 * 1024 * 1024
MAX_ROWS = 2000
_SIGNED = ("import_file_name", "input_format")

may_import = wagtail_views.permission_checker.require_any("add")


def _start_over(request, message: str):
    messages.error(request, message)
    return redirect("wagtailredirects:start_import")


def _xlsx_problem(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(item.file_size for item in archive.infolist())
    except (zipfile.BadZipFile, ValueError):
        return _("文件不是有效的 Excel（.xlsx）文件，请用 Excel 重新保存后再导入。")
    if unpacked > MAX_UNPACKED_BYTES:
        return _("Excel 文件内容过多，请拆分后分批导入。")
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=True
        )
        workbook.close()
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds on a bad workbook
        return _("文件不是有效的 Excel（.xlsx）文件，请用 Excel 重新保存后再导入。")
    return None


def upload_problem(upload) -> str | None:
    """Why an uploaded redirects file cannot be imported, or None."""
    extension = os.path.splitext(upload.name)[1].lstrip(".").lower()
    if extension not in get_supported_extensions():
        return _("只能导入 CSV、TSV 或 XLSX 文件。")
    if upload.size > MAX_BYTES:
        return _("文件超过 %(size)s MB，请拆分后分批导入。") % {
            "size": MAX_BYTES // (1024 * 1024)
        }
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if extension == "xlsx":
        return _xlsx_problem(data)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return _(
            "文件不是 UTF-8 编码。"
            "请在 Excel 中“另存为”“CSV UTF-8（逗号分隔）”后再导入。"
        )
    if "\x00" in text:
        return _("文件中含有不可见的控制字符，请检查文件是否正确。")
    return None


@may_import
def start_import(request):
    """第一步：选择文件。"""
    upload = request.FILES.get("import_file")
    if request.method == "POST" and upload is not None:
        problem = upload_problem(upload)
        if problem:
            return _start_over(request, problem)
        # Wagtail keeps the file by its name's extension: lower case, as checked.
        name, extension = os.path.splitext(upload.name)
        upload.name = name + extension.lower()
    return wagtail_views.start_import(request)


class _SignedFieldsChecked:
    """Wagtail's clean() unsigns fields that failed validation (KeyError) and
    reports a bad signature through an attribute it does not have."""

    def clean(self):
        cleaned = forms.Form.clean(self)
        for key in _SIGNED:
            if key not in cleaned:
                continue
            try:
                cleaned[key] = self.signer.unsign(cleaned[key])
            except BadSignature as exc:
                raise ValidationError(_("导入确认信息已被改动。")) from exc
        return cleaned


class ManagementForm(_SignedFieldsChecked, ConfirmImportManagementForm):
    pass


class ConfirmForm(_SignedFieldsChecked, ConfirmImportForm):
    pass


def _read_dataset(management: dict) -> Dataset | None:
    """The rows of the file the first step kept, each as long as the header."""
    try:
        input_format = get_import_formats()[int(management["input_format"])]()
    except (ValueError, IndexError):
        return None
    name = management["import_file_name"]
    if not name or os.path.basename(name) != name:
        return None
    storage = get_file_storage()(name=name)
    try:
        data = storage.read(input_format.get_read_mode())
    except OSError:
        return None
    if data is None:  # the cache storage has forgotten it
        return None
    if not input_format.is_binary():
        data = force_str(data, "utf-8")
    try:
        dataset = input_format.create_dataset(data)
    except Exception:  # noqa: BLE001 - it was read once already; now it cannot be
        return None
    width = len(dataset.headers)
    if not width:
        return Dataset([], headers=[])
    rows = [
        tuple("" if value is None else str(value) for value in row[:width])
        + ("",) * (width - len(row))
        for row in dataset
    ]
    return Dataset(rows, headers=list(dataset.headers))


def _remove_file(management: dict) -> None:
    try:
        get_file_storage()(name=management["import_file_name"]).remove()
    except OSError:
        pass


@may_import
@require_POST
def process_import(request):
    """第二步：确认列并导入；全部成功才保存。"""
    management = ManagementForm(request.POST)
    if not management.is_valid():
        return _start_over(
            request, _("导入确认信息缺失或已被改动，请重新选择要导入的文件。")
        )
    dataset = _read_dataset(management.cleaned_data)
    if dataset is None:
        return _start_over(
            request, _("要导入的文件已失效（可能已经导入过），请重新选择文件。")
        )
    if not dataset:
        _remove_file(management.cleaned_data)
        return _start_over(request, _("文件中没有可导入的行。"))
    if len(dataset) > MAX_ROWS:
        _remove_file(management.cleaned_data)
        return _start_over(
            request,
            _("一次最多导入 %(max)s 条重定向，请拆分后分批导入。") % {"max": MAX_ROWS},
        )
    form = ConfirmForm(
        dataset.headers,
        request.POST,
        request.FILES,
        initial=dict(management.cleaned_data),
    )
    if not form.is_valid():
        return render(
            request,
            "wagtailredirects/confirm_import.html",
            {"form": form, "dataset": dataset},
            status=400,
        )
    with transaction.atomic():
        summary = wagtail_views.create_redirects_from_dataset(
            dataset,
            {
                "from_index": int(form.cleaned_data["from_index"]),
                "to_index": int(form.cleaned_data["to_index"]),
                "permanent": form.cleaned_data["permanent"],
                "site": form.cleaned_data["site"],
            },
        )
        if summary["errors_count"]:
            transaction.set_rollback(True)
    _remove_file(management.cleaned_data)
    if summary["errors_count"]:
        messages.error(
            request,
            _("有 %(errors)s 行有误，整个文件都没有导入。请按下表改正后重新导入。")
            % {"errors": summary["errors_count"]},
        )
        return render(
            request,
            "wagtailredirects/import_summary.html",
            {
                "form": ImportForm(get_supported_extensions()),
                "import_summary": {**summary, "successes": 0},
            },
            status=400,
        )
    messages.success(
        request, _("已导入 %(total)s 条重定向。") % {"total": summary["total"]}
    )
    return redirect("wagtailredirects:index")
