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


def _crash_on(doc_id_part: str, monkeypatch):
    import graph.structure.parse as parse  # the module whose loop calls parse_minutes

    real = parse.parse_minutes

    def parse_or_crash(doc):
        if doc_id_part in doc.doc_id:
            raise IndexError("list index out of range")
        return real(doc)

    monkeypatch.setattr(parse, "parse_minutes", parse_or_crash)


def test_parse_sources_turns_non_minutes_and_parser_crashes_into_problems(tmp_path, monkeypatch):
    from graph.structure import parse_sources

    (tmp_path / "opskrift.txt").write_text("Æblekage\n\nTag fire æbler.\n", encoding="utf-8")
    (tmp_path / "crash.txt").write_text((FIXTURES / "oekonomiudvalg-referat.txt").read_text(encoding="utf-8"),
                                        encoding="utf-8")
    (tmp_path / "good.txt").write_text((FIXTURES / "oekonomiudvalg-referat.txt").read_text(encoding="utf-8"),
                                       encoding="utf-8")
    _crash_on("crash", monkeypatch)
    stages: list[tuple[str, str]] = []
    minutes, problems = parse_sources([tmp_path], progress=lambda stage, d: stages.append((stage, d)))
    assert [m.doc.doc_id for m in minutes] == ["good.txt"]
    reasons = {p.path: p.reason for p in problems}
    assert reasons["crash.txt"] == "could not be parsed (IndexError: list index out of range)"
    assert reasons["opskrift.txt"].startswith("not minutes: ")
    assert ("parse", "good.txt") in stages and ("read", "crash.txt") in stages


def test_parse_command_reports_a_parser_crash_and_still_shows_the_other_documents(tmp_path, monkeypatch):
    for name in ("crash.txt", "good.txt"):
        (tmp_path / name).write_text((FIXTURES / "oekonomiudvalg-referat.txt").read_text(encoding="utf-8"),
                                     encoding="utf-8")
    _crash_on("crash", monkeypatch)
    result = CliRunner().invoke(app, ["parse", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    assert [d["source"] for d in json.loads(result.stdout)] == ["good.txt"]
    assert "crash.txt" in result.stderr and "could not be parsed (IndexError" in result.stderr
