"""The on-disk store (OUT/store/): written by build as part of the export set, and read by sparql,
serve, path and show, which then give the same answers as from graph.ttl and graph.json."""
from __future__ import annotations

import copy
import hashlib
import json
import os
import pickle
import random
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

import graph
from graph.cli import app
from graph.export import parse_formats, write_build
from graph.export.nodelink import read_json
from graph.export.outset import clean_leftovers
from graph.query.lookup import Ambiguous, NoMatch, find_nodes, find_one
from graph.query.paths import find_paths, paths_between
from graph.query.sparql import example_queries, load, run_query
from graph.query.store import Attributes, GraphStore, ntriples_of, open_graph_store, store_status
from graph.sources import default_corpus

runner = CliRunner()
SAMPLE = sorted(default_corpus().rglob("*.txt"))
ID = "https://w3id.org/referatgraf/id/"
CASE_A, CASE_B = "81.04.00-A00-1-16", "81.04.00-A00-3-19"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def full(tmp_path_factory, sample_result) -> Path:
    """The sample written with graph.ttl, graph.nt, graph.json and the store, as one set."""
    out = tmp_path_factory.mktemp("full") / "exports"
    write_build(sample_result, out, "ttl,nt,json,store")
    return out


@pytest.fixture(scope="module")
def store_only(tmp_path_factory, full) -> Path:
    """An export folder holding the store and nothing else: graph.json and graph.ttl cannot be read."""
    out = tmp_path_factory.mktemp("store-only")
    shutil.copytree(full / "store", out / "store")
    return out


@pytest.fixture(scope="module")
def json_only(tmp_path_factory, full) -> Path:
    out = tmp_path_factory.mktemp("json-only")
    shutil.copy2(full / "graph.json", out / "graph.json")
    return out


@pytest.fixture(scope="module")
def G(full):
    return read_json(full / "graph.json")


@pytest.fixture
def gs(store_only):
    return GraphStore(store_only / "store")


# -- writing ------------------------------------------------------------------------------------


def test_build_writes_the_store_and_reports_the_digest_of_the_ntriples_loaded(full):
    report = json.loads((full / "report.json").read_text(encoding="utf-8"))
    assert "store" in report["outputs"] and (full / "store").is_dir()
    assert report["output_sha256"]["store"] == report["output_sha256"]["graph.nt"] == _sha(full / "graph.nt")
    assert _triples_of_store(full / "store") == _triples_of_file(full / "graph.nt")


def _triples_of_store(path: Path) -> set:
    import pyoxigraph as ox

    return set(ox.Store.read_only(str(path)))


def _triples_of_file(path: Path) -> set:
    """The quads of an N-Triples file as Oxigraph holds them (decimals in canonical form: 1.0 is 1)."""
    import pyoxigraph as ox

    memory = ox.Store()
    memory.bulk_load(path=str(path), format=ox.RdfFormat.N_TRIPLES)
    return set(memory)


def test_the_store_streamed_without_graph_nt_has_the_same_digest(tmp_path, sample_result, full):
    write_build(sample_result, tmp_path / "out", "json,store")
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert report["output_sha256"]["store"] == _sha(full / "graph.nt")
    assert report["output_sha256"]["store"] == hashlib.sha256("".join(ntriples_of(sample_result.graph)).encode()).hexdigest()


def test_the_default_build_writes_the_store_and_two_builds_give_the_same_files(tmp_path):
    for run in ("a", "b"):
        result = runner.invoke(app, ["build", str(SAMPLE[0]), "-o", str(tmp_path / run)])
        assert result.exit_code == 0, result.output
    a, b = tmp_path / "a", tmp_path / "b"
    assert (a / "store" / "CURRENT").is_file()
    files = sorted(p.name for p in a.iterdir() if p.is_file())
    assert "report.json" in files and "graph.ttl" in files
    for name in files:  # report.json too: it records the store by the digest of its N-Triples
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_all_means_every_file_view_and_the_store_is_asked_for_by_name():
    assert "store" not in parse_formats("all")
    assert parse_formats("all,store")[-1] == "store"
    assert parse_formats("ttl, store") == ["ttl", "store"]


