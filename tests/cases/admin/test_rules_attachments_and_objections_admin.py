"""案件附件 and 核对报告异议 on the case page (issue 20): upload by a plain form
post or by the page's script (JSON answer for its progress bar), download only
for readers, record an objection with evidence, township then county review."""

import hashlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cases.demo_files import tiny_pdf, tiny_png
from cases.models import CaseAttachment, VerificationObjection
from cases.selectors.queues import queue_counts
from tests.factories.staff import township_reviewer

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_root(tmp_path, settings):
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    settings.CLAMD_SOCKET = ""
    return settings.PRIVATE_FILES_ROOT


def url(case, action=""):
    return f"/admin/cases/case/{case.number}/" + (f"{action}/" if action else "")


def post_file(client, case, content, name="授权书.pdf", material="授权书", **extra):
    return client.post(
        url(case, "attachments"),
        {
            "attachment-material": material,
            "attachment-file": SimpleUploadedFile(name, content),
        },
        **extra,
    )


def test_rules_attachment_upload_by_plain_form_post(login, staff, case):
    client = login(staff["clerk"])
    page = client.get(url(case)).content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert "js/case_attachments.js" in page and "data-drop-zone" in page
    assert 'value="居民身份证"' in page  # the checklist offered as material names
    response = post_file(client, case, tiny_pdf(), material="居民身份证")
    assert response.status_code == 302
    attachment = CaseAttachment.objects.get()
    assert attachment.material.name == "居民身份证"
    page = client.get(url(case)).content.decode()
    assert url(case, f"attachments/{attachment.pk}") in page
    assert attachment.sha256[:16] in page


def test_rules_attachment_upload_by_script_answers_json(login, staff, case):
    client = login(staff["clerk"])
    response = post_file(
        client,
        case,
        tiny_png(),
        name="照片.png",
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )
    assert response.status_code == 201
    assert response.json()["redirect"] == url(case)
    refused = post_file(
        client,
        case,
        b"MZ" + b"\x00" * 40,
        name="证明.pdf",
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )
    assert refused.status_code == 415
    assert "可执行程序" in refused.json()["message"]
    assert CaseAttachment.objects.count() == 1


def test_rules_attachment_refused_upload_shows_the_form_again(
    login, staff, case, private_root
):
    response = post_file(login(staff["clerk"]), case, b"plain text", name="a.pdf")
    assert response.status_code == 415
    form = response.context["attachment_form"]
    assert "PDF、JPEG、PNG 或 OFD" in form.errors["file"][0]
    assert not list(Path(private_root).rglob("*.*"))


def test_rules_attachment_oversize_in_the_admin_is_413(login, staff, case, settings):
    settings.ATTACHMENT_MAX_BYTES = 100
    response = post_file(login(staff["clerk"]), case, tiny_pdf() + b" " * 200)
    assert response.status_code == 413
    assert not CaseAttachment.objects.exists()


def test_rules_attachment_download_through_the_permission_check(login, staff, case):
    client = login(staff["clerk"])
    content = tiny_pdf("secret")
    post_file(client, case, content)
    attachment = CaseAttachment.objects.get()
    download = url(case, f"attachments/{attachment.pk}")
    for role in ("clerk", "reviewer", "auditor", "coordinator"):
        if role == "coordinator":
            continue  # the case is not of the coordinator's village
        response = login(staff[role]).get(download)
        assert response.status_code == 200, role
        assert hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == (
            attachment.sha256
        )
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Disposition"].startswith("attachment;")
    assert login(staff["coordinator"]).get(download).status_code == 404
    assert login(staff["other_clerk"]).get(download).status_code == 404
    assert login(staff["editor"]).get(download).status_code in (302, 403, 404)
    assert (
        login(staff["clerk"]).get(url(case, "attachments/999999999")).status_code == 404
    )
    assert (
        login(staff["clerk"]).get(url(case, "attachments/99999999999")).status_code
        == 404
    )


