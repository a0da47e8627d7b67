"""Parse the structure of one minutes document: header, table of contents,
agenda items ("Punkt N: ..."), journal numbers, sections, proposer and bilag.

The parser works on lines and keeps character offsets into ``doc.text`` for
everything it returns, so that each fact can be traced back (``Span``).
Vocabulary (section headings, month names, header labels, ...) is read from
``graph/data``; nothing here knows a particular municipality or body.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from graph import datafiles
from graph.journal import find_journal_number
from graph.model import AgendaItem, BilagLine, Minutes, NameRef, Problem, Section, SourceDocument, Span, TocEntry
from graph.sources import default_corpus, is_page_mark, read_sources


class NotMinutesError(ValueError):
    """The text is clearly not minutes (no "Punkt N:" items, and no header or no meeting date)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


# --------------------------------------------------------------------------- vocabulary


@lru_cache(maxsize=None)
def _headings() -> tuple[dict[str, str], tuple[tuple[str, str], ...]]:
    """Known section headings: exact (casefolded) → role, and prefixes → role."""
    exact: dict[str, str] = {}
    prefixes: list[tuple[str, str]] = []
    for row in datafiles.rows("headings.tsv"):
        heading, role = row[0], (row[1] if len(row) > 1 else "other")
        if heading.endswith(" *"):
            prefixes.append((heading[:-2].casefold() + " ", role))
        else:
            exact[_fold(heading)] = role
    return exact, tuple(sorted(prefixes, key=lambda p: -len(p[0])))


@lru_cache(maxsize=None)
def _months() -> dict[str, int]:
    return {row[0].casefold(): int(row[1]) for row in datafiles.rows("danish_months.tsv")}


@lru_cache(maxsize=None)
def _kinds() -> dict[str, str]:
    return {row[0].casefold(): row[1] for row in datafiles.rows("document_kinds.tsv")}


@lru_cache(maxsize=None)
def _header_labels() -> tuple[tuple[str, str, bool], ...]:
    rows = [(r[0], r[1], len(r) > 2 and r[2] == "colon") for r in datafiles.rows("header_labels.tsv")]
    return tuple(sorted(rows, key=lambda r: -len(r[0])))


def _fold(text: str) -> str:
    """Casefold, collapse spaces, drop a trailing colon: the key headings are compared by."""
    return re.sub(r"\s+", " ", text).strip().rstrip(":").strip().casefold()


def heading_role(line: str) -> str | None:
    """The role of a known section heading ("decision" for "Beslutning"), else None.

    >>> heading_role("Beslutning"), heading_role("Beslutning i Økonomiudvalget den 12-03-2019")
    ('decision', 'decision')
    >>> heading_role("Indstilling:"), heading_role("Dagsorden - 09. maj 2016")
    ('proposal', None)
    >>> heading_role("Beslutning i sagen blev udskudt til næste møde") is None
    True
    """
    exact, prefixes = _headings()
    key = _fold(line)
    if key in exact:
        return exact[key]
    for prefix, role in prefixes:
        if key.startswith(prefix) and len(key) <= 90 and not key.endswith((".", ";", ",")):
            # "Beslutning i Økonomiudvalget", "Indstilling fra direktionen" – not "Beslutning i sagen blev udskudt"
            rest = re.sub(r"\s+", " ", line.strip())[len(prefix):]
            if rest[:1].isupper() or len(key.split()) <= 4:
                return role
    return None


def find_section(item: AgendaItem, role: str) -> Section | None:
    """The first section of ``item`` whose heading has ``role`` (see graph/data/headings.tsv).

    Use it instead of ``item.section("Beslutning")`` to also find variants such as
    "Beslutning i Økonomiudvalget" or "Udvalgets beslutning".
    """
    for s in item.sections:
        if heading_role(s.heading) == role:
            return s
    return None


# --------------------------------------------------------------------------- dates and times


def _month_alternation() -> str:
    names = sorted(_months(), key=len, reverse=True)
    return "|".join(re.escape(n) for n in names)


@lru_cache(maxsize=None)
def _date_patterns() -> tuple[re.Pattern[str], ...]:
    months = _month_alternation()
    return (
        re.compile(r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?!\d)"),
        re.compile(r"(?<![\d.])(?P<d>\d{1,2})[-./](?P<m>\d{1,2})[-./](?P<y>\d{4}|\d{2})(?![\d])"),
        re.compile(r"(?<![\d./])(?P<d>\d{1,2})/(?P<m>\d{1,2})\s+(?P<y>\d{4})(?!\d)"),  # "5/5 2020"
        re.compile(rf"(?<!\d)(?P<d>\d{{1,2}})\.?\s*(?P<mn>{months})\.?,?\s+(?P<y>\d{{4}})(?!\d)", re.IGNORECASE),
    )


