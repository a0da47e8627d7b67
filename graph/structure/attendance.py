"""Who attended: the member lists of minutes ("Medlemmer: Anne Jensen (A) (formand), Bo Hansen (V)",
"Afbud: Poul Andersen", "Fraværende: Ingen") and per-item recusals ("Inhabil: …", "X deltog ikke i
behandlingen af punktet"). Labels and their roles come from graph/data/attendance_labels.tsv.

>>> from graph.model import SourceDocument
>>> text = "REFERAT\\nMedlemmer: Anne Jensen (A) (formand), Bo Hansen (V) og Ea Holm\\nAfbud: Ingen\\n"
>>> doc = SourceDocument("d", None, text, "utf-8", "")
>>> [(e.name, e.role, e.party, e.function) for e in parse_attendance(doc, split_lines(text), [])]
[('Anne Jensen', 'present', 'A', 'formand'), ('Bo Hansen', 'present', 'V', None), ('Ea Holm', 'present', None, None)]
"""
from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from graph import datafiles
from graph.model import AttendanceEntry, SourceDocument
from graph.structure.lines import Line, split_lines

__all__ = ["parse_attendance", "split_names", "is_chair", "split_lines", "states_absence"]

ROLES = ("present", "absent", "other_present", "recused", "voted_against", "reservation")
ITEM_ROLES = ("absent", "recused", "voted_against", "reservation")  # the labels that count inside an item


@lru_cache(maxsize=None)
def _vocab() -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...], frozenset[str]]:
    """(line labels longest first, phrases after a name, words meaning nobody) from the data file."""
    labels, after, none = [], [], set()
    for row in datafiles.rows("attendance_labels.tsv"):
        label, role = row[0], row[1]
        if role in ("none", "chair"):
            if role == "none":
                none.add(label.casefold())
        elif len(row) > 2 and row[2] == "after":
            after.append((label, role))
        elif role in ROLES:
            labels.append((label, role))
    key = lambda r: (-len(r[0]), r[0])  # noqa: E731 - longest label first: "Afbud fra" before "Afbud"
    return tuple(sorted(labels, key=key)), tuple(sorted(after, key=key)), frozenset(none)


@lru_cache(maxsize=None)
def _chair_words() -> frozenset[str]:
    return frozenset(r[0].casefold() for r in datafiles.rows("attendance_labels.tsv") if r[1] == "chair")


def is_chair(function: str | None) -> bool:
    """True if a member's function ("formand", "Formand for udvalget") makes them the chair;
    "næstformand" (deputy) does not."""
    if not function:
        return False
    first = function.split()[0].casefold().rstrip(",.")
    return first in _chair_words()


# Markdown emphasis or a list bullet in front of a label ("**Afbud:**", "- Medlemmer:").
_LEAD = re.compile(r"[*_#>\-–•\s]*")
_LABEL_TAIL = re.compile(r"[*_]*\s*:[*_]*\s*")
# A line that starts another labelled field ("Mødested: …", "Dato:") ends a list.
_OTHER_LABEL = re.compile(r"^[*_]*[A-ZÆØÅ][\w .'/-]{0,40}:(?:\s|$)")
_PARENS = re.compile(r"\s*\(([^()]*)\)")
_PARTY = re.compile(r"^[A-ZÆØÅ]{1,3}$")
_NAME_WORD = re.compile(r"^(?:[A-ZÆØÅÉÜ][\w'’.-]*|von|van|de|la|af|du|le)$")
_SEPARATOR = re.compile(r"\s*(?:[,;]|\s(?:og|samt)\s)\s*")
# Two names on one line, as a member list printed in two columns reads: "Anne Holm (A) - formand Bo
# Berg (V)": after a closing bracket (and a "- function") a capitalised word starts the next name.
_COLUMN_GAP = re.compile(r"\)(?:\s*[-–]\s*[a-zæøå]+)?(?P<gap>\s+)(?=[A-ZÆØÅ][a-zæøå])")
_DASH_FUNCTION = re.compile(r"^\s*[-–]\s*(?P<f>[a-zæøå]+)\s*$")


