"""Measure the parser and the extractors against hand-annotated gold files.

Gold format: one JSON file per document (see /work/shared/gold/README.md in the
project, and tests/fixtures/extract/ for a small example); each names its
source document, which is looked up by file name in the corpus.

Matching, per field:

* entity fields (persons, role_mentions, departments, bodies, organisations,
  policies, networks): per item, the set of surface forms after
  :func:`normalise` (case, whitespace, "&" = "og", a genitive "s"/"'s" and one
  Danish definite/plural ending of the last word removed, so "Chefforums",
  "chefforum" and "Chefforum" are one form); the extractor's mentions of the
  matching kinds give the predicted set (networks = Network + NetworkTheme).
* meeting_refs: per item, the set of (date, normalised body or None).
* decision_outcome: accuracy over items whose gold outcome is not null
  (reported as precision = recall = f1).
* structural fields: per item, title, journal_number, proposer (verbatim,
  whitespace-collapsed; null is no prediction), closed (bool), sections (the
  ordered list of standard headings as one value), bilag and presenters (sets of
  verbatim lines / names).

Counts are summed over all items of all documents (micro average); ``support``
is the number of gold values.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Iterable

from graph.extract.text import norm_name
from graph.model import Mention, Minutes

ENTITY_FIELDS = {
    "persons": ("Person",),
    "role_mentions": ("Post",),
    "departments": ("Department",),
    "bodies": ("Body",),
    "organisations": ("Organisation",),
    "policies": ("Policy",),
    "networks": ("Network", "NetworkTheme"),
}
STRUCT_FIELDS = ("title", "journal_number", "closed", "sections", "proposer", "bilag", "presenters")
FIELDS = tuple(ENTITY_FIELDS) + ("meeting_refs", "decision_outcome") + STRUCT_FIELDS


def normalise(surface: str) -> str:
    """The comparison form of a surface string (see the module docstring)."""
    return norm_name(surface)


def _verbatim(s: str | None) -> str | None:
    return None if s is None else re.sub(r"\s+", " ", s).strip()


def load_gold(gold_dir: str | Path) -> list[dict]:
    """All gold files under ``gold_dir`` (recursively), sorted by path."""
    files = sorted(Path(gold_dir).rglob("*.json"))
    return [json.loads(f.read_text(encoding="utf-8")) for f in files]


def predicted_item_values(minutes: Minutes, mentions: list[Mention]) -> dict[int, dict[str, set]]:
    """Per item number: field -> set of comparable predicted values."""
    from graph.extract import decision_outcome

    out: dict[int, dict[str, set]] = {}
    for item in minutes.items:
        vals: dict[str, set] = {f: set() for f in FIELDS}
        vals["title"] = {_verbatim(item.title)}
        vals["journal_number"] = {item.journal_number} - {None}
        vals["closed"] = {bool(item.closed)}
        vals["sections"] = {tuple(s.heading for s in item.sections)}
        vals["proposer"] = {_verbatim(item.proposer)} - {None}
        vals["bilag"] = {_verbatim(b.text) for b in item.bilag}
        vals["presenters"] = {_verbatim(n.name) for n in item.names}
        outcome = decision_outcome(item)
        vals["decision_outcome"] = {outcome.outcome} if outcome else set()
        out[item.number] = vals
    kind_to_field = {k: f for f, kinds in ENTITY_FIELDS.items() for k in kinds}
    for m in mentions:
        if m.item not in out:
            continue
        if m.kind in kind_to_field:
            out[m.item][kind_to_field[m.kind]].add(normalise(m.surface))
        elif m.kind == "MeetingReference":
            body = m.attrs.get("body")
            out[m.item]["meeting_refs"].add((m.attrs.get("date"), normalise(body) if body else None))
    return out


def gold_item_values(item: dict) -> dict[str, set]:
    vals: dict[str, set] = {}
    for f in ENTITY_FIELDS:
        vals[f] = {normalise(s) for s in item.get(f) or []}
    vals["meeting_refs"] = {(r["date"], normalise(r["body"]) if r.get("body") else None)
                            for r in item.get("meeting_refs") or []}
    vals["decision_outcome"] = {item["decision_outcome"]} if item.get("decision_outcome") else set()
    vals["title"] = {_verbatim(item.get("title"))} - {None}
    vals["journal_number"] = {item.get("journal_number")} - {None}
    vals["closed"] = {bool(item.get("closed"))}
    vals["sections"] = {tuple(item.get("sections") or [])}
    vals["proposer"] = {_verbatim(item.get("proposer"))} - {None}
    vals["bilag"] = {_verbatim(b) for b in item.get("bilag") or []}
    vals["presenters"] = {_verbatim(p) for p in item.get("presenters") or []}
    return vals


def _find_doc(minutes_by_name: dict[str, Minutes], source: str) -> Minutes | None:
    name = Path(source).name
    return minutes_by_name.get(name) or minutes_by_name.get(Path(name).stem)


def compare(gold: list[dict], minutes: Iterable[Minutes], mentions_by_doc: dict[str, list[Mention]]) -> tuple[dict, list[dict]]:
    """Scores per field, and the list of differences (for reports and debugging)."""
    by_name: dict[str, Minutes] = {}
    for m in minutes:
        by_name[Path(m.doc.doc_id).name] = m
        by_name[Path(m.doc.doc_id).stem] = m
    counts = {f: Counter() for f in FIELDS}
    diffs: list[dict] = []
    for g in gold:
        mins = _find_doc(by_name, g["source"])
        pred_items = predicted_item_values(mins, mentions_by_doc.get(mins.doc.doc_id, [])) if mins else {}
        for gi in g.get("items", []):
            gv = gold_item_values(gi)
            pv = pred_items.get(gi["number"], {f: set() for f in FIELDS})
            for f in FIELDS:
                gs, ps = gv.get(f, set()), pv.get(f, set())
                if f == "decision_outcome":
                    if gs:
                        counts[f]["support"] += 1
                        counts[f]["tp"] += int(gs == ps)
                        if gs != ps:
                            diffs.append({"source": g["source"], "item": gi["number"], "field": f,
                                          "missing": sorted(gs), "extra": sorted(ps)})
                    continue
                tp = len(gs & ps)
                counts[f]["tp"] += tp
                counts[f]["fp"] += len(ps - gs)
                counts[f]["fn"] += len(gs - ps)
                counts[f]["support"] += len(gs)
                if gs != ps:
                    diffs.append({"source": g["source"], "item": gi["number"], "field": f,
                                  "missing": sorted(gs - ps, key=str), "extra": sorted(ps - gs, key=str)})
    scores = {}
    for f in FIELDS:
        c = counts[f]
        if f == "decision_outcome":
            acc = c["tp"] / c["support"] if c["support"] else 1.0
            scores[f] = {"precision": acc, "recall": acc, "f1": acc, "support": c["support"]}
            continue
        p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else (1.0 if not c["fn"] else 0.0)
        r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        scores[f] = {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f1, 4), "support": c["support"]}
    for f in ("decision_outcome",):
        scores[f] = {k: (round(v, 4) if isinstance(v, float) else v) for k, v in scores[f].items()}
    return scores, diffs


def run(gold_dir: str | Path, corpus: str | Path | None = None, aliases: str | Path | None = None) -> tuple[dict, list[dict]]:
    """Parse and extract the corpus, compare with the gold; (scores, differences)."""
    from graph.extract import extract_minutes, load_vocabulary
    from graph.sources import default_corpus, read_sources
    from graph.structure import parse_minutes

    gold = load_gold(gold_dir)
    docs, _problems = read_sources([corpus or default_corpus()])
    wanted = {Path(g["source"]).name for g in gold}
    minutes = [parse_minutes(d) for d in docs if Path(d.doc_id).name in wanted]
    vocab = load_vocabulary(extra_aliases=aliases)
    mentions = {m.doc.doc_id: extract_minutes(m, vocab) for m in minutes}
    return compare(gold, minutes, mentions)


def evaluate(gold_dir: str | Path, corpus: str | Path | None = None, aliases: str | Path | None = None) -> dict:
    """``{field: {"precision", "recall", "f1", "support"}}`` for every field (see module docstring)."""
    return run(gold_dir, corpus, aliases)[0]