def find_date(text: str) -> tuple[date, int, int] | None:
    """The first calendar date written in ``text`` with its offsets.

    Understands "04-03-2021", "04.03.2021", "2021-03-04" and "4. marts 2021".

    >>> find_date("Torsdag d. 4. marts 2021 kl. 09:00")[0]
    datetime.date(2021, 3, 4)
    >>> find_date("REFERAT Økonomiudvalget d. 04-03-2021")[0]
    datetime.date(2021, 3, 4)
    >>> find_date("Dato: 2019-03-04")[0], find_date("kl. 9.00") is None
    (datetime.date(2019, 3, 4), True)
    """
    best: tuple[date, int, int] | None = None
    for pat in _date_patterns():
        for m in pat.finditer(text):
            try:
                month = int(m.group("m")) if "mn" not in pat.groupindex or m.group("mn") is None \
                    else _months()[m.group("mn").casefold()]
                year = int(m.group("y"))
                if year < 100:
                    year += 2000 if year < 70 else 1900
                found = date(year, month, int(m.group("d")))
            except (ValueError, KeyError):
                continue
            if best is None or m.start() < best[1]:
                best = (found, m.start(), m.end())
            break
    return best


_KL_TIME = re.compile(r"\bkl\.?\s*(\d{1,2})(?:[:.](\d{2}))?(?!\d)", re.IGNORECASE)
_BARE_TIME = re.compile(r"(?<![\d.:])(\d{1,2})[:.](\d{2})(?![\d.:]\d)")


def find_time(text: str) -> str | None:
    """The first clock time in ``text`` as "HH:MM" ("kl. 9.00" → "09:00").

    >>> find_time("Torsdag d. 19. maj 2016 kl. 09:00"), find_time("kl. 16.30"), find_time("Tid: 9:15-11:00")
    ('09:00', '16:30', '09:15')
    """
    candidates = []
    m = _KL_TIME.search(text)
    if m:
        candidates.append((m.start(), m.group(1), m.group(2) or "00"))
    stripped = text
    d = find_date(text)
    if d:  # a date such as 19.05.2016 must not be read as a time
        stripped = text[: d[1]] + " " * (d[2] - d[1]) + text[d[2]:]
    m = _BARE_TIME.search(stripped)
    if m:
        candidates.append((m.start(), m.group(1), m.group(2)))
    for _, hh, mm in sorted(candidates):
        if int(hh) < 24 and int(mm) < 60:
            return f"{int(hh):02d}:{mm}"
    return None


# --------------------------------------------------------------------------- lines


@dataclass
class _Line:
    start: int  # offset of the first non-space character (or line start when blank)
    end: int  # offset just after the last non-space character
    text: str  # stripped text

    @property
    def blank(self) -> bool:
        return not self.text


def _lines(text: str) -> list[_Line]:
    out = []
    pos = 0
    for raw in text.split("\n"):
        lead = len(raw) - len(raw.lstrip())
        stripped = raw.strip()
        start = pos + lead if stripped else pos
        out.append(_Line(start, start + len(stripped), stripped))
        pos += len(raw) + 1
    return out


def _markup_free(line: _Line) -> tuple[str, int, int]:
    """Text of a line without Markdown heading/bold markup, with its offsets."""
    text, start = line.text, line.start
    m = re.match(r"^(#{1,6}\s+|\*\*|__)", text)
    if m:
        text, start = text[m.end():], start + m.end()
    m = re.search(r"(\*\*|__)\s*$", text)
    if m:
        text = text[: m.start()]
    stripped = text.rstrip()
    return stripped, start, start + len(stripped)


_ITEM_RE = re.compile(
    r"^(?:Punkt|Pkt\.?|Dagsordenspunkt|Dagsordenpunkt)\s+(?P<n>\d{1,3})"
    r"(?:\s*[:.)]\s*|\s+[-–]\s+|\s+(?=(?-i:[A-ZÆØÅ])))(?P<title>.*)$",
    re.IGNORECASE)
_TOC_TAIL = re.compile(r"(?:\.{2,}|…+)?\s*(?:\t|\s{2,}|\.{2,}|…)\s*\d{1,4}\s*$|^\|.*\|\s*\d*\s*\|\s*$")


def _item_heading(line: _Line) -> tuple[int, str, int] | None:
    """``(number, title, title_start)`` when the line is "Punkt N: title"."""
    text, start, _ = _markup_free(line)
    m = _ITEM_RE.match(text)
    if not m or _TOC_TAIL.search(text):
        return None
    title = m.group("title").strip()
    if not title and not re.search(r"[:.)]\s*$", text):
        return None  # "Punkt 3" alone is a reference, not a heading
    return int(m.group("n")), title, start + m.start("title")


