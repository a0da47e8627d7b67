"""`referatgraf build`, `path` and `show` through the CLI runner, on the sample and on bad input."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from graph.cli import app
from graph.sources import default_corpus

runner = CliRunner()


@pytest.fixture(autouse=True)
def _in_empty_folder(tmp_path, monkeypatch):
    """No exports/ here: path and show fall back to building the bundled sample."""
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)


def _sample_files():
    return sorted(default_corpus().rglob("*.txt"))


def test_build_with_no_arguments_writes_turtle_html_and_report(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["build"])
    assert result.exit_code == 0, result.output
    for name in ("graph.ttl", "graph.html", "report.json"):
        assert (tmp_path / "exports" / name).stat().st_size > 0
    report = json.loads((tmp_path / "exports" / "report.json").read_text())
    assert report["summary"]["documents_read"] == 5
    assert report["counts"]["nodes"]["AgendaItem"] == 36


def test_build_twice_gives_byte_identical_outputs(tmp_path):
    for run in ("a", "b"):
        assert runner.invoke(app, ["build", "-o", str(tmp_path / run), "--format", "ttl,nt,jsonld,csv,html"]).exit_code == 0
    names = sorted(str(p.relative_to(tmp_path / "a")) for p in (tmp_path / "a").rglob("*") if p.is_file())
    assert "graph.ttl" in names and any(n.startswith("sources/") for n in names)  # the documents' pages too
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_bad_files_are_reported_by_name_and_the_build_goes_on(tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    shutil.copy(_sample_files()[0], corpus / "good.txt")
    (corpus / "empty.txt").write_text("")
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (corpus / "essay.txt").write_text("Dette er en kort tekst om vejret. Den er ikke et referat.\n", encoding="utf-8")
    good = _sample_files()[1].read_text(encoding="utf-8")
    (corpus / "legacy.txt").write_bytes(good.encode("cp1252"))
    (corpus / "truncated.txt").write_text(good[: len(good) // 2], encoding="utf-8")
    result = runner.invoke(app, ["build", str(corpus), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    status = {e["path"]: e for e in report["inputs"]}
    assert status["good.txt"]["status"] == status["legacy.txt"]["status"] == "read"
    assert status["legacy.txt"]["encoding"] == "cp1252"
    assert status["truncated.txt"]["status"] == "read"
    for bad in ("empty.txt", "binary.txt", "essay.txt"):
        assert status[bad]["status"] == "skipped" and status[bad]["reason"], bad
        assert bad in result.output
    assert (tmp_path / "out" / "graph.ttl").exists()


def test_strict_makes_any_problem_fatal_and_writes_nothing(tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    shutil.copy(_sample_files()[0], corpus / "good.txt")
    (corpus / "empty.txt").write_text("")
    result = runner.invoke(app, ["build", str(corpus), "-o", str(tmp_path / "out"), "--strict"])
    assert result.exit_code == 1
    assert not (tmp_path / "out").exists()


def test_build_of_nothing_readable_exits_1(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    result = runner.invoke(app, ["build", str(tmp_path / "empty.txt"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1 and "empty.txt" in result.output


def test_failed_export_leaves_no_half_written_file(tmp_path, monkeypatch):
    import os

    from graph import atomic

    def boom(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(atomic.os, "replace", boom)
    target = tmp_path / "out"
    target.mkdir()
    with pytest.raises(OSError):
        atomic.write_text(target / "graph.ttl", "x" * 10_000)
    assert os.listdir(target) == []


def test_path_explains_each_step_and_avoids_hubs(tmp_path):
    result = runner.invoke(app, ["path", "81.04.00-A00-1-16", "81.04.00-A00-3-19", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    best = data["paths"][0]
    assert best["hubs"] == []
    assert best["steps"] and all(s["sentence"] and s["evidence"] for s in best["steps"])
    text = runner.invoke(app, ["path", "81.04.00-A00-1-16", "81.04.00-A00-3-19", "--max", "2"])
    assert text.exit_code == 0 and "Path 2" in text.stdout


def test_show_lists_every_meeting_of_a_case_treated_twice(sample_result, tmp_path):
    from collections import defaultdict

    from graph.journal import parse_journal_number

    days = defaultdict(set)
    for m in sample_result.minutes:
        for item in m.items:
            if item.journal_number:
                days[parse_journal_number(item.journal_number).normalised].add(m.date.isoformat())
    twice = sorted(jn for jn, d in days.items() if len(d) == 2)
    assert twice
    for jn in twice:
        result = runner.invoke(app, ["show", jn, "--json"])
        assert result.exit_code == 0, result.output
        timeline = json.loads(result.stdout)["timeline"]
        dates = [e["date"] for e in timeline]
        assert sorted(set(dates)) == sorted(days[jn]) and dates == sorted(dates)


def test_unknown_case_exits_2_with_a_message(tmp_path):
    result = runner.invoke(app, ["show", "99.99.99-Z99-999-99"])
    assert result.exit_code == 2 and "nothing in the graph matches" in result.output


def test_ambiguous_words_list_the_candidates_and_exit_2_without_a_terminal(tmp_path):
    result = runner.invoke(app, ["show", "referat"])
    assert result.exit_code == 2 and "matches" in result.output


def test_python_dash_m_graph_is_the_same_cli():
    proc = subprocess.run([sys.executable, "-m", "graph", "--help"], capture_output=True, text=True, check=True)
    for command in ("build", "path", "show"):
        assert command in proc.stdout


def test_kle_file_labels_themes_with_their_titles(tmp_path):
    from pathlib import Path

    kle = Path(__file__).parent / "fixtures" / "structure" / "kle-emneplan-mini.xml"
    result = runner.invoke(app, ["build", "-o", str(tmp_path), "--format", "csv", "--kle", str(kle)])
    assert result.exit_code == 0, result.output
    nodes = (tmp_path / "nodes.csv").read_text(encoding="utf-8")
    assert "00.01.10 Testemne et-ti" in nodes and "00 Testhovedgruppe nul" in nodes


def test_unknown_export_format_is_a_usage_error(tmp_path):
    result = runner.invoke(app, ["build", "-o", str(tmp_path), "--format", "ttl,docx"])
    assert result.exit_code == 2 and "docx" in result.output


def test_show_and_path_answer_from_the_last_build_not_the_sample(tmp_path):
    """After `build my-minutes -o out`, `show -g out` must see my minutes, not the bundled sample."""
    corpus = tmp_path / "in"
    corpus.mkdir()
    shutil.copy(_sample_files()[0], corpus / "only.txt")
    assert runner.invoke(app, ["build", str(corpus), "-o", str(tmp_path / "out")]).exit_code == 0
    result = runner.invoke(app, ["show", "00.01.10-A00-3-16", "--json", "-g", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "graph.json" in result.output
    assert {e["date"] for e in json.loads(result.stdout)["timeline"]} == {"2016-03-17"}


def test_out_pointing_at_a_file_is_a_usage_error(tmp_path):
    (tmp_path / "f").write_text("x")
    result = runner.invoke(app, ["build", "-o", str(tmp_path / "f")])
    assert result.exit_code == 2 and "is a file" in result.output


def test_bad_kle_file_is_a_usage_error_naming_the_file(tmp_path):
    kle = tmp_path / "kle.xml"
    kle.write_text("<not-kle>")
    result = runner.invoke(app, ["build", "-o", str(tmp_path / "out"), "--kle", str(kle)])
    assert result.exit_code == 2 and "kle.xml" in result.output


def test_failed_build_with_json_still_prints_a_report(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    result = runner.invoke(app, ["build", str(tmp_path / "empty.txt"), "-o", str(tmp_path / "out"), "--json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False and report["inputs"][0]["reason"] == "empty file"


def test_a_document_without_a_date_is_reported_as_left_out(tmp_path):
    text = _sample_files()[0].read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.startswith(("REFERAT", "Mødedato"))]
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "undated.txt").write_text("\n".join(lines), encoding="utf-8")
    shutil.copy(_sample_files()[1], tmp_path / "in" / "dated.txt")
    result = runner.invoke(app, ["build", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--json"])
    assert result.exit_code == 0
    status = {e["path"]: e for e in json.loads(result.stdout)["inputs"]}
    assert status["undated.txt"]["status"] == "skipped" and "no meeting date" in status["undated.txt"]["reason"]


def test_show_of_a_meeting_lists_its_items_and_of_a_theme_the_items_of_its_cases(sample_result, tmp_path):
    first = min(sample_result.minutes, key=lambda m: m.date)
    meeting = json.loads(runner.invoke(app, ["show", f"{first.body} {first.date.isoformat()}", "--json",
]).stdout)
    assert [e["item"] for e in meeting["timeline"]] == [i.number for i in first.items]
    code = first.items[0].journal_number.split(".")[0]  # a KLE main group
    theme = json.loads(runner.invoke(app, ["show", code, "--json"]).stdout)
    expected = sum(1 for m in sample_result.minutes for i in m.items
                   if i.journal_number and i.journal_number.startswith(code + "."))
    assert theme["type"] == "Theme" and len(theme["timeline"]) == expected


def test_a_named_build_without_graph_json_is_an_error_not_the_sample(tmp_path):
    result = runner.invoke(app, ["show", "00.01.10-A00-3-16", "-g", str(tmp_path / "typo")])
    assert result.exit_code == 2 and "no graph.json" in result.output


def test_path_between_a_node_and_itself_is_a_usage_error():
    result = runner.invoke(app, ["path", "81.04.00-A00-1-16", "81.04.00-A00-1-16"])
    assert result.exit_code == 2 and "same node" in result.output


def test_sparql_listing_names_each_querys_question_and_parameters():
    result = runner.invoke(app, ["sparql"])
    assert result.exit_code == 0
    line = next(ln for ln in result.stdout.splitlines() if ln.startswith("case-history"))
    assert line.rstrip().endswith("(--param case)") and "?" in line