@lru_cache(maxsize=None)
def _folded_labels() -> dict[str, tuple[tuple[str, str, str], ...]]:
    """The line labels of :func:`_vocab` with their case-folded form, longest first, by the first
    letter of that form (a line is tried on the labels starting with its first letter only)."""
    out: dict[str, list[tuple[str, str, str]]] = {}
    for label, role in _vocab()[0]:
        folded = label.casefold()
        out.setdefault(folded[:1], []).append((label, role, folded))
    return {first: tuple(labels) for first, labels in out.items()}


@lru_cache(maxsize=None)
def _longest_folded_label() -> int:
    return max((len(f) for labels in _folded_labels().values() for _, _, f in labels), default=0)


_QUALIFIED_COLON = re.compile(r"\s[\w .-]{1,30}?:\s*")


def _label_at(text: str) -> tuple[str, str, int, bool] | None:
    """``(label, role, value_offset, had_colon)`` when ``text`` starts with an attendance label."""
    lead = _LEAD.match(text).end()
    # only the start can hold a label: casefold no more of a line (which may be a megabyte long)
    # than the longest label needs (casefold() maps character by character, never shortening)
    low = text[:lead + _longest_folded_label()].casefold()
    for label, role, folded in _folded_labels().get(low[lead:lead + 1], ()):
        if not low.startswith(folded, lead):
            continue
        end = lead + len(label)
        if text[end:end + 1].isalpha():
            continue  # "Afbuddet", "Medlemmerne" are words of a sentence
        colon = _LABEL_TAIL.match(text, end)
        if colon:
            return label, role, colon.end(), True
        # "Deltagere fra udvalget: …" (a short qualifier before the colon)
        later = _QUALIFIED_COLON.match(text, end)
        if later:
            return label, role, later.end(), True
        if text[end:end + 1] in ("", " "):
            return label, role, end, False
    return None


def states_absence(text: str) -> bool:
    """A line that names who was away or recused after a colon label ("Fraværende: Bo Berg").

    >>> states_absence("Fraværende: Bo Berg, Ea Holm"), states_absence("Afbud fra borgere")
    (True, False)
    """
    found = _label_at(text)
    return found is not None and found[3] and found[1] in ("absent", "recused")


def parse_attendance(doc: SourceDocument, lines: list[Line], item_ranges: list[tuple[int, int, int]]) -> list:
    """Attendance entries of a document, in text order.

    ``item_ranges`` are ``(number, start_offset, end_offset)`` of the agenda items: a list
    before the first item is the meeting's; one inside an item (and every "Inhabil: …" or
    "X deltog ikke i behandlingen af punktet") belongs to that item.
    """
    out: list[AttendanceEntry] = []
    first_item = min((s for _, s, _ in item_ranges), default=len(doc.text))

    starts = [s for _, s, _ in item_ranges]
    ordered = all(item_ranges[k][2] <= item_ranges[k + 1][1] for k in range(len(item_ranges) - 1))

    def item_at(offset: int) -> int | None:
        if ordered:  # items in text order, not overlapping (as the parser gives them): a binary search
            k = bisect_right(starts, offset) - 1
            return item_ranges[k][0] if k >= 0 and item_ranges[k][1] <= offset < item_ranges[k][2] else None
        return next((n for n, s, e in item_ranges if s <= offset < e), None)

    n = 0
    while n < len(lines):
        ln = lines[n]
        found = None if ln.blank else _label_at(ln.text)
        # Inside an item only a colon label of who was away counts ("Fraværende: …", "Inhabil: …"):
        # "Deltagere: borgere og foreninger" there is text, and a label without colon starts a sentence.
        if found is None or (ln.start >= first_item and (not found[3] or found[1] not in ITEM_ROLES)):
            n += 1
            continue
        label, role, value_at, _ = found
        item = item_at(ln.start)
        parts = [(ln.start + value_at, ln.end)] if ln.start + value_at < ln.end else []
        m = n + 1
        # The list goes on over wrapped lines (PDF) or one name a line, to a blank line or another field.
        while m < len(lines) and not lines[m].blank and _label_at(lines[m].text) is None \
                and not _OTHER_LABEL.match(lines[m].text) and not _starts_something_else(lines[m]) \
                and _looks_like_names(lines[m].text):
            parts.append((lines[m].start, lines[m].end))
            m += 1
        one_per_line = len(parts) > 1 and not any(re.search(r"[,;]|\sog\s", doc.text[s:e]) for s, e in parts[:1])
        wrapped = not one_per_line
        chunks = [(parts[0][0], parts[-1][1])] if (parts and wrapped) else parts
        for s, e in chunks:
            for name, party, function, ns, ne in split_names(doc.text, s, e):
                out.append(AttendanceEntry(name=name, role=role, party=party, function=function,
                                           span=doc.span(ns, ne), item=item, label=label))
        n = m
    out += _phrases_after(doc, item_ranges)
    out.sort(key=lambda e: (e.span.start, e.span.end, e.role))
    return out