# --------------------------------------------------------------------------- header


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
    key = _fold(text)
    for label, field, _ in _header_labels():
        if key == label.casefold().rstrip(":"):
            return field
    return None


_CONNECTOR = re.compile(
    r"(?:[-–:,]\s*)?(?:(?:for|fra|af|over|til)\s+)?(?:(?:det\s+)?(?:ordinære\s+|ekstraordinære\s+)?møde(?:t)?\s+i\s+)?",
    re.IGNORECASE,
)
_BODY_TAIL = re.compile(r"(?:\s*[-–,:]|\s+(?:d\.|den|mødet?|afholdt|møde))+\s*$", re.IGNORECASE)


def _kind_at(text: str) -> tuple[str, int, int] | None:
    """A document kind word at the start (or end) of a line: ``(kind, start, end)``."""
    kinds = _kinds()
    for surface in sorted(kinds, key=len, reverse=True):
        if text.casefold().startswith(surface) and not text[len(surface):len(surface) + 1].isalpha():
            return kinds[surface], 0, len(surface)
    for surface in sorted(kinds, key=len, reverse=True):
        m = re.search(rf"[-–,:]\s*{re.escape(surface)}\s*$", text, re.IGNORECASE)
        if m:
            return kinds[surface], m.start(), len(text)
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
    if not rest or not rest[0].isalpha() or len(rest) > 80 or ":" in rest:
        return None
    return rest, offset + start


def _parse_header(doc: SourceDocument, lines: list[_Line], stop: int, m: Minutes) -> bool:
    """Fill kind, body, date, start time, place from the lines before ``stop``. True if found."""
    header_lines = [ln for ln in lines[:stop] if not ln.blank][:25]
    texts = [_markup_free(ln)[0] for ln in header_lines]
    title_date = None
    labelled_date = None
    used: set[int] = set()
    kind_line = None
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
        elif kind_line is None and (k := _kind_at(text)):
            kind, ks, ke = k
            m.kind, kind_line = kind, n
            used.add(n)
            d = find_date(text)
            if d:
                title_date = d[0]
            found = _body_from(text[ke:], ke) if ks == 0 else _body_from(text[:ks], 0)
            if found and m.body is None:
                m.body = found[0]
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


# --------------------------------------------------------------------------- table of contents


def _edit_distance(a: str, b: str, limit: int = 3) -> int:
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def is_toc_heading(text: str) -> bool:
    """True for "Indholdsfortegnelse" and near misspellings ("Innholdsfortegnelse").

    >>> is_toc_heading("Innholdsfortegnelse"), is_toc_heading("Indhold:"), is_toc_heading("Indstilling")
    (True, True, False)
    """
    key = _fold(text.strip("#* "))
    for heading in datafiles.lines("toc_headings.txt"):
        h = heading.casefold()
        if key == h or (len(h) >= 10 and _edit_distance(key, h) <= 2):
            return True
    return False


_TOC_TAB = re.compile(r"^(?P<title>.*?)[ \t]*(?:\t|\s{2,}|(?<=\.)|(?<=…))[ \t]*(?P<page>\d{1,4})$")
_TOC_MD = re.compile(r"^\|\s*(?P<title>[^|]*?)\s*\|\s*(?P<page>\d{0,4})\s*\|$")


def _strip_leader(title: str) -> str:
    """Drop the dot leader: exactly five dots when the run is that long (the
    title's own final period is then kept if there are six), else the whole run."""
    m = re.search(r"(\.+|…+)$", title)
    if not m:
        return title.rstrip()
    run = m.group(1)
    if run[0] == "." and len(run) >= 5:
        kept = title[: len(title) - 5]
        if re.search(r"\.\.$", kept):
            kept = kept.rstrip(".")
        return kept.rstrip()
    if len(run) >= 2 or run[0] == "…":
        return title[: m.start()].rstrip()
    return title.rstrip()


def _parse_toc_line(line: _Line) -> tuple[str, int | None, int] | None:
    """``(title, page, title_offset)`` for a TOC line, else None."""
    text = line.text
    m = _TOC_MD.match(text)
    if m:
        raw = m.group("title")
        if not raw or set(raw) <= set("-: "):
            return None
        title = _strip_leader(raw)
        page = int(m.group("page")) if m.group("page") else None
        return (title, page, line.start + m.start("title")) if title else None
    if set(text) <= set("|-: "):
        return None
    m = _TOC_TAB.match(text)
    if m and (m.group("title").endswith((".", "…")) or "\t" in text):
        title = _strip_leader(m.group("title"))
        return (title, int(m.group("page")), line.start) if title else None
    return None


