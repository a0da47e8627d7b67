"""Measure the parser and the extractors against hand-annotated gold files.

Gold format: one JSON file per document (see /work/shared/gold/README.md in the
project, and tests/fixtures/extract/ for a small example); each names its
source document, which is looked up by file name (or by name without its
extension) in the corpus. Gold whose source is not in the corpus is left out
of the scores and reported as missing (:attr:`Evaluation.missing`).

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
* case_history (gold items that have the key): per item, the set of earlier treatments as
  (normalised body, date, item number or None).
* decision (gold items that have the key): this meeting's decision text, verbatim and
  whitespace-collapsed (null: no decision).
* header: per document, the set of (field, value) of body, date, start_time, place and, where the
  gold has it, kind; attendance (gold meetings that have the key): the set of (normalised name,
  present | absent).

Counts are summed over all items of all documents (micro average); ``support``
is the number of gold values. A score that has nothing to measure is ``None``:
recall and F1 when the support is 0, precision too when nothing was predicted
either (spurious predictions without gold give precision 0).
"""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

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
ITEM_OPTIONAL = ("case_history", "decision")  # scored on the gold items that have the key
DOC_FIELDS = ("header", "attendance")
FIELDS = tuple(ENTITY_FIELDS) + ("meeting_refs", "decision_outcome") + STRUCT_FIELDS + ITEM_OPTIONAL + DOC_FIELDS

# Per field: comparable value -> the form shown to a user (first surface seen).
Values = dict[str, dict[Any, str]]


class GoldError(ValueError):
    """A gold file that cannot be used; the message names the file and the reason."""


def normalise(surface: str) -> str:
    """The comparison form of a surface string (see the module docstring)."""
    return norm_name(surface)


def _verbatim(s: str | None) -> str | None:
    return None if s is None else re.sub(r"\s+", " ", s).strip()


def gold_files(gold_path: str | Path) -> list[Path]:
    """The gold JSON files named by ``gold_path``: the file itself, or every
    ``*.json`` below a folder (recursively, so a parent of several gold folders
    works too), sorted by path."""
    path = Path(gold_path)
    if path.is_file():
        return [path] if path.suffix.lower() == ".json" else []
    return sorted(path.rglob("*.json"))


def _check_gold(data: Any) -> str | None:
    """Why ``data`` is not a usable gold document, or None."""
    if not isinstance(data, dict):
        return "the top level is not a JSON object"
    if not isinstance(data.get("source"), str) or not data["source"].strip():
        return 'no "source" naming the minutes document'
    items = data.get("items")
    if not isinstance(items, list):
        return 'no "items" list'
    for i, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get("number"), int) or isinstance(item.get("number"), bool):
            return f'items[{i}] has no integer "number"'
        for f in tuple(ENTITY_FIELDS) + ("bilag", "presenters", "sections"):
            if item.get(f) is not None and not (isinstance(item[f], list) and all(isinstance(x, str) for x in item[f])):
                return f"items[{i}].{f} is not a list of strings"
        for f in ("title", "journal_number", "proposer", "decision_outcome"):
            if item.get(f) is not None and not isinstance(item[f], str):
                return f"items[{i}].{f} is neither a string nor null"
        refs = item.get("meeting_refs")
        if refs is not None and not isinstance(refs, list):
            return f"items[{i}].meeting_refs is not a list"
        for r in refs or []:
            if not isinstance(r, dict) or not isinstance(r.get("date"), str) or not isinstance(r.get("body") or "", str):
                return f'items[{i}].meeting_refs has an entry without a "date" string (or a "body" that is not a string)'
    return None


