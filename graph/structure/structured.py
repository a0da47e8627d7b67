"""Minutes from a document whose reader knew its structure: blocks with roles (item heading,
case number, section heading, attachment, participant) and the header facts in ``doc.meta``
(FirstAgenda JSON, SBSYS / eDoc XML; see graph/readers/record.py).

Nothing is guessed here that the format states: item numbers, titles, case numbers,
attachments and absence come from the roles. The item texts then go through the same title,
proposer and case-history stages as minutes read from text.
"""
from __future__ import annotations

from graph.casenumbers import classify_case_number
from graph.model import AgendaItem, AttendanceEntry, BilagLine, Block, Minutes, Section, SourceDocument
from graph.structure.proposer import find_proposer
from graph.structure.titles import is_closed_title, split_title


def has_structure(doc: SourceDocument) -> bool:
    """True when the reader marked the document's agenda items."""
    return any(b.role == "item" for b in doc.blocks)


def parse_structured(doc: SourceDocument) -> Minutes:
    meta = doc.meta
    m = Minutes(doc=doc, kind=meta.get("kind"), body=meta.get("body"), date=meta.get("date"),
                start_time=meta.get("start_time"), place=meta.get("place"))
    m.municipality = meta.get("municipality")
    header = [b for b in doc.blocks if b.role == "header"]
    if header:
        m.header_span = doc.span(header[0].start, header[-1].end)
    starts = [n for n, b in enumerate(doc.blocks) if b.role == "item"]
    for k, n in enumerate(starts):
        stop = starts[k + 1] if k + 1 < len(starts) else len(doc.blocks)
        m.items.append(_item(doc, doc.blocks[n], doc.blocks[n + 1:stop],
                             doc.blocks[stop].start if stop < len(doc.blocks) else len(doc.text)))
    for b in doc.blocks:
        if b.role == "participant":
            name_end = b.start + b.attrs.get("name_end", b.end - b.start)
            item = b.attrs.get("item")
            role = ("absent" if item is None else "recused") if b.attrs.get("absent") else "present"
            if item is not None and role == "present":
                continue  # an item-level list repeats who was there; only absence is news
            m.attendance.append(AttendanceEntry(name=doc.text[b.start:name_end], role=role,
                                                span=doc.span(b.start, name_end), function=b.attrs.get("function"),
                                                item=item, label=b.attrs.get("label", "")))
    return m


def _item(doc: SourceDocument, head: Block, body: list[Block], end: int) -> AgendaItem:
    title_start = head.start + head.attrs.get("title_start", 0)
    title = doc.text[title_start:head.end]
    item = AgendaItem(number=int(head.attrs["number"]), title=title, title_span=doc.span(title_start, head.end),
                      span=doc.span(head.start, end))
    item.prefix, item.core_title, item.time_slot, item.names = split_title(doc, title, title_start)
    item.closed = bool(head.attrs.get("closed")) or is_closed_title(item.core_title)
    case = next((b for b in body if b.role == "case_number"), None)
    if case is not None:
        vs = case.start + case.attrs.get("value_start", 0)
        item.journal_number, item.journal_scheme = classify_case_number(doc.text[vs:case.end])
        item.journal_span = doc.span(vs, case.end)
    item.sections = _sections(doc, [b for b in body if b.role != "case_number"], end)
    item.bilag = [BilagLine(doc.text[b.start:b.end], doc.span(b.start, b.end)) for b in body
                  if b.role == "attachment"]
    find_proposer(doc, item)
    return item


def _sections(doc: SourceDocument, body: list[Block], end: int) -> list[Section]:
    """A section per heading block, its text running to the next heading; text before the
    first heading is a section without heading, so nothing is lost."""
    sections: list[Section] = []
    heads = [n for n, b in enumerate(body) if b.role == "section"]
    cuts = ([0] if not heads or heads[0] > 0 else []) + heads
    for k, n in enumerate(cuts):
        stop = cuts[k + 1] if k + 1 < len(cuts) else len(body)
        is_head = n in heads
        content = body[n + 1 if is_head else n:stop]
        content = [b for b in content if b.role not in ("participant", "participants")]
        if not is_head and not content:
            continue
        head = body[n]
        if content:
            s, e = content[0].start, content[-1].end
        else:
            s = e = head.end
        sections.append(Section(heading=doc.text[head.start:head.end] if is_head else "",
                                text=doc.text[s:e], span=doc.span(s, e),
                                heading_span=doc.span(head.start, head.end) if is_head else doc.span(s, s)))
    return sections
