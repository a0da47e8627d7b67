"""Plain data passed between the pipeline stages.

read (sources.py) -> parse (structure/) -> extract (extract/) -> resolve (resolve/)
-> build (build.py) -> export (export/) -> query (query/)

Every stage keeps :class:`Span` objects so that each node and edge of the final
graph can say which document, and which characters of it, it came from.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any


@dataclass(frozen=True, order=True)
class Span:
    """A stretch of a source document: ``text[start:end]`` of document ``doc``, and its sentence.

    ``doc`` is the document id (see :class:`SourceDocument`); offsets index the
    NFC-normalised text the parser saw, so ``quote`` can always be re-derived.
    """

    doc: str
    start: int
    end: int
    quote: str = field(default="", compare=False)
    sentence: str = field(default="", compare=False)  # the sentence holding the quote (graph/provenance.py)


@dataclass
class Block:
    """A piece of a document's layout: ``text[start:end]`` is one heading, paragraph, list item
    or table cell. Readers of laid-out and structured formats set ``role`` where the format
    itself says what the piece is (an agenda item's heading, its case number, an attachment,
    a participant), so the structure parser takes it from there instead of guessing."""

    kind: str  # "heading" | "paragraph" | "list_item" | "table_cell"
    start: int
    end: int
    level: int = 0  # heading level (1 = top); 0 for other kinds
    page: int = 0  # 1-based page of a paged format; 0 when the format has no pages
    role: str = ""  # "", "item", "case_number", "section", "attachment", "participant", "header"
    attrs: dict[str, Any] = field(default_factory=dict)  # role data: item number, absence, ...


@dataclass
class SourceDocument:
    """One readable input file, decoded and NFC-normalised: the flat text (every Span points
    into it) plus the layout blocks its reader saw."""

    doc_id: str  # stable id: path relative to the corpus root, POSIX separators
    path: Path
    text: str
    encoding: str  # "utf-8", "utf-8-sig", "cp1252", "pdf", ...
    sha256: str  # of the raw bytes
    reader: str = "text"  # the reader that read the file (graph/readers/): text, pdf, html, docx, firstagenda, ...
    blocks: list[Block] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)  # header facts a structured format states as fields

    def span(self, start: int, end: int) -> Span:
        return Span(self.doc_id, start, end, self.text[start:end])


@dataclass
class Problem:
    """Something wrong with one input; reported by name, never fatal on its own."""

    path: str
    reason: str
    # "error": skipped; "warning": read with doubts; "belongs-to-export": part of an export;
    # "ignored": a file a folder holds that is not minutes (hidden, another format)
    severity: str = "error"

    def as_dict(self) -> dict[str, str]:
        return {"path": self.path, "severity": self.severity, "reason": self.reason}


@dataclass
class Section:
    heading: str  # as written, e.g. "Beslutning", "ØkonomiOgFinansiering", or an unknown heading
    text: str  # body text of the section, without the heading line
    span: Span  # of ``text``
    heading_span: Span
    role: str | None = None  # set when the heading alone misleads: another body's decision is "history"


@dataclass
class BilagLine:
    text: str
    span: Span


@dataclass
class Treatment:
    """One treatment of a case by a body at a meeting, as an item's case history states it
    ("Sagsforløb: Udvalg: Økonomiudvalget / Dato: 15.09.2025 / Punktnummer: 7", "Beslutning i
    Økonomiudvalget den 21-09-2016"): an earlier step of the case's path through the bodies."""

    body: str | None
    date: date | None
    number: int | None  # item number at that meeting, when stated
    text: str  # the remark or decision recorded for that treatment
    span: Span  # of the whole entry
    kind: str = "history"  # "history" (a Sagsforløb entry) | "decision" (another body's decision heading)


@dataclass
class NameRef:
    """A name in an item title: presenter ("v. Ida") or participant ("(Ida Holm deltager)")."""

    name: str
    role: str  # "presenter" | "participant"
    span: Span


@dataclass
class AttendanceEntry:
    """A name in a member list of the minutes ("Medlemmer: Anne Jensen (A) (formand)", "Afbud: …")
    or a per-item recusal ("Inhabil: …", "X deltog ikke i behandlingen af punktet")."""

    name: str  # the person's name, party letter and function removed, a wrapped line joined
    role: str  # "present" | "absent" | "other_present" | "recused" (graph/data/attendance_labels.tsv)
    span: Span  # of the name as written
    party: str | None = None  # "A" of "(A)"
    function: str | None = None  # "formand" of "(formand)"
    item: int | None = None  # agenda item number when listed inside an item; None: the meeting's list
    label: str = ""  # the label or phrase that gave the role, as listed in the data file


@dataclass
class TocEntry:
    title: str  # without dot leader and page number
    page: int | None
    span: Span


@dataclass
class AgendaItem:
    number: int
    title: str  # verbatim "Punkt N: <title>"
    title_span: Span
    span: Span  # the whole item, heading to just before the next item
    prefix: str | None = None  # "CF - "
    core_title: str = ""  # title without prefix, time slot, presenters, participants
    time_slot: str | None = None  # "13:15" or "10.00-10.30" as written
    names: list[NameRef] = field(default_factory=list)
    journal_number: str | None = None
    journal_span: Span | None = None
    closed: bool = False
    sections: list[Section] = field(default_factory=list)
    proposer: str | None = None  # subject of "... indstiller", verbatim
    proposer_span: Span | None = None
    bilag: list[BilagLine] = field(default_factory=list)
    journal_scheme: str | None = None  # "kle", "emn", "year-serial", ... (graph/data/case_number_schemes.tsv)
    history: list[Treatment] = field(default_factory=list)  # earlier treatments of the case (Sagsforløb)
    decision_span: Span | None = None  # this meeting's decision text when it is not a section of its own

    def section(self, heading: str) -> Section | None:
        """The section with this heading; else the first one of the same kind in
        graph/data/headings.tsv ("Beslutning i Økonomiudvalget" for "Beslutning")."""
        for s in self.sections:
            if s.heading.casefold() == heading.casefold():
                return s
        from graph.structure import find_section, heading_role  # late: structure imports this module

        role = heading_role(heading)
        return find_section(self, role) if role is not None else None


@dataclass
class Minutes:
    """The parsed structure of one minutes document."""

    doc: SourceDocument
    kind: str | None  # "REFERAT" | "DAGSORDEN" | None
    body: str | None  # "Chefforum", "Økonomiudvalget", ...
    date: date | None
    start_time: str | None  # "HH:MM"
    place: str | None
    header_span: Span | None = None
    toc: list[TocEntry] = field(default_factory=list)
    items: list[AgendaItem] = field(default_factory=list)
    municipality: str | None = None
    warnings: list[str] = field(default_factory=list)
    attendance: list[AttendanceEntry] = field(default_factory=list)  # graph/structure/attendance.py


@dataclass
class Mention:
    """One entity mention found by an extractor.

    ``kind`` is an ontology class local name (Person, Post, Department, Body,
    Organisation, Policy, Network, NetworkTheme, MeetingReference, MoneyAmount,
    Deadline). ``attrs`` carries kind-specific values, e.g. ``{"date": "2016-05-09",
    "body": "Chefforum", "direction": "past"}`` for a meeting reference, or the
    canonical name an alias resolved to (``{"canonical": "Økonomi & Stab"}``).
    """

    kind: str
    surface: str
    span: Span
    item: int | None = None  # agenda item number it was found in
    attrs: dict[str, Any] = field(default_factory=dict)


@dataclass
class DecisionOutcome:
    outcome: str  # approved | noted | discussed | decided | other
    span: Span  # the sentence that says so


@dataclass
class Entity:
    """A resolved real-world thing: one node, many mentions."""

    kind: str
    key: str  # natural key used for the IRI (normalised canonical name)
    label: str  # preferred surface form
    mentions: list[Mention] = field(default_factory=list)
    confidence: float = 1.0
    evidence: list[str] = field(default_factory=list)  # why mentions were merged
    attrs: dict[str, Any] = field(default_factory=dict)
