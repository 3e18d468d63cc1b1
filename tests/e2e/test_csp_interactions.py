"""Admin interactions under the Content-Security-Policy: no violation anywhere.

test_csp.py loads each admin screen; these tests use what opens or changes
after loading (chooser modals, editor widgets added in the browser, comments,
preview, bulk actions, the focal point editor, the multiple upload pages),
where Wagtail or a library it bundles might run or load something the policy
refuses. Every step must end with no violation recorded.

Of the interactions a Wagtail admin can offer, this project has:
- page chooser (a guide's 设定依据, Draftail links, bulk move), snippet chooser
  (a guide's 救助事项) and document chooser (policy attachments, 文件下载 blocks,
  Draftail document links), each searched and used to pick an item, the
  document chooser's upload tab too;
- StreamField blocks (policy body) and InlinePanel rows (设定依据, 附件);
- Draftail link and document-link dialogs;
- comments (WAGTAILADMIN_COMMENTS_ENABLED is left at Wagtail's default, on);
- preview; bulk actions on pages and images; the focal point editor;
  multiple upload of images and of documents.
It does not have, so nothing here pretends to test them: an image chooser
(no model field, block or rich-text feature takes an image, so the chooser
and its upload tab are never offered) and Draftail image or embed dialogs (no
rich-text field enables those features; WAGTAILEMBEDS_FINDERS is empty).
"""

import io
import re

import pytest
from django.core.files.base import ContentFile
from PIL import Image as PILImage
from playwright.sync_api import expect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Comment

from portal.models import (
    AssistanceType,
    HomePage,
    PolicyIndexPage,
    PolicyPage,
    ServiceGuidePage,
)

from .csp_watch import ViolationWatch, log_in_as_superuser

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

Document = get_document_model()
Image = get_image_model()
PDF = b"%PDF-1.4\n%e2e\n"


@pytest.fixture
def media(settings, tmp_path):
    """Uploads in a folder of this test's, served at /media/ by the live server."""
    settings.MEDIA_ROOT = tmp_path
    settings.ROOT_URLCONF = "tests.e2e.media_urls"
    return tmp_path


@pytest.fixture
def no_autosave(settings):
    """Wagtail 8 autosaves the edit form 0.5 s after each change. The live
    server's request threads share one SQLite connection, so an autosave
    racing a chooser's or the preview's request can fail with "database table
    is locked" (a 503 here). Autosave is used by its own step, alone."""
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0


def png(size: tuple[int, int], colour: str) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


