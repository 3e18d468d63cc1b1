"""The records the archive index is built from, each kind a module with one contract.

Index keys name what to (re)build: ``case:<pk>``, ``history:<model>:<history_id>``,
``referral:<pk>``, ``complaint:<pk>``, and two that fan out when applied:
``cascade:<case pk>`` (the case, every version of its records, its referrals and
complaints, after a change to the values they are filtered by) and
``applicant:<pk>`` (the case that shows this applicant: one per intake).
"""

from collections.abc import Iterable, Iterator

from cases.models import Case

from . import cases, history
from .base import Directory, IndexDoc
from .records import complaints, referrals

KINDS = {
    cases.KIND: cases,
    history.KIND: history,
    referrals.KIND: referrals,
    complaints.KIND: complaints,
}


def _expand(
    keys: Iterable[str], directory: Directory
) -> tuple[dict[str, set[str]], list[IndexDoc]]:
    refs: dict[str, set[str]] = {}
    extra: list[IndexDoc] = []
    for entry in keys:
        kind, _sep, ref = entry.partition(":")
        if kind == "cascade":
            case = Case.objects.filter(pk=int(ref)).first()
            refs.setdefault(cases.KIND, set()).add(ref)
            if case is not None:
                for model, ids in history.objects_of_case(case).items():
                    extra += history.docs_for_objects(model, ids, directory)
                for records in (referrals, complaints):
                    refs.setdefault(records.KIND, set()).update(
                        records.refs_of_case(case.pk)
                    )
        elif kind == "applicant":
            ids = Case.objects.filter(applicant_id=int(ref)).values_list(
                "pk", flat=True
            )
            refs.setdefault(cases.KIND, set()).update(str(pk) for pk in ids)
        elif kind in KINDS:
            refs.setdefault(kind, set()).add(ref)
    return refs, extra


def build(keys: Iterable[str]) -> tuple[list[IndexDoc], list[str]]:
    """The current documents for these keys, and the keys whose record is gone."""
    directory = Directory()
    refs, docs = _expand(keys, directory)
    built = {doc.key for doc in docs}
    missing: list[str] = []
    for kind, kind_refs in refs.items():
        # A version already built by a cascade in this batch is not built twice.
        kind_refs = {ref for ref in kind_refs if f"{kind}:{ref}" not in built}
        if not kind_refs:
            continue
        found, gone = KINDS[kind].docs(kind_refs, directory)
        docs.extend(found.values())
        missing.extend(gone)
    unique = {doc.key: doc for doc in docs}
    return list(unique.values()), missing


class Plan:
    """A rebuild's documents as disjoint chunks (a range of record ids of one
    kind), each built on its own: in order by iterating the plan, or spread over
    worker processes (search.parallel), each with its own connection.

    Iterating yields one list of documents per chunk, so a plan is what
    ``all_docs`` always gave: every batch of the index.
    """

    def __init__(self, batch: int = 2000):
        self.chunks: list[tuple] = [
            (kind, *chunk)
            for kind, module in KINDS.items()
            for chunk in module.chunks(batch)
        ]

    def __len__(self) -> int:
        return len(self.chunks)

    def __iter__(self) -> Iterator[list[IndexDoc]]:
        directory = Directory()
        for chunk in self.chunks:
            yield self.build(chunk, directory)

    @staticmethod
    def build(chunk: tuple, directory: Directory) -> list[IndexDoc]:
        kind, *bounds = chunk
        return KINDS[kind].chunk_docs(*bounds, directory=directory)


def all_docs(batch: int = 2000) -> Plan:
    return Plan(batch)


def count() -> int:
    """How many documents a rebuild produces: the figure the index must match."""
    return sum(module.count() for module in KINDS.values())


__all__ = ["IndexDoc", "Plan", "all_docs", "build", "count"]
