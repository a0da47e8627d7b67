"""`referatgraf eval`: precision, recall and F1 per field against gold files, through the CLI."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph.cli import app
from graph.evaluate import compare, load_gold, normalise

FIXTURES = Path(__file__).parent / "fixtures" / "extract"
SAMPLE_GOLD = Path(__file__).resolve().parents[2] / "shared" / "gold"
runner = CliRunner()

FLOORS = {"persons": 0.95, "departments": 0.90, "bodies": 0.90, "organisations": 0.90, "policies": 0.90,
          "networks": 0.90, "meeting_refs": 0.90, "decision_outcome": 0.90}


def _json(args):
    result = runner.invoke(app, ["eval", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.skipif(not SAMPLE_GOLD.is_dir(), reason="the shared gold annotation of the sample is not present")
def test_sample_meets_the_floors():
    scores = _json([str(SAMPLE_GOLD)])
    for field in ("title", "journal_number", "closed", "sections", "proposer", "bilag", "presenters"):
        assert scores[field]["f1"] == 1.0, field
    for field, floor in FLOORS.items():
        assert scores[field]["f1"] >= floor, (field, scores[field])
    assert scores["role_mentions"]["support"] > 0


def test_handmade_gold_of_another_municipality():
    scores = _json([str(FIXTURES / "gold"), str(FIXTURES)])
    assert set(scores) >= set(FLOORS) | {"role_mentions", "title", "presenters"}
    for field, s in scores.items():
        assert set(s) == {"precision", "recall", "f1", "support"}
    for field in FLOORS:
        if scores[field]["support"]:  # fields without gold values score null, see test_evaluate_robustness
            assert scores[field]["f1"] >= 0.9, (field, scores[field])


def test_table_output_names_every_field():
    result = runner.invoke(app, ["eval", str(FIXTURES / "gold"), str(FIXTURES)])
    assert result.exit_code == 0
    for field in ("persons", "meeting_refs", "decision_outcome", "bilag"):
        assert field in result.stdout


def test_missing_gold_folder_is_a_usage_error(tmp_path):
    result = runner.invoke(app, ["eval", str(tmp_path)])
    assert result.exit_code == 2


def test_wrong_predictions_lower_precision_and_recall():
    from graph.extract import extract_minutes
    from graph.sources import read_sources
    from graph.structure import parse_minutes

    gold = [g for g in load_gold(FIXTURES / "gold") if g["source"] == "bsu-2021-09-14.txt"]
    docs, _ = read_sources([FIXTURES / "bsu-2021-09-14.txt"])
    m = parse_minutes(docs[0])
    mentions = extract_minutes(m)
    perfect, _ = compare(gold, [m], {m.doc.doc_id: mentions})
    no_persons = [x for x in mentions if x.kind != "Person"]
    worse, diffs = compare(gold, [m], {m.doc.doc_id: no_persons})
    assert perfect["persons"]["recall"] == 1.0 and worse["persons"]["recall"] == 0.0
    assert any(d["field"] == "persons" and d["item"] == 3 and "Kim Skov" in d["missed"] for d in diffs)
    assert not any(d["spurious"] for d in diffs if d["field"] == "persons")


def test_normalisation_is_the_same_for_gold_and_prediction():
    assert normalise("KommuneMEDs") == normalise("KommuneMED")
    assert normalise("Økonomi og Stab") == normalise("Økonomi & Stab")
    assert normalise("  Idrætspolitikken ") == normalise("idrætspolitik")