def test_formats_not_asked_for_again_remove_the_store(tmp_path):
    out = tmp_path / "exports"
    assert runner.invoke(app, ["build", str(SAMPLE[0]), "-o", str(out)]).exit_code == 0
    assert (out / "store").is_dir()
    assert runner.invoke(app, ["build", str(SAMPLE[0]), "-o", str(out), "--format", "ttl"]).exit_code == 0
    assert not (out / "store").exists() and (out / "graph.ttl").is_file()
    assert [p for p in tmp_path.rglob("*") if ".staging-" in p.name] == []


def test_a_folder_with_subfolders_of_its_own_gets_its_store_replaced_in_place(tmp_path):
    out = tmp_path / "exports"
    (out / "mine").mkdir(parents=True)
    (out / "mine" / "a.txt").write_text("a")
    for source in (SAMPLE[0], SAMPLE[1]):  # the second build replaces the first one's store
        result = runner.invoke(app, ["build", str(source), "-o", str(out), "--format", "ttl,nt,store"])
        assert result.exit_code == 0, result.output
        report = json.loads((out / "report.json").read_text(encoding="utf-8"))
        assert report["output_sha256"]["store"] == _sha(out / "graph.nt")
        assert GraphStore(out / "store").node_type(next(iter(read_json_nodes(out)))) is not None
    assert (out / "mine" / "a.txt").read_text() == "a"
    assert runner.invoke(app, ["build", str(SAMPLE[1]), "-o", str(out), "--format", "ttl"]).exit_code == 0
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith("identities")) == ["graph.ttl", "mine", "report.json"]
    assert [p for p in tmp_path.rglob("*") if ".staging-" in p.name or ".previous-" in p.name] == []


def read_json_nodes(out: Path) -> list[str]:
    """Subjects of the folder's graph.nt that are typed nodes (for a quick look into its store)."""
    lines = (out / "graph.nt").read_text(encoding="utf-8").splitlines()
    return [ln.split(" ", 1)[0][1:-1] for ln in lines if "22-rdf-syntax-ns#type> <https://w3id.org/referatgraf/ontology#Meeting>" in ln]


def test_a_set_staged_inside_with_a_store_is_rolled_forward(tmp_path):
    out = tmp_path / "exports"
    (out / "store").mkdir(parents=True)
    (out / "store" / "old").write_text("old")
    (out / "graph.json").write_text("old")
    staged = out / ".referatgraf.staging-x1"
    (staged / "store").mkdir(parents=True)
    (staged / "store" / "new").write_text("new")
    (staged / "report.json").write_text("{}")
    (staged / ".commit").write_text("+report.json\n+store\n-graph.json\n")
    clean_leftovers(out)
    assert sorted(p.name for p in out.iterdir()) == ["report.json", "store"]
    assert sorted(p.name for p in (out / "store").iterdir()) == ["new"]
    # killed after the old store was parked, before the new one was moved in: the next build finishes
    (staged / "store").mkdir(parents=True)
    (staged / "store" / "newer").write_text("newer")
    (staged / "report.json").write_text("{}")
    (staged / ".commit").write_text("+report.json\n+store\n")
    os.rename(out / "store", staged / ".previous-store")
    clean_leftovers(out)
    assert sorted(p.name for p in (out / "store").iterdir()) == ["newer"] and not staged.exists()


def _complete_set(out: Path) -> str:
    """The set in ``out`` is whole: report.json lists what is there, graph.nt has its digest and the
    store holds exactly graph.nt's triples. Returns graph.nt's digest (which set it is)."""
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert sorted(report["outputs"]) == sorted(p.name for p in out.iterdir() if p.name in report["outputs"])
    nt = out / "graph.nt"
    assert report["output_sha256"]["graph.nt"] == report["output_sha256"]["store"] == _sha(nt)
    assert _triples_of_store(out / "store") == _triples_of_file(nt)
    return _sha(nt)


