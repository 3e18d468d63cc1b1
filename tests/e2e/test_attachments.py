"""案件附件 in a real browser: a file dropped on the case page's zone is sent by
the page's script (XMLHttpRequest, for the progress bar) and listed with its
digest; with JavaScript off, the same form is an ordinary post and works too.
No Content-Security-Policy violation on the way."""

import hashlib

import pytest
from playwright.sync_api import expect

from cases.demo_files import tiny_pdf, tiny_png
from cases.models import Case, CaseAttachment

from .conftest import staff_login
from .csp_watch import ViolationWatch

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CLERK = "demo-clerk-1"

# A drop as a person's drag makes it: a File in a DataTransfer, on the zone.
DROP = """([bytes, name, type]) => {
    const zone = document.querySelector("[data-drop-zone]");
    const transfer = new DataTransfer();
    transfer.items.add(new File([new Uint8Array(bytes)], name, { type }));
    for (const kind of ["dragenter", "dragover", "drop"]) {
        const options = { dataTransfer: transfer, bubbles: true, cancelable: true };
        zone.dispatchEvent(new DragEvent(kind, options));
    }
}"""


def attachments_section(page):
    return page.locator("section.case-section").filter(
        has=page.get_by_role("heading", name="案件附件", exact=True)
    )


def test_clerk_drops_a_scan_and_sees_it_listed_with_its_digest(demo_site, page):
    watch = ViolationWatch(page)
    case = Case.objects.get(external_reference="DEMO-dongling-01")
    staff_login(page, demo_site.url, CLERK)
    page.goto(f"{demo_site.url}/admin/cases/case/{case.number}/")
    section = attachments_section(page)
    expect(section.get_by_text("也可以把文件拖放到这里。")).to_be_visible()
    section.get_by_label("材料名称").fill("户口簿")
    content = tiny_png((10, 120, 200))
    page.evaluate(DROP, [list(content), "户口簿照片.png", "image/png"])
    expect(section.locator("[data-status]")).to_have_text("户口簿照片.png")
    sent = []
    page.on(
        "request",
        lambda r: (
            sent.append(r.headers.get("x-requested-with"))
            if r.method == "POST"
            else None
        ),
    )
    page.shots("attachment-dropped")
    section.get_by_role("button", name="上传").click()
    expect(page.get_by_text("已上传附件“户口簿照片.png”")).to_be_visible()
    assert sent == ["XMLHttpRequest"]
    digest = hashlib.sha256(content).hexdigest()
    row = attachments_section(page).get_by_role("row").filter(has_text="户口簿照片.png")
    expect(row).to_contain_text("户口簿")
    expect(row.locator("code")).to_have_attribute("title", digest)
    page.shots("attachment-listed")
    # A program called .pdf is refused on the page, with the reason.
    page.evaluate(DROP, [list(b"MZ" + bytes(60)), "证明.pdf", "application/pdf"])
    attachments_section(page).get_by_label("材料名称").fill("证明")
    attachments_section(page).get_by_role("button", name="上传").click()
    expect(attachments_section(page).locator("[data-status]")).to_contain_text(
        "可执行程序"
    )
    assert CaseAttachment.objects.filter(case=case).count() == 3  # 2 demo + 1
    assert watch.collect() == []


def test_upload_works_without_javascript(demo_site, page, tmp_path):
    case = Case.objects.get(external_reference="DEMO-dongling-01")
    context = page.context.browser.new_context(
        java_script_enabled=False,
        locale="zh-CN",
        viewport={"width": 1280, "height": 900},
    )
    plain = context.new_page()
    try:
        staff_login(plain, demo_site.url, CLERK)
        plain.goto(f"{demo_site.url}/admin/cases/case/{case.number}/")
        section = attachments_section(plain)
        section.get_by_label("材料名称").fill("授权书")
        scan = tmp_path / "授权书.pdf"
        scan.write_bytes(tiny_pdf("no script"))
        section.locator("input[type=file]").set_input_files(str(scan))
        section.get_by_role("button", name="上传").click()
        expect(plain.get_by_text("已上传附件“授权书.pdf”")).to_be_visible()
    finally:
        context.close()
    assert CaseAttachment.objects.filter(case=case, name="授权书.pdf").exists()
