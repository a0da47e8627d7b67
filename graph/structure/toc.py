"""The table of contents ("Indholdsfortegnelse"): its heading, its entries
(dot leaders, tabs or a Markdown table, with page numbers) and how they
disagree with the agenda items actually found."""
from __future__ import annotations

import re

from graph import datafiles
from graph.model import Minutes, SourceDocument, TocEntry
from graph.structure.headings import fold
from graph.structure.item_heads import ITEM_RE
from graph.structure.lines import Line, markup_free
from graph.structure.wrapped_titles import MAX_CONTINUATION, joined, looks_cut, widest_line


def _edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Levenshtein distance of ``a`` and ``b``; ``limit + 1`` at once when their lengths differ more."""
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
    key = fold(text.strip("#* "))
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


def _parse_toc_line(line: Line) -> tuple[str, int | None, int] | None:
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


_LEADER_END = re.compile(r"(?:\.{2,}|…+)\s*$")
_BARE_PAGE = re.compile(r"^\d{1,4}$")


def parse_toc(doc: SourceDocument, lines: list[Line], start: int, stop: int) -> list[TocEntry]:
    """The entries among ``lines[start:stop]`` that look like TOC lines (a page number after a leader).

    An entry that PDF typesetting wrapped is read whole: a cut line before it ("Orientering v.\n
    Ida (13:35).....\t5") joins its title, and a page number on the line after the leader
    ("Orientering.....\n6") is its page.
    """
    entries = []
    widest = widest_line(lines)
    pending: list[Line] = []  # the first line(s) of a wrapped entry title, no blank line between
    k = start
    while k < stop:
        ln = lines[k]
        k += 1
        if ln.blank:
            pending = []
            continue
        parsed = _parse_toc_line(ln)
        if parsed is None and k < stop and _LEADER_END.search(ln.text) and _BARE_PAGE.match(lines[k].text):
            parsed = _parse_toc_line(Line(ln.start, lines[k].end, f"{ln.text}\t{lines[k].text}"))
            k += 1
        elif parsed is None and k < stop and ln.text.startswith("|") and not ln.text.endswith("|") \
                and lines[k].text.endswith("|"):  # a table row wrapped inside its title cell
            parsed = _parse_toc_line(Line(ln.start, lines[k].end, doc.text[ln.start:lines[k].end]))
            k += 1
        if parsed is None:
            nxt = lines[k].text if k < stop else ""
            cut = "\t" not in ln.text and "|" not in ln.text and looks_cut(ln.text, widest, nxt)
            pending = (pending + [ln])[-MAX_CONTINUATION:] if cut else []
            continue
        title, page, off = parsed
        if "\n" in title:
            entries.append(TocEntry(title=joined(title), page=page, span=doc.span(off, off + len(title))))
            continue
        if pending:
            raw = doc.text[pending[0].start:off + len(title)]  # the title with its line breaks
            title, off, pending = joined(raw), pending[0].start, []
            entries.append(TocEntry(title=title, page=page, span=doc.span(off, off + len(raw))))
            continue
        entries.append(TocEntry(title=title, page=page, span=doc.span(off, off + len(title))))
    return entries


def toc_mismatches(minutes: Minutes) -> list[str]:
    """Differences between the table of contents and the agenda item titles.

    Entries are compared in order with spaces and a final period ignored; a
    closed item listed as "Lukket" matches.
    """
    out: list[str] = []
    items = minutes.items
    toc = item_entries(minutes.toc)
    if not toc:
        return out
    if len(toc) != len(items):
        out.append(f"table of contents lists {len(toc)} entries but {len(items)} agenda items were found")
    closed_words = {c.casefold() for c in datafiles.lines("closed_item_titles.txt")}

    def key(s: str) -> str:
        s = ITEM_RE.sub(lambda m: m.group("title"), s.strip())  # "Punkt 1: X" lists the title X
        s = _NUMBER_LEAD.sub("", s)  # "101 X", "3. X": the number is the item's, the title X
        return re.sub(r"\s+", " ", s).strip().rstrip(".").strip().casefold()

    for i, (entry, item) in enumerate(zip(toc, items), 1):
        if key(entry.title) == key(item.title):
            continue
        if item.closed and key(entry.title) in closed_words:
            continue
        how = " only in spacing" if key(entry.title).replace(" ", "") == key(item.title).replace(" ", "") else ""
        out.append(f"table of contents entry {i} '{entry.title}' differs{how} from item {item.number} title '{item.title}'")
    return out


_SUB_ITEM = re.compile(r"^\d{1,4}\.\d{1,3}\.?\s")
_NUMBER_LEAD = re.compile(r"^\d{1,4}\.?\s+(?=\S)")


def item_entries(toc: list[TocEntry]) -> list[TocEntry]:
    """The entries of agenda items, without those of sub-items ("103.1 …" is part of item 103)."""
    return [e for e in toc if not _SUB_ITEM.match(e.title)]


def toc_entry_from_head(doc: SourceDocument, line: Line) -> TocEntry:
    """A TOC entry from a "Punkt N: Title 3" line of a table of contents without dot leaders."""
    text, start, _ = markup_free(line)
    title = re.sub(r"(?:\s*\.{2,}|\s)\s*\d{1,3}$", "", text).rstrip()
    m = re.search(r"\s+\d{1,3}$", text)
    page = int(m.group(0)) if m else None
    return TocEntry(title=title, page=page, span=doc.span(start, start + len(title)))