def test_a_kill_during_a_build_leaves_a_whole_old_or_new_set_with_its_store(tmp_path):
    out = tmp_path / "exports"

    def build(source: Path) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-m", "graph", "build", str(source), "-o", str(out),
                                 "--format", "ttl,nt,json,store"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    assert build(SAMPLE[0]).wait() == 0
    old = _complete_set(out)
    start = time.perf_counter()
    assert build(SAMPLE[1]).wait() == 0
    duration = time.perf_counter() - start
    new = _complete_set(out)
    rng = random.Random(20261202)
    for _ in range(6):
        if _complete_set(out) != old:
            assert build(SAMPLE[0]).wait() == 0
        proc = build(SAMPLE[1])
        time.sleep(rng.uniform(0.5, 1.0) * duration)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert _complete_set(out) in (old, new)
    assert build(SAMPLE[1]).wait() == 0
    assert _complete_set(out) == new
    assert [p for p in tmp_path.rglob("*") if ".staging-" in p.name or p.name.endswith(".tmp")] == []


# -- reading: the same attributes as graph.json -------------------------------------------------


def test_every_node_and_edge_reads_back_with_graph_jsons_attributes(G, gs):
    records = gs.records(list(G))
    for n, data in G.nodes(data=True):
        got = dict(records[n])
        assert got.pop("degree") == G.degree(n), n
        assert got == data, n
        assert [(s.quote, s.sentence) for s in got["sources"]] == [(s.quote, s.sentence) for s in data["sources"]]
        for key, value in data["props"].items():  # the same Python types: int, bool, float, date, str, lists
            assert type(got["props"][key]) is type(value), (n, key)
    edges = gs.edge_data(list(G.edges(keys=True)))
    for u, v, k, data in G.edges(keys=True, data=True):
        got = dict(edges[(u, v, k)])
        assert got == data, (u, v, k)
        assert {key: type(value) for key, value in got.items()} == {key: type(value) for key, value in data.items()}
        assert [(s.quote, s.sentence) for s in got["sources"]] == [(s.quote, s.sentence) for s in data["sources"]]
    for n in G:
        assert gs.adjacency(n) == sorted(set(G.in_edges(n, keys=True)) | set(G.out_edges(n, keys=True)))
    assert gs.degrees(list(G)) == dict(G.degree())


def test_lazily_read_attributes_look_complete(gs, G):
    node = find_one(G, CASE_A)
    data = gs.records([node])[node]
    assert isinstance(data, Attributes) and "sources" in data
    assert data["sources"] == G.nodes[node]["sources"] and len(data) == 5
    again = gs.records([node])[node]
    assert json.loads(json.dumps(again, default=str))["label"] == CASE_A
    assert type(copy.deepcopy(again)) is dict and pickle.loads(pickle.dumps(again)) == dict(again)


@pytest.mark.parametrize("words", [CASE_A, CASE_B, f"{ID}case/{CASE_A}", "urban", "Chefforum", "dagsorden", "Søren",
                                   "kompetenceudvikling", "Punkt", "2016", "a", "no such thing", "bente poulsen"])
def test_names_are_found_as_in_graph_json(words, G, gs):
    assert find_nodes(gs, words) == find_nodes(G, words)


def test_unknown_and_ambiguous_names_raise_as_over_graph_json(gs):
    with pytest.raises(NoMatch):
        find_one(gs, "no such thing anywhere")
    with pytest.raises(Ambiguous) as info:
        find_one(gs, "dagsorden")
    assert len(info.value.candidates) > 1


# -- path and show --------------------------------------------------------------------------------


@pytest.mark.parametrize("k", [1, 2, 3, 5])
@pytest.mark.parametrize("through_hubs", [False, True])
def test_paths_between_the_example_cases_are_those_of_graph_json(k, through_hubs, G, gs):
    a, b = find_one(G, CASE_A), find_one(G, CASE_B)
    expected = [p.as_dict(G) for p in find_paths(G, a, b, k=k, through_hubs=through_hubs)]
    paths, part = paths_between(gs, a, b, k=k, through_hubs=through_hubs)
    assert [p.as_dict() for p in paths] == [p.as_dict(part) for p in paths] == expected
    assert part.number_of_nodes() < G.number_of_nodes() / 4  # only the paths' nodes were read whole


