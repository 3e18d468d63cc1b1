"""The parts a statistics report is made of: tables, charts, sections, headline
figures, and how a rate is rounded and shown.

The built-in sections (``sections/``) and the providers registered from other
modules build these; ``report.py`` assembles them into a ``Report``, and the
dashboard, the Excel export and the print view render them.
"""

from dataclasses import dataclass, field


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[list]
    total: list | None = None
    note: str = ""


@dataclass
class Series:
    name: str
    values: list[float | None]


@dataclass
class Chart:
    """kind: ``bar`` (one or more series side by side), ``stacked`` or ``line``."""

    kind: str
    title: str
    description: str
    categories: list[str]
    series: list[Series]
    unit: str = ""
    table_key: str = ""  # the table that holds the same numbers


@dataclass
class Section:
    key: str
    title: str
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    note: str = ""


@dataclass
class Figure:
    """A headline number at the top of the dashboard."""

    label: str
    value: str
    note: str = ""


def rate(part: int, whole: int) -> float | None:
    """A percentage with one decimal; None when there is nothing to divide by."""
    if not whole:
        return None
    return round(100 * part / whole, 1)


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"
