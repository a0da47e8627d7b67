"""The header of minutes: document kind (REFERAT, DAGSORDEN), body, meeting date,
start time and place, read from labelled lines ("Mødested: ...") and the title line
("REFERAT Økonomiudvalget d. 04-03-2021"); labels and kind words from graph/data."""
from __future__ import annotations

import re
from functools import lru_cache

from graph import datafiles
from graph.model import Minutes, SourceDocument
from graph.structure.dates import find_date, find_time
from graph.structure.headings import fold
from graph.structure.lines import Line, markup_free


@lru_cache(maxsize=None)
def _kinds() -> dict[str, str]:
    return {row[0].casefold(): row[1] for row in datafiles.rows("document_kinds.tsv")}


@lru_cache(maxsize=None)
def _header_labels() -> tuple[tuple[str, str, bool], ...]:
    rows = [(r[0], r[1], len(r) > 2 and r[2] == "colon") for r in datafiles.rows("header_labels.tsv")]
    return tuple(sorted(rows, key=lambda r: -len(r[0])))


def _label_value(text: str) -> tuple[str, str, int] | None:
    """``(field, value, value_offset)`` for a header line such as "Mødested 915"."""
    for label, field, needs_colon in _header_labels():
        if not text.casefold().startswith(label.casefold()):
            continue
        rest = text[len(label):]
        m = re.match(r"\s*:\s*" if needs_colon else r"\s*:\s*|\s+", rest)
        if not m or (label[-1].isalpha() and rest[:1].isalpha()):
            continue
        value = rest[m.end():].strip()
        if value:
            return field, value, len(label) + m.end()
    return None


def _bare_label(text: str) -> str | None:
    """The field of a line that is only a header label ("Mødested" or "Mødested:")."""
    key = fold(text)
    for label, field, _ in _header_labels():
        if key == label.casefold().rstrip(":"):
            return field
    return None


_CONNECTOR = re.compile(
    r"(?:[-–:,]\s*)?(?:(?:for|fra|af|over|til)\s+)?(?:(?:det\s+)?(?:ordinære\s+|ekstraordinære\s+)?møde(?:t)?\s+i\s+)?",
    re.IGNORECASE,
)
_BODY_TAIL = re.compile(r"(?:\s*[-–,:]|\s+(?:d\.|den|mødet?|afholdt|møde))+\s*$", re.IGNORECASE)


_KIND_PUNCTUATION = "-–,:"  # before a kind word at the end of a line ("Chefforum - Referat")


@lru_cache(maxsize=None)
def _kind_surfaces() -> tuple[tuple[str, str, re.Pattern[str]], ...]:
    """(surface, kind, pattern of the surface at a line's end) of every kind word, longest first."""
    kinds = _kinds()
    return tuple((surface, kinds[surface], re.compile(rf"[{_KIND_PUNCTUATION}]\s*{re.escape(surface)}\s*$", re.IGNORECASE))
                 for surface in sorted(kinds, key=len, reverse=True))


@lru_cache(maxsize=None)
def longest_kind() -> int:
    return max((len(s) for s in _kinds()), default=0)


def _kind_at(text: str) -> tuple[str, int, int] | None:
    """A document kind word at the start (or end) of a line: ``(kind, start, end)``."""
    # (the start of the line case-folded once, as far as a kind word reaches: casefold() never
    # shortens a character)
    low = text[:longest_kind()].casefold()
    for surface, kind, _ in _kind_surfaces():
        if low.startswith(surface) and not text[len(surface):len(surface) + 1].isalpha():
            return kind, 0, len(surface)
    for surface, kind, at_end in _kind_surfaces():
        m = at_end.search(text)
        if m:
            return kind, m.start(), len(text)
    return None


def _body_from(text: str, offset: int) -> tuple[str, int] | None:
    """A body name at the start of ``text`` (cut before a date or trailing connector)."""
    start = len(text) - len(text.lstrip())
    m = _CONNECTOR.match(text, start)
    start = m.end() if m else start
    rest = text[start:]
    d = find_date(rest)
    if d:
        rest = rest[: d[1]]
    genitive = re.match(r"^(?P<body>.+?)s\s+(?:ordinære\s+|ekstraordinære\s+)?møde\b", rest, re.IGNORECASE)
    if genitive:  # "Økonomiudvalgets møde den ..." names Økonomiudvalget
        rest = genitive.group("body")
    rest = _BODY_TAIL.sub("", rest).strip()
    if not rest or not rest[0].isalpha() or len(rest) > 80 or ":" in rest or is_municipality(rest):
        return None
    if _kind_at(rest) is not None and _kind_at(rest)[2] == len(rest):
        return None  # a kind word ("Referat") is a page label, never the body
    return rest, offset + start


