"""GET /reference: the codes integrators send (public, no token)."""

from ninja import Router, Schema

from cases.channels import Channel
from portal.models import AssistanceType, Department, Township

from .schemas import CodeName

router = Router(tags=["reference"])


class TownshipOut(CodeName):
    villages: list[CodeName]


class ReferenceOut(Schema):
    townships: list[TownshipOut]
    assistance_types: list[CodeName]
    channels: list[CodeName]
    departments: list[CodeName]


@router.get("/reference", response=ReferenceOut)
def reference(request):
    """代码表：乡镇及其村、救助事项、受理渠道、协同部门。"""
    townships = Township.objects.prefetch_related("villages")
    return {
        "townships": [
            {
                "code": t.code,
                "name": t.name,
                "villages": [
                    {"code": v.code, "name": v.name} for v in t.villages.all()
                ],
            }
            for t in townships
        ],
        "assistance_types": [
            {"code": a.code, "name": a.name} for a in AssistanceType.objects.all()
        ],
        "channels": [{"code": c.value, "name": str(c.label)} for c in Channel],
        "departments": [
            {"code": d.code, "name": d.name} for d in Department.objects.all()
        ],
    }
