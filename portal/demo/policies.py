"""Builder for the demo policy pages, with their revision and forwarding links."""

from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import gettext_lazy as _

from portal.models import AssistanceType, HomePage, PolicyIndexPage, PolicyPage

from .base import Tally
from .data import policies_framework, policies_items
from .pages import body_blocks, child_by_slug, publish_child, section

POLICIES = [*policies_framework.POLICIES, *policies_items.POLICIES]


def build_policies(home: HomePage, user: AbstractBaseUser | None) -> list[Tally]:
    tally = Tally(_("政策文件"))
    index = section(home, PolicyIndexPage)
    types = {t.code: t for t in AssistanceType.objects.all()}
    for spec in POLICIES:
        if child_by_slug(index, spec["slug"]) is not None:
            tally.add("unchanged")
            continue
        fields = {
            key: spec[key]
            for key in (
                "slug",
                "title",
                "summary",
                "document_number",
                "issuing_body",
                "issue_date",
                "effective_date",
                "status",
            )
        }
        # Targets come earlier in the data, so they already exist.
        for link in ("superseded_by", "forwards"):
            if spec.get(link):
                fields[link] = child_by_slug(index, spec[link])
        page = PolicyPage(
            **fields,
            forwarded_document_number=spec.get("forwarded_document_number", ""),
            body=body_blocks(spec["body"]),
        )
        page.assistance_types = [types[code] for code in spec["assistance_types"]]
        publish_child(index, page, user)
        tally.add("created")
    return [tally]
