"""Where agenda items start, told apart from the same lines in a table of contents.

Publishing systems write item headings in a few layouts:

- "Punkt N: Title" (also "Pkt.", "Dagsordenspunkt"): always a heading;
- "N. Title" (eDoc, Acadre web pages), "N Title" with sub-items "N.M Title" (SBSYS, numbers
  running over a year into the hundreds), and the number alone on a line with the title on the
  next one to three lines (eDoc PDFs, web pages): these look like numbered lists, so they count
  only when a case number, a document number or a known section heading follows closely.

When no "Punkt N:" heading is found, the numbered layout that yields the most headings wins.
"""
from __future__ import annotations

import re
from bisect import bisect_right

from graph.structure.headings import heading_role
from graph.structure.lines import Line, markup_free

# An item heading: (line index, number, title, offset of the title in the text)
Head = tuple[int, int, str, int]

# (item numbers up to 99,999: systems that number items through a year or a term run past 999,
# and a number of 1000 or more was cut to a shorter one's text before)
ITEM_RE = re.compile(
    r"^(?:Punkt|Pkt\.?|Dagsordenspunkt|Dagsordenpunkt)\s+(?P<n>\d{1,5})"
    r"(?:\s*[:.)]\s*|\s+[-–]\s+|\s+(?=(?-i:[A-ZÆØÅ])))(?P<title>.*)$",
    re.IGNORECASE)
class _TocTail:
    """A table-of-contents line's tail: a page number after a leader (a tab, two blanks, dots or
    an ellipsis), or a table row ending in a page-number cell. Read from the line's end, in
    linear time: the regular expression it replaces was cubic in a run of dots with no number.

    >>> [TOC_TAIL.search(t) for t in ("Budget ........ 12", "Budget\t3", "Budget 2025", "Budget" + "." * 5000)]
    [True, True, False, False]
    """

    _TABLE_ROW = re.compile(r"^\|.*\|[ \t]*\d*[ \t]*\|[ \t]*$")

    def search(self, text: str) -> bool:
        line = text.rstrip()
        if line.startswith("|") and self._TABLE_ROW.match(line):
            return True
        digits = len(line) - len(line.rstrip("0123456789"))
        if not 1 <= digits <= 4:
            return False
        before = line[:-digits]
        lead = before.rstrip()
        gap = before[len(lead):]
        return "\t" in gap or len(gap) >= 2 or lead.endswith(("..", "…"))


TOC_TAIL = _TocTail()
_NUMBERED_RE = re.compile(r"^(?P<n>\d{1,4})\.\s+(?P<title>(?-i:[A-ZÆØÅ]).{1,200})$")
_SPACED_RE = re.compile(r"^(?P<n>\d{1,4})\s+(?P<title>(?-i:[A-ZÆØÅ]).{1,200})$")  # "101 Title", never "101.1 Sub"
_ALONE_RE = re.compile(r"^(?:(?:Punkt|Pkt\.?)\s+)?(?P<n>\d{1,4})\.?$", re.IGNORECASE)
_MAX_TITLE_LINES = 3

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
        layouts = [_numbered_heads(lines, _NUMBERED_RE), _numbered_heads(lines, _SPACED_RE), _number_alone_heads(lines)]
        heads = max(layouts, key=len)  # ties: the order above
        return _split_toc_heads(lines, heads)
    return _without_point_lines(lines, *_split_toc_heads(lines, heads))


def _without_point_lines(lines: list[Line], items: list[Head], toc: list[Head]) -> tuple[list[Head], list[Head]]:
    """The "Punkt N:" headings without the lines that number the points of a proposal inside an
    item ("Pkt. 1: Orienteringen blev taget til efterretning." / "Pkt. 2: Godkendt." in a decision
    or a case history). Item numbers count up, so such a line is one whose number does not exceed
    the last item's, or one whose number a later heading repeats with a case or document number
    under it, when it has no such number under it itself. A table of contents stands before the
    first item, so "Punkt N:" lines after it are no contents entries either."""
    starts = sorted(h[0] for h in items + toc)

    def numbered(idx: int) -> bool:  # a case or document number under it, before the next heading
        at = bisect_right(starts, idx)
        return _evidence(lines, idx, starts[at] if at < len(starts) else len(lines)) == 2

    strong = [numbered(h[0]) for h in items]
    # repeated_later[n]: a later strong heading has item n's number (one pass from the end, not a
    # scan of the rest per heading, which made 10,000 headings take minutes)
    repeated_later = [False] * len(items)
    strong_numbers: set[int] = set()
    for n in range(len(items) - 1, -1, -1):
        repeated_later[n] = items[n][1] in strong_numbers
        if strong[n]:
            strong_numbers.add(items[n][1])
    kept: list[Head] = []
    for n, h in enumerate(items):
        if not strong[n] and ((kept and h[1] <= kept[-1][1]) or repeated_later[n]):
            continue
        kept.append(h)
    first = kept[0][0] if kept else len(lines)
    return kept, [h for h in toc if h[0] < first]