def _parse_toc(doc: SourceDocument, lines: list[_Line], start: int, stop: int) -> list[TocEntry]:
    entries = []
    for ln in lines[start:stop]:
        if ln.blank:
            continue
        parsed = _parse_toc_line(ln)
        if parsed is None:
            continue
        title, page, off = parsed
        entries.append(TocEntry(title=title, page=page, span=doc.span(off, off + len(title))))
    return entries


def toc_mismatches(minutes: Minutes) -> list[str]:
    """Differences between the table of contents and the agenda item titles.

    Entries are compared in order with spaces and a final period ignored; a
    closed item listed as "Lukket" matches.
    """
    out: list[str] = []
    toc, items = minutes.toc, minutes.items
    if not toc:
        return out
    if len(toc) != len(items):
        out.append(f"table of contents lists {len(toc)} entries but {len(items)} agenda items were found")
    closed_words = {c.casefold() for c in datafiles.lines("closed_item_titles.txt")}

    def key(s: str) -> str:
        s = _ITEM_RE.sub(lambda m: m.group("title"), s.strip())  # "Punkt 1: X" lists the title X
        return re.sub(r"\s+", " ", s).strip().rstrip(".").strip().casefold()

    for i, (entry, item) in enumerate(zip(toc, items), 1):
        if key(entry.title) == key(item.title):
            continue
        if item.closed and key(entry.title) in closed_words:
            continue
        out.append(f"table of contents entry {i} '{entry.title}' differs from item {item.number} title '{item.title}'")
    return out


# --------------------------------------------------------------------------- item titles

_PREFIX_RE = re.compile(r"^(?P<p>[A-ZÆØÅ§][A-ZÆØÅ0-9§&.]{0,9}\s+[-–]\s+)(?=\S)")
_SLOT_RE = re.compile(
    r"\s*\(\s*(?:kl\.?\s*)?(?P<slot>\d{1,2}[:.]\d{2}(?:\s*[-–]\s*\d{1,2}[:.]\d{2})?)\s*\)\s*$", re.IGNORECASE)
_SLOT_KL_RE = re.compile(r"\s+kl\.\s*(?P<slot>\d{1,2}[:.]\d{2}(?:\s*[-–]\s*\d{1,2}[:.]\d{2})?)\s*$", re.IGNORECASE)
_NAME_SPLIT = re.compile(r"\s*,\s*|\s+og\s+|\s*&\s*")
_NAME_OK = re.compile(r"^[A-ZÆØÅÉÜÖÄ][\w'’.\-]*(?:\s+[A-ZÆØÅÉÜÖÄa-zæøå][\w'’.\-]*){0,4}$")


@lru_cache(maxsize=None)
def _participant_re() -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in sorted(datafiles.lines("participant_words.txt"), key=len, reverse=True))
    return re.compile(
        rf"\s*\(\s*(?:(?P<names>[^()]+?)\s+(?:{words})|(?:{words})\s*:?\s+(?P<names2>[^()]+?))\s*\)\s*$",
        re.IGNORECASE)


@lru_cache(maxsize=None)
def _presenter_re() -> re.Pattern[str]:
    markers = "|".join(re.escape(w) for w in sorted(datafiles.lines("presenter_markers.txt"), key=len, reverse=True))
    return re.compile(rf"\s+(?P<marker>{markers})\s+(?P<names>[^()]+?)\s*$", re.IGNORECASE)


def _names_start_with_first_names(refs: list[NameRef]) -> bool:
    """Every name begins with a known first name: "ved Jonas Friis", not "ved Nørreby Skole"."""
    first = set(datafiles.lines("first_names.txt"))
    return all(r.name.split()[0].split("-")[0] in first for r in refs)


def _split_names(doc: SourceDocument, text: str, offset: int, role: str) -> list[NameRef] | None:
    """Names of "René, Birgit og Susanne" as NameRefs; None if any part is not name-like."""
    refs = []
    pos = 0
    for part in _NAME_SPLIT.split(text):
        idx = text.find(part, pos)
        pos = idx + len(part)
        name = part.strip()
        if not name:
            continue
        if not _NAME_OK.match(name) or any(ch.isdigit() for ch in name):
            return None
        s = offset + idx + (len(part) - len(part.lstrip()))
        refs.append(NameRef(name=name, role=role, span=doc.span(s, s + len(name))))
    return refs or None