def test_paths_between_random_nodes_are_those_of_graph_json(G, store_only):
    rng = random.Random(20261202)
    nodes = sorted(G)
    for _ in range(40):
        a, b = rng.sample(nodes, 2)
        k, hubs = rng.choice([1, 2, 4]), rng.random() < 0.3
        expected = [p.as_dict(G) for p in find_paths(G, a, b, k=k, through_hubs=hubs)]
        got = [p.as_dict() for p in paths_between(GraphStore(store_only / "store"), a, b, k=k, through_hubs=hubs)[0]]
        assert got == expected, (a, b, k, hubs)


def test_a_large_search_reads_the_graphs_structure_whole_and_still_agrees(G, store_only, monkeypatch):
    import graph.query.store as store_module

    monkeypatch.setattr(store_module, "SKELETON_AFTER", 0)
    gs = GraphStore(store_only / "store")
    a, b = find_one(G, CASE_A), find_one(G, CASE_B)
    assert [p.as_dict() for p in paths_between(gs, a, b, k=3)[0]] == [p.as_dict(G) for p in find_paths(G, a, b, k=3)]
    assert gs._skeletons


def test_show_of_every_node_is_that_of_graph_json(G, store_only):
    from graph.api import show_node

    for node in sorted(G):
        got = show_node(GraphStore(store_only / "store"), node)
        assert json.dumps(got, default=str) == json.dumps(show_node(G, node), default=str), node


@pytest.mark.parametrize("args", [["path", CASE_A, CASE_B, "--json"], ["path", CASE_A, CASE_B, "--max", "3", "--json"],
                                  ["path", CASE_A, CASE_B], ["show", "00.01.10-A00-3-16", "--json"],
                                  ["show", "Søren", "--json"], ["show", "idrætspolitik", "--json"],
                                  ["show", "Chefforum", "--json"], ["show", CASE_A]])
def test_the_cli_answers_from_the_store_as_from_graph_json(args, store_only, json_only):
    from_store = runner.invoke(app, [*args, "-g", str(store_only)])
    from_json = runner.invoke(app, [*args, "-g", str(json_only)])
    assert from_store.exit_code == from_json.exit_code == 0, from_store.output + from_json.output
    assert from_store.stdout == from_json.stdout
    assert "(on-disk store" in from_store.stderr and "(on-disk store" not in from_json.stderr


def test_without_graph_option_exports_with_a_store_is_read(store_only, monkeypatch, tmp_path):
    shutil.copytree(store_only / "store", tmp_path / "exports" / "store")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["show", CASE_A, "--json"])
    assert result.exit_code == 0, result.output
    assert "exports/store (on-disk store" in result.stderr and json.loads(result.stdout)["label"] == CASE_A


def test_a_store_older_than_graph_json_is_not_read(tmp_path, full):
    out = tmp_path / "out"
    shutil.copytree(full, out)
    later = time.time() + 5
    os.utime(out / "graph.json", (later, later))
    assert store_status(out) == (None, f"the store in {out} is older than graph.json")
    result = runner.invoke(app, ["show", CASE_A, "--json", "-g", str(out)])
    assert result.exit_code == 0, result.output
    assert "older than graph.json; reading graph.json" in result.stderr and "on-disk store" not in result.stderr
    assert open_graph_store(out)[0] is None and open_graph_store(full)[0] is not None


# -- sparql and serve ------------------------------------------------------------------------------

EXAMPLE_PARAMS = {
    "case-history": {"case": "00.01.00-A00-29-16"},
    "case-history-across-bodies": {"case": "00.01.00-A00-29-16"},
    "case-bilag": {"case": "00.00.00-A00-41-16"},
    "policy-decisions": {"policy": "politik"},
    "items-mentioning-both": {"a": "søren", "b": "bente"},
    "source-of-fact": {"subject": f"{ID}case/00.01.00-A00-29-16"},
}