def test_rules_attachment_anonymous_is_sent_to_login(client, staff, case):
    post_file(client, case, tiny_pdf())
    assert not CaseAttachment.objects.exists()
    response = client.get(url(case, "attachments/1"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_rules_attachment_auditor_cannot_upload(login, staff, case):
    page = login(staff["auditor"]).get(url(case)).content.decode()
    assert "data-attachment-upload" not in page
    response = post_file(login(staff["auditor"]), case, tiny_pdf())
    assert response.status_code == 403
    assert not CaseAttachment.objects.exists()


def test_rules_objection_recorded_and_reviewed_on_the_case_page(
    login, staff, case, town
):
    clerk = staff["clerk"]
    client = login(clerk)
    post_file(client, case, tiny_pdf(), name="注销证明.pdf", material="车辆注销证明")
    scan = CaseAttachment.objects.get()
    page = client.get(url(case)).content.decode()
    assert "登记核对报告异议" in page
    response = client.post(
        url(case, "objections"),
        {
            "objection-warning": "名下有车辆一辆",
            "objection-evidence": "车管所注销证明",
            "objection-attachments": [scan.pk],
        },
    )
    assert response.status_code == 302
    objection = VerificationObjection.objects.get()
    assert list(objection.evidence_attachments.all()) == [scan]
    page = client.get(url(case)).content.decode()
    assert "待乡镇审核" in page and url(case, "objections") + '"' not in page
    # The clerk has no review form; the township reviewer has.
    assert "township-review" not in page
    reviewer_east = township_reviewer(town, username="reviewer-east")
    reviewer_client = login(reviewer_east)
    assert queue_counts(reviewer_east, today=objection.submitted_at.date())
    page = reviewer_client.get(url(case)).content.decode()
    review = url(case, f"objections/{objection.pk}/township-review")
    assert review in page
    blank = reviewer_client.post(
        review, {f"objection{objection.pk}-decision": "uphold"}
    )
    assert blank.status_code == 200
    response = reviewer_client.post(
        review,
        {
            f"objection{objection.pk}-decision": "uphold",
            f"objection{objection.pk}-opinion": "佐证属实",
        },
    )
    assert response.status_code == 302
    county_client = login(staff["reviewer"])
    county = url(case, f"objections/{objection.pk}/county-review")
    assert county in county_client.get(url(case)).content.decode()
    response = county_client.post(
        county,
        {
            f"objection{objection.pk}-decision": "reject",
            f"objection{objection.pk}-opinion": "佐证不足",
        },
    )
    assert response.status_code == 302
    objection.refresh_from_db()
    assert objection.status == VerificationObjection.Status.REJECTED
    assert case.pauses.get().ended_on is not None


def test_rules_objection_review_by_the_wrong_role_changes_nothing(login, staff, case):
    client = login(staff["clerk"])
    client.post(
        url(case, "objections"),
        {"objection-warning": "名下有车辆", "objection-evidence": "注销证明"},
    )
    objection = VerificationObjection.objects.get()
    data = {
        f"objection{objection.pk}-decision": "uphold",
        f"objection{objection.pk}-opinion": "同意",
    }
    review = url(case, f"objections/{objection.pk}/township-review")
    assert client.post(review, data).status_code == 403
    county = url(case, f"objections/{objection.pk}/county-review")
    assert login(staff["reviewer"]).post(county, data).status_code == 409
    assert login(staff["other_clerk"]).post(review, data).status_code == 404
    objection.refresh_from_db()
    assert objection.status == VerificationObjection.Status.SUBMITTED


def test_rules_objection_evidence_from_another_case_is_refused_in_the_admin(
    login, staff, case, town, item
):
    from tests.factories.cases import received_case

    client = login(staff["clerk"])
    other = received_case(staff["clerk"], town, assistance_type=item)
    post_file(client, other, tiny_pdf())
    foreign = CaseAttachment.objects.get()
    response = client.post(
        url(case, "objections"),
        {
            "objection-warning": "名下有车辆",
            "objection-evidence": "注销证明",
            "objection-attachments": [foreign.pk],
        },
    )
    assert response.status_code == 200
    assert response.context["objection_form"].errors["attachments"]
    assert not VerificationObjection.objects.exists()