def split_title(doc: SourceDocument, title: str, offset: int) -> tuple[str | None, str, str | None, list[NameRef]]:
    """Split an item title into ``(prefix, core_title, time_slot, names)``.

    ``offset`` is where ``title`` starts in ``doc.text``; names get spans there.
    Trailing parts are peeled off right to left: time slot "(13:55-14:15)",
    participants "(Ida Holm deltager)", presenters "v. Ida".
    """
    prefix = None
    m = _PREFIX_RE.match(title)
    start = 0
    if m:
        prefix = m.group("p")
        start = m.end()
    end = len(title)
    slot = None
    presenters: list[NameRef] = []
    participants: list[NameRef] = []
    changed = True
    while changed:
        changed = False
        rest = title[start:end]
        if slot is None and (sm := (_SLOT_RE.search(rest) or _SLOT_KL_RE.search(rest))):
            slot = sm.group("slot")
            end = start + sm.start()
            changed = True
            continue
        pm = _participant_re().search(rest)
        if pm:
            key = "names" if pm.group("names") else "names2"
            refs = _split_names(doc, pm.group(key), offset + start + pm.start(key), "participant")
            if refs:
                participants = refs + participants
                end = start + pm.start()
                changed = True
                continue
        vm = _presenter_re().search(rest)
        if vm and not presenters and vm.start() > 0:
            refs = _split_names(doc, vm.group("names"), offset + start + vm.start("names"), "presenter")
            # A bare preposition marker ("ved") also names places ("Trafiksikkerhed ved Nørreby
            # Skole"); only abbreviations ("v.") and phrases ("oplæg ved") are unambiguous.
            if refs and vm.group("marker").isalpha() and not _names_start_with_first_names(refs):
                refs = None
            if refs:
                presenters = refs
                end = start + vm.start()
                changed = True
    core = title[start:end].strip()
    return prefix, core, slot, presenters + participants


# --------------------------------------------------------------------------- items


def _is_closed_title(core: str) -> bool:
    """"Lukket", "Lukket punkt: Salg af ejendom", "Salg af ejendom (Lukket punkt)"."""
    key = core.strip().rstrip(".").strip().casefold()
    words = sorted((c.casefold() for c in datafiles.lines("closed_item_titles.txt")), key=len, reverse=True)
    for w in words:
        if key == w or re.match(rf"{re.escape(w)}\s*[:\-–]", key) or re.search(rf"\(\s*{re.escape(w)}\s*\)$", key):
            return True
    return False


_JOURNAL_LABEL = re.compile(
    r"^(?:sagsnr|sags\s*nr|sagsnummer|j\.\s*nr|journalnr|journalnummer|jour\.\s*nr|sag\s*id|sag)\b\.?\s*:?\s*",
    re.IGNORECASE)
_CASE_NUMBER = re.compile(r"^[\w./-]*\d[\w./-]*$")  # "21/4711", "2019-001234": case numbers outside KLE
_SENTENCE_END = re.compile(r"[.!?;:,]$")


def _unknown_heading(lines: list[_Line], i: int, end: int) -> bool:
    """A line that is clearly a heading although not in the list: short, standing
    alone between blank lines, capitalised, no final punctuation, not a sentence,
    followed by text."""
    ln = lines[i]
    text = ln.text
    if not text or len(text) > 60 or len(text.split()) > 7:
        return False
    if not text[0].isupper() or _SENTENCE_END.search(text) or text.startswith(("-", "•", "*", "|")):
        return False
    if any(ch.isdigit() for ch in text) or re.search(r"\b(er|var|skal|kan|vil|har|blev|bliver|at)\b", text):
        return False
    if i > 0 and not lines[i - 1].blank:
        return False
    if i + 1 >= end or not lines[i + 1].blank:
        return False
    nxt = next((j for j in range(i + 1, end) if not lines[j].blank), None)
    return nxt is not None and heading_role(lines[nxt].text) is None and len(lines[nxt].text) > len(text)


