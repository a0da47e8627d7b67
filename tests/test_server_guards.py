"""What stands between a client and the oxigraph engine behind `referatgraf serve`: read-only by
default, no cross-origin requests, bounded queries, SERVICE refused, a time limit, restarts, the
predeclared prefixes (the README's own example), and clean-up. Every server here is really
started and stopped."""
from __future__ import annotations

import json
import os
import shlex
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph.cli import app
from graph.query.server import free_port, push, remote_query, start_server
from graph.query.sparql import MAX_NESTING, MAX_QUERY_CHARS, load, prefix_block, prefixes

pytestmark = pytest.mark.server

REPO = Path(__file__).resolve().parents[1]
MINI = Path(__file__).parent / "fixtures" / "sparql" / "mini.ttl"
NESTED = "SELECT * WHERE { " * 3000 + "?s ?p ?o " + "} " * 3000  # like fuzz-repros/crash-nested-3000.rq
COUNT_ITEMS = "SELECT (COUNT(?i) AS ?items) WHERE { ?i a rg:AgendaItem }"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # hours on the sample


def http(url: str, data: bytes | None = None, headers: dict | None = None, method: str | None = None,
         timeout: float = 30) -> tuple[int, str]:
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def post_query(handle, query: str, accept: str = "text/csv", **kw) -> tuple[int, str]:
    return http(handle.query_url, query.encode("utf-8"),
                {"Content-Type": "application/sparql-query", "Accept": accept, **kw.pop("headers", {})}, **kw)


def items(handle) -> str:
    status, body = post_query(handle, COUNT_ITEMS)
    assert status == 200, body
    return body.split()[-1]


def gone(pid: int, within: float = 10) -> bool:
    deadline = time.monotonic() + within
    while os.path.exists(f"/proc/{pid}") and time.monotonic() < deadline:
        time.sleep(0.05)
    return not os.path.exists(f"/proc/{pid}")


@pytest.fixture(scope="module")
def sample_ttl(sample_exports) -> Path:
    return sample_exports / "graph.ttl"


@pytest.fixture(scope="module")
def served(sample_ttl):
    """The sample, served read-only (the default)."""
    with start_server(sample_ttl) as handle:
        yield handle


# ------------------------------------------------------------------ writes


def test_update_and_graph_store_writes_are_refused_by_default(served):
    before = items(served)
    update = b"INSERT DATA { <https://example.org/x> a <https://w3id.org/referatgraf/ontology#AgendaItem> }"
    for headers in ({}, {"Origin": "http://evil.example"}):
        status, body = http(served.update_url, update, {"Content-Type": "application/sparql-update", **headers})
        assert status == 403, body
    status, body = http(served.update_url, update, {"Content-Type": "application/sparql-update"})
    assert "read-only" in body and "--writable" in body
    status, body = http(served.store_url + "?default", b"<x:a> <x:b> <x:c> .", {"Content-Type": "text/turtle"}, "PUT")
    assert status == 403 and "read-only" in body
    status, _ = http(served.store_url + "?default", method="DELETE")
    assert status == 403
    assert items(served) == before  # nothing changed


def test_push_to_a_read_only_endpoint_says_how_to_allow_it(served):
    result = CliRunner().invoke(app, ["push", str(MINI), "--endpoint", served.base_url])
    assert result.exit_code == 1
    assert "read-only" in result.output and "--writable" in result.output


