"""The Python API (`import graph`): the README's example runs, the calls match the CLI's answers,
and `import graph` stays light."""
from __future__ import annotations

import doctest
import json
import re
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

import graph
from graph.cli import app
from graph.query.lookup import Ambiguous, NoMatch

README = Path(__file__).resolve().parents[1] / "README.md"
runner = CliRunner()


def _readme_python_blocks(heading: str = "### From Python") -> list[str]:
    text = README.read_text(encoding="utf-8")
    section = text.split(heading, 1)[1].split("\n#", 1)[0]
    return [b for b in re.findall(r"```python\n(.*?)```", section, re.S) if ">>>" in b]


def test_the_readme_python_example_runs_as_a_doctest(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no exports/ here: nothing but the example's own build is read
    blocks = _readme_python_blocks()
    assert blocks, "the README's 'From Python' section has no doctest block"
    parser, runner_ = doctest.DocTestParser(), doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for i, block in enumerate(blocks):
        runner_.run(parser.get_doctest(block, {}, f"README block {i}", str(README), 0))
    result = runner_.summarize(verbose=False)
    assert result.failed == 0 and result.attempted > 5


@pytest.fixture(scope="module")
def sample():
    return graph.build()


def test_import_graph_exposes_the_four_calls():
    assert {"build", "sparql", "path", "show"} <= set(graph.__all__) and {"build", "show"} <= set(dir(graph))
    for name in ("build", "sparql", "path", "show"):
        assert callable(getattr(graph, name)) and getattr(graph, name).__doc__


def test_graph_build_stays_the_function_after_the_builder_module_is_imported():
    from graph.builder import GraphBuilder  # the graph builder's module has a name of its own

    assert GraphBuilder and callable(graph.build) and graph.build.__module__ == "graph.api"


def test_import_graph_loads_no_heavy_library():
    code = ("import sys, graph; graph.build; graph.show; "
            "print(sorted(m for m in ('networkx', 'rdflib', 'pyoxigraph', 'typer', 'graph.pipeline') if m in sys.modules))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "[]"


def test_build_result_is_the_pipelines_with_a_networkx_graph(sample):
    assert isinstance(sample.graph, nx.MultiDiGraph) and sample.ok
    assert sum(1 for _, d in sample.graph.nodes(data=True) if d["type"] == "Meeting" and
               not d["props"].get("referencedOnly")) == 5


def test_build_takes_one_path_as_well_as_a_list(tmp_path):
    from graph.sources import default_corpus

    one = sorted(Path(default_corpus()).rglob("*.txt"))[0]
    assert graph.build(str(one)).graph.number_of_nodes() == graph.build([one]).graph.number_of_nodes() > 0


def test_build_with_out_writes_the_exports_and_report(tmp_path):
    graph.build(out=tmp_path, formats="csv,json")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["edges.csv", "graph.json", "identities.json", "nodes.csv", "report.json"]


def test_build_rejects_a_bad_format_or_base_before_building(tmp_path):
    with pytest.raises(ValueError, match="pdf"):
        graph.build(out=tmp_path, formats="ttl,pdf")
    with pytest.raises(ValueError, match="absolute IRI"):
        graph.build(base="not-an-iri")
    assert not any(tmp_path.iterdir())


def test_build_with_out_and_nothing_readable_writes_nothing(tmp_path):
    empty = tmp_path / "in"
    empty.mkdir()
    (empty / "notes.txt").write_text("", encoding="utf-8")
    with pytest.raises(ValueError, match="no minutes"):
        graph.build(empty, out=tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_show_is_what_the_cli_prints_with_json(sample, tmp_path):
    graph.build(out=tmp_path, formats="json")
    cli = runner.invoke(app, ["show", "00.01.10-A00-3-16", "--json", "-g", str(tmp_path)])
    assert cli.exit_code == 0, cli.output
    expected = json.loads(cli.stdout)
    assert json.loads(json.dumps(graph.show("00.01.10-A00-3-16", graph=tmp_path), default=str)) == expected
    assert graph.show("00.01.10-A00-3-16", graph=sample)["node"] == expected["node"]


def test_path_is_what_the_cli_prints_with_json(sample, tmp_path):
    graph.build(out=tmp_path, formats="json")
    cli = runner.invoke(app, ["path", "81.04.00-A00-1-16", "81.04.00-A00-3-19", "--max", "2", "--json", "-g", str(tmp_path)])
    assert cli.exit_code == 0, cli.output
    paths = graph.path("81.04.00-A00-1-16", "81.04.00-A00-3-19", graph=sample.graph, k=2)
    assert [p.as_dict(sample.graph) for p in paths] == json.loads(cli.stdout)["paths"]


def test_sparql_over_a_build_result_and_over_its_exports_agree(sample, tmp_path):
    graph.build(out=tmp_path, formats="ttl")
    query = "cases-at-several-meetings"
    assert graph.sparql(query, sample).rows == graph.sparql(query, tmp_path).rows != []
    assert graph.sparql(query, tmp_path, engine="rdflib").rows == graph.sparql(query, tmp_path).rows


def test_sparql_binds_params_as_terms(sample):
    rows = graph.sparql("case-history", sample, params={"case": "00.01.10-A00-3-16"}).rows
    assert rows and {r[0] for r in rows} == {"00.01.10-A00-3-16"}


def test_unknown_and_ambiguous_names_raise_lookup_errors(sample):
    with pytest.raises(NoMatch):
        graph.show("no such thing anywhere", graph=sample)
    G = nx.MultiDiGraph()
    for n in ("a", "b"):
        G.add_node(n, type="Person", label=f"Mette {n.upper()}", props={}, sources=[])
    with pytest.raises(Ambiguous) as info:
        graph.show("Mette", graph=G)
    assert info.value.candidates == ["a", "b"]
