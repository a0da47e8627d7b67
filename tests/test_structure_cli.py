"""`referatgraf parse`: the parsed structure of minutes on the command line."""
from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from graph.cli import app

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "structure"


def test_parse_json_gives_header_items_and_offsets():
    result = CliRunner().invoke(app, ["parse", str(FIXTURES / "oekonomiudvalg-referat.txt"), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert len(data) == 1
    doc = data[0]
    assert doc["source"] == "oekonomiudvalg-referat.txt"
    assert doc["meeting"] == {"body": "Økonomiudvalget", "date": "2022-02-03", "start_time": "09:00",
                              "place": "Byrådssalen, Rådhuset"}
    assert [it["number"] for it in doc["items"]] == [1, 2, 3]
    text = (FIXTURES / "oekonomiudvalg-referat.txt").read_text(encoding="utf-8")
    start, end = doc["items"][1]["title_span"]
    assert text[start:end] == "Salg af grund på Vestervej"


def test_parse_without_arguments_reads_the_sample():
    result = CliRunner().invoke(app, ["parse"])
    assert result.exit_code == 0, result.output
    assert result.stdout.count("REFERAT Chefforum") == 5


def test_parse_reports_non_minutes_by_name_and_fails_when_nothing_parsed(tmp_path):
    f = tmp_path / "opskrift.txt"
    f.write_text("Æblekage\n\nTag fire æbler.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["parse", str(f)])
    assert result.exit_code == 1
    assert "opskrift.txt" in result.output and "not minutes" in result.output
