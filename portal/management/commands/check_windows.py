"""AB角 in the stored directory: which windows lack an A or a B person.

Every window must have both (ServicePoint.clean refuses to save one without).
Windows saved before that rule are reported here, not changed: an
administrator names the missing person in the directory admin.
"""

from django.core.management.base import CommandError

from core.commands import ChineseCommand
from portal.models import ServicePoint


def window_gaps(point: ServicePoint) -> list[str]:
    gaps = []
    if not point.staff_a_id:
        gaps.append("未设A岗")
    if not point.staff_b_id:
        gaps.append("未设B岗")
    elif point.staff_a_id == point.staff_b_id:
        gaps.append("A岗、B岗为同一人")
    if not point.substitute_id:
        gaps.append("未指定顶岗人")
    if point.township_id and not point.township.head_id:
        gaps.append("所属乡镇未设负责人")
    return gaps


# The gaps that break the AB角 rule; the others are reported as advice.
REQUIRED = frozenset({"未设A岗", "未设B岗", "A岗、B岗为同一人"})


class Command(ChineseCommand):
    help = (
        "检查各服务网点的AB角：列出未设A岗或B岗（及未指定顶岗人）的窗口，"
        "不修改任何数据。--fail 时，有缺A岗或B岗的窗口则以状态 3 退出。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--fail", action="store_true", help="有缺A岗或B岗的窗口时以非零状态退出"
        )

    def handle(self, *args, fail=False, **options):
        points = ServicePoint.objects.select_related("township").order_by(
            "level", "sort_order", "code"
        )
        lacking = 0
        for point in points:
            gaps = window_gaps(point)
            if gaps:
                self.stdout.write(f"{point.code} {point.name}：{'、'.join(gaps)}")
            lacking += bool(REQUIRED.intersection(gaps))
        self.stdout.write(f"共 {points.count()} 个窗口，缺A岗或B岗的 {lacking} 个。")
        if fail and lacking:
            raise CommandError(f"{lacking} 个窗口缺A岗或B岗。", returncode=3)
