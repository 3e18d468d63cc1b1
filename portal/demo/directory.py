"""Builders for the demo directory: townships, villages, departments, items, points."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from portal.models import (
    AssistanceType,
    Department,
    ServicePoint,
    Township,
    Village,
)

from .base import Tally, upsert
from .data import directory as data
from .data.staff import OFFICE_HOURS, SERVICE_POINTS, STATION_HOURS


def build_townships() -> list[Tally]:
    townships, villages = Tally(_("乡镇")), Tally(_("村（社区）"))
    for order, spec in enumerate(data.TOWNSHIPS, start=1):
        township = upsert(
            Township,
            townships,
            lookup={"code": spec["code"]},
            values={"name": spec["name"], "sort_order": order},
        )
        for v_order, (code, name) in enumerate(spec["villages"], start=1):
            upsert(
                Village,
                villages,
                lookup={"code": code},
                values={"name": name, "township": township, "sort_order": v_order},
            )
    return [townships, villages]


def build_departments() -> list[Tally]:
    tally = Tally(_("协同部门"))
    for order, spec in enumerate(data.DEPARTMENTS, start=1):
        values = {k: v for k, v in spec.items() if k != "code"}
        upsert(
            Department,
            tally,
            lookup={"code": spec["code"]},
            values={**values, "sort_order": order},
        )
    return [tally]


def build_assistance_types() -> list[Tally]:
    tally = Tally(_("救助事项"))
    departments = {d.code: d for d in Department.objects.all()}
    for order, spec in enumerate(data.ASSISTANCE_TYPES, start=1):
        upsert(
            AssistanceType,
            tally,
            lookup={"code": spec["code"]},
            values={
                "name": spec["name"],
                "department": departments[spec["department"]],
                "description": spec["description"],
                # The window limits every item shares (受理1、调查5、回复1个工作日).
                "acceptance_days": 1,
                "investigation_days": 5,
                "reply_days": 1,
                "public_notice_days": spec["public_notice_days"],
                "sort_order": order,
            },
        )
    return [tally]


def build_service_points() -> list[Tally]:
    tally = Tally(_("服务网点"))
    users = {u.username: u for u in get_user_model().objects.all()}
    townships = {t.code: t for t in Township.objects.all()}
    villages = {v.code: v for v in Village.objects.all()}
    for order, row in enumerate(SERVICE_POINTS, start=1):
        code, level, name, town, village, address, phone, staff_a, staff_b = row
        hours = STATION_HOURS if level == ServicePoint.Level.VILLAGE else OFFICE_HOURS
        upsert(
            ServicePoint,
            tally,
            lookup={"code": code},
            values={
                "name": name,
                "level": level,
                "township": townships.get(town),
                "village": villages.get(village),
                "address": address,
                "opening_hours": hours,
                "phone": phone,
                "staff_a": users[staff_a],
                "staff_b": users[staff_b],
                "sort_order": order,
            },
        )
    return [tally]
