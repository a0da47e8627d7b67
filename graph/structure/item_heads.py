"""Where agenda items start: "Punkt N: title" lines (or "N. Title" followed by a
case number or a known section heading), told apart from the same lines in a
table of contents."""
from __future__ import annotations

import re

from graph.journal import find_journal_number
from graph.structure.headings import heading_role
from graph.structure.lines import Line, markup_free

# An item heading: (line index, number, title, offset of the title in the text)
Head = tuple[int, int, str, int]

ITEM_RE = re.compile(
    r"^(?:Punkt|Pkt\.?|Dagsordenspunkt|Dagsordenpunkt)\s+(?P<n>\d{1,3})"
    r"(?:\s*[:.)]\s*|\s+[-–]\s+|\s+(?=(?-i:[A-ZÆØÅ])))(?P<title>.*)$",
    re.IGNORECASE)
TOC_TAIL = re.compile(r"(?:\.{2,}|…+)?\s*(?:\t|\s{2,}|\.{2,}|…)\s*\d{1,4}\s*$|^\|.*\|\s*\d*\s*\|\s*$")
# The label of the case-number line under an item heading ("Sagsnr.: 21/4711")
JOURNAL_LABEL = re.compile(
    r"^(?:sagsnr|sags\s*nr|sagsnummer|j\.\s*nr|journalnr|journalnummer|jour\.\s*nr|sag\s*id|sag)\b\.?\s*:?\s*",
    re.IGNORECASE)
_NUMBERED_RE = re.compile(r"^(?P<n>\d{1,3})\.\s+(?P<title>(?-i:[A-ZÆØÅ]).{1,200})$")


def item_heading(line: Line) -> tuple[int, str, int] | None:
    """``(number, title, title_start)`` when the line is "Punkt N: title".

    >>> item_heading(Line(0, 24, "Punkt 2: Budget 2022-25"))
    (2, 'Budget 2022-25', 9)
    >>> item_heading(Line(0, 7, "Punkt 3")), item_heading(Line(0, 20, "Punkt 1: Budget ... 3"))
    (None, None)
    """
    text, start, _ = markup_free(line)
    m = ITEM_RE.match(text)
    if not m or TOC_TAIL.search(text):
        return None
    title = m.group("title").strip()
    if not title and not re.search(r"[:.)]\s*$", text):
        return None  # "Punkt 3" alone is a reference, not a heading
    return int(m.group("n")), title, start + m.start("title")


def find_item_heads(lines: list[Line]) -> tuple[list[Head], list[Head]]:
    """The item headings of a document and, apart, the "Punkt N:" lines of its table of contents."""
    heads = []
    for idx, ln in enumerate(lines):
        if ln.blank:
            continue
        h = item_heading(ln)
        if h is not None:
            heads.append((idx, *h))
    if not heads:
        heads = _numbered_heads(lines)
    return _split_toc_heads(lines, heads)


def _numbered_heads(lines: list[Line]) -> list[Head]:
    """Items written "3. Title" instead of "Punkt 3: Title" (some agenda systems).

    Numbered lists in the text look the same, so a line counts only when one of
    the next few lines is a journal number or a known section heading.
    """
    heads = []
    for idx, ln in enumerate(lines):
        text, start, _ = markup_free(ln) if not ln.blank else ("", 0, 0)
        m = _NUMBERED_RE.match(text)
        if not m or TOC_TAIL.search(text):
            continue
        following = [x for x in lines[idx + 1: idx + 8] if not x.blank][:3]
        number = int(m.group("n"))
        if heads and number != heads[-1][1] + 1:
            continue  # items count up one by one; a list inside an item restarts at 1
        if any(find_journal_number(x.text) or JOURNAL_LABEL.match(x.text) or heading_role(markup_free(x)[0])
               for x in following):
            title = m.group("title").strip()
            heads.append((idx, number, title, start + m.start("title")))
    return heads


def _split_toc_heads(lines: list[Line], heads: list[Head]) -> tuple[list[Head], list[Head]]:
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
