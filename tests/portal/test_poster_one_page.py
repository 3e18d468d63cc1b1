"""A guide's poster fits one A4 page (issue 22, item 3).

Every demo guide's poster.pdf is rendered and its pages counted; a guide far
longer than any real one is fitted too, by giving up its least needed parts in
the fixed order of portal/printing/fit.py and simplifying the flowchart. The
print view stays the full text.
"""

import io
import re
from io import StringIO

import pypdf
import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import Client, RequestFactory

from portal.flowchart import render_flowchart_svg
from portal.models import ServiceGuidePage, ServiceGuideStep
from portal.printing.fit import FULL, GUIDE_PLANS
from portal.printing.pdf import _document
from portal.printing.render import render_print_html
from tests.factories.pages import make_guide

from .printing import current_of, require_pdf_renderer

pytestmark = pytest.mark.django_db


def poster_pages(client, page) -> tuple[int, str]:
    require_pdf_renderer()
    response = client.get(page.url + "poster.pdf")
    assert response.status_code == 200, response.content[:300]
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    return len(reader.pages), "".join(p.extract_text() for p in reader.pages)


@pytest.fixture(scope="module")
def demo_db(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)
    cache.clear()


def test_rules_every_demo_guide_poster_is_one_a4_page(demo_db, db):
    guides = list(ServiceGuidePage.objects.live().specific())
    assert len(guides) >= 9
    client = Client()
    for guide in guides:
        pages, text = poster_pages(client, guide)
        assert pages == 1, f"{guide.title}: {pages} pages"
        for kept in (guide.title, current_of(guide).code, "申请材料", "办理流程"):
            assert kept in text, (guide.title, kept)
        assert guide.materials.first().name in text


LONG = "申请人家庭人均收入低于当地最低生活保障标准，且家庭财产状况符合规定。" * 12


@pytest.fixture
def long_guide(site_tree):
    steps = [
        (f"第{n}环节办理事项说明", "investigate", "township", 2) for n in range(10)
    ]
    guide = make_guide(
        site_tree,
        title="一份很长的医疗救助办事指南",
        steps=steps,
        materials=[f"证明材料{n}（加盖公章）" for n in range(12)],
        eligibility=f"<p>{LONG}</p>",
        phone="0736-5551234",
    )
    for step in ServiceGuideStep.objects.filter(page=guide):
        step.description = "由乡镇（街道）经办人入户调查、邻里走访并形成书面报告。" * 3
        step.save()
    guide.save_revision().publish()
    return ServiceGuidePage.objects.get(pk=guide.pk)


def test_rules_a_long_guide_poster_is_fitted_to_one_page_and_says_so(
    client, long_guide
):
    pages, text = poster_pages(client, long_guide)
    assert pages == 1
    assert "一份很长的医疗救助办事指南" in text
    assert "0736-5551234" in text
    assert "精简版" in text  # the reader is told where the rest is
    assert "证明材料11" in text  # the materials are never dropped


def test_the_print_view_of_a_long_guide_keeps_everything(client, long_guide):
    page = client.get(long_guide.url + "print/").content.decode()
    assert "精简版" not in page
    assert LONG in page
    assert page.count("入户调查、邻里走访") == 10 * 3


def test_rules_poster_content_is_given_up_in_priority_order():
    """Each plan gives up exactly one more thing than the one before; the
    flowchart is simplified before any step, condition or basis is cut."""
    assert GUIDE_PLANS[0] == FULL and not FULL.shortened
    fields = list(FULL.__dataclass_fields__)
    given_up = []
    for before, after in zip(GUIDE_PLANS, GUIDE_PLANS[1:], strict=False):
        changed = [f for f in fields if getattr(before, f) != getattr(after, f)]
        assert len(changed) == 1, changed
        given_up.append(changed[0])
    assert given_up.index("notes") < given_up.index("compact_flowchart")
    assert given_up.index("compact_flowchart") < given_up.index("steps_table")
    assert given_up.index("steps_table") < given_up.index("eligibility")
    assert given_up.index("tight") < given_up.index("bases")
    assert given_up[-1] == "bases"  # the line of bases goes last


def _height(svg: str) -> int:
    return int(re.search(r'viewBox="0 0 \d+ (\d+)"', svg)[1])


def test_the_compact_flowchart_is_shorter_and_keeps_every_step(long_guide):
    steps = long_guide.ordered_steps()
    tall = render_flowchart_svg(steps, title="医疗救助")
    compact = render_flowchart_svg(steps, title="医疗救助", compact=True)
    assert _height(compact) * 3 < _height(tall)
    for n in range(1, len(steps) + 1):
        assert f"{n}. " in compact
        assert f"第{n}步" in compact  # the full description, for screen readers
    assert compact.count('class="fc-step"') == len(steps)


def test_each_plan_renders_and_the_leanest_is_the_shortest(long_guide):
    require_pdf_renderer()
    request = RequestFactory().get(long_guide.url + "poster.pdf")
    edition = current_of(long_guide)
    first = _document(
        render_print_html(request, long_guide, edition, GUIDE_PLANS[0]),
        base_url="http://testserver/",
    )
    last = _document(
        render_print_html(request, long_guide, edition, GUIDE_PLANS[-1]),
        base_url="http://testserver/",
    )
    assert len(first.pages) > 1
    assert len(last.pages) == 1