def test_chooser_modals_work_under_the_content_security_policy(
    demo_site, page, media, no_autosave
):
    watch = ViolationWatch(page)
    base = demo_site.url
    modal = page.locator(".modal-dialog")
    Document.objects.create(title="低保申请表", file=ContentFile(PDF, name="a.pdf"))
    Document.objects.create(title="临时救助申请表", file=ContentFile(PDF, name="b.pdf"))
    guide = ServiceGuidePage.objects.live().order_by("path").first()
    other_type = AssistanceType.objects.exclude(pk=guide.assistance_type_id).last()
    log_in_as_superuser(page, base)

    # Snippet chooser: the guide's 救助事项 is chosen, so "choose another" sits
    # in the chosen item's menu.
    watch.visit(f"{base}/admin/pages/{guide.pk}/edit/", "guide-edit")
    chooser = page.locator("#id_assistance_type-chooser")
    chooser.locator("[data-w-dropdown-target='toggle']").click()
    page.locator("[data-tippy-root] [data-chooser-action-choose]:visible").click()
    expect(modal).to_be_visible()
    # The admin's snippet search matches whole words, not the middle of a name.
    modal.locator("input[name=q]").fill(other_type.name)
    expect(modal.locator("a[data-chooser-modal-choice]")).to_have_count(1)
    watch.check("snippet-chooser-searched")
    modal.get_by_role("link", name=other_type.name, exact=True).click()
    expect(modal).to_be_hidden()
    expect(chooser.locator("[data-chooser-title]")).to_have_text(other_type.name)
    watch.check("snippet-chosen")

    # Page chooser, in a 设定依据 row added in the browser.
    total_forms = page.locator("#id_legal_bases-TOTAL_FORMS")
    row = int(total_forms.input_value())
    page.locator("#id_legal_bases-ADD").click()
    expect(total_forms).to_have_value(str(row + 1))
    chooser = page.locator(f"#id_legal_bases-{row}-policy-chooser")
    chooser.locator("[data-chooser-action-choose]").click()
    expect(modal).to_be_visible()
    unmatched = PolicyPage.objects.exclude(title__startswith="青禾县临时").first()
    expect(modal.get_by_role("link", name=unmatched.title, exact=True)).to_be_visible()
    modal.locator("input[name=q]").fill("青禾县临时")
    expect(modal.get_by_role("link", name=unmatched.title, exact=True)).to_be_hidden()
    target = PolicyPage.objects.get(title="青禾县临时救助实施办法（试行）")
    watch.check("page-chooser-searched")
    modal.get_by_role("link", name=target.title, exact=True).click()
    expect(modal).to_be_hidden()
    expect(chooser.locator("[data-chooser-title]")).to_have_text(target.title)
    watch.check("page-chosen")

    # Document chooser, in 附件 rows of a policy: search and pick, then upload.
    policy = PolicyPage.objects.live().order_by("path").first()
    watch.visit(f"{base}/admin/pages/{policy.pk}/edit/", "policy-edit")
    total_forms = page.locator("#id_attachments-TOTAL_FORMS")
    row = int(total_forms.input_value())
    page.locator("#id_attachments-ADD").click()
    expect(total_forms).to_have_value(str(row + 1))
    chooser = page.locator(f"#id_attachments-{row}-document-chooser")
    chooser.locator("[data-chooser-action-choose]").click()
    expect(modal.locator("a[data-chooser-modal-choice]")).to_have_count(2)
    modal.locator("input[name=q]").fill("临时救助申请表")
    expect(modal.locator("a[data-chooser-modal-choice]")).to_have_count(1)
    watch.check("document-chooser-searched")
    modal.get_by_role("link", name="临时救助申请表", exact=True).click()
    expect(modal).to_be_hidden()
    expect(chooser.locator("[data-chooser-title]")).to_have_text("临时救助申请表")

    page.locator("#id_attachments-ADD").click()
    expect(total_forms).to_have_value(str(row + 2))
    chooser = page.locator(f"#id_attachments-{row + 1}-document-chooser")
    chooser.locator("[data-chooser-action-choose]").click()
    modal.get_by_role("tab", name="上传").click()
    upload = modal.locator("form[action*='/documents/chooser/create/']")
    upload.locator("input[type=file]").set_input_files(
        files=[
            {"name": "临时救助告知书.pdf", "mimeType": "application/pdf", "buffer": PDF}
        ]
    )
    # Wagtail's script takes the title from the file's name.
    expect(upload.locator("input[name$=title]")).to_have_value("临时救助告知书")
    watch.check("document-chooser-upload")
    upload.locator("button[type=submit]").click()
    expect(modal).to_be_hidden()
    expect(chooser.locator("[data-chooser-title]")).to_have_text("临时救助告知书")
    assert Document.objects.filter(title="临时救助告知书").exists()
    watch.check("document-uploaded-and-chosen")


