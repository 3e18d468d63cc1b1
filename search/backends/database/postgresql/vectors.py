"""The tsvector literals of documents and the tsquery pieces of filters and dates."""

import functools
import operator
from datetime import date
from operator import attrgetter

from django.utils import timezone

from core.cjk import normalise_line, normalise_lines, runs

from ....query import FILTERS

# Positions as PostgreSQL keeps them: at most 16383, 256 per lexeme.
MAX_POSITION, MAX_POSITIONS = 16383, 256


def lexeme(text: str) -> str:
    """A quoted lexeme of a tsvector or tsquery literal."""
    return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"


def _grouped(tokens) -> dict[str, list[int]]:
    """Each token with the positions it holds in its stream (1-based)."""
    positions: dict[str, list[int]] = {}
    for position, token in enumerate(tokens, start=1):
        held = positions.get(token)
        if held is None:
            positions[token] = [position]
        else:
            held.append(position)
    return positions


def _stream(tokens: str) -> list[str]:
    """Each token of a space-separated stream with its positions."""
    return _entries(_grouped(tokens.split()))


def _text_streams(text: str) -> list[str]:
    """_stream of the bigrams, then of the unigrams, of a normalised text (what
    a rebuild spends most of its own time on: each token's positions are
    gathered in one loop of the stream, and written as text read from a table)."""
    parts = runs(text)
    grams: list[str] = []
    for run in parts:
        grams += map(operator.add, run, run[1:])  # run[i] + run[i + 1]: its bigrams
    return _positions(grams) + _positions("".join(parts))


# Positions as text, 1 to MAX_POSITION: _AT[i] is str(i + 1).
_AT = [str(position) for position in range(1, MAX_POSITION + 1)]


def _positions(tokens) -> list[str]:
    """_entries of a stream's tokens, given in position order."""
    if len(tokens) > MAX_POSITIONS:  # may hold too many positions: checked
        return _entries(_grouped(tokens))
    # No token can have more than MAX_POSITIONS positions, nor one above it.
    at: dict[str, list[str]] = {}
    for position, token in zip(_AT, tokens, strict=False):
        held = at.get(token)
        if held is None:
            at[token] = [position]
        else:
            held.append(position)
    return [f"'{token}':{','.join(held)}" for token, held in at.items()]


def _entries(positions: dict[str, list[int]]) -> list[str]:
    entries = []
    for token, held in positions.items():
        if len(held) > MAX_POSITIONS:
            held = held[:MAX_POSITIONS]
        if held[-1] > MAX_POSITION:
            held = [min(position, MAX_POSITION) for position in held]
        # Tokens are letters and digits only (core.cjk): nothing to escape.
        entries.append(f"'{token}':{','.join(map(str, held))}")
    return entries


def vector(tokens: str) -> str:
    """A tsvector literal of one stream: each token at its positions."""
    return " ".join(_stream(tokens))


def filter_lexeme(name: str, value: str) -> str:
    return lexeme(f"={name}:{value}")


def _date_lexemes(at, zone=None) -> list[str]:
    """The local month and year of a document's time, as lexemes."""
    local = timezone.localtime(at, zone)
    return [f"'=month:{local.year:04d}-{local.month:02d}'", f"'=year:{local.year:04d}'"]


def date_range(date_from: date | None, date_to: date | None) -> str:
    """A tsquery of the months of a date range, a whole year as its year: what
    the index can match of a range; the exact bounds are applied beside it.
    Empty when the range is open (it would run to every month there is)."""
    if not date_from or not date_to or date_from > date_to:
        return ""
    lexemes = []
    year, month = date_from.year, date_from.month
    while (year, month) <= (date_to.year, date_to.month):
        if month == 1 and (year, 12) <= (date_to.year, date_to.month):
            lexemes.append(f"'=year:{year:04d}'")
            year += 1
            continue
        lexemes.append(f"'=month:{year:04d}-{month:02d}'")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return "(" + " | ".join(lexemes) + ")"


