"""StreamField blocks for the body of policy, guide and channel pages."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("标题"), max_length=120)
    level = blocks.ChoiceBlock(
        label=_("级别"),
        choices=[("h2", _("二级标题")), ("h3", _("三级标题"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("小标题")
        template = "blocks/heading_block.html"


class CalloutBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("标题"), required=False, max_length=120)
    text = blocks.RichTextBlock(label=_("内容"), features=["bold", "link", "ol", "ul"])

    class Meta:
        icon = "warning"
        label = _("提示框")
        template = "blocks/callout_block.html"


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("文件"))
    title = blocks.CharBlock(label=_("显示名称"), required=False, max_length=200)

    class Meta:
        icon = "doc-full"
        label = _("文件下载")
        template = "blocks/document_link_block.html"


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("段落"),
        features=["h3", "bold", "italic", "ol", "ul", "link", "document-link"],
    )
    callout = CalloutBlock()
    document = DocumentLinkBlock()

    class Meta:
        block_counts = {}