def _parse_item(doc: SourceDocument, lines: list[_Line], head: int, end: int, number: int, title: str,
                title_start: int, item_end_offset: int) -> AgendaItem:
    title_span = doc.span(title_start, title_start + len(title))
    item = AgendaItem(number=number, title=title, title_span=title_span,
                      span=doc.span(lines[head].start, item_end_offset))
    item.prefix, item.core_title, item.time_slot, item.names = split_title(doc, title, title_start)
    item.closed = _is_closed_title(item.core_title)

    # The journal number sits in the first lines under the heading.
    body_start = head + 1
    i = head + 1
    seen = 0
    while i < end and seen < 3:
        ln = lines[i]
        i += 1
        if ln.blank:
            continue
        seen += 1
        text, s, _ = _markup_free(ln)
        if heading_role(text) or _item_heading(ln):
            break
        found = find_journal_number(text)
        label = _JOURNAL_LABEL.match(text)
        if found and (label or len(text) <= 40):
            j, js, je = found
            item.journal_number = j.normalised
            item.journal_span = doc.span(s + js, s + je)
            body_start = i
            break
        if label and _CASE_NUMBER.match(text[label.end():].strip()):
            value = text[label.end():].strip()  # a case number outside KLE, kept as written
            vs = s + text.index(value, label.end())
            item.journal_number = value
            item.journal_span = doc.span(vs, vs + len(value))
            body_start = i
            break

    if item.closed:
        return item

    # Section headings: known ones anywhere; unknown heading-like lines only
    # before the first known heading (later ones are sub-headings of a section).
    heads: list[tuple[int, str, int, int]] = []  # (line index, heading, start, end)
    for k in range(body_start, end):
        ln = lines[k]
        if ln.blank:
            continue
        text, s, e = _markup_free(ln)
        if heading_role(text) is not None and len(text) <= 90:
            heads.append((k, text, s, e))
        elif not heads and _unknown_heading(lines, k, end):
            heads.append((k, text, s, e))

    first_text = next((k for k in range(body_start, end) if not lines[k].blank), None)
    if first_text is not None and (not heads or heads[0][0] > first_text):
        # Text before any heading is kept as a section without heading so no text is lost.
        stop = heads[0][0] if heads else end
        sec = _section(doc, lines, "", first_text, first_text, stop, lines[first_text].start)
        if sec is not None:
            item.sections.append(sec)
    for n, (k, heading, s, e) in enumerate(heads):
        stop = heads[n + 1][0] if n + 1 < len(heads) else end
        sec = _section(doc, lines, heading, k, k + 1, stop, s, e)
        if sec is not None:
            item.sections.append(sec)

    _find_proposer(doc, item)
    attachments = [s for s in item.sections if heading_role(s.heading) == "attachments"]
    for sec in attachments:
        pos = sec.span.start
        for raw in sec.text.split("\n"):
            stripped = raw.strip()
            if stripped and not is_page_mark(stripped):
                s = pos + raw.index(stripped)
                item.bilag.append(BilagLine(text=stripped, span=doc.span(s, s + len(stripped))))
            pos += len(raw) + 1
    return item


_PROPOSER_RE = re.compile(r"^(?P<who>[^\n]{2,160}?)\s+indstiller\b", re.MULTILINE)
_NOT_PROPOSER = re.compile(r"^(det|der|vi|man|hermed|som)$", re.IGNORECASE)


def _find_proposer(doc: SourceDocument, item: AgendaItem) -> None:
    """The subject of "X indstiller" opening the Indstilling section; without such
    a section, a paragraph of the item that opens with "X indstiller"."""
    proposal = find_section(item, "proposal")
    if proposal is not None:
        candidates = [(proposal.span.start, proposal.text.split("\n", 1)[0])]
    else:
        candidates = [(s.span.start, s.text) for s in item.sections]
    for base, text in candidates:
        for pm in _PROPOSER_RE.finditer(text):
            who = pm.group("who").strip()
            if _NOT_PROPOSER.match(who) or (proposal is None and (not who[0].isupper() or len(who) > 80)):
                continue
            ps = base + pm.start("who") + (len(pm.group("who")) - len(pm.group("who").lstrip()))
            item.proposer = who
            item.proposer_span = doc.span(ps, ps + len(who))
            return


def _section(doc: SourceDocument, lines: list[_Line], heading: str, head_line: int, body_from: int, stop: int,
             hs: int, he: int | None = None) -> Section | None:
    he = hs if he is None else he
    body = [lines[k] for k in range(body_from, stop) if not lines[k].blank]
    if body:
        start, end = body[0].start, body[-1].end
    else:
        start = end = lines[head_line].end if heading else hs
    if not heading and not body:
        return None
    return Section(heading=heading, text=doc.text[start:end], span=doc.span(start, end),
                   heading_span=doc.span(hs, he))


# --------------------------------------------------------------------------- the whole document


