"""The parse loop: one document into :class:`Minutes` (header, table of contents,
items, warnings), and many documents with every failure kept as a named problem."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from graph.model import Minutes, Problem, SourceDocument
from graph.sources import default_corpus, read_sources
from graph.structure.attendance import parse_attendance
from graph.structure.header import parse_header
from graph.structure.history import add_case_history
from graph.structure.item_heads import find_item_heads
from graph.structure.items import parse_item
from graph.structure.lines import split_lines
from graph.structure.toc import is_toc_heading, parse_toc, toc_entry_from_head, toc_mismatches
from graph.structure.structured import has_structure, parse_structured
from graph.structure.truncation import truncation_warnings
from graph.structure.wrapped_titles import widest_line


class NotMinutesError(ValueError):
    """The text is clearly not minutes (no "Punkt N:" items, and no header or no meeting date)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def parse_minutes(doc: SourceDocument) -> Minutes:
    """Parse one minutes document into :class:`Minutes`.

    Raises :class:`NotMinutesError` when the text has neither a minutes header
    nor any "Punkt N:" item, or has no item and no meeting date. Anything
    doubtful (a truncated file, a table of contents that disagrees with the
    items) is added to ``minutes.warnings``.
    """
    if has_structure(doc):
        m = parse_structured(doc)
        add_case_history(m)
        _add_warnings(m)
        return m
    lines = split_lines(doc.text)
    heads, toc_heads = find_item_heads(lines)
    first_head = min([h[0] for h in heads + toc_heads], default=None)
    toc_idx = next((i for i, ln in enumerate(lines[: first_head if first_head is not None else len(lines)])
                    if not ln.blank and is_toc_heading(ln.text)), None)
    header_stop = toc_idx if toc_idx is not None else (first_head if first_head is not None else min(len(lines), 40))

    m = Minutes(doc=doc, kind=None, body=None, date=None, start_time=None, place=None)
    has_header = parse_header(doc, lines, header_stop, m)
    if not heads and (not has_header or m.kind is None):
        # a dated letter or note has header-like lines too; minutes without items must at least say REFERAT/DAGSORDEN
        raise NotMinutesError("no minutes header (kind, body, date) and no 'Punkt N:' agenda items")
    if not heads and m.date is None:
        # a "Referat" heading over free text (a note, a pasted e-mail) is no meeting: without items it needs a date
        raise NotMinutesError(f"a '{m.kind}' heading but neither a meeting date nor any 'Punkt N:' agenda items")

    toc_start = toc_idx + 1 if toc_idx is not None else header_stop
    m.toc = parse_toc(doc, lines, toc_start, heads[0][0] if heads else header_stop)
    if not m.toc and toc_heads:
        m.toc = [toc_entry_from_head(doc, lines[h[0]]) for h in toc_heads]

    widest = widest_line(lines)  # once: per item it made the parse quadratic in the number of items
    for n, (idx, number, title, title_start) in enumerate(heads):
        stop = heads[n + 1][0] if n + 1 < len(heads) else len(lines)
        end_offset = lines[heads[n + 1][0]].start if n + 1 < len(heads) else len(doc.text)
        m.items.append(parse_item(doc, lines, idx, stop, number, title, title_start, end_offset, widest))

    m.attendance = parse_attendance(doc, lines, [(it.number, it.span.start, it.span.end) for it in m.items])
    add_case_history(m)
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


def _add_warnings(m: Minutes) -> None:
    """Add what is doubtful about the parse: item numbering, a missing body or date,
    a table of contents that disagrees, signs of truncation."""
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
    if not has_structure(m.doc):  # a structured export is whole by construction; its text may end anyhow
        m.warnings.extend(truncation_warnings(m))
