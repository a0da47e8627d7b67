"""The fast, streaming RDF writers give the same bytes as the rdflib-term reference writers.

graph/export/rdf.py keeps the writers it replaced as ``_to_*_reference`` (fed by ``triples()``,
the reference mapping); every test here compares the new output with theirs, on the sample, on a
100-document corpus and on handmade graphs with awkward values, and parses the output back.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import subprocess
import sys
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import networkx as nx
import pyoxigraph
import pytest
import rdflib
from rdflib import XSD

from fixtures.rdf.handmade import BASE, DOC_ID, handmade_graph
from graph import atomic
from graph.export import rdf
from graph.model import Span

REPO = Path(__file__).resolve().parents[1]
FORMATS = ("ttl", "nt", "jsonld")
OX_FORMATS = {"ttl": pyoxigraph.RdfFormat.TURTLE, "nt": pyoxigraph.RdfFormat.N_TRIPLES}
WEIRD = 'Linje 1\n"citat" \\ tab\tslut\r\x01\x1f\x7f \U0001D518 \U0001F600 æøå'


class Named:
    """A value of no type the exporter knows (typed by rdflib's fallback)."""

    def __str__(self) -> str:
        return "named <thing>"


def reference(G: nx.MultiDiGraph) -> dict[str, str]:
    g = rdf.triples(G)
    return {f: rdf._REFERENCE_SERIALISERS[f](g) for f in FORMATS}


def new(G: nx.MultiDiGraph) -> dict[str, str]:
    return {f: rdf.SERIALISERS[f](G) for f in FORMATS}


def awkward_graph(unsafe_iris: bool = True) -> nx.MultiDiGraph:
    """The handmade graph plus values that test every rendering and ordering rule; all of it
    parses back (see hostile_graph for what does not). ``unsafe_iris``: also IRIs with
    characters Turtle forbids (written percent-encoded, but raw in JSON-LD)."""
    G = handmade_graph()
    meeting = f"{BASE}meeting/testudvalget/2031-02-03"
    item = f"{meeting}/item/1"
    doc2 = "hjemme side/referat 2031.txt"  # no "iri": the IRI is percent-encoded from the id
    G.graph["documents"][doc2] = {"sha256": "cd" * 32, "encoding": "latin-1"}
    s1 = Span(DOC_ID, 0, 7, "REFERAT", sentence=WEIRD)
    s1_other = Span(DOC_ID, 0, 7, "another quote at the same offsets")  # the first one seen wins
    s2 = Span(doc2, 3, 9, 'quote "with" \\ and\nnewline')
    s3 = Span("not-a-document.txt", 1, 2, "x")

    def node(iri, type_="Policy", label="x", props=None, sources=(), **extra):
        G.add_node(iri, type=type_, label=label, props=props or {}, sources=list(sources), **extra)

    # IRIs that need escaping, that escape alike, that are prefixes of each other, that compact
    unsafe = ("a b", 'q<>"{}|^`\\', "a>b") if unsafe_iris else ()
    for tail in (*unsafe, "a%20b", "æ", "a", "a/b", "a-b", "a#c", "a.b", "a0"):
        node(f"{BASE}policy/{tail}", label=f"policy {tail}", sources=[s2])
    node("http://schema.org/Thing", label="compactable subject")
    node("http://schema.org/Thing-2%20x", label="in a namespace, but % is no prefixed-name character")
    if unsafe_iris:
        node("http://schema.org/a b", label="namespace IRI that cannot be compacted")
    node(f"{BASE}person/ukendt", type_="Person", label=12, props={"firstName": Named()},
         evidence=["navn \"Anna\"\nmatcher", "samme punkt"], sources=[s1, s1_other, s3])
    node(f"{BASE}theme/99", type_="Theme", label="", props={"kleCode": "99"})  # unlabelled top concept
    node(f"{BASE}theme/99.01", type_="Theme", label="Tema æ", props={"kleCode": "99.01"}, sources=[s1_other])
    G.add_edge(f"{BASE}theme/99.01", f"{BASE}theme/99", key="broader", rel="broader", sources=[s1])
    G.add_node(f"{BASE}bare")  # no data: no subject block, only an object
    G.add_edge(meeting, f"{BASE}bare", key="hasItem", sources=[])  # relation from the key
    G.nodes[item]["props"].update({
        "text": WEIRD, "title": ["b", "a", None, "a"], "number": "42", "serial": " 7 ", "year": True,
        "closed": "FALSE", "referencedOnly": "ja", "date": "2031-02-30", "moneyAmount": [1, 2.5, Decimal("1.10")],
        "startTime": dt.time(9, 30), "place": 12, "journalNumber": ("x", "y"), "kleCode": frozenset({"b", "a"}),
    })
    G.nodes[meeting]["props"].update({"date": dt.datetime(2031, 2, 3, 10, 0), "serial": 10 ** 30, "year": "٣"})
    G.nodes[f"{item}/proposal"]["props"].update({"number": "+5", "closed": True, "date": "2031-02-03"})
    G.nodes[f"{item}/decision"]["props"].update({"number": "-0", "closed": "true", "date": dt.date(2031, 2, 4)})
    G.nodes[f"{BASE}policy/a"]["props"].update({"confidence": -0.0})
    G.nodes[f"{BASE}policy/a/b"]["props"].update({"confidence": 0.0})
    G.nodes[f"{BASE}policy/a-b"]["props"].update({"confidence": Decimal("1.0"), "number": 1.0})
    G.nodes[f"{BASE}policy/a#c"]["props"].update({"confidence": Decimal("1.00"), "number": 1})
    G.nodes[f"{BASE}policy/a.b"]["props"].update({"confidence": 1e-7, "closed": 1, "serial": 2.0})
    G.nodes[f"{BASE}policy/a0"]["props"].update({"confidence": Fraction(1, 3), "date": 20310203})
    person = f"{BASE}person/anna-berg"
    for key, conf in (("presentedBy-2", 1), ("presentedBy-3", "0.75"), ("presentedBy-4", Decimal("0.50"))):
        # parallel edges: the same fact, one statement gathering every edge's details
        G.add_edge(item, person, key=key, rel="presentedBy", confidence=conf, evidence=["again"],
                   props={"date": dt.date(2031, 2, 5), "text": [WEIRD, "kort"]}, sources=[s2, s1])
    return G


def hostile_graph() -> nx.MultiDiGraph:
    """Values whose output does not parse back but must still come out exactly as before."""
    G = awkward_graph()
    G.add_node("http://schema.org/abc\n", type="Policy", label="prefix name with a newline")
    G.add_node(f"{BASE}policy/nan", type="Policy", label="nan",
               props={"confidence": float("nan"), "number": "1" * 5000})  # past int()'s digit limit
    G.add_edge(f"{BASE}policy/nan", f"{BASE}policy/a", key="x", rel="hasItem", confidence=float("inf"), sources=[])
    return G


def small_graphs() -> dict[str, nx.MultiDiGraph]:
    only_docs = nx.MultiDiGraph(base=BASE, documents={"a b.txt": {}, "c.txt": {"iri": f"{BASE}doc/c", "sha256": "x"}})
    one_edge = nx.MultiDiGraph(base=BASE, documents={})
    one_edge.add_edge(f"{BASE}a", f"{BASE}a/b", key="hasItem", rel="hasItem", sources=[Span("d", 0, 1, "q")])
    return {"empty": nx.MultiDiGraph(), "only documents": only_docs, "one edge": one_edge,
            "handmade": handmade_graph(), "awkward": awkward_graph(), "awkward, safe IRIs": awkward_graph(False),
            "hostile": hostile_graph()}


@pytest.fixture(scope="module")
def corpus_graph(tmp_path_factory):
    """A 100-document build: the sample's 5 documents in 20 date-shifted copies."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        from bench_build import make_corpus
    finally:
        sys.path.remove(str(REPO / "benchmarks"))
    from graph.pipeline import build

    folder = make_corpus(20, tmp_path_factory.mktemp("corpus"))
    return build([str(folder)]).graph


# -- byte-identical to the reference writers


@pytest.mark.parametrize("name", list(small_graphs()))
def test_every_format_is_byte_identical_to_the_reference(name):
    G = small_graphs()[name]
    ref = reference(G)
    assert new(G) == ref
    assert {f: rdf.SERIALISERS[f](rdf.triples(G)) for f in FORMATS} == ref  # from rdflib triples too
    assert {f: rdf.SERIALISERS[f](rdf.to_rdf(G)) for f in FORMATS} == ref  # and from an rdflib Graph


def test_sample_build_is_byte_identical_to_the_reference(sample_graph, tmp_path):
    assert new(sample_graph) == reference(sample_graph)
    assert_written_like_reference(sample_graph, tmp_path)


def test_hundred_document_corpus_is_byte_identical_to_the_reference(corpus_graph, tmp_path):
    assert_written_like_reference(corpus_graph, tmp_path)


def assert_written_like_reference(G: nx.MultiDiGraph, tmp_path: Path) -> None:
    old = rdf._write_rdf_reference(G, tmp_path / "old", FORMATS)
    paths = rdf.write_rdf(G, tmp_path / "new", FORMATS)
    assert [p.name for p in paths] == [p.name for p in old] == ["graph.ttl", "graph.nt", "graph.jsonld"]
    for a, b in zip(old, paths):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_first_span_at_the_same_offsets_describes_the_evidence():
    ttl = rdf.to_turtle(awkward_graph())
    assert '"REFERAT"' in ttl and "another quote at the same offsets" not in ttl


# -- parses back to the same graph


@pytest.mark.parametrize("name", ["handmade", "awkward", "awkward, safe IRIs", "one edge"])
def test_output_parses_back_to_the_mapped_graph_in_rdflib_and_pyoxigraph(name):
    G = small_graphs()[name]
    expected, out = escaped(rdf.to_rdf(G)), new(G)
    for fmt, rdflib_format in (("ttl", "turtle"), ("nt", "nt")):
        back = rdflib.Graph().parse(data=out[fmt], format=rdflib_format)
        assert len(back) == len(expected) and back.isomorphic(expected), fmt
    if name != "awkward":  # JSON-LD keeps IRIs raw (as before), and parsers drop what Turtle escapes
        back = rdflib.Graph().parse(data=out["jsonld"], format="json-ld")
        assert len(back) == len(expected) and back.isomorphic(expected)
    oxi = {f: set(pyoxigraph.parse(out[f].encode("utf-8"), format=OX_FORMATS[f])) for f in OX_FORMATS}
    assert oxi["ttl"] == oxi["nt"] and len(oxi["ttl"]) == len(expected)


def escaped(g: rdflib.Graph) -> rdflib.Graph:
    """``g`` with its IRIs as written (percent-encoded where Turtle forbids the characters)."""
    out = rdflib.Graph()
    for triple in g:
        out.add(tuple(rdflib.URIRef(rdf._iri_safe(t)) if isinstance(t, rdflib.URIRef) else t for t in triple))
    return out


def test_awkward_values_survive_the_round_trip():
    ttl = rdf.to_turtle(awkward_graph())
    assert "@prefix schema:" in ttl and "\nschema:Thing\n" in ttl and "<http://schema.org/a%20b>" in ttl
    back = rdflib.Graph().parse(data=ttl, format="turtle")
    texts = {str(o) for o in back.objects(None, rdflib.URIRef(rdf.ontology.NS + "text"))}
    assert WEIRD in texts
    assert rdflib.URIRef(f"{BASE}policy/a%20b") in set(back.subjects())


# -- N-Triples lines for bulk loading


def test_ntriples_lines_are_the_sorted_unique_lines_of_the_reference(sample_graph, tmp_path):
    for G in (sample_graph, hostile_graph()):
        lines = list(rdf.ntriples_lines(G))
        assert all(isinstance(line, str) and line.endswith(" .\n") for line in lines)
        assert lines == sorted(set(lines))
        assert "".join(lines) == rdf._to_ntriples_reference(rdf.triples(G))
        path = rdf.write_ntriples(G, tmp_path / "sub" / "g.nt")
        assert path.read_bytes() == "".join(lines).encode("utf-8")


def test_ntriples_lines_accept_rdflib_graphs_and_triples():
    G = awkward_graph()
    expected = list(rdf.ntriples_lines(G))
    assert list(rdf.ntriples_lines(rdf.to_rdf(G))) == list(rdf.ntriples_lines(rdf.triples(G))) == expected


def test_ntriples_load_into_an_on_disk_pyoxigraph_store(tmp_path):
    G = awkward_graph()
    path = rdf.write_ntriples(G, tmp_path / "g.nt")
    store = pyoxigraph.Store(str(tmp_path / "store"))
    store.bulk_load(path=str(path), format=pyoxigraph.RdfFormat.N_TRIPLES)
    assert len(store) == len(escaped(rdf.to_rdf(G))) == len(path.read_text(encoding="utf-8").splitlines())


# -- streaming, atomic writes


def test_files_are_written_subject_block_by_subject_block(sample_graph, tmp_path, monkeypatch):
    sizes: dict[str, list[int]] = {}
    for fmt, chunks in list(rdf._CHUNKS.items()):
        def spy(data, fmt=fmt, chunks=chunks):
            for chunk in chunks(data):
                sizes.setdefault(fmt, []).append(len(chunk))
                yield chunk
        monkeypatch.setitem(rdf._CHUNKS, fmt, spy)
    mapped = []
    collect = rdf._collect
    monkeypatch.setattr(rdf, "_collect", lambda G: mapped.append(G) or collect(G))
    rdf.write_rdf(sample_graph, tmp_path, FORMATS)
    assert len(mapped) == 1  # the graph is mapped once for all formats
    subjects = len({t[0] for t in rdf.triples(sample_graph)})
    for fmt in FORMATS:
        assert len(sizes[fmt]) >= subjects and max(sizes[fmt]) < sum(sizes[fmt]) / 20, fmt


def test_streamed_files_are_atomic_with_the_permissions_of_a_plain_write(tmp_path):
    paths = rdf.write_rdf(handmade_graph(), tmp_path, FORMATS)
    plain = atomic.write_text(tmp_path / "plain.txt", "x")
    assert {p.stat().st_mode for p in paths} == {plain.stat().st_mode}
    assert not list(tmp_path.glob(".*.tmp"))


def test_a_failure_while_streaming_keeps_the_previous_file_and_leaves_no_temp_file(tmp_path):
    rdf.write_rdf(handmade_graph(), tmp_path, ["ttl"])
    before = (tmp_path / "graph.ttl").read_bytes()
    G = handmade_graph()
    G.nodes[f"{BASE}meeting/testudvalget/2031-02-03"]["label"] = "lone surrogate \udc80"
    with pytest.raises(UnicodeEncodeError):
        rdf._write_rdf_reference(G, tmp_path / "old", ["ttl"])
    with pytest.raises(UnicodeEncodeError):
        rdf.write_rdf(G, tmp_path, ["ttl"])
    assert (tmp_path / "graph.ttl").read_bytes() == before
    assert not list(tmp_path.glob(".*.tmp"))


def test_unknown_terms_raise_key_error_before_anything_is_written(tmp_path):
    bad_type = handmade_graph()
    bad_type.add_node(f"{BASE}x", type="Meting", label="x", props={}, sources=[])
    datatype_edge = handmade_graph()
    datatype_edge.add_edge(f"{BASE}a", f"{BASE}b", key="title", rel="title", sources=[])
    for G in (bad_type, datatype_edge):
        with pytest.raises(KeyError):
            rdf.write_rdf(G, tmp_path, FORMATS)
        with pytest.raises(KeyError):
            rdf.to_turtle(G)
    assert not list(tmp_path.iterdir())


def test_write_rdf_ignores_unknown_formats_and_keeps_repeats_like_before(tmp_path):
    assert rdf.write_rdf(handmade_graph(), tmp_path, ["csv"]) == []
    assert [p.name for p in rdf.write_rdf(handmade_graph(), tmp_path, ["nt", "csv", "nt"])] == ["graph.nt"] * 2


# -- literals and determinism


RANGES = [None, *(str(XSD[n]) for n in ("string", "integer", "boolean", "decimal", "date"))]


@pytest.mark.parametrize("datatype", RANGES)
def test_memoised_literals_are_typed_as_the_reference_types_them(datatype):
    values = [-0.0, 0.0, 1, True, 1.0, Decimal("1.0"), Decimal("1.00"), "1", " 1 ", "true", "TRUE", False, "0",
              dt.date(2031, 2, 3), dt.datetime(2031, 2, 3, 4, 5), "2031-02-03", "20310203", float("nan"), 2.5,
              "٣", 10 ** 20, Named(), Fraction(1, 3), "", "x"]
    literals = rdf._Literals()
    for _ in range(2):  # the second round is served from the memo
        for v in values:
            assert literals.typed(v, datatype) == rdf._lit_key(rdf._typed(v, datatype)), (v, datatype)
    for v in (-0.0, 0.0, 1, 1.0, Decimal("1.0"), Decimal("1.00"), "0.75", 2.5, float("inf")):
        assert literals.decimal(v) == rdf._lit_key(rdf._decimal(v)), v
    with pytest.raises(ArithmeticError):  # as the reference: a confidence that is no number
        literals.decimal("høj")
    for n in (0, 7, 10 ** 25, -3):
        assert literals.offset(n) == rdf._lit_key(rdflib.Literal(n, datatype=XSD.integer))


DIGESTS = """
import hashlib, json, sys, tempfile
sys.path[:0] = [{tests!r}]
from graph.export import rdf
from graph.pipeline import build
from test_rdf_streaming import hostile_graph
out = {{}}
with tempfile.TemporaryDirectory() as tmp:
    for name, G in (("sample", build().graph), ("hostile", hostile_graph())):
        for p in rdf.write_rdf(G, f"{{tmp}}/{{name}}", ["ttl", "nt", "jsonld"]):
            out[f"{{name}}/{{p.name}}"] = hashlib.sha256(p.read_bytes()).hexdigest()
print(json.dumps(out))
"""


def test_output_bytes_do_not_depend_on_the_hash_seed(sample_graph, tmp_path):
    script = DIGESTS.format(tests=str(REPO / "tests"))
    runs = []
    for seed in ("1", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        proc = subprocess.run([sys.executable, "-c", script], env=env, cwd=REPO, capture_output=True, text=True,
                              check=True, timeout=600)
        runs.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    assert runs[0] == runs[1] and len(runs[0]) == 6
    here = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in rdf.write_rdf(sample_graph, tmp_path, FORMATS)}
    assert here == {k.split("/")[1]: v for k, v in runs[0].items() if k.startswith("sample/")}