def _starts_something_else(line: Line) -> bool:
    """A heading after the list: the table of contents, a section heading, an agenda item."""
    from graph.structure.headings import heading_role
    from graph.structure.item_heads import item_heading
    from graph.structure.toc import is_toc_heading

    return is_toc_heading(line.text) or heading_role(line.text) is not None or item_heading(line) is not None


def _looks_like_names(text: str) -> bool:
    """A continuation line of a list: names, party letters, functions; not a sentence."""
    if text.rstrip().endswith((".", "!", "?")) and not re.search(r"\b[A-ZÆØÅ]\.$", text.rstrip()):
        return False
    words = re.findall(r"[\wÆØÅæøå'’.-]+", _PARENS.sub("", text))
    if not words:
        return bool(_PARENS.search(text))
    capital = sum(1 for w in words if w[0].isupper())
    return capital >= len(words) / 2


def split_names(text: str, start: int, end: int) -> list[tuple[str, str | None, str | None, int, int]]:
    """``(name, party, function, start, end)`` for each name in ``text[start:end]``.

    The list is split on commas, semicolons, "og", "samt" and line breaks (a wrapped name is joined);
    "(A)" is a party letter, any other bracket ("(formand)") a function, as is a lower-case
    word standing alone after a name ("Anne Jensen, formand"). "Ingen" lists nobody.
    """
    value = text[start:end]
    if value.strip(" .").casefold() in _vocab()[2]:
        return []
    inside = _ParenDepth(value)
    out: list[list] = []
    pos = 0
    pieces = []
    cuts = [(m.start(), m.end()) for m in _SEPARATOR.finditer(value) if not inside(m.start())]
    cuts += [(m.start("gap"), m.end("gap")) for m in _COLUMN_GAP.finditer(value)]
    for cs, ce in sorted(cuts):
        if cs < pos:
            continue
        pieces.append((pos, cs))
        pos = ce
    pieces.append((pos, len(value)))
    for ps, pe in pieces:
        piece = value[ps:pe]
        lead = len(piece) - len(piece.lstrip(" \n\t-–•*"))
        piece = piece[lead:].rstrip(" .\n\t*")
        if not piece:
            continue
        party, function = None, None
        brackets = list(_PARENS.finditer(piece))
        name_end = brackets[0].start() if brackets else len(piece)
        for b in brackets:
            for bit in (x.strip() for x in b.group(1).split(",")):
                if _PARTY.match(bit):
                    party = party or bit
                elif bit:
                    function = function or bit
        name = piece[:name_end].rstrip(" -–:")
        if not name:
            continue
        dash = _DASH_FUNCTION.match(piece[brackets[-1].end():]) if brackets else None
        if dash and function is None:  # "Anne Holm (A) - formand"
            function = dash.group("f")
        words = name.split()
        if out and all(w[:1].islower() for w in words) and len(words) <= 3:
            out[-1][2] = out[-1][2] or name  # "Anne Jensen, formand": the function of the name before
            continue
        if out and len(words) == 1 and _PARTY.match(words[0]) and not _first_name(words[0]):
            out[-1][1] = out[-1][1] or words[0]  # "Anne Jensen, A": the party of the name before
            continue
        # a title before the name ("borgmester Anne Jensen", "Rådmand Bo Holm"): the function
        skip = 0
        while skip < len(words) - 1 and not _first_name(words[skip]) and _first_name(words[skip + 1]) \
                and (words[skip][:1].islower() or skip == 0):
            skip += 1
        if skip:
            function = function or " ".join(words[:skip])
            lead += len(name) - len(name.split(None, skip)[skip])
            name = name.split(None, skip)[skip]
            words = words[skip:]
        if name.casefold() in _vocab()[2] or not _is_name(words):
            continue
        ns = start + ps + lead
        out.append([" ".join(words), party, function, ns, ns + len(name)])
    return [tuple(x) for x in out]