def parse_minutes(doc: SourceDocument) -> Minutes:
    """Parse one minutes document into :class:`Minutes`.

    Raises :class:`NotMinutesError` when the text has neither a minutes header
    nor any "Punkt N:" item, or has no item and no meeting date. Anything
    doubtful (a truncated file, a table of contents that disagrees with the
    items) is added to ``minutes.warnings``.
    """
    lines = _lines(doc.text)
    heads = []
    for idx, ln in enumerate(lines):
        if ln.blank:
            continue
        h = _item_heading(ln)
        if h is not None:
            heads.append((idx, *h))
    if not heads:
        heads = _numbered_heads(lines)
    heads, toc_heads = _split_toc_heads(lines, heads)
    first_head = min([h[0] for h in heads + toc_heads], default=None)
    toc_idx = next((i for i, ln in enumerate(lines[: first_head if first_head is not None else len(lines)])
                    if not ln.blank and is_toc_heading(ln.text)), None)
    header_stop = toc_idx if toc_idx is not None else (first_head if first_head is not None else min(len(lines), 40))

    m = Minutes(doc=doc, kind=None, body=None, date=None, start_time=None, place=None)
    has_header = _parse_header(doc, lines, header_stop, m)
    if not heads and (not has_header or m.kind is None):
        # a dated letter or note has header-like lines too; minutes without items must at least say REFERAT/DAGSORDEN
        raise NotMinutesError("no minutes header (kind, body, date) and no 'Punkt N:' agenda items")
    if not heads and m.date is None:
        # a "Referat" heading over free text (a note, a pasted e-mail) is no meeting: without items it needs a date
        raise NotMinutesError(f"a '{m.kind}' heading but neither a meeting date nor any 'Punkt N:' agenda items")

    toc_start = toc_idx + 1 if toc_idx is not None else header_stop
    m.toc = _parse_toc(doc, lines, toc_start, heads[0][0] if heads else header_stop)
    if not m.toc and toc_heads:
        m.toc = [_toc_entry_from_head(doc, lines[h[0]]) for h in toc_heads]

    for n, (idx, number, title, title_start) in enumerate(heads):
        stop = heads[n + 1][0] if n + 1 < len(heads) else len(lines)
        end_offset = lines[heads[n + 1][0]].start if n + 1 < len(heads) else len(doc.text)
        m.items.append(_parse_item(doc, lines, idx, stop, number, title, title_start, end_offset))

    _add_warnings(m)
    return m


def parse_sources(
    inputs: Iterable[str | Path] | None,
    progress: Callable[[str, str], object] | None = None,
) -> tuple[list[Minutes], list[Problem]]:
    """Read and parse the minutes named by ``inputs`` (files, folders, globs; None or empty:
    the bundled sample corpus).

    Returns the parsed minutes in ``doc_id`` order and every problem met: those of
    reading, "not minutes: {reason}" for a document that is no minutes, and
    "could not be parsed ({ExcType}: {exc})" for a parser crash, which must not
    lose the other documents. ``progress(stage, doc_id)`` is called with stage
    "read" per file read and "parse" per document parsed.
    """
    inputs = list(inputs) if inputs else [default_corpus()]
    docs, problems = read_sources(inputs, progress=(lambda d: progress("read", d)) if progress else None)
    parsed, parse_problems = parse_documents(docs, progress)
    return parsed, problems + parse_problems


def parse_documents(
    docs: Iterable[SourceDocument],
    progress: Callable[[str, str], object] | None = None,
) -> tuple[list[Minutes], list[Problem]]:
    """Parse documents already read; a document that is no minutes, or that the parser
    cannot handle, becomes a :class:`Problem` naming it, never an exception."""
    parsed: list[Minutes] = []
    problems: list[Problem] = []
    for doc in docs:
        try:
            parsed.append(parse_minutes(doc))
        except NotMinutesError as exc:
            problems.append(Problem(doc.doc_id, f"not minutes: {exc.reason}"))
            continue
        except Exception as exc:  # a parser bug must not lose the other documents
            problems.append(Problem(doc.doc_id, f"could not be parsed ({type(exc).__name__}: {exc})"))
            continue
        if progress:
            progress("parse", doc.doc_id)
    return parsed, problems


_NUMBERED_RE = re.compile(r"^(?P<n>\d{1,3})\.\s+(?P<title>(?-i:[A-ZÆØÅ]).{1,200})$")


def _numbered_heads(lines: list[_Line]) -> list[tuple]:
    """Items written "3. Title" instead of "Punkt 3: Title" (some agenda systems).

    Numbered lists in the text look the same, so a line counts only when one of
    the next few lines is a journal number or a known section heading.
    """
    heads = []
    for idx, ln in enumerate(lines):
        text, start, _ = _markup_free(ln) if not ln.blank else ("", 0, 0)
        m = _NUMBERED_RE.match(text)
        if not m or _TOC_TAIL.search(text):
            continue
        following = [x for x in lines[idx + 1: idx + 8] if not x.blank][:3]
        number = int(m.group("n"))
        if heads and number != heads[-1][1] + 1:
            continue  # items count up one by one; a list inside an item restarts at 1
        if any(find_journal_number(x.text) or _JOURNAL_LABEL.match(x.text) or heading_role(_markup_free(x)[0])
               for x in following):
            title = m.group("title").strip()
            heads.append((idx, number, title, start + m.start("title")))
    return heads


