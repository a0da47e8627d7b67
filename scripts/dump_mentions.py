"""Dump every extracted mention (and decision outcome) of a set of corpora to JSON.

Run:  python scripts/dump_mentions.py OUT.json [FILES_OR_FOLDERS ...]

Without inputs it reads the bundled sample plus the extraction, unseen and
structure test fixtures. Used to check that a change to graph/extract (a speed-up,
a refactoring) leaves the output identical: dump before, dump after, compare.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ["tests/fixtures/extract", "tests/fixtures/unseen", "tests/fixtures/structure/*.txt"]


def _mention(m) -> dict:
    return {"kind": m.kind, "surface": m.surface, "span": [m.span.doc, m.span.start, m.span.end, m.span.quote],
            "item": m.item, "attrs": m.attrs}


def dump(inputs: list[str]) -> dict:
    """Mentions per document in emission order, outcomes per item, and the bare-text extraction."""
    from graph.extract import decision_outcome, extract_item_text, extract_minutes
    from graph.sources import read_sources
    from graph.structure import NotMinutesError, parse_minutes

    docs, _ = read_sources(inputs)
    out: dict[str, dict] = {}
    for doc in sorted(docs, key=lambda d: d.doc_id):
        entry: dict = {"text": [_mention(m) for m in extract_item_text(doc.text, doc.doc_id)]}
        try:
            minutes = parse_minutes(doc)
        except NotMinutesError:
            out[doc.doc_id] = entry
            continue
        entry["mentions"] = [_mention(m) for m in extract_minutes(minutes)]
        entry["outcomes"] = {str(i.number): [o.outcome, o.span.start, o.span.end]
                             for i in minutes.items if (o := decision_outcome(i))}
        out[doc.doc_id] = entry
    return out


def main(argv: list[str]) -> None:
    from graph.sources import default_corpus

    target = Path(argv[0])
    inputs = argv[1:] or [str(default_corpus())] + [str(ROOT / f) for f in FIXTURES]
    target.write_text(json.dumps(dump(inputs), ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{sum(len(e.get('mentions', [])) for e in json.loads(target.read_text()).values())} mentions -> {target}")


if __name__ == "__main__":
    main(sys.argv[1:])
