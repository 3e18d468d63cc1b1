"""Jurisdiction (辖区): how far a role reaches, for one kind of record.

County roles (县级审批人、审计) reach the whole county. A township clerk or
township reviewer (乡镇审核人) reaches their township, a village coordinator
their village. On a case, and on the records that hang from a case, a clerk or
coordinator also reaches the cases of an absent colleague whose B they are
(AB角顶岗: A岗不在岗时由B岗顶岗办理其案件).

The same answer is given twice, kept side by side so they cannot drift apart:
as a ``Q`` for querysets (``instances``) and as a test of one object (``may``).
"""

from dataclasses import dataclass
from enum import Enum

from django.db.models import Q

from core.roles import Role

from .actor import COUNTY_ROLES, LOCAL_ROLES, TOWNSHIP_ROLES, Actor


class Reach(Enum):
    """Which fields of a record place it in a jurisdiction."""

    # The role alone decides; there is no record to place (审批延期 is the
    # reviewer's anywhere, statistics choose their area themselves).
    ROLE = "role"
    # A case: its township and village, and AB角顶岗.
    CASE = "case"
    # A record of a case (referral, follow-up, correction): placed by its case.
    CASE_RECORD = "case_record"
    # A record with its own township and village (线索, 登记簿, 受理登记的地点).
    PLACE = "place"
    # A record with a township only (投诉): village coordinators never reach it.
    TOWNSHIP = "township"


@dataclass(frozen=True)
class Jurisdiction:
    """Where one person may take one action. Empty when they may not at all."""

    everywhere: bool = False
    township_id: int | None = None
    village_id: int | None = None
    # The user whose B-role cases are reached while their A is absent.
    stands_in: int | None = None

    @property
    def anywhere(self) -> bool:
        return bool(
            self.everywhere or self.township_id or self.village_id or self.stands_in
        )

    def q(self, prefix: str = "") -> Q | None:
        """The records within, as a filter; ``None`` means no restriction."""
        if self.everywhere:
            return None
        scope = Q(pk__in=[])
        if self.township_id:
            scope |= Q(**{f"{prefix}township_id": self.township_id})
        if self.village_id:
            scope |= Q(**{f"{prefix}village_id": self.village_id})
        if self.stands_in:
            scope |= Q(
                **{
                    f"{prefix}backup_handler_id": self.stands_in,
                    f"{prefix}handler__staff_profile__is_absent": True,
                }
            )
        return scope

    def contains(self, obj) -> bool:
        """Whether one record (or place) is within, without a query when the
        place decides; standing in asks whether the A is absent."""
        if self.everywhere:
            return True
        township_id = getattr(obj, "township_id", None)
        village_id = getattr(obj, "village_id", None)
        if self.township_id and township_id == self.township_id:
            return True
        if self.village_id and village_id == self.village_id:
            return True
        if self.stands_in and getattr(obj, "backup_handler_id", None) == (
            self.stands_in
        ):
            return handler_absent(obj)
        return False


@dataclass(frozen=True)
class Place:
    """Where something is to be done before there is a record (受理登记、报告线索)."""

    township_id: int | None
    village_id: int | None = None

    @classmethod
    def of(cls, township, village=None) -> "Place":
        return cls(
            township.pk if township is not None else None,
            village.pk if village is not None else None,
        )


def jurisdiction(actor: Actor, roles: frozenset[Role], reach: Reach) -> Jurisdiction:
    """How far ``actor`` reaches with those of ``roles`` they hold."""
    held = actor.holds(roles)
    if not held:
        return Jurisdiction()
    if actor.is_superuser or held & COUNTY_ROLES or reach is Reach.ROLE:
        return Jurisdiction(everywhere=True)
    township_id = actor.township_id if held & TOWNSHIP_ROLES else None
    village_id = (
        actor.village_id
        if Role.VILLAGE_COORDINATOR in held and reach is not Reach.TOWNSHIP
        else None
    )
    stands_in = actor.user_id if held & LOCAL_ROLES and reach in _CASE_REACHES else None
    return Jurisdiction(
        township_id=township_id, village_id=village_id, stands_in=stands_in
    )


_CASE_REACHES = {Reach.CASE, Reach.CASE_RECORD}


def handler_absent(case) -> bool:
    """Whether the case's A (handler) is away, so that its B stands in.

    Asked once per case object: a page asks for each step it might offer.
    """
    absent = getattr(case, "_handler_absent", None)
    if absent is None:
        from portal.models import StaffProfile

        absent = bool(
            case.handler_id
            and StaffProfile.objects.filter(
                user_id=case.handler_id, is_absent=True
            ).exists()
        )
        case._handler_absent = absent
    return absent
