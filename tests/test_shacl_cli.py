"""`referatgraf validate`: conforming builds pass, broken ones list their violations and exit 1."""
from __future__ import annotations

from typer.testing import CliRunner

from fixtures.rdf.handmade import BASE, handmade_graph
from graph.cli import app
from graph.export.rdf import write_rdf

runner = CliRunner()


def test_validate_accepts_a_conforming_export_folder(tmp_path):
    write_rdf(handmade_graph(), tmp_path, ["ttl"])
    result = runner.invoke(app, ["validate", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "conforms" in result.output


def test_validate_lists_violations_and_exits_1(tmp_path):
    G = handmade_graph()
    item = f"{BASE}meeting/testudvalget/2031-02-03/item/2"
    del G.nodes[item]["props"]["number"]
    (nt,) = write_rdf(G, tmp_path, ["nt"])
    result = runner.invoke(app, ["validate", str(nt)])
    assert result.exit_code == 1
    assert f"{item} rg:number" in result.output


def test_validate_without_a_file_exits_2(tmp_path):
    result = runner.invoke(app, ["validate", str(tmp_path / "missing.ttl")])
    assert result.exit_code == 2


def test_validate_of_a_folder_without_graph_ttl_names_the_file_and_its_own_hint(tmp_path):
    result = runner.invoke(app, ["validate", str(tmp_path)])
    assert result.exit_code == 2
    message = " ".join(result.output.split())
    assert f"no Turtle file at {tmp_path / 'graph.ttl'}" in message
    assert "referatgraf validate FOLDER" in message and "--data" not in message
