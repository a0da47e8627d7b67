"""One store can hold many municipalities: their bodies, meetings, cases and people never merge,
while KLE themes, organisations and documents are shared."""
from __future__ import annotations

import json
from collections import Counter

import pyoxigraph
from typer.testing import CliRunner

from graph.cli import app

RG = "https://w3id.org/referatgraf/ontology#"


def _types(G) -> Counter:
    return Counter(d["type"] for _, d in G.nodes(data=True))


def test_the_same_minutes_of_two_municipalities_stay_two_of_everything_municipal(sample_result):
    from graph.pipeline import assemble
    from graph.process import process_document
    from graph.sources import default_corpus, discover

    results = []
    for town in ("Egebæk", "Nordby"):
        for doc_id, path in discover([default_corpus()])[0]:
            r = process_document(f"{town}/{doc_id}", path)
            r.minutes.municipality = town
            results.append(r)
    both, one = _types(assemble(results).graph), _types(sample_result.graph)
    for kind in ("Meeting", "AgendaItem", "Case", "Person", "Post", "Body", "Department", "Treatment"):
        assert both[kind] == 2 * one[kind], kind
    assert both["Theme"] == one["Theme"]  # KLE codes are national
    assert both["SourceDocument"] == 2 * one["SourceDocument"]  # two files each


def test_builds_with_municipality_load_into_one_store_without_sharing_iris(tmp_path):
    store = pyoxigraph.Store()
    for town in ("Egebæk", "Nordby"):
        out = tmp_path / town
        result = CliRunner().invoke(app, ["build", "-o", str(out), "-f", "nt", "--municipality", town, "--no-cache"])
        assert result.exit_code == 0, result.output
        store.bulk_load(path=str(out / "graph.nt"), format=pyoxigraph.RdfFormat.N_TRIPLES)

    def count(cls: str) -> int:
        q = f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a <{RG}{cls}> }}"
        return int(next(iter(store.query(q)))["n"].value)

    def prefixes(cls: str) -> set[str]:
        q = f"SELECT ?x WHERE {{ ?x a <{RG}{cls}> }}"
        return {row["x"].value.split("/")[5] for row in store.query(q)}

    single = CliRunner().invoke(app, ["build", "-o", str(tmp_path / "plain"), "-f", "json", "--no-cache", "--json"])
    meetings = json.loads(single.stdout)["counts"]["nodes"]["Meeting"]
    assert count("Meeting") == 2 * meetings and prefixes("Meeting") == {"egebaek", "nordby"}
    assert prefixes("Person") == {"egebaek", "nordby"}
    assert prefixes("Theme") == {"theme"}


def test_without_a_municipality_the_iris_are_as_before(sample_graph):
    assert any(n.startswith("https://w3id.org/referatgraf/id/meeting/chefforum/") for n in sample_graph)


def test_an_empty_municipality_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(app, ["build", "-o", str(tmp_path / "x"), "--municipality", " "])
    assert result.exit_code == 2 and "--municipality" in result.output