def read_gold(path: str | Path) -> dict:
    """One gold file; :class:`GoldError` (naming the file) if it is unreadable or malformed."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))  # tolerate a BOM from Windows editors
    except json.JSONDecodeError as e:
        raise GoldError(f"{path}: not valid JSON: {e.msg} (line {e.lineno}, column {e.colno})") from None
    except UnicodeDecodeError as e:
        raise GoldError(f"{path}: not UTF-8 text ({e.reason} at byte {e.start})") from None
    except OSError as e:
        raise GoldError(f"{path}: cannot be read ({e.strerror or e})") from None
    reason = _check_gold(data)
    if reason:
        raise GoldError(f"{path}: {reason}")
    return data


def load_gold(gold_path: str | Path) -> list[dict]:
    """All gold documents of :func:`gold_files`, in path order (raises :class:`GoldError`)."""
    return [read_gold(f) for f in gold_files(gold_path)]


def _add(vals: dict[Any, str], key: Any, shown: str) -> None:
    vals.setdefault(key, shown)


def _predicted_values(minutes: Minutes, mentions: list[Mention]) -> dict[int, Values]:
    from graph.extract import decision_outcome

    out: dict[int, Values] = {}
    for item in minutes.items:
        vals: Values = {f: {} for f in FIELDS}
        title = _verbatim(item.title)
        vals["title"] = {title: title}
        if item.journal_number is not None:
            vals["journal_number"] = {item.journal_number: item.journal_number}
        vals["closed"] = {bool(item.closed): _show_bool(bool(item.closed))}
        headings = tuple(s.heading for s in item.sections if s.heading)  # text before any heading has none
        vals["sections"] = {headings: _show_sections(headings)}
        for t in item.history:
            key = (normalise(t.body) if t.body else None, t.date.isoformat() if t.date else None, t.number)
            _add(vals["case_history"], key, _show_treatment(t.body, key[1], t.number))
        from graph.structure import find_section

        decision = find_section(item, "decision")
        text = _verbatim(decision.text) if decision is not None else None
        if text:
            vals["decision"] = {text: text}
        proposer = _verbatim(item.proposer)
        if proposer is not None:
            vals["proposer"] = {proposer: proposer}
        for b in item.bilag:
            _add(vals["bilag"], _verbatim(b.text), _verbatim(b.text))
        for n in item.names:
            _add(vals["presenters"], _verbatim(n.name), _verbatim(n.name))
        outcome = decision_outcome(item)
        if outcome:
            vals["decision_outcome"] = {outcome.outcome: outcome.outcome}
        out[item.number] = vals
    kind_to_field = {k: f for f, kinds in ENTITY_FIELDS.items() for k in kinds}
    # Text order, so the form shown for a value is its first occurrence.
    for m in sorted(mentions, key=lambda m: (m.span.start, m.span.end, m.kind, m.surface)):
        if m.item not in out:
            continue
        if m.kind in kind_to_field:
            _add(out[m.item][kind_to_field[m.kind]], normalise(m.surface), m.surface)
        elif m.kind == "MeetingReference":
            date, body = m.attrs.get("date"), m.attrs.get("body")
            _add(out[m.item]["meeting_refs"], (date, normalise(body) if body else None), _show_ref(date, body))
    return out


def _gold_values(item: dict) -> Values:
    vals: Values = {f: {} for f in FIELDS}
    for f in ENTITY_FIELDS:
        for s in item.get(f) or []:
            _add(vals[f], normalise(s), s)
    for r in item.get("meeting_refs") or []:
        body = r.get("body")
        _add(vals["meeting_refs"], (r["date"], normalise(body) if body else None), _show_ref(r["date"], body))
    if item.get("decision_outcome"):
        vals["decision_outcome"] = {item["decision_outcome"]: item["decision_outcome"]}
    for t in item.get("case_history") or []:
        key = (normalise(t["body"]) if t.get("body") else None, t.get("date"), t.get("number"))
        _add(vals["case_history"], key, _show_treatment(t.get("body"), t.get("date"), t.get("number")))
    if item.get("decision"):
        v = _verbatim(item["decision"])
        vals["decision"] = {v: v}
    for f in ("title", "journal_number", "proposer"):
        v = _verbatim(item.get(f))
        if v is not None:
            vals[f] = {v: v}
    closed = bool(item.get("closed"))
    vals["closed"] = {closed: _show_bool(closed)}
    headings = tuple(item.get("sections") or [])
    vals["sections"] = {headings: _show_sections(headings)}
    for f in ("bilag", "presenters"):
        for s in item.get(f) or []:
            _add(vals[f], _verbatim(s), _verbatim(s))
    return vals


def _show_treatment(body: str | None, day: str | None, number: int | None) -> str:
    return f"{day or '?'} {body or '?'}" + (f" punkt {number}" if number is not None else "")


_HEADER_KEYS = ("body", "date", "start_time", "place", "kind")


def _doc_values(minutes: Minutes, meeting: dict) -> Values:
    """Header and attendance values of one document: the predicted ones for the keys the gold has."""
    vals: Values = {f: {} for f in FIELDS}
    pred = {"body": minutes.body, "date": minutes.date.isoformat() if minutes.date else None,
            "start_time": minutes.start_time, "place": minutes.place, "kind": minutes.kind}
    for k in _HEADER_KEYS:
        if k in meeting and pred[k] is not None:
            _add(vals["header"], (k, _verbatim(str(pred[k]))), f"{k}: {pred[k]}")
    if "attendance" in meeting:
        for e in minutes.attendance:
            if e.item is None and e.role in ("present", "absent", "other_present"):
                role = "absent" if e.role == "absent" else "present"
                _add(vals["attendance"], (normalise(e.name), role), f"{e.name} ({role})")
    return vals


def _gold_doc_values(meeting: dict) -> Values:
    vals: Values = {f: {} for f in FIELDS}
    for k in _HEADER_KEYS:
        if meeting.get(k) is not None:
            _add(vals["header"], (k, _verbatim(str(meeting[k]))), f"{k}: {meeting[k]}")
    for a in meeting.get("attendance") or []:
        _add(vals["attendance"], (normalise(a["name"]), a["role"]), f"{a['name']} ({a['role']})")
    return vals


def _show_bool(b: bool) -> str:
    return "true" if b else "false"


def _show_sections(headings: tuple) -> str:
    return " > ".join(headings) if headings else "(no sections)"


def _show_ref(date: str | None, body: str | None) -> str:
    return f"{date or '(no date)'} {body or '(no body)'}"


def _index(minutes: Iterable[Minutes]) -> dict[str, Minutes]:
    by_name: dict[str, Minutes] = {}
    for m in minutes:
        by_name.setdefault(Path(m.doc.doc_id).name, m)
        by_name.setdefault(Path(m.doc.doc_id).stem, m)
    return by_name


def _find_doc(minutes_by_name: dict[str, Minutes], source: str) -> Minutes | None:
    name = Path(source).name
    return minutes_by_name.get(name) or minutes_by_name.get(Path(name).stem)


def missing_sources(gold: list[dict], minutes: Iterable[Minutes]) -> list[str]:
    """The gold ``source`` names that match none of ``minutes``, in gold order."""
    by_name = _index(minutes)
    return [g["source"] for g in gold if _find_doc(by_name, g["source"]) is None]


def _score(c: Counter, accuracy: bool = False) -> dict:
    support = c["support"]
    if accuracy:
        acc = round(c["tp"] / support, 4) if support else None
        return {"precision": acc, "recall": acc, "f1": acc, "support": support}
    predicted = c["tp"] + c["fp"]
    r = c["tp"] / support if support else None
    # Gold values but no prediction: precision 0 (all missed); neither: nothing to measure.
    p = c["tp"] / predicted if predicted else (0.0 if support else None)
    f1 = None if p is None or r is None else (2 * p * r / (p + r) if p + r else 0.0)
    return {"precision": _round(p), "recall": _round(r), "f1": _round(f1), "support": support}


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


def compare(gold: list[dict], minutes: Iterable[Minutes], mentions_by_doc: dict[str, list[Mention]]) -> tuple[dict, list[dict]]:
    """Scores per field, and the differences.

    Gold documents whose source is not among ``minutes`` are left out (see
    :func:`missing_sources`). Each difference is ``{"source", "item", "field",
    "missed", "spurious"}``: the gold values not predicted (false negatives)
    and the predicted values not in the gold (false positives) of one item, as
    readable strings (the first surface form seen; normalised forms match).
    """
    by_name = _index(minutes)
    counts = {f: Counter() for f in FIELDS}
    diffs: list[dict] = []
    for g in gold:
        mins = _find_doc(by_name, g["source"])
        if mins is None:
            continue
        pred_items = _predicted_values(mins, mentions_by_doc.get(mins.doc.doc_id, []))
        meeting = g.get("meeting") or {}
        units = [(None, _gold_doc_values(meeting), _doc_values(mins, meeting), DOC_FIELDS)]
        for gi in g["items"]:
            fields = [f for f in FIELDS if f not in DOC_FIELDS and (f not in ITEM_OPTIONAL or f in gi)]
            units.append((gi["number"], _gold_values(gi), pred_items.get(gi["number"], {f: {} for f in FIELDS}), fields))
        for number, gv, pv, fields in units:
            for f in fields:
                if f == "attendance" and "attendance" not in meeting:
                    continue
                gs, ps = gv[f], pv[f]
                if f == "decision_outcome":
                    if not gs:  # accuracy over items with a gold outcome only
                        continue
                    counts[f]["support"] += 1
                    counts[f]["tp"] += int(gs.keys() == ps.keys())
                    missed, spurious = gs.keys() - ps.keys(), ps.keys() - gs.keys()
                else:
                    missed, spurious = gs.keys() - ps.keys(), ps.keys() - gs.keys()
                    counts[f]["tp"] += len(gs.keys() & ps.keys())
                    counts[f]["fp"] += len(spurious)
                    counts[f]["fn"] += len(missed)
                    counts[f]["support"] += len(gs)
                if missed or spurious:
                    diffs.append({"source": g["source"], "item": number, "field": f,
                                  "missed": sorted(gs[k] for k in missed),
                                  "spurious": sorted(ps[k] for k in spurious)})
    scores = {f: _score(counts[f], accuracy=(f == "decision_outcome")) for f in FIELDS}
    return scores, diffs


@dataclass
class Evaluation:
    """What :func:`run` measured, and what it could not measure."""

    scores: dict  # field -> {"precision", "recall", "f1", "support"}
    differences: list[dict]  # see compare()
    gold_files: list[str]  # the gold files read
    documents: list[str]  # gold sources found in the corpus and evaluated, in gold order
    missing: list[str]  # gold sources not found in the corpus
    items: int = 0  # gold items of the evaluated documents
    problems: list[str] = field(default_factory=list)  # corpus read problems ("path: reason")


def run(gold_path: str | Path, corpus: str | Path | None = None, aliases: str | Path | None = None) -> Evaluation:
    """Parse and extract the corpus documents the gold names, compare with the gold.

    Raises :class:`GoldError` for an unusable gold file.
    """
    from graph.extract import extract_minutes, load_vocabulary
    from graph.sources import default_corpus, read_sources
    from graph.structure import parse_minutes

    files = gold_files(gold_path)
    gold = [read_gold(f) for f in files]
    docs, problems = read_sources([corpus or default_corpus()])
    wanted = {Path(g["source"]).name for g in gold} | {Path(g["source"]).stem for g in gold}
    minutes = [parse_minutes(d) for d in docs if {Path(d.doc_id).name, Path(d.doc_id).stem} & wanted]
    missing = missing_sources(gold, minutes)
    found = [g for g in gold if g["source"] not in missing]
    mentions = {}
    if found:
        vocab = load_vocabulary(extra_aliases=aliases)
        mentions = {m.doc.doc_id: extract_minutes(m, vocab) for m in minutes}
    scores, diffs = compare(found, minutes, mentions)
    return Evaluation(scores=scores, differences=diffs, gold_files=[str(f) for f in files],
                      documents=[g["source"] for g in found], missing=missing,
                      items=sum(len(g["items"]) for g in found),
                      problems=[f"{p.path}: {p.reason}" for p in problems])


def evaluate(gold_path: str | Path, corpus: str | Path | None = None, aliases: str | Path | None = None) -> dict:
    """``{field: {"precision", "recall", "f1", "support"}}`` for every field (see module docstring)."""
    return run(gold_path, corpus, aliases).scores
