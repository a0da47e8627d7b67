"""Extraction on a held-out (blind) set: minutes no extraction rule has been tuned on.

tests/fixtures/blind/ holds three minutes of an invented municipality (a Social- og
Sundhedsudvalget referat with "Punkt N:" headings, a Klima- og Miljøudvalget referat with
"N. Title" items and "Sagsnr.:" lines, and a Byrådet agenda+minutes in Markdown) and their gold
annotation after /work/shared/gold/README.md. Documents and gold were written before
referatgraf was first run on them, and the floors below sit a margin under the F1 measured
then (structure fields 0.9 where they scored 0.95 or more; other fields the measured score
minus 0.1, never above 0.9).

The set is held out: do NOT read its misses to tune extraction rules or vocabulary files.
Fixing a rule because a blind document failed turns it into one more training document and
the figures stop meaning "unseen minutes". If the gold is wrong against the README
conventions, fix the gold and say so in the commit message; if a floor fails after an honest
change elsewhere, that is a real regression on unseen text.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph.cli import app

BLIND = Path(__file__).parent / "fixtures" / "blind"
runner = CliRunner()

# F1 measured at creation, in brackets; floors a margin below.
FLOORS = {
    "title": 0.90,  # (0.974; the closed Markdown item "Lukket punkt: …" is not split off)
    "journal_number": 0.90,  # (1.000)
    "closed": 0.90,  # (0.974)
    "sections": 0.90,  # (0.974)
    "proposer": 0.90,  # (1.000)
    "presenters": 0.90,  # (1.000)
    "bilag": 0.61,  # (0.714; Markdown "- " bullets kept in attachment lines)
    "persons": 0.90,  # (1.000)
    "role_mentions": 0.87,  # (0.973)
    "departments": 0.73,  # (0.837)
    "bodies": 0.80,  # (0.909)
    "organisations": 0.68,  # (0.788)
    "policies": 0.80,  # (0.909)
    "networks": 0.47,  # (0.571)
    "meeting_refs": 0.82,  # (0.923)
    "decision_outcome": 0.84,  # (0.944)
}


@pytest.fixture(scope="module")
def blind_scores() -> dict:
    result = runner.invoke(app, ["eval", str(BLIND / "gold"), str(BLIND / "corpus"), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_every_blind_gold_file_finds_its_document():
    result = runner.invoke(app, ["eval", str(BLIND / "gold"), str(BLIND / "corpus")])
    assert result.exit_code == 0, result.output
    assert "evaluated 3 documents, 20 items (3 of 3 gold files)" in result.output


@pytest.mark.parametrize("field", sorted(FLOORS))
def test_blind_set_meets_the_floor(blind_scores, field):
    s = blind_scores[field]
    assert s["support"] > 0, (field, s)
    assert s["f1"] is not None and s["f1"] >= FLOORS[field], (field, s)


def test_blind_gold_strings_are_verbatim_in_their_documents():
    """The yardstick itself: every annotated surface form occurs in its document, so a miss
    is the tool's and not a typing error in the gold (Markdown bullet markers excepted)."""
    fields = ("title", "journal_number", "proposer")
    lists = ("bilag", "presenters", "persons", "role_mentions", "departments", "bodies",
             "organisations", "policies", "networks")
    for gold_file in sorted((BLIND / "gold").glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        text = (BLIND / "corpus" / gold["source"]).read_text(encoding="utf-8")
        for item in gold["items"]:
            values = [item[f] for f in fields if item.get(f)] + [v for f in lists for v in item.get(f) or []]
            values += [r["text"] for r in item.get("meeting_refs") or []]
            for v in values:
                assert v in text, (gold_file.name, item["number"], v)
