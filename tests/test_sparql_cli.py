"""`referatgraf sparql` through typer's CliRunner, on the handmade fixture build."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import rdflib
from typer.testing import CliRunner

from graph.cli import app

MINI = str(Path(__file__).parent / "fixtures" / "sparql" / "mini.ttl")
runner = CliRunner()


def sparql(*args: str):
    return runner.invoke(app, ["sparql", *args])


def test_example_query_by_name_prints_a_table():
    result = sparql("cases-by-meeting", "--data", MINI)
    assert result.exit_code == 0, result.output
    assert "99.01.00-A00-1-30" in result.output and "3 row(s)" in result.output


def test_without_a_query_it_lists_the_examples():
    result = sparql()
    assert result.exit_code == 0
    for name in ("cases-by-meeting", "case-history", "items-mentioning-both"):
        assert name in result.output


def test_json_format_with_a_param():
    result = sparql("case-history", "--data", MINI, "--param", "case=99.01.00-A00-1-30", "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    outcomes = [b["outcome"]["value"] for b in doc["results"]["bindings"]]
    assert outcomes == ["approved", "approved"]  # both treatments of the case were approved


def test_csv_format_and_rdflib_engine_give_the_same_rows():
    a = sparql("decisions-by-outcome", "--data", MINI, "--format", "csv")
    b = sparql("decisions-by-outcome", "--data", MINI, "--format", "csv", "--engine", "rdflib")
    assert a.exit_code == b.exit_code == 0
    rows = list(csv.reader(io.StringIO(a.stdout)))
    assert rows == [["outcome", "decisions"], ["approved", "2"], ["discussed", "1"]]
    assert a.stdout == b.stdout


def test_query_text_and_rq_file(tmp_path):
    rq = tmp_path / "q.rq"
    rq.write_text("SELECT ?p WHERE { ?p a rg:Policy }", encoding="utf-8")
    from_file = sparql(str(rq), "--data", MINI, "--format", "csv")
    from_text = sparql("SELECT ?p WHERE { ?p a rg:Policy }", "--data", MINI, "--format", "csv")
    assert from_file.exit_code == from_text.exit_code == 0
    expected = b"p\r\nhttps://w3id.org/referatgraf/id/policy/cykelpolitik\r\n"  # SPARQL CSV: CRLF
    assert from_file.stdout_bytes == from_text.stdout_bytes == expected


def test_construct_prints_turtle():
    result = sparql("CONSTRUCT { ?m rg:date ?d } WHERE { ?m a rg:Meeting ; rg:date ?d }", "--data", MINI)
    assert result.exit_code == 0, result.output
    assert len(rdflib.Graph().parse(data=result.stdout, format="turtle")) == 3


def test_ask_prints_yes_or_no():
    assert sparql("ASK { ?m rg:referencedOnly true }", "--data", MINI).stdout.strip() == "yes"


def test_syntax_error_exits_2_with_a_message():
    result = sparql("SELECT ?x WHERE { ?x a }", "--data", MINI)
    assert result.exit_code == 2 and "syntax error" in result.output


def test_missing_query_file_or_data_exits_2(tmp_path):
    missing_query = sparql(str(tmp_path / "nope.rq"), "--data", MINI)
    missing_data = sparql("cases-by-meeting", "--data", str(tmp_path / "none.ttl"))
    assert missing_query.exit_code == missing_data.exit_code == 2
    assert "nope.rq" in missing_query.output and "no Turtle file at" in missing_data.output


def test_bad_param_usage_exits_2():
    assert sparql("case-history", "--data", MINI).exit_code == 2  # required param missing
    assert sparql("case-history", "--data", MINI, "--param", "case").exit_code == 2  # no '='
    assert sparql("cases-by-meeting", "--data", MINI, "--format", "xml").exit_code == 2


def test_missing_data_names_the_file_how_to_build_it_and_the_data_option(tmp_path):
    result = sparql("cases-by-meeting", "--data", str(tmp_path))
    assert result.exit_code == 2
    message = " ".join(result.output.split())
    assert f"no Turtle file at {tmp_path / 'graph.ttl'}" in message
    assert f"referatgraf build -o {tmp_path}" in message and "--data" in message


def test_misspelt_query_text_shows_the_parser_error_not_a_missing_file():
    for text in ("SELEC ?x WHERE { ?x ?p ?o }", "SELEC x", "{ ?s ?p ?o }"):
        result = sparql(text, "--data", MINI)
        assert result.exit_code == 2, text
        assert "syntax error" in result.output and "no query file" not in result.output, text


def test_param_items_are_parsed_by_the_library_with_clear_errors():
    json_rows = sparql("case-history", "--data", MINI, "--param", "?case=https://example.org/x", "--format", "json")
    assert json_rows.exit_code == 0, json_rows.output
    for bad in ("=x", "case", "two words=x"):
        result = sparql("case-history", "--data", MINI, "--param", bad)
        assert result.exit_code == 2 and "--param needs name=value" in result.output, bad
