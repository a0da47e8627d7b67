"""Parsed minutes as a JSON-ready dict: the shape of the gold annotation, for
inspection (``referatgraf parse --json``) and tests."""
from __future__ import annotations

from graph.model import Minutes, Span

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
