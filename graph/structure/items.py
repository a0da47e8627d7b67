"""One agenda item from its heading to the next: title parts, closed or not,
the journal (case) number under the heading, sections, proposer and bilag."""
from __future__ import annotations

from graph.casenumbers import find_case_number, label_at
from graph.model import AgendaItem, SourceDocument, Span
from graph.structure.headings import heading_role
from graph.structure.item_heads import item_heading
from graph.structure.lines import Line, markup_free
from graph.structure.proposer import find_proposer
from graph.structure.sections import bilag_lines, item_sections
from graph.structure.titles import is_closed_title, split_title
from graph.structure.wrapped_titles import joined, title_continuation, title_lines_below, widest_line


def parse_item(doc: SourceDocument, lines: list[Line], head: int, end: int, number: int, title: str,
               title_start: int, item_end_offset: int, widest: int | None = None) -> AgendaItem:
    """The item whose heading is ``lines[head]`` and whose body runs to ``lines[end]``
    (``item_end_offset`` in the text); a closed item gets no sections. A title that PDF
    typesetting wrapped onto the next line(s) is read whole, its span over the line breaks.
    ``widest`` is :func:`widest_line` of ``lines``; a caller parsing many items passes it in, as
    measuring all lines for each item is quadratic in the number of items."""
    number_line = head
    while head + 1 < end and lines[head].end <= title_start:
        head += 1  # the number stands alone on its line, the title below it
    if head != number_line:
        extra = title_lines_below(lines, head, end)
    else:
        extra = title_continuation(lines, head, end, widest if widest is not None else widest_line(lines))
    if extra:
        title = doc.text[title_start:markup_free(lines[head + extra])[2]]  # with its "\n"s
    item = AgendaItem(number=number, title=joined(title), title_span=doc.span(title_start, title_start + len(title)),
                      span=doc.span(lines[number_line].start, item_end_offset))
    prefix, core, slot, names = split_title(doc, title, title_start)  # spans into the text as written
    for ref in names:
        ref.name = joined(ref.name)
    item.prefix, item.core_title, item.time_slot, item.names = (
        joined(prefix) if prefix is not None else None, joined(core), joined(slot) if slot is not None else None, names)
    item.closed = is_closed_title(item.core_title)
    head += extra
    body_start = head + 1
    journal = _journal_number(doc, lines, head, end)
    if journal is not None:
        item.journal_number, item.journal_scheme, item.journal_span, body_start = journal
    while body_start < end and (lines[body_start].blank or _document_number_line(lines[body_start])):
        body_start += 1  # "Dok.nr.: 2012-123456" under the case number belongs to the heading block
    # a closed item may still carry a decision sentence ("Lukket punkt: Salg af grund" / "Beslutning")
    item.sections = item_sections(doc, lines, body_start, end)
    find_proposer(doc, item)
    item.bilag = bilag_lines(doc, item)
    return item


def _document_number_line(line: Line) -> bool:
    label = label_at(markup_free(line)[0])
    return label is not None and label[0] == "document"


def _journal_number(doc: SourceDocument, lines: list[Line], head: int, end: int
                    ) -> tuple[str, str, Span, int] | None:
    """``(case number, scheme, span, first body line)`` when one of the first three lines under
    the heading holds a case number of any scheme (graph/casenumbers.py): after a label
    ("Sagsnr.:", "J.nr."), or alone on its line. A document-number line ("Dok.nr.: …") is
    passed over, and counts as one of the three."""
    i = head + 1
    seen = 0
    while i < end and seen < 3:
        ln = lines[i]
        i += 1
        if ln.blank:
            continue
        seen += 1
        text, s, _ = markup_free(ln)
        if heading_role(text) or item_heading(ln):
            break
        found = find_case_number(text)
        if found:
            value, scheme, vs, ve = found
            return value, scheme, doc.span(s + vs, s + ve), i
    return None