def document_vector(row, bi: str, uni: str, ident: str) -> str:
    """The ``tokens`` literal of one document row."""
    parts = _stream(bi) + _stream(uni)
    parts += [lexeme(f"#{value}") for value in dict.fromkeys(ident.split())]
    parts += [
        filter_lexeme(name, getattr(row, name))
        for name in FILTERS
        if getattr(row, name)
    ]
    parts += _date_lexemes(row.at)
    return " ".join(parts)


# Every entry of a literal, "'%s':1 '%s':2 …" up to MAX_POSITION: the entries
# of n tokens are its first n, _ENDS[n] characters, filled by one ``%`` (each
# token at its position without a Python loop or a string per entry).
_TEMPLATE = " ".join(f"'%s':{position}" for position in range(1, MAX_POSITION + 1))
_ENDS = [0]
for _position in range(1, MAX_POSITION + 1):
    _ENDS.append(_ENDS[-1] + len(f"'%s':{_position}") + (_position > 1))


def _occurrences(tokens) -> str:
    """``'a':1 'b':2 'a':3``: each token at its position, one entry each."""
    return _TEMPLATE[: _ENDS[len(tokens)]] % tuple(tokens)


@functools.lru_cache(maxsize=100_000)
def _line_runs(line: str) -> tuple[str, ...]:
    """The runs of a line once normalised, worked out once per distinct line:
    most lines of an archive recur (状态：公示 → 审批同意)."""
    return tuple(runs(normalise_line(line)))


def _text_occurrences(text: str) -> list[str]:
    """The vector entries of a normalised text's bigram and unigram streams,
    one per occurrence (``'救助':3 '救助':9``), made without a Python loop.

    PostgreSQL reads such a literal into the vector _text_streams writes: it
    merges a lexeme's entries, keeps 256 positions of one and clamps a
    position beyond MAX_POSITION; a stream reaching that far is grouped here
    (the clamped positions would otherwise not be merged alike).
    """
    return _runs_occurrences(runs(text), text)


def _lines_occurrences(lines: list[str]) -> list[str]:
    """_text_occurrences of the lines normalised (normalise_lines): a line
    break ends a run, so the text's runs are its lines' runs in turn."""
    parts: list[str] = []
    for line in lines:
        parts += _line_runs(line)
    return _runs_occurrences(parts, lines)


def _runs_occurrences(parts, text) -> list[str]:
    grams: list[str] = []
    for run in parts:
        grams += map(operator.add, run, run[1:])  # run[i] + run[i + 1]
    chars = "".join(parts)
    if len(chars) > MAX_POSITION:
        if not isinstance(text, str):
            text = normalise_lines("\n".join(text))
        return _text_streams(text)
    return [
        entries for entries in (_occurrences(grams), _occurrences(chars)) if entries
    ]


# The filter lexemes of one set of filter values, kept: few sets recur across
# an archive (one kind, type, status, township, channel, handler and user).
FILTER_VALUES = attrgetter(*FILTERS)
_filter_sets: dict[tuple, list[str]] = {}


def _filter_lexemes(values: tuple) -> list[str]:
    lexemes = _filter_sets.get(values)
    if lexemes is None:
        if len(_filter_sets) > 100_000:
            _filter_sets.clear()
        lexemes = _filter_sets[values] = [
            filter_lexeme(name, value)
            for name, value in zip(FILTERS, values, strict=True)
            if value
        ]
    return lexemes


def vector_of(lines: list[str], idents, filters: tuple, at, zone) -> str:
    """A ``tokens`` literal: the text's lines (not yet normalised), the
    identifiers (each once), the filter values and the local month and year
    of ``at`` in ``zone``."""
    parts = _lines_occurrences(lines)
    parts += [lexeme(f"#{value}") for value in idents]
    parts += _filter_lexemes(filters)
    parts += _date_lexemes(at, zone)
    return " ".join(parts)


def row_vector(row) -> str:
    """document_vector(*_tokens(row)), computed without the token strings: the
    same vector once PostgreSQL has read it (its entries are not grouped)."""
    return vector_of(
        "\n".join([row.title, row.body, row.names]).split("\n"),
        dict.fromkeys(row.idents.split()),
        FILTER_VALUES(row),
        row.at,
        timezone.get_current_timezone(),
    )