def test_page_editor_widgets_work_under_the_content_security_policy(
    demo_site, page, media, settings
):
    watch = ViolationWatch(page)
    base = demo_site.url
    modal = page.locator(".modal-dialog")
    document = Document.objects.create(
        title="低保申请表", file=ContentFile(PDF, name="a.pdf")
    )
    home = HomePage.objects.get()
    policy = PolicyPage.objects.live().order_by("path").first()
    log_in_as_superuser(page, base)
    edit_url = f"{base}/admin/pages/{policy.pk}/edit/"
    watch.visit(edit_url, "policy-edit")

    # A comment on the title, stored by Wagtail's autosave (on by default).
    page.locator("[data-side-panel-toggle='comments']").click()
    page.locator("[data-comment-add][aria-describedby=id_title-label]").click()
    comments = page.locator("#comments")
    comments.locator("textarea.comment__input").fill("文号待核对")
    comments.locator("button.comment__button--primary").click()
    expect(comments.locator(".comment__text")).to_have_text("文号待核对")
    autosave = page.locator("#w-autosave-indicator")
    expect(autosave).to_have_attribute("data-w-autosave-state-value", "saved")
    watch.check("comment-autosaved")
    assert Comment.objects.filter(page=policy, text="文号待核对").exists()

    # The other widgets without autosave (see no_autosave), saved at the end.
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    watch.visit(edit_url, "policy-edit-without-autosave")
    expect(page.locator("form[data-controller~=w-autosave]")).to_have_count(0)

    body = page.locator("[data-contentpath=body]")
    count = page.locator("input[name=body-count]")
    blocks = int(count.input_value())

    def add_block(label: str):
        body.locator("button.c-sf-add-button").last.click()
        page.locator(".w-combobox").get_by_role("option", name=label).click()
        return body.locator("[data-streamfield-child]").last

    # A 文件下载 block: its document chooser is started by Wagtail's block code.
    block = add_block("文件下载")
    expect(count).to_have_value(str(blocks + 1))
    block.locator("[data-chooser-action-choose]").click()
    modal.get_by_role("link", name=document.title, exact=True).click()
    expect(modal).to_be_hidden()
    expect(block.locator("[data-chooser-title]")).to_have_text(document.title)
    watch.check("document-block")

    # A 段落 block, and the Draftail entities its toolbar offers.
    block = add_block("段落")
    expect(count).to_have_value(str(blocks + 2))
    editor = block.locator(".DraftEditor-root")
    links = editor.locator(".TooltipEntity")

    def type_at_end(text: str, selected: str) -> None:
        """Type text, then selected, leaving selected selected for the toolbar."""
        # A closing modal leaves the focus elsewhere.
        editor.locator("[contenteditable=true]").focus()
        page.keyboard.press("Control+End")
        page.keyboard.type(text + selected)
        for _ in selected:
            page.keyboard.press("Shift+ArrowLeft")

    type_at_end("请阅读", "首页")
    block.locator("button[name=LINK]").click()
    modal.locator("a.choose-page", has_text=home.title).click()
    expect(modal).to_be_hidden()
    expect(links).to_have_count(1)
    watch.check("draftail-page-link")

    type_at_end("及", "民政部网站")
    block.locator("button[name=LINK]").click()
    modal.get_by_role("link", name="外部链接").click()
    modal.get_by_label("URL").fill("https://www.mca.gov.cn/")
    watch.check("draftail-external-link-form")
    modal.get_by_role("button", name="插入链接").click()
    expect(modal).to_be_hidden()
    expect(links).to_have_count(2)

    type_at_end("，填写", "申请表")
    block.locator("button[name=DOCUMENT]").click()
    modal.get_by_role("link", name=document.title, exact=True).click()
    expect(modal).to_be_hidden()
    expect(links).to_have_count(3)
    watch.check("draftail-document-link")

    with page.expect_navigation():
        page.get_by_role("button", name="保存草稿").click()
    page.wait_for_load_state("networkidle")
    watch.check("draft-saved")
    policy.refresh_from_db()
    saved = policy.get_latest_revision_as_object().body
    assert [child.block_type for child in saved][-2:] == ["document", "paragraph"]

    # The preview panel frames the draft just saved. (Opened while nothing else
    # is being sent: see no_autosave.)
    page.locator("[data-side-panel-toggle='preview']").click()
    frame = page.locator("iframe[data-w-preview-target='iframe'][src*='/preview/']")
    expect(frame.content_frame.locator("main")).to_contain_text("民政部网站")
    watch.check("preview")


