"""run_query on a small handmade build (tests/fixtures/sparql/mini.ttl): both engines,
parameters bound as terms, result formats, errors."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import rdflib

from graph.query.sparql import (
    ENGINES,
    QueryError,
    example_queries,
    load,
    read_query,
    rows_as_set,
    run_query,
)

MINI = Path(__file__).parent / "fixtures" / "sparql" / "mini.ttl"
ID = "https://w3id.org/referatgraf/id/"
SHARED_CASE = "99.01.00-A00-1-30"  # treated at both meetings of the fixture
CASE_QUERY = """SELECT ?case ?item WHERE {
  ?item rg:concernsCase ?c . ?c rg:journalNumber ?jn FILTER (STR(?jn) = STR(?case)) } ORDER BY ?item"""

# Parameters for the example queries, chosen from the fixture's invented facts.
FIXTURE_PARAMS = {
    "case-history": {"case": SHARED_CASE},
    "case-history-across-bodies": {"case": SHARED_CASE},
    "case-bilag": {"case": SHARED_CASE},
    "policy-decisions": {"policy": "cykel"},
    "items-mentioning-both": {"a": "ada", "b": "cykelpolitik"},
    "source-of-fact": None,  # the RDF engineer's query; run with its own declared params if any
}


@pytest.fixture(scope="module", params=ENGINES)
def mini(request):
    return load(MINI, request.param)


@pytest.fixture(scope="module")
def both():
    return {e: load(MINI, e) for e in ENGINES}


def test_rows_are_tuples_of_plain_strings_or_none(mini):
    result = run_query("SELECT ?m ?place WHERE { ?m a rg:Meeting OPTIONAL { ?m rg:place ?place } }", mini)
    assert result.kind == "select"
    assert result.variables == ["m", "place"]
    assert len(result.rows) == 3
    for m, place in result.rows:
        assert type(m) is str and m.startswith(ID + "meeting/")
        assert place is None  # the fixture gives no place: unbound, not ""


def test_ontology_prefixes_need_no_prefix_lines(mini):
    result = run_query("SELECT ?t WHERE { ?t a rg:Theme ; skos:broader ?b }", mini)
    assert len(result.rows) == 4  # subject and group codes have a broader code; main groups do not


def test_a_query_may_still_declare_its_own_prefix(mini):
    q = "PREFIX ex: <https://w3id.org/referatgraf/ontology#>\nSELECT ?c WHERE { ?c a ex:Case }"
    assert len(run_query(q, mini).rows) == 2


def test_engines_agree_on_every_example_query(both):
    for name, text in example_queries().items():
        if name == "source-of-fact":
            continue  # provenance query: needs reified statements the fixture does not have
        params = FIXTURE_PARAMS.get(name)
        results = {e: run_query(text, both[e], e, params) for e in ENGINES}
        assert rows_as_set(results["oxigraph"]) == rows_as_set(results["rdflib"]), name
        assert results["oxigraph"].variables == results["rdflib"].variables, name


def test_literal_param_matches_the_journal_number(mini):
    result = run_query(CASE_QUERY, mini, mini.engine, {"case": SHARED_CASE})
    assert [r[1] for r in result.rows] == [ID + "meeting/testudvalg/2030-02-01/item/1",
                                           ID + "meeting/testudvalg/2030-03-01/item/1"]
    assert {r[0] for r in result.rows} == {SHARED_CASE}


def test_param_that_looks_like_an_iri_is_bound_as_an_iri(mini):
    q = "SELECT ?case ?item WHERE { ?item rg:concernsCase ?case }"
    by_iri = run_query(q, mini, mini.engine, {"case": f"<{ID}case/{SHARED_CASE}>"})
    by_url = run_query(q, mini, mini.engine, {"case": f"{ID}case/{SHARED_CASE}"})
    assert len(by_iri.rows) == 2 and rows_as_set(by_iri) == rows_as_set(by_url)
    assert by_iri.bindings[0]["case"]["type"] == "uri"


def test_hostile_param_value_cannot_change_the_query(mini):
    before = run_query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", mini).rows
    hostile = 'x" } ; DROP ALL ; #'
    result = run_query(CASE_QUERY, mini, mini.engine, {"case": hostile})
    assert result.rows == []  # no case has that journal number, and nothing else happened
    assert run_query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", mini).rows == before
    # the value arrives verbatim as one literal: a query comparing with it sees it whole
    echo = run_query('SELECT ?case ?same WHERE { BIND (STR(?case) = "x\\" } ; DROP ALL ; #" AS ?same) }',
                     mini, mini.engine, {"case": hostile})
    assert echo.rows == [(hostile, "true")]


def test_hostile_value_for_an_iri_param_is_refused(mini):
    q = "SELECT ?case ?item WHERE { ?item rg:concernsCase ?case }"
    with pytest.raises(QueryError):
        run_query(q, mini, mini.engine, {"case": "<http://x/> } ; DROP ALL ; #>"})


def test_declared_integer_param_is_typed_by_its_comment(mini):
    q = "# param n: integer  the item number\nSELECT ?n ?item WHERE { ?item rg:number ?n }"
    assert len(run_query(q, mini, mini.engine, {"n": "2"}).rows) == 1
    with pytest.raises(QueryError, match="not an integer"):
        run_query(q, mini, mini.engine, {"n": "two"})
    # undeclared, the same value is a string literal and matches no xsd:integer
    undeclared = "SELECT ?n ?item WHERE { ?item rg:number ?n }"
    assert run_query(undeclared, mini, mini.engine, {"n": "2"}).rows == []


def test_param_named_iri_takes_a_prefixed_name(mini):
    q = "SELECT ?typeIri ?x WHERE { ?x a ?typeIri }"
    result = run_query(q, mini, mini.engine, {"typeIri": "rg:Meeting"})
    assert len(result.rows) == 3


def test_date_param_by_variable_name(mini):
    q = "SELECT ?meetingDate ?m WHERE { ?m rg:date ?meetingDate }"
    assert len(run_query(q, mini, mini.engine, {"meetingDate": "2030-03-01"}).rows) == 1
    with pytest.raises(QueryError, match="not a date"):
        run_query(q, mini, mini.engine, {"meetingDate": "1. marts"})


def test_missing_declared_param_is_reported_by_name():
    with pytest.raises(QueryError, match="--param case="):
        run_query(read_query("case-history"), MINI)


def test_unknown_param_is_reported():
    with pytest.raises(QueryError, match="unknown parameter 'cse'"):
        run_query(read_query("case-history"), MINI, params={"case": SHARED_CASE, "cse": "x"})


def test_oxigraph_param_outside_the_query_result_gets_a_clear_error(both):
    select = "SELECT ?item WHERE { ?item rg:concernsCase ?case }"
    ask_filter_only = "ASK { ?i rg:concernsCase ?c FILTER (STR(?c) = STR(?case)) }"
    for q in (select, ask_filter_only):
        with pytest.raises(QueryError, match="SELECT list"):
            run_query(q, both["oxigraph"], "oxigraph", {"case": "x"})
        answer = run_query(q, both["rdflib"], "rdflib", {"case": "x"})  # rdflib binds it anyway
        assert answer.rows == [] and not answer.boolean
    ask = run_query("ASK { ?i rg:concernsCase ?case }", both["oxigraph"], "oxigraph",
                    {"case": f"{ID}case/{SHARED_CASE}"})
    assert ask.boolean is True


def test_ask_construct_and_describe(mini):
    assert run_query("ASK { ?m rg:referencedOnly true }", mini).boolean is True
    constructed = run_query("CONSTRUCT { ?c rdfs:label ?l } WHERE { ?c a rg:Case ; rdfs:label ?l }", mini)
    assert constructed.kind == "graph" and len(constructed.rows) == 2
    g = rdflib.Graph().parse(data=constructed.to_turtle(), format="turtle")
    assert len(g) == 2
    described = run_query(f"DESCRIBE <{ID}person/ada-testesen>", mini)
    assert (f"{ID}person/ada-testesen", "https://w3id.org/referatgraf/ontology#holdsPost",
            f"{ID}post/chefen-for-teknik") in rows_as_set(described)


def test_json_output_is_sparql_results_json(mini):
    result = run_query("SELECT ?m ?d WHERE { ?m rg:date ?d } ORDER BY ?d", mini)
    doc = json.loads(result.to_json())
    assert doc["head"]["vars"] == ["m", "d"]
    first = doc["results"]["bindings"][0]
    assert first["m"] == {"type": "uri", "value": ID + "meeting/testudvalg/2030-01-15"}
    assert first["d"] == {"type": "literal", "value": "2030-01-15",
                          "datatype": "http://www.w3.org/2001/XMLSchema#date"}
    label = json.loads(run_query("SELECT ?l WHERE { ?b a rg:Body ; rdfs:label ?l }", mini).to_json())
    assert label["results"]["bindings"][0]["l"] == {"type": "literal", "value": "Testudvalg", "xml:lang": "da"}
    assert json.loads(run_query("ASK { ?x a rg:Policy }", mini).to_json()) == {"head": {}, "boolean": True}


def test_csv_output_has_header_crlf_and_empty_unbound(mini):
    result = run_query("SELECT ?m ?place WHERE { ?m a rg:Meeting OPTIONAL { ?m rg:place ?place } } ORDER BY ?m", mini)
    text = result.to_csv()
    assert text.startswith("m,place\r\n")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1] == [ID + "meeting/testudvalg/2030-01-15", ""]


def test_table_shows_short_names_and_row_count(mini):
    table = run_query("SELECT ?c ?t WHERE { ?c a ?t FILTER (?t = rg:Case) } ORDER BY ?c", mini).to_table(width=200)
    assert "id:case/05.00.00-P00-2-30" in table and "rg:Case" in table and "2 row(s)" in table


def test_syntax_error_is_a_query_error(mini):
    with pytest.raises(QueryError, match="syntax"):
        run_query("SELECT ?x WHERE { ?x a }", mini)


def test_unknown_prefix_is_named_with_the_predeclared_ones(mini):
    with pytest.raises(QueryError, match=r"(?i)unknown .*prefix.*predeclared: .*\brg\b") as info:
        run_query("SELECT ?x WHERE { ?x a foo:Bar }", mini)
    assert len(str(info.value)) < 400  # not the parser's list of acceptable characters


def test_data_can_be_bytes_or_an_export_folder(tmp_path):
    (tmp_path / "graph.ttl").write_bytes(MINI.read_bytes())
    from_folder = run_query("SELECT ?c WHERE { ?c a rg:Case }", tmp_path)
    from_bytes = run_query("SELECT ?c WHERE { ?c a rg:Case }", MINI.read_bytes(), engine="rdflib")
    assert rows_as_set(from_folder) == rows_as_set(from_bytes) and len(from_bytes.rows) == 2
    with pytest.raises(QueryError, match="no Turtle file at"):
        run_query("ASK {}", tmp_path / "missing")


def test_read_query_accepts_text_path_and_example_name(tmp_path):
    rq = tmp_path / "mine.rq"
    rq.write_text("ASK { ?s ?p ?o }", encoding="utf-8")
    assert read_query(str(rq)) == "ASK { ?s ?p ?o }"
    assert read_query("cases-by-meeting") == read_query("cases-by-meeting.rq") == example_queries()["cases-by-meeting"]
    assert read_query("SELECT * WHERE { ?s ?p ?o }") == "SELECT * WHERE { ?s ?p ?o }"
    assert read_query("DESCRIBE <https://example.org/x>") == "DESCRIBE <https://example.org/x>"
    assert read_query("# who?\nPREFIX ex: <https://example.org/>\nASK {}").startswith("# who?")
    with pytest.raises(QueryError):
        read_query("no-such-query")


def test_every_example_query_says_which_question_it_answers():
    queries = example_queries()
    assert len(queries) >= 13
    for name, text in queries.items():
        first = text.lstrip().splitlines()[0]
        assert first.startswith("#") and len(first) > 20, name


def test_posts_over_time_uses_the_date_on_the_reified_statement(mini):
    rows = run_query(read_query("posts-over-time"), mini).rows
    # stated once (2030-02-01); the person is named again at the next meeting
    assert rows == [(f"{ID}post/chefen-for-teknik", "Chefen for Teknik", "Teknik", f"{ID}person/ada-testesen",
                     "Ada Testesen", "2030-02-01", "2030-02-01", "2030-02-01", "2030-03-01")]


def test_param_declarations_are_read_from_comments():
    from graph.query.sparql import declared_params

    decls = declared_params("# param case: auto  the journal number, optional in spirit only\n"
                            "# param rel: iri optional  an edge property\nSELECT ?case ?rel WHERE {}")
    assert (decls["case"].type, decls["case"].optional) == ("auto", False)
    assert (decls["rel"].type, decls["rel"].optional, decls["rel"].description) == ("iri", True, "an edge property")
    with pytest.raises(QueryError, match="unknown type"):
        declared_params("# param x: float\nSELECT ?x WHERE {}")


def test_parse_params_keeps_equals_signs_in_values_and_rejects_bad_items():
    from graph.query.sparql import parse_params

    assert parse_params(["case=a=b", "$when=2030-02-01", "empty="]) == {"case": "a=b", "when": "2030-02-01", "empty": ""}
    assert parse_params(None) == {}
    for bad in (["case"], ["=x"], ["my case=x"], ["a=1", "a=2"]):
        with pytest.raises(QueryError):
            parse_params(bad)


def test_text_with_spaces_or_braces_is_read_as_a_query_and_fails_in_the_parser(mini):
    assert read_query("SELEC x") == "SELEC x"
    assert read_query("{ ?s ?p ?o }") == "{ ?s ?p ?o }"
    with pytest.raises(QueryError, match="syntax error"):
        run_query(read_query("SELEC x"), mini)
    with pytest.raises(QueryError, match="no query file"):
        read_query("missing folder/nope.rq")


def test_folder_means_its_graph_ttl_for_every_front_end(tmp_path):
    from graph.query.sparql import data_file, resolve_data
    from graph.validate import validate_file

    assert data_file(tmp_path) == tmp_path / "graph.ttl"
    assert data_file(MINI) == MINI
    (tmp_path / "graph.ttl").write_bytes(MINI.read_bytes())
    assert resolve_data(tmp_path) == tmp_path / "graph.ttl"
    assert validate_file(tmp_path).conforms == validate_file(tmp_path / "graph.ttl").conforms
    with pytest.raises(QueryError, match="no Turtle file at"):
        validate_file(tmp_path / "missing")