def _evidence(lines: list[Line], after: int, stop: int | None = None) -> int:
    """What makes a numbered line an item heading, among the three non-blank lines after
    ``lines[after]`` (within seven lines, and before ``lines[stop]``): 2 for a case or document
    number, 1 for a known section heading only, 0 for neither."""
    from graph.casenumbers import find_case_number, label_at

    end = after + 8 if stop is None else min(after + 8, stop)
    following = [markup_free(x)[0] for x in lines[after + 1: end] if not x.blank][:3]
    if any(find_case_number(t) or label_at(t) for t in following):
        return 2
    return 1 if any(heading_role(t) for t in following) else 0


def _counts_on(heads: list[Head], number: int) -> bool:
    """Items count up one by one; a list inside an item restarts at 1 (a year is no item number)."""
    if 1900 <= number <= 2099 and not heads:
        return False
    return not heads or number == heads[-1][1] + 1


def _numbered_heads(lines: list[Line], pattern: re.Pattern[str] = _NUMBERED_RE) -> list[Head]:
    """Items written "3. Title" (or "103 Title") instead of "Punkt 3: Title".

    Numbered lists in the text look the same, so a line counts only when one of the next few
    lines is a case number, a document number or a known section heading (:func:`_evidence`).
    """
    candidates = []
    for idx, ln in enumerate(lines):
        text, start, _ = markup_free(ln) if not ln.blank else ("", 0, 0)
        m = pattern.match(text)
        if not m or TOC_TAIL.search(text):
            continue
        strength = _evidence(lines, idx)
        if strength:
            candidates.append((idx, int(m.group("n")), m.group("title").strip(), start + m.start("title"), strength))
    # a numbered list line before a section heading ("3. Børnehuset flytter ..." ahead of a
    # "Beslutning" heading) gives way to a heading of the same number that has a case number
    strong = {c[1] for c in candidates if c[4] == 2}
    heads: list[Head] = []
    for idx, number, title, start, strength in candidates:
        if (strength == 2 or number not in strong) and _counts_on(heads, number):
            heads.append((idx, number, title, start))
    return heads


def _number_alone_heads(lines: list[Line]) -> list[Head]:
    """Items whose number stands alone on a line ("2." or "2"), the title on the next one to three
    lines, then a case number, document number or section heading. The title keeps its line
    breaks (joined later); the head's line is the number's, so the item starts there."""
    from graph.casenumbers import find_case_number, label_at

    heads: list[Head] = []
    for idx, ln in enumerate(lines):
        if ln.blank:
            continue
        m = _ALONE_RE.match(markup_free(ln)[0])
        if not m or not _counts_on(heads, int(m.group("n"))):
            continue
        title_lines: list[Line] = []
        k = idx + 1
        while k < len(lines) and len(title_lines) <= _MAX_TITLE_LINES:
            x = lines[k]
            k += 1
            if x.blank:
                continue
            text = markup_free(x)[0]
            if find_case_number(text) or label_at(text) or heading_role(text):
                break
            if _ALONE_RE.match(text) or TOC_TAIL.search(text):
                title_lines = []
                break
            title_lines.append(x)
        else:
            continue
        if not title_lines or len(title_lines) > _MAX_TITLE_LINES or not title_lines[0].text[:1].isupper():
            continue
        first = markup_free(title_lines[0])
        heads.append((idx, int(m.group("n")), first[0], first[1]))  # parse_item reads the wrapped rest
    return heads


def _split_toc_heads(lines: list[Line], heads: list[Head]) -> tuple[list[Head], list[Head]]:
    """Separate "Punkt N: ..." lines of a table of contents from the real item headings.

    A TOC written as "Punkt 1: Title 3" (no dot leader) looks like a heading; it
    is recognised by having no text under it while the same number comes back later.
    """
    items, toc = [], []
    last_with = {head[1]: n for n, head in enumerate(heads)}  # number -> index of its last heading
    for n, head in enumerate(heads):
        nxt = heads[n + 1][0] if n + 1 < len(heads) else len(lines)
        empty = all(lines[k].blank for k in range(head[0] + 1, nxt))
        if empty and last_with[head[1]] > n:
            toc.append(head)
        else:
            items.append(head)
    return items, toc
