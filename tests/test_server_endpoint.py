"""A real Oxigraph SPARQL server: start, push the sample build over the Graph Store
Protocol, query it over the SPARQL Protocol, stop, and leave no process behind.
(The guards in front of the engine are tested in test_server_guards.py.)"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph.cli import app
from graph.query.server import (
    ServerError,
    free_port,
    gsp_url,
    push,
    remote_query,
    start_server,
)
from graph.query.sparql import example_queries, load, rows_as_set, run_query

pytestmark = pytest.mark.server

REPO = Path(__file__).resolve().parents[1]
MINI = Path(__file__).parent / "fixtures" / "sparql" / "mini.ttl"
GRAPH = "https://example.org/graph/sample"


def children_of(pid: int) -> list[int]:
    """PIDs whose parent is ``pid`` (the engine processes of a `serve`)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def processes_mentioning(text: str) -> list[int]:
    """PIDs whose command line contains ``text`` (to prove a server is really gone)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            if text in cmdline:
                found.append(int(entry.name))
    return found


@pytest.fixture(scope="module")
def sample_ttl(sample_exports) -> Path:
    return sample_exports / "graph.ttl"


@pytest.fixture(scope="module")
def server():
    """An empty writable server; the tests push into it."""
    with start_server(None, writable=True) as handle:
        yield handle


@pytest.fixture(scope="module")
def pushed(server, sample_ttl):
    return push(sample_ttl, server.base_url, GRAPH)


def test_push_puts_the_build_into_the_named_graph(server, pushed, sample_ttl):
    assert pushed.status in (200, 201, 204)
    assert pushed.url == server.store_url + "?graph=" + urllib.parse.quote(GRAPH, safe="")
    offline = load(sample_ttl).triples
    in_graph = remote_query(server.query_url, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }}")
    assert in_graph.rows == [(str(offline),)]
    default = remote_query(server.query_url, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert default.rows == [("0",)]  # nothing leaked into the default graph


def test_example_queries_over_http_match_the_offline_answers(server, pushed, sample_ttl):
    offline = load(sample_ttl)
    compared = 0
    for name, text in example_queries().items():
        if "# param" in text:
            continue  # the SPARQL Protocol has no parameter binding; these run offline only
        local = run_query(text, offline)
        if local.kind != "select":
            continue
        over_http = remote_query(server.query_url, text, default_graph_uri=GRAPH)
        assert rows_as_set(over_http) == rows_as_set(local), name
        assert over_http.variables == local.variables, name
        compared += 1
    assert compared >= 10


def test_union_default_graph_sees_pushed_graphs(sample_ttl):
    query = example_queries()["cases-by-meeting"]
    with start_server(None, union_default_graph=True, writable=True) as handle:
        push(sample_ttl, handle.base_url, GRAPH)
        over_http = remote_query(handle.query_url, query)  # no default-graph-uri: the union
    assert rows_as_set(over_http) == rows_as_set(run_query(query, sample_ttl)) and len(over_http.rows) == 36


def test_push_again_replaces_the_graph_instead_of_adding(server, pushed, sample_ttl, tmp_path):
    small = tmp_path / "small.ttl"
    small.write_text("<https://example.org/a> <https://example.org/b> <https://example.org/c> .\n", encoding="utf-8")
    other = "https://example.org/graph/replace-test"
    push(sample_ttl, server.query_url, other)
    push(small, server.query_url, other)
    count = remote_query(server.query_url, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{other}> {{ ?s ?p ?o }} }}")
    assert count.rows == [("1",)]


def test_started_with_data_it_answers_in_the_default_graph(sample_ttl):
    with start_server(sample_ttl.parent, port=0) as handle:
        assert handle.running()
        local = run_query(example_queries()["meetings"], sample_ttl)
        remote = remote_query(handle.query_url, example_queries()["meetings"])
        assert rows_as_set(remote) == rows_as_set(local) and local.rows
        pid, workdir = handle.pid, handle.workdir
        assert workdir.is_dir() and processes_mentioning(f"127.0.0.1:{handle.engine_port}") == [pid]
    assert not Path(f"/proc/{pid}").exists()
    assert not workdir.exists()
    assert processes_mentioning(f"127.0.0.1:{handle.engine_port}") == []


def test_a_taken_port_is_a_clear_error(server):
    with pytest.raises(ServerError, match="already in use"):
        start_server(MINI, port=server.port, ready_timeout=10)


def test_push_to_a_closed_port_says_connection_refused():
    with pytest.raises(ServerError, match="cannot reach .*refused"):
        push(MINI, f"http://127.0.0.1:{free_port()}", GRAPH)


def test_push_http_error_names_the_status(server):
    with pytest.raises(ServerError, match="HTTP 404"):
        push(MINI, server.base_url + "/no-such-service", GRAPH)


def test_gsp_url_for_common_stores():
    g = urllib.parse.quote(GRAPH, safe="")
    assert gsp_url("http://h:7878", GRAPH) == f"http://h:7878/store?graph={g}"
    assert gsp_url("http://h:7878/query", GRAPH) == f"http://h:7878/store?graph={g}"
    assert gsp_url("http://h:3030/ds/data", GRAPH) == f"http://h:3030/ds/data?graph={g}"
    assert gsp_url("http://h:7200/repositories/r/rdf-graphs/service", None) == \
        "http://h:7200/repositories/r/rdf-graphs/service?default"
    with pytest.raises(ServerError):
        gsp_url("ftp://h/store", GRAPH)


def test_push_command(server, tmp_path):
    (tmp_path / "graph.ttl").write_bytes(MINI.read_bytes())
    runner = CliRunner()
    ok = runner.invoke(app, ["push", str(tmp_path), "--endpoint", server.base_url, "--graph", "https://example.org/g/cli"])
    assert ok.exit_code == 0, ok.output
    assert "pushed" in ok.output
    count = remote_query(server.query_url, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://example.org/g/cli> { ?s ?p ?o } }")
    assert count.rows == [(str(load(MINI).triples),)]
    refused = runner.invoke(app, ["push", str(tmp_path), "--endpoint", f"http://127.0.0.1:{free_port()}"])
    assert refused.exit_code == 1 and "refused" in refused.output
    missing = runner.invoke(app, ["push", str(tmp_path / "nothing"), "--endpoint", server.base_url])
    assert missing.exit_code == 2


def test_push_command_default_and_named_default_graph(tmp_path):
    from graph.query.server import DEFAULT_GRAPH_IRI

    (tmp_path / "graph.ttl").write_bytes(MINI.read_bytes())
    runner = CliRunner()
    triples = str(load(MINI).triples)
    with start_server(None, writable=True) as fresh:
        assert runner.invoke(app, ["push", str(tmp_path), "-e", fresh.query_url]).exit_code == 0
        named = remote_query(fresh.query_url, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{DEFAULT_GRAPH_IRI}> {{ ?s ?p ?o }} }}")
        assert named.rows == [(triples,)]
        assert runner.invoke(app, ["push", str(tmp_path), "-e", fresh.base_url, "--graph", "default"]).exit_code == 0
        assert remote_query(fresh.query_url, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows == [(triples,)]


@pytest.mark.parametrize("command", ["serve", "push"])
def test_serve_and_push_of_a_missing_build_do_not_suggest_an_option_they_lack(tmp_path, command):
    args = [command, str(tmp_path / "missing")] + (["-e", "http://127.0.0.1:9/"] if command == "push" else [])
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    message = " ".join(result.output.split())
    assert f"no Turtle file at {tmp_path / 'missing'}" in message
    assert f"referatgraf {command} FOLDER" in message and "--data" not in message


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT])
def test_serve_command_stops_cleanly_on_sigterm_or_ctrl_c(sample_ttl, stop_signal, tmp_path):
    port = free_port()
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path))  # where the store folder goes
    proc = subprocess.Popen([sys.executable, "-m", "graph", "serve", str(sample_ttl.parent), "--port", str(port)],
                            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        line = proc.stdout.readline()
        assert line.strip() == f"SPARQL endpoint: http://127.0.0.1:{port}/query", proc.stderr.read() if not line else line
        servers = children_of(proc.pid)
        assert servers, "no oxigraph process found"
        stores = tmp_path / "referatgraf" / "oxigraph"
        assert len(list(stores.iterdir())) == 1
        ask = urllib.parse.urlencode({"query": "ASK { ?m a <https://w3id.org/referatgraf/ontology#Meeting> }"})
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/query?{ask}", timeout=10) as response:
            assert b"true" in response.read()
        proc.send_signal(stop_signal)
        assert proc.wait(timeout=20) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    deadline = time.monotonic() + 5
    while any(os.path.exists(f"/proc/{pid}") for pid in servers) and time.monotonic() < deadline:
        time.sleep(0.1)
    for pid in servers:
        assert not os.path.exists(f"/proc/{pid}")
    assert list(stores.iterdir()) == []  # the store folder is gone too


def test_server_dies_with_its_parent_even_on_sigkill_and_a_later_start_removes_its_store(tmp_path):
    script = ("import sys, time\n"
              "from graph.query.server import start_server\n"
              "h = start_server(None, state_dir=sys.argv[1])\n"
              "print(h.pid, h.workdir, flush=True)\n"
              "time.sleep(120)\n")
    parent = subprocess.Popen([sys.executable, "-c", script, str(tmp_path)], cwd=REPO, stdout=subprocess.PIPE, text=True)
    try:
        engine, workdir = parent.stdout.readline().split()
        assert os.path.exists(f"/proc/{engine}")
        parent.kill()  # no chance to clean up: the kernel must stop the engine (PDEATHSIG)
        parent.wait(timeout=10)
        deadline = time.monotonic() + 10
        while os.path.exists(f"/proc/{engine}") and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not os.path.exists(f"/proc/{engine}")
        assert Path(workdir).is_dir()  # a killed process cannot remove its store …
        with start_server(MINI, state_dir=tmp_path) as later:
            assert not Path(workdir).exists()  # … the next start does
            assert [p.name for p in tmp_path.iterdir()] == [later.workdir.name]
        assert list(tmp_path.iterdir()) == []
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()