def test_bulk_actions_focal_point_and_uploads_work_under_the_content_security_policy(
    demo_site, page, media
):
    watch = ViolationWatch(page)
    base = demo_site.url
    modal = page.locator(".modal-dialog")
    images = [
        Image.objects.create(
            title=title, file=ContentFile(png((120, 80), colour), name=f"{colour}.png")
        )
        for title, colour in [("窗口照片", "red"), ("公示栏照片", "blue")]
    ]
    log_in_as_superuser(page, base)
    footer = page.locator("[data-bulk-action-footer]")

    # Page explorer: select every policy, open the move confirmation, whose
    # destination field is a page chooser.
    index = PolicyIndexPage.objects.get()
    watch.visit(f"{base}/admin/pages/{index.pk}/", "explorer")
    page.locator("input[data-bulk-action-select-all-checkbox]").first.check()
    footer.get_by_role("link", name="移动").click()
    expect(page).to_have_url(re.compile(r"/admin/bulk/wagtailcore/page/move/"))
    page.wait_for_load_state("networkidle")
    watch.check("pages-bulk-move")
    page.locator("[data-chooser-action-choose]").click()
    # Only a 政策法规栏目 may take policies: the one there is offers itself.
    expect(modal.locator("a.choose-page", has_text=index.title)).to_be_visible()
    watch.check("pages-bulk-move-chooser")

    # Images listing: select both, open the delete confirmation.
    watch.visit(f"{base}/admin/images/", "images")
    for checkbox in page.locator("input[data-bulk-action-checkbox]").all():
        checkbox.check()
    footer.get_by_role("link", name="删除").click()
    expect(page).to_have_url(re.compile(r"/admin/bulk/wagtailimages/image/delete/"))
    for image in images:
        expect(page.locator("main")).to_contain_text(image.title)
    page.wait_for_load_state("networkidle")
    watch.check("images-bulk-delete")

    # Focal point editor: Jcrop draws over the image; dragging sets the fields.
    watch.visit(f"{base}/admin/images/{images[0].pk}/", "image-edit")
    holder = page.locator(".jcrop-holder")
    expect(holder).to_be_visible()
    box = holder.bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + 20)
    page.mouse.down()
    page.mouse.move(box["x"] + 80, box["y"] + 60, steps=5)
    page.mouse.up()
    expect(page.locator("input.focal_point_width")).not_to_have_value("")
    watch.check("focal-point-dragged")

    # Multiple image upload, with its thumbnail of the chosen file.
    watch.visit(f"{base}/admin/images/multiple/add/", "images-multiple-add")
    page.locator("#fileupload").set_input_files(
        files=[
            {
                "name": "服务大厅.png",
                "mimeType": "image/png",
                "buffer": png((60, 40), "green"),
            }
        ]
    )
    item = page.locator("#upload-list > li")
    expect(item).to_have_class(re.compile(r"\bupload-success\b"))
    expect(item.locator(".preview canvas")).to_be_visible()
    watch.check("image-uploaded")

    # Multiple document upload, then the uploaded document's title changed.
    watch.visit(f"{base}/admin/documents/multiple/add/", "documents-multiple-add")
    page.locator("#fileupload").set_input_files(
        files=[{"name": "申请表.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    expect(item).to_have_class(re.compile(r"\bupload-success\b"))
    watch.check("document-uploaded")
    item.locator("input[name$=title]").fill("医疗救助申请表")
    item.get_by_role("button", name="更新").click()
    # Saved: the row goes and Wagtail's message says so.
    expect(item).to_have_count(0)
    expect(page.locator(".messages .success")).to_be_visible()
    assert Document.objects.filter(title="医疗救助申请表").exists()
    watch.check("document-updated")
