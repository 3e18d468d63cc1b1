"""咨询登记（首问负责）: consultations of the period, per window and per first
responder; a village sees none (its questions are in the registration book)."""

from collections import defaultdict

from cases.models import Consultation
from portal.models import ServicePoint

from .common import Area, Span, rate, table

COUNTY_WINDOW = "县级窗口"


def consultations(area: Area, span: Span) -> dict:
    if area.village is not None:
        return {}
    asked = [
        c
        for c in Consultation.objects.select_related("township", "first_responder")
        if span.has(c.consulted_at)
        and (area.township is None or c.township_id == area.township.pk)
    ]
    windows: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    people: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for c in asked:
        row = windows[c.township.name if c.township else COUNTY_WINDOW]
        row[0] += 1
        row[1] += c.channel == "visit"
        row[2] += c.channel == "phone"
        row[3] += c.one_time_notice
        row[4] += c.case_id is not None
        person = people[ServicePoint.staff_display_name(c.first_responder)]
        person[0] += 1
        person[1] += c.case_id is not None
    totals = [sum(row[i] for row in windows.values()) for i in range(5)]
    return {
        "consultations": table(
            {name: (*row, rate(row[4], row[0])) for name, row in windows.items()},
            total=(*totals, rate(totals[4], totals[0])),
        ),
        "consultation_responders": table(
            {name: tuple(row) for name, row in people.items()},
            total=(totals[0], totals[4]),
        ),
    }
