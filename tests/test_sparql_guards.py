"""`referatgraf sparql` and the query guards: nesting and length bounded before the engine sees a
query, SERVICE refused (or its failure reported cleanly), typed parameters validated, a time limit;
and `push` with an endpoint that is no URL. Crashing inputs run in a child process, so a
regression fails the test instead of killing the test session."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph.cli import app
from graph.query.server import free_port
from graph.query.sparql import (MAX_NESTING, MAX_QUERY_CHARS, QueryError, QueryTimeout, check_query,
                                missing_prefixes, param_term, run_query, scan_query)

REPO = Path(__file__).resolve().parents[1]
MINI = str(Path(__file__).parent / "fixtures" / "sparql" / "mini.ttl")
runner = CliRunner()


def cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """`referatgraf …` in a child process (a segfault there is rc -11, not a dead test run)."""
    return subprocess.run([sys.executable, "-m", "graph", *args], cwd=REPO, capture_output=True, text=True,
                          timeout=timeout)


def test_a_deeply_nested_query_is_an_error_not_a_segfault(tmp_path):
    rq = tmp_path / "nested.rq"  # the shape of fuzz-repros/crash-nested-3000.rq (57 KB)
    rq.write_text("SELECT * WHERE { " * 3000 + "?s ?p ?o " + "} " * 3000, encoding="utf-8")
    result = cli("sparql", str(rq), "--data", MINI)
    assert result.returncode == 2, result.stderr[-500:]
    assert result.stderr.startswith("error: the query nests 3,000 levels deep")
    assert f"the limit is {MAX_NESTING}" in result.stderr and "Traceback" not in result.stderr
    parens = cli("sparql", "ASK { FILTER(" + "(" * 4000 + "1" + ")" * 4000 + ") }", "--data", MINI)
    assert parens.returncode == 2 and "nests 4,002 levels" in parens.stderr
    bangs = cli("sparql", "ASK { FILTER(" + "!" * 20000 + "true) }", "--data", MINI)  # 20 KB, no brackets
    assert bangs.returncode == 2 and "levels deep" in bangs.stderr


def test_long_legal_queries_run_without_crashing_the_engine():
    # At the length limit, flat chains still build deep trees in the engine: the large
    # stack the query runs on must hold them (in a child: a crash would be rc -11).
    def chain(unit: str, sep: str, pre: str, post: str) -> str:
        return pre + sep.join([unit] * ((MAX_QUERY_CHARS - 200) // (len(unit) + len(sep)))) + post

    script = "\n".join([
        "import sys",
        "from graph.query.sparql import run_query",
        "for q in sys.stdin.read().split('\\0'):",
        f"    print(run_query(q, {MINI!r}, timeout=120).kind, flush=True)",
    ])
    queries = [chain("{ ?s a rg:Meeting }", " UNION ", "SELECT ?s WHERE { ", " }"),
               chain("true", " && ", "ASK { FILTER(", ") }"),
               chain("FILTER(true)", " ", "ASK { ", " }"),
               chain("1", ", ", "ASK { FILTER(1 IN (", ")) }"),
               "ASK { FILTER(" + "!" * (MAX_NESTING - 2) + "false) }"]
    assert all(len(q) <= MAX_QUERY_CHARS for q in queries)
    done = subprocess.run([sys.executable, "-c", script], input="\0".join(queries), cwd=REPO, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-500:]
    assert done.stdout.split() == ["select", "ask", "ask", "ask", "ask"]


def test_the_query_thread_survives_the_deepest_nesting_of_the_longest_query_the_scan_could_miss():
    # The scan is a courtesy; the defence is the length bound with the large stack queries
    # run on. Every character an opening brace, with the scan bypassed: a syntax error, no crash.
    script = "\n".join([
        "from graph.query.sparql import MAX_QUERY_CHARS, QueryError, _run_oxigraph, _with_large_stack, load",
        f"store = load({MINI!r}).store",
        "for q in ('SELECT * WHERE ' + '{' * (MAX_QUERY_CHARS - 15),",
        "          'ASK { FILTER' + '(' * (MAX_QUERY_CHARS - 12),",
        "          'ASK { FILTER' + '(' * 32000 + '1' + ')' * 32000 + ' }'):",
        "    try:",
        "        print(_with_large_stack(lambda: _run_oxigraph(q, store, {}, {}), 120).kind)",
        "    except QueryError as exc:",
        "        print('error', str(exc)[:40])",
    ])
    done = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, (done.returncode, done.stderr[-500:])
    assert [line.split()[0] for line in done.stdout.splitlines()] == ["error", "error", "ask"]


def test_an_overlong_query_is_refused():
    with pytest.raises(QueryError, match="characters long; the limit is 65,536"):
        run_query("ASK {}" + " " * MAX_QUERY_CHARS, MINI)


def test_service_is_refused_by_default_and_a_failing_one_is_a_clean_error():
    dead = f"http://127.0.0.1:{free_port()}/sparql"
    query = f"SELECT * WHERE {{ SERVICE <{dead}> {{ ?s ?p ?o }} }}"
    refused = cli("sparql", query, "--data", MINI)
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert refused.stderr.startswith(f"error: the query calls another endpoint (SERVICE <{dead}>)")
    assert "--allow-service" in refused.stderr
    for engine in ("oxigraph", "rdflib"):
        allowed = cli("sparql", query, "--data", MINI, "--allow-service", "--engine", engine)
        assert allowed.returncode == 2, allowed.stderr[-500:]
        assert allowed.stderr.startswith(f"error: query failed: SERVICE <{dead}>: ")
        assert "refused" in allowed.stderr.lower() and "Traceback" not in allowed.stderr


@pytest.mark.parametrize("value", ["2016-13-45", "2023-02-29", "2016-00-10", "2016-04-31"])
def test_a_date_param_must_be_a_real_calendar_date(value):
    result = runner.invoke(app, ["sparql", "SELECT ?m ?xDate WHERE { ?m rg:date ?xDate }", "--data", MINI,
                                 "--param", f"xDate={value}"])
    assert result.exit_code == 2
    message = " ".join(result.output.split())
    assert message.startswith(f"error: param xDate: '{value}' is not a date")
    assert "queries start with SELECT" not in message  # not a syntax error: no such hint


def test_a_real_date_param_is_accepted_and_typed():
    assert param_term("d", "2024-02-29", "date") == {
        "type": "literal", "value": "2024-02-29", "datatype": "http://www.w3.org/2001/XMLSchema#date"}
    result = runner.invoke(app, ["sparql", "SELECT ?m ?xDate WHERE { ?m rg:date ?xDate }", "--data", MINI,
                                 "--param", "xDate=2030-01-01", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["m,xDate"]  # no meeting that day


def test_timeout_gives_up_with_exit_code_1():
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
    result = cli("sparql", slow, "--data", MINI, "--timeout", "0.5", timeout=60)
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith("error: the query did not finish within 0.5 s")
    with pytest.raises(QueryTimeout):
        run_query(slow, MINI, timeout=0.2)


@pytest.mark.parametrize("endpoint", ["127.0.0.1:7878", "localhost:7878/query", "ftp://h/store"])
def test_push_to_an_endpoint_without_http_is_a_usage_error(endpoint):
    result = runner.invoke(app, ["push", MINI, "--endpoint", endpoint])
    assert result.exit_code == 2
    message = " ".join(result.output.split())
    assert message.startswith(f"error: --endpoint: not an http(s) endpoint URL: '{endpoint}'")
    if "://" not in endpoint:
        assert f"did you mean http://{endpoint}?" in message


# ------------------------------------------------------------------ the scan


def test_scan_ignores_strings_iris_and_comments():
    shape = scan_query('SELECT * WHERE { ?s rg:title "{{{ ((( x:y" ; rg:p <http://e/a((b))#c(> ; rg:q \'\'\'}}}\n"""\'\'\' } '
                       "# { ( [ nope:z\n")
    assert shape.depth == 1
    assert shape.used_prefixes == {"rg"}


