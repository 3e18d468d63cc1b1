"""A guide's poster on one A4 sheet: what it keeps, in order of priority.

A wall poster is read standing, from a metre away, and one sheet is what a
window has room for. So the poster of a service guide is laid out as fully as
one page allows, and what does not fit is left out in a fixed order, the least
needed first. Always kept: the title, edition and QR code (which leads to the
full text), the facts (item, total time limit, fee, phone, where to apply), the
process and the list of materials. Given up, in this order:

1. 补充说明 (the guide's notes);
2. the flowchart's tall layout, for the compact one (rows of four);
3. the explanations of each step;
4. the table of steps (the compact flowchart says each step's level and limit);
5. the lines that repeat the facts (total time limit, phone) under the process;
6. the roomy layout, for tighter type, margins and spacing (still readable);
7. the legal basis as a list, for one line;
8. the notes on each material;
9. the materials as a table, for a list in two columns (name, form, copies);
10. every service point by name, for the first two and how many more;
11. the conditions in full, for their first sentences;
12. finally, the legal basis altogether.

The print view (``print/``) is the full text and is never cut: it may run to
several pages, the poster may not. A poster that leaves something out says so,
and the QR code and address under it lead to the full text.
"""

from dataclasses import dataclass, replace

# A wall poster of more text than this is a booklet: WeasyPrint lays out about
# 3,000 characters a second, so 100,000 would hold a worker past its timeout.
# Such a page has a print view and no poster.
POSTER_MAX_CHARACTERS = 20_000


def edition_length(edition) -> int:
    return sum(len(text) for _label, text in edition.sections)


def has_poster(edition) -> bool:
    """Whether this edition is made as a PDF poster (see POSTER_MAX_CHARACTERS)."""
    return edition_length(edition) <= POSTER_MAX_CHARACTERS


@dataclass(frozen=True)
class PosterPlan:
    notes: bool = True
    compact_flowchart: bool = False
    step_details: bool = True
    steps_table: bool = True
    recap: bool = True
    bases: str = "list"  # "list", "line" or "" (left out)
    eligibility: str = "full"  # "full" or "short"
    all_places: bool = True
    material_notes: bool = True
    material_table: bool = True
    tight: bool = False

    @property
    def shortened(self) -> bool:
        """Whether anything is left out or condensed (the poster then says so)."""
        return self != FULL

    # How much of the conditions the short form keeps; how many places by name.
    eligibility_chars: int = 160
    places_named: int = 2


FULL = PosterPlan()


def _steps() -> tuple[PosterPlan, ...]:
    plans = [FULL]
    for change in (
        {"notes": False},
        {"compact_flowchart": True},
        {"step_details": False},
        {"steps_table": False},
        {"recap": False},
        {"tight": True},
        {"bases": "line"},
        {"material_notes": False},
        {"material_table": False},
        {"all_places": False},
        {"eligibility": "short"},
        {"bases": ""},
    ):
        plans.append(replace(plans[-1], **change))
    return tuple(plans)


# From the fullest to the leanest; each gives up one more thing than the last.
GUIDE_PLANS = _steps()
