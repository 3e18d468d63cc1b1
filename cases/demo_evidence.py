"""Demo attachments and objections to the verification report (核对报告异议).

Registered as a seed_demo step after the demo cases. The files are made in code
(cases/demo_files.py) and uploaded through the service, so each is checked,
digested and written to the private storage like any upload. Found again by
case and file name (attachments) or case (objections): a second run creates
nothing.
"""

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext_lazy as _

from portal.demo import Tally

from .demo_files import tiny_pdf, tiny_png
from .models import Case, CaseAttachment
from .services import (
    attachment_upload,
    objection_county_review,
    objection_submit,
    objection_township_review,
)

# case (demo reference) → the files its clerk scanned: name, material, content.
FILES = {
    "DEMO-dongling-01": [
        ("身份证扫描件.pdf", "居民身份证", lambda: tiny_pdf("ID card scan")),
        ("授权委托书.pdf", "授权书", lambda: tiny_pdf("authorization")),
    ],
    "DEMO-dongling-03": [
        ("病历首页.png", "病历资料", lambda: tiny_png((230, 230, 250))),
        ("商铺转让登记证明.pdf", "佐证材料", lambda: tiny_pdf("transfer record")),
    ],
    "DEMO-nanxi-08": [
        ("车辆注销证明.pdf", "佐证材料", lambda: tiny_pdf("vehicle deregistered")),
    ],
}
# case → the objection: warning, evidence, evidence file, and how far it got.
OBJECTIONS = {
    # Waiting for the 东岭镇 township reviewer (her 我的待办).
    "DEMO-dongling-03": (
        _("核对报告显示申请人名下登记商铺一间"),
        _("县不动产登记中心出具的产权转移登记证明：商铺已于前年转让他人"),
        "商铺转让登记证明.pdf",
        None,
    ),
    # Decided: upheld by the 南溪乡 township and the county.
    "DEMO-nanxi-08": (
        _("核对报告显示申请人名下有小型汽车一辆"),
        _("县公安局交警大队车管所出具的机动车注销证明"),
        "车辆注销证明.pdf",
        (
            _("车辆已报废并办理注销登记，佐证属实"),
            _("佐证有效，异议成立，请乡镇继续办理"),
        ),
    ),
}


def _user(username: str):
    return get_user_model().objects.get(username=username)


def _case(reference: str) -> Case | None:
    return Case.objects.filter(external_reference=reference).first()


def _attachments(tally: Tally) -> None:
    for reference, files in FILES.items():
        case = _case(reference)
        if case is None:
            continue
        for name, material, content in files:
            if case.attachments.filter(name=name).exists():
                tally.add("unchanged")
                continue
            attachment_upload(
                by=case.handler or case.received_by,
                case=case,
                upload=SimpleUploadedFile(name, content()),
                material=material,
            )
            tally.add("created")


def _objections(tally: Tally) -> None:
    from .demo import TOWNSHIP_REVIEWERS

    for reference, (warning, evidence, file_name, decided) in OBJECTIONS.items():
        case = _case(reference)
        if case is None:
            continue
        if case.objections.exists():
            tally.add("unchanged")
            continue
        scans = CaseAttachment.objects.filter(case=case, name=file_name)
        objection = objection_submit(
            by=case.handler or case.received_by,
            case=case,
            warning=str(warning),
            evidence=str(evidence),
            attachment_ids=list(scans.values_list("pk", flat=True)),
        )
        if decided is not None:
            township_opinion, county_opinion = decided
            objection = objection_township_review(
                by=_user(TOWNSHIP_REVIEWERS[case.township.code]),
                objection=objection,
                uphold=True,
                opinion=str(township_opinion),
            )
            objection_county_review(
                by=_user("demo-reviewer"),
                objection=objection,
                uphold=True,
                opinion=str(county_opinion),
            )
        tally.add("created")


def seed_demo_evidence() -> list[Tally]:
    attachments, objections = Tally(_("演示案件附件")), Tally(_("演示核对报告异议"))
    _attachments(attachments)
    _objections(objections)
    return [attachments, objections]