def test_every_example_query_gives_the_same_rows_from_the_store_as_from_the_turtle(full):
    from_store = load(full)  # an export folder with a fresh store: the store
    assert from_store.source == str(full / "store")
    from_turtle = load((full / "graph.ttl").read_bytes())  # the Turtle itself, parsed into memory
    assert from_turtle.source == "turtle" and from_store.triples == from_turtle.triples
    for name, text in example_queries().items():
        a = run_query(text, from_store, params=EXAMPLE_PARAMS.get(name))
        b = run_query(text, from_turtle, params=EXAMPLE_PARAMS.get(name))
        assert a.variables == b.variables, name
        assert Counter(a.rows) == Counter(b.rows), name
        assert a.rows or name in ("attendance", "posts-over-time", "planned-revisits"), name


def test_sparql_reads_the_store_of_an_export_folder(store_only):
    # no graph.ttl in the folder: the answer can only come from the store
    result = runner.invoke(app, ["sparql", "SELECT (COUNT(?i) AS ?n) WHERE { ?i a rg:AgendaItem }", "--data",
                                 str(store_only), "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.stdout.split() == ["n", "36"] and "note:" not in result.stderr


def test_sparql_parses_the_turtle_when_the_store_is_missing_or_older_and_says_so(tmp_path, full):
    out = tmp_path / "out"
    shutil.copytree(full, out)
    query = ["sparql", "SELECT (COUNT(?i) AS ?n) WHERE { ?i a rg:AgendaItem }", "--format", "csv"]
    later = time.time() + 5
    os.utime(out / "graph.ttl", (later, later))
    older = runner.invoke(app, [*query, "--data", str(out / "graph.ttl")])
    assert older.exit_code == 0 and older.stdout.split() == ["n", "36"]
    assert f"the store in {out} is older than graph.ttl; parsing {out / 'graph.ttl'}" in " ".join(older.stderr.split())
    shutil.rmtree(out / "store")
    missing = runner.invoke(app, [*query, "--data", str(out)])
    assert missing.exit_code == 0 and missing.stdout.split() == ["n", "36"]
    assert "no store in" in missing.stderr and "parsing" in missing.stderr
    assert load(out).source == "turtle"


def test_the_python_api_answers_from_the_store(store_only, sample_result):
    G = sample_result.graph
    got = graph.path(CASE_A, CASE_B, graph=store_only, k=2)
    assert [p.as_dict() for p in got] == [p.as_dict(G) for p in graph.path(CASE_A, CASE_B, graph=G, k=2)]
    assert json.dumps(graph.show("Søren", graph=store_only), default=str) == \
        json.dumps(graph.show("Søren", graph=G), default=str)
    query = "cases-at-several-meetings"
    assert graph.sparql(query, store_only).rows == graph.sparql(query, sample_result).rows != []


@pytest.mark.server
def test_serve_copies_the_store_and_answers_as_from_the_turtle(full, tmp_path):
    from graph.query.server import remote_query, start_server
    from graph.query.sparql import rows_as_set

    notes: list[str] = []
    with start_server(full, port=0, state_dir=tmp_path, on_note=notes.append) as handle:
        assert handle.source == "store" and notes == []
        for name in ("meetings", "cases-by-meeting", "decisions-by-outcome"):
            remote = remote_query(handle.query_url, example_queries()[name])
            assert rows_as_set(remote) == rows_as_set(run_query(example_queries()[name], full)), name
    with start_server(full, port=0, state_dir=tmp_path, writable=True) as handle:
        assert handle.source == "store"
        from graph.query.server import push

        extra = tmp_path / "extra.ttl"
        extra.write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
        push(extra, handle.base_url, None)  # into the default graph of the served copy
        assert remote_query(handle.query_url, "ASK { <urn:a> <urn:b> <urn:c> }").boolean
    import pyoxigraph as ox

    assert ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:b"), ox.NamedNode("urn:c")) not in \
        ox.Store.read_only(str(full / "store"))  # the build's own store is untouched
    stale = tmp_path / "stale"
    shutil.copytree(full, stale)
    later = time.time() + 5
    os.utime(stale / "graph.ttl", (later, later))
    with start_server(stale, port=0, state_dir=tmp_path, on_note=notes.append) as handle:
        assert handle.source == "turtle" and any("older than graph.ttl" in n for n in notes)
