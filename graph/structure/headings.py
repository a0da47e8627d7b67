"""Section headings by role: "Beslutning", "Beslutning i Økonomiudvalget" and
"Udvalgets beslutning" are all the "decision" heading (graph/data/headings.tsv)."""
from __future__ import annotations

import re
from functools import lru_cache

from graph import datafiles
from graph.model import AgendaItem, Section


@lru_cache(maxsize=None)
def _headings() -> tuple[dict[str, str], tuple[tuple[str, str], ...], tuple[tuple[re.Pattern[str], str], ...]]:
    """Known section headings: exact (casefolded) → role, prefixes → role, and patterns with a
    "*" inside → role."""
    exact: dict[str, str] = {}
    prefixes: list[tuple[str, str]] = []
    patterns: list[tuple[re.Pattern[str], str]] = []
    for row in datafiles.rows("headings.tsv"):
        heading, role = row[0], (row[1] if len(row) > 1 else "other")
        if "*" in heading[:-2]:
            patterns.append((wildcard_pattern(heading), role))
        elif heading.endswith(" *"):
            prefixes.append((heading[:-2].casefold() + " ", role))
        else:
            exact[fold(heading)] = role
    return exact, tuple(sorted(prefixes, key=lambda p: -len(p[0]))), tuple(patterns)


def wildcard_pattern(entry: str, max_words: int | None = 4) -> re.Pattern[str]:
    """A data-file entry with "*" as a whole-line pattern, ignoring case: "*" alone stands for any
    words, "*s" for words ending in "s" (a genitive: "Økonomiudvalgets"); each "*" for one to
    ``max_words`` words (None: any number), so a sentence is no heading.

    >>> bool(wildcard_pattern("*s beslutning den *").match("Økonomiudvalgets beslutning den 3. maj 2021"))
    True
    >>> bool(wildcard_pattern("Indstilling fra *", None).match("INDSTILLING FRA DIREKTIONEN"))
    True
    """
    words = r"(?:\S+\s+){0,%d}\S*" % (max_words - 1) if max_words else r".+"
    rx = r"\s+".join(re.escape(w).replace(r"\*", words) for w in entry.split())
    return re.compile(rf"^{rx}$", re.IGNORECASE)


def fold(text: str) -> str:
    """Casefold, collapse spaces, drop a trailing colon: the key headings are compared by.

    >>> fold("  Mødested :"), fold("Indholds  fortegnelse")
    ('mødested', 'indholds fortegnelse')
    """
    return _BLANKS.sub(" ", text).strip().rstrip(":").strip().casefold()


_BLANKS = re.compile(r"\s+")


def heading_role(line: str) -> str | None:
    """The role of a known section heading ("decision" for "Beslutning"), else None.

    (Asked of every line, several times; the answers for short lines, among them every heading,
    are kept.)

    >>> heading_role("Beslutning"), heading_role("Beslutning i Økonomiudvalget den 12-03-2019")
    ('decision', 'decision')
    >>> heading_role("Indstilling:"), heading_role("Dagsorden - 09. maj 2016")
    ('proposal', None)
    >>> heading_role("Beslutning i sagen blev udskudt til næste møde") is None
    True
    """
    if len(line) <= _KEEP_ROLE_OF:
        return _heading_role_kept(line)
    return _heading_role(line)


_KEEP_ROLE_OF = 200  # characters: a longer line is text (and no heading is longer than 90 + blanks)


@lru_cache(maxsize=8192)
def _heading_role_kept(line: str) -> str | None:
    return _heading_role(line)


def _heading_role(line: str) -> str | None:
    exact, prefixes, patterns = _headings()
    key = fold(line)
    if key in exact:
        return exact[key]
    if len(key) <= 90 and not key.endswith((".", ";", ",")):
        for pattern, role in patterns:  # "Økonomiudvalgets beslutning den 03.05.2021"
            if pattern.match(key) and len(key.split()) <= 9:
                return role
    for prefix, role in prefixes:
        if key.startswith(prefix) and len(key) <= 90 and not key.endswith((".", ";", ",")):
            # "Beslutning i Økonomiudvalget", "Indstilling fra direktionen" – not "Beslutning i sagen blev udskudt"
            rest = _BLANKS.sub(" ", line.strip())[len(prefix):]
            if rest[:1].isupper() or len(key.split()) <= 4:
                return role
    return None


def line_heading_role(line: str) -> str | None:
    """The role of a line of text that is a known section heading. Headings are capitalised, so a
    line in lower case is none: "økonomi" alone is the rest of a wrapped line ("Introduktion af
    kommunal" / "økonomi").

    >>> line_heading_role("Økonomi"), line_heading_role("økonomi")
    ('economy', None)
    """
    first = next((ch for ch in line if ch.isalpha()), "")
    return None if first.islower() else heading_role(line)


def find_section(item: AgendaItem, role: str) -> Section | None:
    """The first section of ``item`` whose heading has ``role`` (see graph/data/headings.tsv).

    Use it instead of ``item.section("Beslutning")`` to also find variants such as
    "Beslutning i Økonomiudvalget" or "Udvalgets beslutning".
    """
    for s in item.sections:
        if section_role(s) == role:
            return s
    return None


def section_role(section: Section) -> str | None:
    """The section's role: the one the case-history stage gave it (another body's decision is
    "history"), else its heading's."""
    return section.role or heading_role(section.heading)