def _split_toc_heads(lines: list[_Line], heads: list[tuple]) -> tuple[list[tuple], list[tuple]]:
    """Separate "Punkt N: ..." lines of a table of contents from the real item headings.

    A TOC written as "Punkt 1: Title 3" (no dot leader) looks like a heading; it
    is recognised by having no text under it while the same number comes back later.
    """
    items, toc = [], []
    for n, head in enumerate(heads):
        nxt = heads[n + 1][0] if n + 1 < len(heads) else len(lines)
        empty = all(lines[k].blank for k in range(head[0] + 1, nxt))
        if empty and any(later[1] == head[1] for later in heads[n + 1:]):
            toc.append(head)
        else:
            items.append(head)
    return items, toc


def _toc_entry_from_head(doc: SourceDocument, line: _Line) -> TocEntry:
    text, start, _ = _markup_free(line)
    title = re.sub(r"(?:\s*\.{2,}|\s)\s*\d{1,3}$", "", text).rstrip()
    m = re.search(r"\s+\d{1,3}$", text)
    page = int(m.group(0)) if m else None
    return TocEntry(title=title, page=page, span=doc.span(start, start + len(title)))


def _add_warnings(m: Minutes) -> None:
    if not m.items:
        m.warnings.append("no 'Punkt N:' agenda items found")
        return
    numbers = [it.number for it in m.items]
    if numbers != list(range(numbers[0], numbers[0] + len(numbers))):
        m.warnings.append(f"agenda item numbers are not consecutive: {numbers}")
    if m.body is None:
        m.warnings.append("no meeting body found in the header")
    if m.date is None:
        m.warnings.append("no meeting date found in the header")
    m.warnings.extend(toc_mismatches(m))
    if m.toc and len(m.toc) > len(m.items):
        m.warnings.append("the document may be truncated: the table of contents lists more items than were found")
    last = m.items[-1]
    decided = [it for it in m.items[:-1] if not it.closed and find_section(it, "decision")]
    if not last.closed and decided and find_section(last, "decision") is None and m.kind != "DAGSORDEN":
        m.warnings.append(f"the document may be truncated: the last item (Punkt {last.number}) has no decision")
    tail = last.sections[-1] if last.sections else None
    if tail is not None and heading_role(tail.heading) != "attachments" and tail.text:
        lines = [ln for ln in tail.text.split("\n") if ln.strip() and not is_page_mark(ln)]
        final_line = lines[-1] if lines else ""
        if len(final_line.split()) >= 6 and re.search(r"[\w,\-–]$", final_line):
            m.warnings.append(f"the document may be truncated: the last item (Punkt {last.number}) ends mid-sentence")
    # an empty "Eventuelt" (a standing item) at the end is normal, in a dagsorden above all
    if (not last.closed and not last.sections and last.journal_number is None
            and not is_standing_item(last.core_title or last.title)):
        m.warnings.append(f"the document may be truncated: the last item (Punkt {last.number}) is empty")


def is_standing_item(title: str) -> bool:
    """True when ``title`` is a standing agenda item of graph/data/standing_items.txt: equal to
    one, or starting with one followed by a space or punctuation (a word boundary).

    >>> is_standing_item("Eventuelt"), is_standing_item("Evt."), is_standing_item("Godkendelse af dagsorden og referat")
    (True, True, True)
    >>> is_standing_item("Referatskabelon for udvalgene"), is_standing_item("Meddelelsesbog")
    (False, False)
    """
    key = re.sub(r"\s+", " ", title).strip().casefold()
    for word in _standing_items():
        if key == word or (key.startswith(word) and not key[len(word)].isalnum()):
            return True
    return False


@lru_cache(maxsize=None)
def _standing_items() -> tuple[str, ...]:
    return tuple(re.sub(r"\s+", " ", w).casefold() for w in datafiles.lines("standing_items.txt"))


def minutes_as_dict(minutes: Minutes) -> dict:
    """A JSON-ready summary of the parsed structure (the shape of the gold annotation,
    plus kind, title parts and ``[start, end]`` offsets), for inspection and tests."""

    def off(span: Span | None) -> list[int] | None:
        return [span.start, span.end] if span is not None else None

    return {
        "source": minutes.doc.doc_id,
        "kind": minutes.kind,
        "meeting": {
            "body": minutes.body,
            "date": minutes.date.isoformat() if minutes.date else None,
            "start_time": minutes.start_time,
            "place": minutes.place,
        },
        "toc": [e.title for e in minutes.toc],
        "items": [
            {
                "number": it.number,
                "title": it.title,
                "title_span": off(it.title_span),
                "prefix": it.prefix,
                "core_title": it.core_title,
                "time_slot": it.time_slot,
                "names": [{"name": n.name, "role": n.role, "span": off(n.span)} for n in it.names],
                "journal_number": it.journal_number,
                "closed": it.closed,
                "sections": [s.heading for s in it.sections],
                "proposer": it.proposer,
                "bilag": [b.text for b in it.bilag],
            }
            for it in minutes.items
        ],
        "warnings": list(minutes.warnings),
    }
