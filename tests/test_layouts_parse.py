"""Minutes in the layouts of the big publishing systems parse exactly: handmade documents written at
test time (tests/layouts/make_layouts.py: eDoc, Acadre, SBSYS PDFs, a FirstAgenda web page and
its Chromium print, a Word referat, a Sagsforløb referat), measured against gold annotation
written by reading them before any run (tests/fixtures/layouts/gold/)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "layouts"))
import make_layouts  # noqa: E402

GOLD = make_layouts.GOLD_DIR
# The fields the structure parser owns: every one must be exact on every layout.
STRUCTURE = ("title", "journal_number", "closed", "sections", "proposer", "bilag", "presenters",
             "case_history", "decision", "decision_outcome", "header", "attendance")
# Entity extraction on unseen layouts: floors a little below the F1 first measured on them.
ENTITY_FLOORS = {"persons": 0.95, "role_mentions": 0.9, "departments": 0.55, "bodies": 0.7,
                 "organisations": 0.5, "policies": 0.5}


@pytest.fixture(scope="module")
def layouts(tmp_path_factory):
    out = tmp_path_factory.mktemp("layouts")
    strict = Path(make_layouts.CHROMIUM).exists() or bool(__import__("os").environ.get("CI"))
    return make_layouts.make_all(out, strict=strict)


@pytest.fixture(scope="module")
def per_layout(layouts):
    """``{document: scores}``: each gold file evaluated on its own document."""
    from graph.evaluate import run

    folder = next(iter(layouts.values())).parent
    out = {}
    for gold in sorted(GOLD.glob("*.json")):
        single = folder / "gold" / gold.name
        single.parent.mkdir(exist_ok=True)
        single.write_text(gold.read_text(encoding="utf-8"), encoding="utf-8")
        ev = run(single, folder)
        single.unlink()
        assert not ev.missing, ev.missing
        out[gold.name.removesuffix(".json")] = ev
    return out


def test_every_layout_document_is_written_and_read_by_its_reader(layouts):
    from graph.sources import read_document

    readers = {".pdf": "pdf", ".html": "html", ".docx": "docx"}
    for name, path in sorted(layouts.items()):
        doc, problem = read_document(path)
        assert problem is None and doc.reader == readers[path.suffix], name


@pytest.mark.parametrize("name", [p.name.removesuffix(".json") for p in sorted(GOLD.glob("*.json"))])
def test_structure_of_each_layout_is_exact(per_layout, name):
    ev = per_layout[name]
    wrong = {f: (s["f1"], [d for d in ev.differences if d["field"] == f][:3])
             for f, s in ev.scores.items() if f in STRUCTURE and s["support"] and s["f1"] != 1.0}
    assert wrong == {}


def test_entities_on_the_layouts_meet_their_floors(layouts):
    from graph.evaluate import evaluate

    scores = evaluate(GOLD, next(iter(layouts.values())).parent)
    low = {f: scores[f]["f1"] for f, floor in ENTITY_FLOORS.items() if (scores[f]["f1"] or 0) < floor}
    assert low == {}


def test_case_history_of_the_layouts_is_in_the_graph(layouts):
    """Every gold case-history entry is a treatment of the item's case in the built graph, with
    its body and date; the treatments of a case are chained in time order."""
    from graph.pipeline import build
    from graph.query.timeline import treatments

    folder = next(iter(layouts.values())).parent
    G = build([folder]).graph
    missing = []
    for gold in sorted(GOLD.glob("*.json")):
        g = json.loads(gold.read_text(encoding="utf-8"))
        for item in g["items"]:
            if not item["case_history"] or not item["journal_number"]:
                continue
            case = next(n for n, d in G.nodes(data=True) if d["type"] == "Case"
                        and d["props"].get("journalNumber") == item["journal_number"])
            steps = treatments(G, case)
            got = {(t["date"], t["item"]) for t in steps}
            for h in item["case_history"]:
                if (h["date"], h["number"]) not in got and not any(t["date"] == h["date"] for t in steps):
                    missing.append((gold.name, item["number"], h))
            dates = [t["date"] for t in steps]
            assert dates == sorted(dates)
    assert missing == []


def test_case_history_across_bodies_query_lists_history_and_this_meeting(layouts, tmp_path):
    """The example query on the FirstAgenda page: the Sagsforløb entries (body, date, item number,
    remark) and this meeting's own treatment, in time order; expected rows from the gold."""
    from graph.export import write_exports
    from graph.pipeline import build
    from graph.query.sparql import load, read_query, run_query

    page = layouts["firstagenda_page.html"]
    write_exports(build([page]).graph, tmp_path, ["ttl"])
    gold = json.loads((GOLD / "firstagenda_page.html.json").read_text(encoding="utf-8"))
    item = next(i for i in gold["items"] if len({h["body"] for h in i["case_history"]}) > 1)
    store = load(tmp_path / "graph.ttl", "oxigraph")
    result = run_query(read_query("case-history-across-bodies"), store, "oxigraph", {"case": item["journal_number"]})
    rows = [dict(zip(result.variables, r)) for r in result.rows]
    got = [(str(r["date"]), str(r["body"]), int(str(r["number"])) if r["number"] is not None else None) for r in rows]
    want = sorted([(h["date"], h["body"], h["number"]) for h in item["case_history"]]
                  + [(gold["meeting"]["date"], gold["meeting"]["body"], item["number"])])
    assert got == want
    history = [r for r in rows if str(r["kind"]) == "history"]
    assert len(history) == len(item["case_history"]) and all(str(r["text"]).strip() for r in history)
    assert all(str(r["inBuild"]) == "false" for r in history)  # those meetings' own minutes are not in the build