def test_writable_endpoint_takes_writes_but_never_from_another_origin():
    update = b"INSERT DATA { <https://example.org/a> <https://example.org/b> <https://example.org/c> }"
    with start_server(None, writable=True) as handle:
        status, body = http(handle.update_url, update, {"Content-Type": "application/sparql-update",
                                                        "Origin": "http://evil.example"})
        assert status == 403 and "another origin" in body
        form = urllib.parse.urlencode({"update": update.decode()}).encode()  # what an HTML form would send
        status, _ = http(handle.update_url, form, {"Content-Type": "application/x-www-form-urlencoded",
                                                   "Origin": "http://evil.example"})
        assert status == 403
        assert remote_query(handle.query_url, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows == [("0",)]
        status, body = http(handle.update_url, update, {"Content-Type": "application/sparql-update"})
        assert status == 204, body  # a non-browser client (no Origin) may write
        same_origin = {"Content-Type": "application/sparql-update", "Origin": handle.base_url}
        assert http(handle.update_url, b"CLEAR DEFAULT", same_origin)[0] == 204
        push(MINI, handle.base_url, None)
        assert remote_query(handle.query_url, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows == \
            [(str(load(MINI).triples),)]


def test_cross_origin_reads_and_foreign_host_names_are_refused(served):
    status, body = post_query(served, COUNT_ITEMS, headers={"Origin": "http://evil.example"})
    assert status == 403 and "another origin" in body
    status, body = http(served.query_url + "?query=ASK%7B%7D", headers={"Host": f"evil.example:{served.port}"})
    assert status == 403 and "Host" in body  # DNS rebinding
    assert post_query(served, COUNT_ITEMS, headers={"Origin": served.base_url})[0] == 200


# ------------------------------------------------------------- bad queries


def test_deeply_nested_query_gets_a_readable_400_and_the_endpoint_keeps_answering(served):
    pid = served.pid
    for query in (NESTED, "ASK { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }", "ASK { FILTER(" + "!" * 5000 + "true) }"):
        status, body = post_query(served, query)
        assert status == 400, body[:300]
        assert body.startswith("error: the query nests") and f"the limit is {MAX_NESTING}" in body
        form = http(served.query_url, urllib.parse.urlencode({"query": query}).encode(),
                    {"Content-Type": "application/x-www-form-urlencoded"})
        assert form[0] == 400
    deep = "SELECT * WHERE " + "{ " * 100 + "?s ?p ?o " + "} " * 100  # short enough for a URL
    assert http(served.query_url + "?" + urllib.parse.urlencode({"query": deep}))[0] == 400
    assert items(served) == "36"
    assert served.pid == pid and served.events == []  # the engine never saw them


def test_overlong_query_is_refused_and_long_legal_ones_do_not_kill_the_engine(served):
    status, body = post_query(served, "ASK {}" + " " * 70_000)
    assert status == 400 and "characters long" in body
    union = "SELECT ?s WHERE { " + " UNION ".join(["{ ?s a rg:Meeting }"] * 2500) + " }"  # 60 KB
    bangs = "ASK { FILTER(" + "!" * (MAX_NESTING - 2) + "false) }"  # at the limit
    pid = served.pid
    assert post_query(served, union)[0] == 200
    assert post_query(served, bangs, "application/sparql-results+json")[0] == 200
    assert served.pid == pid


def test_the_engine_itself_survives_the_deepest_nesting_of_the_longest_query_let_through(served):
    # Bypassing the proxy: its scan is a courtesy, the engine's large stack the defence.
    pid = served.pid
    for query in ("SELECT * WHERE " + "{" * (MAX_QUERY_CHARS - 15), "ASK { FILTER" + "(" * (MAX_QUERY_CHARS - 12)):
        status, _ = http(served.engine_url + "/query", query.encode(), {"Content-Type": "application/sparql-query"})
        assert status == 400  # a syntax error at the end, after recursing all the way
    assert items(served) == "36" and served.pid == pid and served.events == []


def test_syntax_errors_are_short_and_point_into_the_clients_own_text(served):
    status, body = post_query(served, "SELECT ?x WHERE { ?x a }")
    assert status == 400
    assert body.startswith("error: SPARQL syntax error: error at 1:25")  # not shifted by added prefixes
    status, body = post_query(served, "SELECT ?x WHERE { ?x a rg:Meeting ; nope:p ?y }")
    assert status == 400 and "unknown prefix" in body and "rg" in body
    assert len(body) < 400  # not oxigraph's list of every character class


def test_service_is_refused_and_when_allowed_a_failing_one_is_an_error_not_broken_json(sample_ttl, served):
    dead = f"http://127.0.0.1:{free_port()}/sparql"
    query = f"SELECT * WHERE {{ SERVICE <{dead}> {{ ?s ?p ?o }} }}"
    status, body = post_query(served, query, "application/sparql-results+json")
    assert status == 400 and "SERVICE" in body and "--allow-service" in body
    with start_server(sample_ttl, allow_service=True) as handle:
        status, body = post_query(handle, query, "application/sparql-results+json")
        assert status == 502, body
        assert body.startswith("error: ") and "refused" in body.lower()
        assert items(handle) == "36"


# -------------------------------------------------------- time and crashes


def test_a_query_over_the_time_limit_is_stopped_and_the_engine_restarted(sample_ttl):
    events = []
    with start_server(sample_ttl, timeout=1, on_event=events.append) as handle:
        old = handle.pid
        started = time.monotonic()
        status, body = post_query(handle, SLOW, timeout=60)
        assert status == 504 and "did not finish within 1 s" in body
        assert time.monotonic() - started < 15
        assert gone(old)  # no core left busy with the abandoned query
        assert items(handle) == "36"
        assert handle.pid != old and handle.restarts == 1
        assert any("ran longer than 1 s" in e for e in events)


def test_an_engine_that_dies_is_restarted_and_says_so(sample_ttl):
    events = []
    with start_server(sample_ttl, on_event=events.append) as handle:
        old = handle.pid
        os.kill(old, signal.SIGKILL)
        assert gone(old)
        assert items(handle) == "36"  # waits for the new engine
        assert handle.pid != old and handle.running()
        assert any("died" in e and "restarting" in e for e in events), events
        assert any("running again" in e for e in events)


def test_a_large_answer_is_streamed_whole(sample_ttl, served):
    query = "SELECT * WHERE { VALUES ?copy { 1 2 } ?s ?p ?o }"  # about 10 MB: beyond the buffer
    status, body = post_query(served, query, "application/sparql-results+json", timeout=60)
    assert status == 200
    assert len(json.loads(body)["results"]["bindings"]) == 2 * load(sample_ttl).triples


# ----------------------------------------------------- prefixes and README


def readme_examples() -> list[tuple[str, str, list[str]]]:
    """(query, Accept, expected output lines) of each ``curl … --data-urlencode 'query=…'``
    and ``referatgraf sparql '…' --format csv`` example in README.md."""
    blocks, current = [], None
    for line in (REPO / "README.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("```") and current is None:
            current = []
        elif line.startswith("```"):
            blocks.append(current)
            current = None
        elif current is not None:
            current.append(line)
    found = []
    for lines in blocks:
        for i, line in enumerate(lines):
            if not line.startswith("$ "):
                continue
            output = []
            for following in lines[i + 1:]:
                if following.startswith("$ "):
                    break
                output.append(following)
            words = shlex.split(line[2:])
            if words[0] == "curl":
                query = next(w for w in words if w.startswith("query=")).removeprefix("query=")
                accept = next(w for w in words if w.startswith("Accept:")).split(":", 1)[1].strip()
                found.append((query, accept, output))
            elif words[:2] == ["referatgraf", "sparql"] and words[-2:] == ["--format", "csv"] and " " in words[2]:
                found.append((words[2], "text/csv", output))
    return found


def test_the_readme_examples_work_against_a_started_server(sample_ttl, served):
    examples = readme_examples()
    assert any(q == COUNT_ITEMS for q, _, _ in examples) and len(examples) >= 2
    for query, accept, output in examples:
        assert "PREFIX" not in query  # the point: the prefixes are predeclared
        status, body = http(served.query_url, urllib.parse.urlencode({"query": query}).encode(),
                            {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept})
        assert status == 200, body
        assert body.splitlines() == output, query


def test_missing_prefixes_are_added_and_a_querys_own_declaration_wins(served):
    status, body = http(served.query_url + "?" + urllib.parse.urlencode({"query": COUNT_ITEMS}),
                        headers={"Accept": "text/csv"})
    assert (status, body.split()) == (200, ["items", "36"])
    own = "PREFIX rg: <https://example.org/other#> SELECT (COUNT(?i) AS ?n) WHERE { ?i a rg:AgendaItem }"
    assert post_query(served, own)[1].split() == ["n", "0"]
    quoted = 'SELECT ?x WHERE { BIND("rg:AgendaItem nope:x" AS ?x) }'  # prefixes in a string are no prefixes
    assert post_query(served, quoted)[0] == 200


def test_serve_help_has_an_example_and_the_prefix_block():
    result = CliRunner().invoke(app, ["serve", "--help"], terminal_width=200)
    assert result.exit_code == 0
    assert "Example" in result.output and "referatgraf serve exports/" in result.output
    shown = [" ".join(line.split()) for line in result.output.splitlines()]
    for line in prefix_block().splitlines():
        assert " ".join(line.split()) in shown, line
    assert len(prefixes()) >= 10


# ------------------------------------------------------- the serve command


def test_serve_command_refuses_a_nested_query_keeps_answering_and_leaves_nothing_after_sigterm(sample_ttl, tmp_path):
    port = free_port()
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path))
    proc = subprocess.Popen([sys.executable, "-m", "graph", "serve", str(sample_ttl.parent), "--port", str(port)],
                            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        line = proc.stdout.readline()
        assert line.strip() == f"SPARQL endpoint: http://127.0.0.1:{port}/query", proc.stderr.read() if not line else line
        stores = list((tmp_path / "referatgraf" / "oxigraph").iterdir())
        assert len(stores) == 1 and (stores[0] / "store").is_dir()
        url = f"http://127.0.0.1:{port}/query"
        status, body = http(url, NESTED.encode(), {"Content-Type": "application/sparql-query"})
        assert status == 400 and body.startswith("error: the query nests 3,000 levels deep")
        status, body = http(url, COUNT_ITEMS.encode(), {"Content-Type": "application/sparql-query", "Accept": "text/csv"})
        assert (status, body.split()) == (200, ["items", "36"])
        engines = [int(p) for p in os.listdir("/proc") if p.isdigit() and _parent(int(p)) == proc.pid]
        assert engines
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=20) == 0
        err = proc.stderr.read()
        assert "PREFIX rg:" in err and "read-only" in err  # the start-up message names the prefixes
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert all(gone(pid) for pid in engines)
    assert not stores[0].exists()


def _parent(pid: int) -> int | None:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return None
