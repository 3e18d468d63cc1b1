"""The Content-Security-Policy breaks nothing: no screen triggers a violation.

Each screen is loaded (tests/e2e/csp_watch.py records the violations), used a
little where it has widgets that Wagtail would start with an inline script, and
must end with no violation at all. The admin's interactions (choosers, editor
widgets, bulk actions, uploads) are in test_csp_interactions.py.
"""

import pytest
from playwright.sync_api import expect

from cases.models import Case
from portal.models import PolicyPage, ServiceGuidePage, ServicePoint

from .csp_watch import ViolationWatch, log_in_as_superuser

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_admin_screens_work_under_the_content_security_policy(demo_site, page):
    watch = ViolationWatch(page)
    base = demo_site.url
    guide = ServiceGuidePage.objects.live().order_by("path").first()
    policy = PolicyPage.objects.live().order_by("path").first()
    case = Case.objects.order_by("number").first()
    point = ServicePoint.objects.order_by("pk").first()

    log_in_as_superuser(page, base)
    assert watch.collect() == []
    screens = [
        ("/admin/", "dashboard"),
        (f"/admin/pages/{guide.get_parent().pk}/", "explorer"),
        (f"/admin/pages/{policy.pk}/edit/", "policy-edit"),
        (
            f"/admin/pages/add/portal/serviceguidepage/{guide.get_parent().pk}/",
            "page-create",
        ),
        ("/admin/snippets/", "snippets"),
        ("/admin/snippets/portal/servicepoint/", "snippet-listing"),
        (f"/admin/snippets/portal/servicepoint/edit/{point.pk}/", "snippet-edit"),
        ("/admin/images/", "images"),
        ("/admin/documents/", "documents"),
        ("/admin/users/", "users"),
        ("/admin/workflows/list/", "workflows"),
        ("/admin/reports/site-history/", "report-site-history"),
        ("/admin/reports/aging-pages/", "report-aging-pages"),
        ("/admin/cases/case/", "case-list"),
        (f"/admin/cases/case/{case.number}/", "case-page"),
        ("/admin/cases/case/create/", "case-intake"),
        ("/admin/archive/?q=低保", "archive-search"),
        ("/admin/statistics/", "statistics"),
        ("/admin/offline/", "offline-dashboard"),
        # The admin's session is not sent to the public site
        # (portal/accounts/sessions.py): a signed-in editor reads it as anyone.
        ("/", "home-as-anyone"),
    ]
    for path, step in screens:
        watch.visit(base + path, step)

    # The guide's editor: inline panels, page and snippet choosers and the
    # scheduling date pickers, all started by static/js/admin_init.js.
    watch.visit(f"{base}/admin/pages/{guide.pk}/edit/", "guide-edit")
    pickers = page.locator(".xdsoft_datetimepicker")
    assert pickers.count() >= 2, "the go-live and expiry date pickers started"
    # The preview panel frames an admin URL: frame-ancestors follows Wagtail's
    # X-Frame-Options: SAMEORIGIN there.
    page.locator("[data-side-panel-toggle='preview']").click()
    frame = page.locator("iframe[data-w-preview-target='iframe'][src*='/preview/']")
    expect(frame.content_frame.locator("h1")).to_contain_text(guide.title)
    page.shots("guide-preview")
    assert watch.collect() == [], "CSP violations in the preview panel"
    page.locator("[data-side-panel-toggle='preview']").click()
    expect(page.locator("[data-side-panel='preview']")).to_be_hidden()

    # A new inline-panel row, from its <template>, gets a working page chooser.
    total_forms = page.locator("#id_legal_bases-TOTAL_FORMS")
    before = int(total_forms.input_value())
    page.locator("#id_legal_bases-ADD").click()
    expect(total_forms).to_have_value(str(before + 1))
    new_chooser = page.locator(f"#id_legal_bases-{before}-policy-chooser")
    new_chooser.locator("[data-chooser-action-choose]").click()
    modal = page.locator(".modal-dialog")
    expect(modal).to_be_visible()
    expect(modal).to_contain_text(policy.get_parent().title)
    page.shots("guide-edit-page-chooser")
    assert watch.collect() == [], "CSP violations in the editor's widgets"
    modal.locator("button.close").click()
    expect(modal).to_be_hidden()


def test_public_pages_and_api_docs_work_under_the_content_security_policy(
    demo_site, page
):
    watch = ViolationWatch(page)
    base = demo_site.url
    guide = ServiceGuidePage.objects.live().order_by("path").first()
    for path, step in [
        ("/", "home"),
        (guide.url, "guide"),
        (guide.url + "print/", "guide-print"),
        ("/search/?q=低保", "search"),
        ("/complaints/", "complaint-channels"),
        ("/complaints/submit/", "complaint-form"),
    ]:
        watch.visit(base + path, step)

    watch.visit(base + "/api/v1/docs", "api-docs")
    # Swagger UI (ninja's static files) has drawn the operations.
    expect(page.locator(".swagger-ui .info .title")).to_be_visible()
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible()
    assert watch.collect() == []
