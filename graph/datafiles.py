"""Read the vocabulary files under ``graph/data`` one way everywhere.

A data file is UTF-8 text, one entry a line. Blank lines are skipped, and so is
a line whose first non-blank character is ``#`` (a comment; indented comments
too). TSV files split on tabs into stripped cells. Files are read through
:mod:`importlib.resources`, so an installed package finds them as well, and
each file is read once per process.

>>> lines("standing_items.txt")[:1]
('godkendelse af dagsorden',)
>>> rows("danish_months.tsv")[0]
('januar', '1')
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources


def entry_lines(text: str) -> tuple[str, ...]:
    """The lines of a data file's ``text`` that are entries (not blank, not comments), unstripped.

    >>> entry_lines("# months\\n\\njan\\t1\\n  # an indented comment\\nfeb\\t2\\n")
    ('jan\\t1', 'feb\\t2')
    """
    return tuple(line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#"))


@lru_cache(maxsize=None)
def _entry_lines(name: str) -> tuple[str, ...]:
    return entry_lines(resources.files("graph").joinpath("data").joinpath(name).read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def lines(name: str) -> tuple[str, ...]:
    """The entries of ``graph/data/<name>``: stripped lines without blanks and comments."""
    return tuple(line.strip() for line in _entry_lines(name))


@lru_cache(maxsize=None)
def rows(name: str) -> tuple[tuple[str, ...], ...]:
    """The entries of a TSV file in ``graph/data`` as tuples of stripped cells
    (split before stripping, so an empty first column stays a column)."""
    return tuple(tuple(cell.strip() for cell in line.split("\t")) for line in _entry_lines(name))
