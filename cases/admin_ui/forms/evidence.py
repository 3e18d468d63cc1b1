"""Forms of 案件附件 and 核对报告异议 on the case page (the services decide)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.forms import PlainTextForm
from cases.models import CaseAttachment, VerificationObjection
from core.limits import form_limit


class AttachmentForm(PlainTextForm):
    """上传附件：材料名称（可从收件清单中选）与文件；类型、大小由服务按内容检查。"""

    material = forms.CharField(
        label=_("材料名称"),
        help_text=_("如收件清单中的“居民身份证”，或“授权书”。"),
        **form_limit(CaseAttachment, "material_name"),
    )
    file = forms.FileField(
        label=_("文件"),
        help_text=_("PDF、JPEG、PNG 或 OFD 格式的扫描件或照片。"),
        error_messages={
            "required": _("请选择要上传的文件。"),
            "empty": _("文件是空的，请重新选择要上传的文件。"),
        },
    )

    def __init__(self, *args, materials=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.material_names = [m.name for m in materials]
        self.fields["material"].widget.attrs["list"] = "attachment-materials"


class ObjectionForm(PlainTextForm):
    """登记核对报告异议：预警内容、佐证材料，及已上传的佐证附件。"""

    warning = forms.CharField(
        label=_("核对报告的预警内容"),
        widget=forms.Textarea(attrs={"rows": 2}),
        **form_limit(VerificationObjection, "warning"),
    )
    evidence = forms.CharField(
        label=_("财产登记机关佐证材料"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("申请人出具的有效佐证：名称与出具机关。"),
        **form_limit(VerificationObjection, "evidence"),
    )
    attachments = forms.ModelMultipleChoiceField(
        label=_("佐证附件"),
        queryset=CaseAttachment.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("先在“案件附件”中上传扫描件，再在此勾选。"),
        error_messages={"invalid_choice": _("附件 %(value)s 不是本案件的附件。")},
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachments"].queryset = case.attachments.all()


class ObjectionReviewForm(PlainTextForm):
    """乡镇审核或县级审核：异议是否成立，及审核意见。"""

    decision = forms.ChoiceField(
        label=_("审核结论"),
        choices=[("uphold", _("异议成立")), ("reject", _("异议不成立"))],
        widget=forms.RadioSelect,
    )
    opinion = forms.CharField(
        label=_("审核意见"),
        widget=forms.Textarea(attrs={"rows": 2}),
        **form_limit(VerificationObjection, "township_opinion"),
    )
