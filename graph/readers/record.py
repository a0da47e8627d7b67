"""The meeting record: what a structured format (FirstAgenda JSON, SBSYS / eDoc publication XML,
an archive record) states as fields, and its rendering into the one document model.

Every structured reader maps its format onto :class:`MeetingRecord`; :func:`compose_record`
writes the record as flat text with blocks whose roles carry the fields (item heading, case
number, section heading, attachment, participant). The structure parser reads those roles
(graph/structure/structured.py), and the item texts go through the same section, history and
entity stages as a PDF's. Field labels written into the text come from
graph/data/record_labels.tsv.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from graph import datafiles
from graph.model import Block
from graph.readers.compose import Composer
from graph.readers.html_blocks import html_blocks


@dataclass
class Participant:
    name: str
    absent: bool = False
    function: str | None = None  # "formand", "sekretær", as the format states it


@dataclass
class RecordItem:
    number: int
    title: str
    case_number: str | None = None
    closed: bool = False
    html: str = ""  # the item's text as HTML (section headings as <hN>, <b> or <strong>)
    fields: list[tuple[str, str]] = field(default_factory=list)  # (heading, HTML) of formats with named fields
    attachments: list[str] = field(default_factory=list)  # attachment titles
    participants: list[Participant] = field(default_factory=list)  # item-level absence / attendance


@dataclass
class MeetingRecord:
    body: str | None
    date: date | None
    kind: str | None = None  # REFERAT | DAGSORDEN (graph/data/document_kinds.tsv), as the format says
    start_time: str | None = None  # "HH:MM"
    place: str | None = None
    municipality: str | None = None
    participants: list[Participant] = field(default_factory=list)
    items: list[RecordItem] = field(default_factory=list)
    source_format: str = ""  # "firstagenda", "sbsys", "edoc", ... (the reader's name)


@lru_cache(maxsize=None)
def labels() -> dict[str, str]:
    """Field → the Danish label written before it in the composed text."""
    return {row[0]: row[1] for row in datafiles.rows("record_labels.tsv")}


def compose_record(rec: MeetingRecord) -> tuple[str, list[Block], dict]:
    """The record as ``(text, blocks, meta)`` of the document model.

    >>> from datetime import date
    >>> rec = MeetingRecord("Økonomiudvalget", date(2024, 3, 4), "REFERAT", "08:00", "Rådhuset",
    ...     participants=[Participant("Ea Holm"), Participant("Bo Berg", absent=True)],
    ...     items=[RecordItem(1, "Budget", "24-000123", html="<h3>Beslutning</h3><p>Godkendt.</p>",
    ...                       attachments=["Budgetnotat"])])
    >>> text, blocks, meta = compose_record(rec)
    >>> print(text)
    Økonomiudvalget
    Referat
    Mødedato: 04.03.2024 kl. 08:00
    Mødested: Rådhuset
    <BLANKLINE>
    Deltagere:
    Ea Holm
    Bo Berg (fraværende)
    <BLANKLINE>
    Punkt 1: Budget
    Sagsnr.: 24-000123
    <BLANKLINE>
    Beslutning
    Godkendt.
    <BLANKLINE>
    Bilag
    Budgetnotat
    <BLANKLINE>
    >>> [b.role for b in blocks if b.role]
    ['header', 'header', 'header', 'header', 'participants', 'participant', 'participant', 'item', 'case_number', 'section', 'section', 'attachment']
    """
    lab = labels()
    c = Composer()
    if rec.body:
        c.add(rec.body, "heading", "header", level=1, field="body")
    if rec.kind:
        c.add(lab.get(f"kind:{rec.kind}", rec.kind.capitalize()), "heading", "header", level=2, field="kind")
    if rec.date:
        when = rec.date.strftime("%d.%m.%Y") + (f" kl. {rec.start_time}" if rec.start_time else "")
        c.add(f"{lab['date']}: {when}", "paragraph", "header", field="date", value_start=len(lab["date"]) + 2)
    if rec.place:
        c.add(f"{lab['place']}: {rec.place}", "paragraph", "header", field="place", value_start=len(lab["place"]) + 2)
    _participants(c, rec.participants, lab, item=None)
    for item in rec.items:
        c.gap()
        head = f"{lab['item']} {item.number}: "
        c.add(head + item.title, "heading", "item", level=1, number=item.number, title_start=len(head),
              closed=item.closed)
        if item.case_number:
            c.add(f"{lab['case_number']}: {item.case_number}", "paragraph", "case_number",
                  value_start=len(lab["case_number"]) + 2)
        for heading, html in item.fields:
            c.gap()
            if heading:
                c.add(heading, "heading", "section", level=2)
            # a named field is the section; headings inside it are its sub-headings (or quotes)
            _html(c, html, sections=not heading)
        if item.html:
            c.gap()
            _html(c, item.html, sections=True)
        _participants(c, item.participants, lab, item=item.number)
        if item.attachments:
            c.gap()
            c.add(lab["attachments"], "heading", "section", level=2)
            for title in item.attachments:
                c.add(title, "list_item", "attachment")
    text, blocks = c.finish()
    meta = {"body": rec.body, "date": rec.date, "kind": rec.kind, "start_time": rec.start_time,
            "place": rec.place, "municipality": rec.municipality}
    return text, blocks, meta


def is_heading_like(text: str) -> bool:
    """A bold line that reads as a heading: short, opening with a capital letter, no closing
    punctuation, not a figure ("-113,3")."""
    from graph.structure.headings import heading_role

    if heading_role(text):
        return True
    return (len(text) <= 60 and len(text.split()) <= 7 and text[:1].isalpha() and text[:1].isupper()
            and not text.endswith((".", ",", ";", ":")))


def _participants(c: Composer, people: list[Participant], lab: dict[str, str], item: int | None) -> None:
    if not people:
        return
    c.gap()
    c.add(lab["participants"] + ":", "heading", "participants", level=2)
    for p in people:
        tail = f" ({lab['absent']})" if p.absent else (f" ({p.function})" if p.function else "")
        c.add(p.name + tail, "list_item", "participant", absent=p.absent, function=p.function,
              name_end=len(p.name), item=item)


def _html(c: Composer, html: str, sections: bool) -> None:
    """An item text's HTML as blocks. With ``sections``, its headings become section headings:
    its <hN>, or, in a text that has none, a bold line that reads as a heading."""
    blocks = html_blocks(html)
    tagged = any(b.kind == "heading" for b in blocks)
    for b in blocks:
        heading = sections and not b.in_table and (
            b.kind == "heading" or (not tagged and b.bold and b.kind == "paragraph" and is_heading_like(b.text)))
        if heading:
            c.gap()
            c.add(b.text, "heading", "section", level=b.level or 3)
        else:
            c.add(b.text, b.kind, "", underlined=b.underlined, classes=b.classes)
