"""The sections of an agenda item: the text under each heading ("Sagsfremstilling",
"Beslutning", ...), with the lines of the bilag section as separate bilag."""
from __future__ import annotations

import re
from functools import lru_cache

from graph import datafiles
from graph.model import AgendaItem, BilagLine, Section, SourceDocument
from graph.readers.webpage import is_web_furniture, strip_furniture_tail
from graph.sources import is_page_mark
from graph.structure.headings import heading_role
from graph.structure.lines import Line, markup_free

_SENTENCE_END = re.compile(r"[.!?;:,]$")


def item_sections(doc: SourceDocument, lines: list[Line], body_start: int, end: int) -> list[Section]:
    """The sections in ``lines[body_start:end]``, the body of one item.

    Section headings: known ones anywhere; unknown heading-like lines only
    before the first known heading (later ones are sub-headings of a section).
    """
    sections: list[Section] = []
    heads: list[tuple[int, str, int, int]] = []  # (line index, heading, start, end)
    # a reader that saw the layout (Word heading styles, <hN>) marks headings: one is a section
    # heading even when its words are not listed
    laid_out = {b.start for b in doc.blocks if b.kind == "heading" and b.level >= 2}
    for k in range(body_start, end):
        ln = lines[k]
        if ln.blank:
            continue
        text, s, e = markup_free(ln)
        if heads and is_author_line(text):
            continue  # "INDSTILLING FRA DIREKTIONEN" inside a section names an author, opens no section
        if heading_role(text) is not None and len(text) <= 90:
            if text.endswith(":"):  # "Oplæg:" is the heading "Oplæg"
                text, e = text[:-1].rstrip(), s + len(text[:-1].rstrip())
            heads.append((k, text, s, e))
        elif (not heads and _unknown_heading(lines, k, end)) or (ln.start in laid_out and len(text) <= 90
                                                                  and not item_heading_like(text)):
            heads.append((k, text, s, e))

    first_text = next((k for k in range(body_start, end) if not lines[k].blank), None)
    if first_text is not None and (not heads or heads[0][0] > first_text):
        # Text before any heading is kept as a section without heading so no text is lost.
        stop = heads[0][0] if heads else end
        sec = _section(doc, lines, "", first_text, first_text, stop, lines[first_text].start)
        if sec is not None:
            sections.append(sec)
    for n, (k, heading, s, e) in enumerate(heads):
        stop = heads[n + 1][0] if n + 1 < len(heads) else end
        sec = _section(doc, lines, heading, k, k + 1, stop, s, e)
        if sec is not None:
            sections.append(sec)
    return sections


@lru_cache(maxsize=1)
def _author_patterns() -> tuple[re.Pattern[str], ...]:
    star = re.escape("*")
    return tuple(re.compile("^" + re.escape(row[0]).replace(star, ".+") + "$", re.IGNORECASE)
                 for row in datafiles.rows("author_lines.tsv"))


def is_author_line(text: str) -> bool:
    """A line naming who recommends or proposes ("INDSTILLING FRA DIREKTIONEN", "BESLUTNINGSFORSLAG
    FRA ENHEDSLISTEN"; graph/data/author_lines.tsv): inside a section, not a heading of its own.

    >>> is_author_line("INDSTILLING FRA DIREKTIONEN"), is_author_line("Indstilling")
    (True, False)
    """
    return len(text) <= 90 and any(p.match(text.strip().rstrip(":")) for p in _author_patterns())


def bilag_lines(doc: SourceDocument, item: AgendaItem) -> list[BilagLine]:
    """Each non-empty line of the item's attachments sections ("Bilag"), page marks left out."""
    bilag = []
    attachments = [s for s in item.sections if heading_role(s.heading) == "attachments"]
    for sec in attachments:
        pos = sec.span.start
        for raw in sec.text.split("\n"):
            stripped = strip_furniture_tail(raw.strip())
            if stripped and not is_page_mark(stripped) and not is_web_furniture(stripped) \
                    and not is_kind_line(stripped):
                s = pos + raw.index(stripped)
                bilag.append(BilagLine(text=stripped, span=doc.span(s, s + len(stripped))))
            pos += len(raw) + 1
    return bilag


def is_kind_line(text: str) -> bool:
    """A line naming a document kind alone ("Tillægsdagsorden" before the added items): a
    divider of the minutes, not text of the item above it."""
    from graph.structure.header import _kind_at

    k = _kind_at(text.strip().rstrip(":"))
    return k is not None and k[1] == 0 and k[2] == len(text.strip().rstrip(":"))


def item_heading_like(text: str) -> bool:
    from graph.structure.item_heads import item_heading

    return item_heading(Line(0, len(text), text)) is not None


def _unknown_heading(lines: list[Line], i: int, end: int) -> bool:
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


def _section(doc: SourceDocument, lines: list[Line], heading: str, head_line: int, body_from: int, stop: int,
             hs: int, he: int | None = None) -> Section | None:
    """The section under ``heading`` (at ``hs``..``he``): the text from the first to the last
    non-blank line of ``lines[body_from:stop]``; None when there is neither heading nor text."""
    he = hs if he is None else he
    body = [lines[k] for k in range(body_from, stop) if not lines[k].blank]
    while body and (is_kind_line(body[-1].text) or is_web_furniture(body[-1].text)):
        body.pop()  # a "Tillægsdagsorden" divider or a printed web page's footer after the section
    if body:
        start, end = body[0].start, body[-1].end
    else:
        start = end = lines[head_line].end if heading else hs
    if not heading and not body:
        return None
    return Section(heading=heading, text=doc.text[start:end], span=doc.span(start, end),
                   heading_span=doc.span(hs, he))