def _inside_parens(value: str, at: int) -> bool:
    return value.count("(", 0, at) > value.count(")", 0, at)


class _ParenDepth:
    """:func:`_inside_parens` for positions asked in increasing order, counting each stretch of the
    text once: counting from the start for every separator made a list of 20,000 names quadratic."""

    def __init__(self, value: str):
        self.value, self.pos, self.opened, self.closed = value, 0, 0, 0

    def __call__(self, at: int) -> bool:
        if at < self.pos:
            return _inside_parens(self.value, at)
        self.opened += self.value.count("(", self.pos, at)
        self.closed += self.value.count(")", self.pos, at)
        self.pos = at
        return self.opened > self.closed


@lru_cache(maxsize=None)
def _first_names() -> frozenset[str]:
    return frozenset(datafiles.lines("first_names.txt"))


def _first_name(word: str) -> bool:
    """A listed first name, or a hyphenated pair of them ("Anne-Mette")."""
    return word in _first_names() or all(p in _first_names() for p in word.split("-"))


def _is_name(words: list[str]) -> bool:
    """A person's name: two to six words, capitalised (particles allowed), no digits; one word
    only if it is a known first name ("Kommunen" in a list is no person)."""
    if len(words) == 1 and not _first_name(words[0]):
        return False
    return 1 <= len(words) <= 6 and words[0][:1].isupper() and all(_NAME_WORD.match(w) for w in words) \
        and not any(ch.isdigit() for w in words for ch in w)


_NAME = r"[A-ZÆØÅÉÜ][\w'’-]+(?:[ \t]+(?:[A-ZÆØÅÉÜ][\w'’-]+|von|van|de|af))*"
# Names before a phrase: "Anne Jensen (A) og Bo Holm (V) stemte imod" (up to the phrase's start).
_NAMES_BEFORE = re.compile(
    rf"(?:{_NAME}(?:\s*\([^()\n]{{1,30}}\))?(?:\s*,\s*|\s+og\s+))*{_NAME}(?:\s*\([^()\n]{{1,30}}\))?\s+$")


def _phrases_after(doc: SourceDocument, item_ranges: list[tuple[int, int, int]]) -> list:
    """Names before a phrase inside an item: "Anne Jensen (A) deltog ikke i behandlingen af
    punktet" (recused), "Bo Holm (V) og Ida Friis (C) stemte imod" (voted_against)."""
    out = []
    for label, role in _vocab()[1]:
        phrase = re.compile(rf"(?<=\s){re.escape(label)}(?!\w|\s*:)", re.IGNORECASE)  # "Stemte imod:" is a label
        for number, s, e in item_ranges:
            for m in phrase.finditer(doc.text, s, e):
                window_start = max(s, m.start() - 240)
                names = _NAMES_BEFORE.search(doc.text, window_start, m.start())
                if names is None:
                    continue
                for name, party, function, ns, ne in split_names(doc.text, names.start(), names.end()):
                    out.append(AttendanceEntry(name=name, role=role, party=party, function=function,
                                               span=doc.span(ns, ne), item=number, label=label))
    # one entry per name, place and role: "deltog ikke i behandlingen af punktet" also matches the shorter phrase
    seen: dict[tuple[int, int, str], AttendanceEntry] = {}
    for e in sorted(out, key=lambda e: (e.span.start, -len(e.label))):
        seen.setdefault((e.span.start, e.span.end, e.role), e)
    return list(seen.values())