@lru_cache(maxsize=None)
def _municipality_words() -> frozenset[str]:
    return frozenset(w.casefold() for w in datafiles.lines("municipality_words.txt"))


def is_municipality(name: str) -> bool:
    """True for a municipality's name ("Egebæk Kommune"): the issuer of the minutes, not their body.

    >>> is_municipality("Egebæk Kommune"), is_municipality("Kommunalbestyrelsen")
    (True, False)
    """
    words = name.split()
    return len(words) >= 2 and words[-1].casefold() in _municipality_words()


def _only_kind_words(text: str) -> bool:
    """A line of kind words alone, two or more ("Dagsorden Referat"): a web page's tab bar."""
    rest, n = text.strip(), 0
    while rest:
        k = _kind_at(rest)
        if k is None or k[1] != 0:
            return False
        rest, n = rest[k[2]:].strip(" |/·-–"), n + 1
    return n >= 2


def _breadcrumb(text: str) -> str | None:
    """A web page's breadcrumb ending in the kind ("Forside / Dagsordener / Byrådet / Åbent
    referat"), rewritten as a title line: "Åbent referat Byrådet"."""
    parts = [p.strip() for p in re.split(r"\s+[/›»>]\s+", text)]
    if len(parts) < 3:
        return None
    k = _kind_at(parts[-1])
    if k is None or k[1] != 0 or k[2] != len(parts[-1]):
        return None
    return f"{parts[-1]} {parts[-2]}"


def parse_header(doc: SourceDocument, lines: list[Line], stop: int, m: Minutes) -> bool:
    """Fill kind, body, date, start time, place from the lines before ``stop``. True if found."""
    header_lines = [ln for ln in lines[:stop] if not ln.blank][:25]
    texts = [markup_free(ln)[0] for ln in header_lines]
    texts = ["" if _only_kind_words(t) else (_breadcrumb(t) or t) for t in texts]
    title_date = None
    labelled_date = None
    used: set[int] = set()
    kind_line = None
    kind_trails = False  # the kind line reads "<X> - Referat", like a running page header
    body_from_kind = False
    for n, text in enumerate(texts):
        lv = _label_value(text)
        if lv is None and n + 1 < len(texts) and (field := _bare_label(text)) and _label_value(texts[n + 1]) is None \
                and _bare_label(texts[n + 1]) is None:
            lv = (field, texts[n + 1], 0)  # label and value on two lines (a table in a PDF)
            used.add(n + 1)
        if lv:
            field, value, _ = lv
            if field in ("date", "datetime", "time"):
                d = find_date(value)
                if d and labelled_date is None:
                    labelled_date = d[0]
                    used.add(n)
                t = find_time(value) if field != "date" else None
                if t is None and field == "time" and re.fullmatch(r"\d{1,2}", value):
                    t = f"{int(value):02d}:00"
                if t and m.start_time is None:
                    m.start_time = t
                    used.add(n)
            elif field == "place" and m.place is None:
                m.place = value
                used.add(n)
            elif field == "body" and m.body is None:
                m.body = value
                used.add(n)
        elif (k := _kind_at(text)) and (kind_line is None or (kind_trails and k[1] == 0)):
            # a title that opens with REFERAT / DAGSORDEN wins over a page-header-like "<X> - Referat"
            kind, ks, ke = k
            if kind_line is not None and body_from_kind:
                m.body, body_from_kind = None, False
            m.kind, kind_line, kind_trails = kind, n, ks > 0
            used.add(n)
            d = find_date(text)
            if d:
                title_date = d[0]
            found = _body_from(text[ke:], ke) if ks == 0 else _body_from(text[:ks], 0)
            if found and m.body is None:
                m.body, body_from_kind = found[0], True
    if m.body is None and kind_line is not None:
        # "REFERAT" alone on its line: the body stands on the next (or the previous) line
        for n in (kind_line + 1, kind_line - 1):
            if 0 <= n < len(texts) and n not in used and _label_value(texts[n]) is None:
                found = _body_from(texts[n], 0)
                if found and not find_date(texts[n]):
                    m.body = found[0]
                    used.add(n)
                    break
    if labelled_date is None and title_date is None:
        for n, text in enumerate(texts):  # a date on a line of its own
            d = find_date(text)
            if d and _label_value(text) is None:
                title_date = d[0]
                used.add(n)
                if m.start_time is None:
                    m.start_time = find_time(text)
                break
    m.date = labelled_date or title_date
    if labelled_date and title_date and labelled_date != title_date:
        m.warnings.append(
            f"header dates disagree: {title_date.isoformat()} in the title, {labelled_date.isoformat()} in the date line"
        )
    if used:
        first, last = header_lines[min(used)], header_lines[max(used)]
        m.header_span = doc.span(first.start, last.end)
    return m.kind is not None or labelled_date is not None or (m.body is not None and m.place is not None)