def test_scan_finds_used_and_declared_prefixes_but_no_blank_nodes_or_language_tags():
    shape = scan_query('PREFIX ex: <http://e/>\nPREFIX : <http://d/>\nSELECT * { ?s a ex:T, :U ; rg:p _:b ; '
                       'skos:prefLabel "x"@da-DK . FILTER(datatype(?d) = xsd:date) }')
    assert shape.declared_prefixes == {"ex", ""}
    assert shape.used_prefixes == {"ex", "", "rg", "skos", "xsd"}
    assert missing_prefixes("SELECT * { ?s a rg:Meeting ; skos:x ?y }") == {
        "rg": "https://w3id.org/referatgraf/ontology#", "skos": "http://www.w3.org/2004/02/skos/core#"}


def test_scan_counts_runs_of_not_but_not_comparisons():
    assert scan_query("ASK { FILTER(!!!!(!true)) }").depth == 8
    assert scan_query("ASK { FILTER(!bound(?a) && !bound(?b) && !bound(?c)) }").depth == 3
    assert scan_query("ASK { FILTER(?a != ?b && ?a < ?b && ?b <= ?c) }").depth == 2


def test_service_is_found_only_as_a_keyword():
    assert scan_query("SELECT * { SERVICE SILENT <http://a/> { } SERVICE ?where { } }").services == \
        ("<http://a/>", "?where")
    harmless = 'SELECT ?service WHERE { ?service a rg:SERVICE ; rg:p "SERVICE <x:y>" } # SERVICE'
    assert scan_query(harmless).services == ()
    check_query(harmless)  # no error
    with pytest.raises(QueryError, match="SERVICE <http://a/>"):
        check_query("select * { service <http://a/> { } }")
    check_query("SELECT * { SERVICE <http://a/> { } }", allow_service=True)
