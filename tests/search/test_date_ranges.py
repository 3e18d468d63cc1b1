"""档案检索 date ranges: by local day (Beijing time), the same on every backend.

On PostgreSQL a range is also matched inside the index, as month and year
lexemes of each document's local time (a whole year by its year); the exact
bounds are applied beside them. These tests put documents on both sides of
local month and year boundaries, where an instant in UTC falls in another
month than the day the clerk saw, and check that every range finds exactly the
documents of its days.
"""

from datetime import UTC, date, datetime

import pytest

from search.backends.database.postgresql import date_range
from search.query import SearchQuery
from search.sources import IndexDoc

# Instants (UTC) and the local day each falls on.
TIMES = {
    "a": datetime(2024, 12, 31, 15, 59, tzinfo=UTC),  # 2024-12-31 23:59
    "b": datetime(2024, 12, 31, 16, 0, tzinfo=UTC),  # 2025-01-01 00:00
    "c": datetime(2025, 3, 31, 17, 0, tzinfo=UTC),  # 2025-04-01 01:00
    "d": datetime(2025, 12, 31, 15, 0, tzinfo=UTC),  # 2025-12-31 23:00
    "e": datetime(2026, 1, 31, 16, 30, tzinfo=UTC),  # 2026-02-01 00:30
}


def _docs() -> list[IndexDoc]:
    return [
        IndexDoc(
            key=f"case:{name}",
            kind="case",
            at=at,
            title=f"房屋倒塌 {name}",
            body="申请临时救助",
            township="dongling",
        )
        for name, at in TIMES.items()
    ]


RANGES = [
    ((date(2024, 12, 31), date(2024, 12, 31)), {"a"}),
    ((date(2025, 1, 1), date(2025, 1, 1)), {"b"}),
    ((date(2024, 12, 1), date(2025, 1, 31)), {"a", "b"}),
    ((date(2025, 1, 1), date(2025, 12, 31)), {"b", "c", "d"}),
    ((date(2025, 4, 1), date(2026, 1, 31)), {"c", "d"}),
    ((date(2025, 3, 1), date(2025, 3, 31)), set()),
    ((date(2024, 1, 1), date(2026, 12, 31)), set(TIMES)),
    ((date(2026, 2, 1), None), {"e"}),
    ((None, date(2024, 12, 31)), {"a"}),
]


@pytest.mark.parametrize(("bounds", "expected"), RANGES)
def test_a_date_range_finds_exactly_the_documents_of_its_local_days(
    backend, bounds, expected
):
    backend.index(_docs())
    date_from, date_to = bounds
    for text in ("房屋倒塌", "救助"):
        for sort in ("relevance", "newest", "oldest"):
            found = backend.search(
                SearchQuery(
                    text=text,
                    township="dongling",
                    date_from=date_from,
                    date_to=date_to,
                    sort=sort,
                )
            )
            assert {hit.key.removeprefix("case:") for hit in found.hits} == expected
            assert found.total == len(expected)


def test_months_of_a_range_take_whole_years_by_their_year():
    assert date_range(date(2026, 6, 1), date(2026, 11, 30)) == (
        "('=month:2026-06' | '=month:2026-07' | '=month:2026-08' | "
        "'=month:2026-09' | '=month:2026-10' | '=month:2026-11')"
    )
    assert date_range(date(2024, 11, 5), date(2026, 2, 1)) == (
        "('=month:2024-11' | '=month:2024-12' | '=year:2025' | "
        "'=month:2026-01' | '=month:2026-02')"
    )
    assert date_range(date(2025, 1, 1), date(2025, 12, 31)) == "('=year:2025')"
    assert date_range(date(2025, 3, 3), date(2025, 3, 3)) == "('=month:2025-03')"


def test_an_open_or_reversed_range_is_left_to_the_exact_bounds():
    assert date_range(date(2025, 1, 1), None) == ""
    assert date_range(None, date(2025, 1, 1)) == ""
    assert date_range(date(2025, 2, 1), date(2025, 1, 1)) == ""
