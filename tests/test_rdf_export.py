"""RDF export of the handmade contract graph: mapping, typing, determinism, round trips."""
from __future__ import annotations

import json

import pyoxigraph
import pytest
import rdflib
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from fixtures.rdf.handmade import BASE, DOC_ID, DOC_TEXT, handmade_graph
from graph import ontology
from graph.export import rdf

RG = rdflib.Namespace(ontology.NS)
P = ontology.prefixes()
PROV, OA, SKOS = (rdflib.Namespace(P[k]) for k in ("prov", "oa", "skos"))
MEETING = URIRef(f"{BASE}meeting/testudvalget/2031-02-03")
ITEM1 = URIRef(f"{MEETING}/item/1")
CASE = URIRef(f"{BASE}case/85.02.00-A00-7-30")


@pytest.fixture(scope="module")
def g() -> rdflib.Graph:
    return rdf.to_rdf(handmade_graph())


def test_node_type_and_danish_label_become_rdf_type_and_rdfs_label(g):
    assert (MEETING, RDF.type, RG.Meeting) in g
    assert (MEETING, RDFS.label, Literal("Testudvalget 2031-02-03", lang="da")) in g


def test_props_are_typed_by_the_ontology_range(g):
    assert g.value(MEETING, RG.date) == Literal("2031-02-03", datatype=XSD.date)
    assert g.value(ITEM1, RG.number).datatype == XSD.integer
    assert g.value(URIRef(f"{MEETING}/item/2"), RG.closed) == Literal(True)
    assert g.value(CASE, RG.year) == Literal(2030)
    assert g.value(MEETING, RG.startTime) == Literal("09:00")


def test_list_props_give_one_triple_per_value(g):
    assert set(g.objects(ITEM1, RG.moneyAmount)) == {Literal("2 mio. kr."), Literal("500 kr.")}


def test_string_prop_given_as_integer_is_written_as_string():
    G = handmade_graph()
    G.nodes[str(MEETING)]["props"]["place"] = 12
    assert rdf.to_rdf(G).value(MEETING, RG.place) == Literal("12")


def test_value_that_cannot_take_the_range_type_keeps_its_own_type():
    G = handmade_graph()
    G.nodes[str(MEETING)]["props"]["date"] = "i næste uge"
    assert rdf.to_rdf(G).value(MEETING, RG.date) == Literal("i næste uge")  # SHACL flags it


def test_edges_become_object_property_triples(g):
    assert (MEETING, RG.hasItem, ITEM1) in g
    assert (CASE, RG.decidedIn, MEETING) in g


def test_themes_are_skos_concepts_in_the_kle_scheme_with_skos_broader(g):
    subject, group = URIRef(f"{BASE}theme/85.02.00"), URIRef(f"{BASE}theme/85.02")
    assert (subject, RDF.type, SKOS.Concept) in g
    assert (subject, SKOS.inScheme, RG.KLE) in g
    assert (subject, SKOS.broader, group) in g and (subject, RG.broader, group) in g
    assert g.value(subject, SKOS.prefLabel).language == "da"


def test_main_groups_are_top_concepts_of_the_kle_scheme_described_in_the_data(g):
    main, group = URIRef(f"{BASE}theme/85"), URIRef(f"{BASE}theme/85.02")
    assert (main, SKOS.topConceptOf, RG.KLE) in g and (RG.KLE, SKOS.hasTopConcept, main) in g
    assert (group, SKOS.topConceptOf, RG.KLE) not in g
    assert (RG.KLE, RDF.type, SKOS.ConceptScheme) in g
    assert {l.language for l in g.objects(RG.KLE, RDFS.label)} == {"da", "en"}


def test_every_edge_is_reified_with_evidence_confidence_and_merge_reasons(g):
    person = URIRef(f"{BASE}person/anna-berg")
    st = rdf.statement_iri(BASE, ITEM1, RG.presentedBy, person)
    assert (st, RDF.type, RDF.Statement) in g
    assert (st, RDF.subject, ITEM1) in g and (st, RDF.predicate, RG.presentedBy) in g and (st, RDF.object, person) in g
    assert g.value(st, RG.confidence) == Literal("0.8", datatype=XSD.decimal)
    assert {str(o) for o in g.objects(st, RG.mergeReason)} == {"first name and surname agree", "same item"}
    evidence = g.value(st, PROV.wasDerivedFrom)
    assert (evidence, RDF.type, RG.Evidence) in g


def test_edge_props_go_on_the_statement(g):
    person, post = URIRef(f"{BASE}person/anna-berg"), URIRef(f"{BASE}post/direktoren-for-natur-og-miljo")
    st = rdf.statement_iri(BASE, person, RG.holdsPost, post)
    assert g.value(st, RG.date) == Literal("2031-02-03", datatype=XSD.date)


def test_evidence_quote_and_offsets_match_the_document_text(g):
    evidences = set(g.subjects(RDF.type, RG.Evidence))
    assert evidences
    for ev in evidences:
        doc = g.value(ev, OA.hasSource)
        assert g.value(doc, RG.filePath) == Literal(DOC_ID)
        selectors = list(g.objects(ev, OA.hasSelector))
        pos = next(s for s in selectors if (s, RDF.type, OA.TextPositionSelector) in g)
        quote = next(s for s in selectors if (s, RDF.type, OA.TextQuoteSelector) in g)
        start, end = int(g.value(pos, OA.start)), int(g.value(pos, OA.end))
        assert DOC_TEXT[start:end] == str(g.value(quote, OA.exact))


def test_nodes_point_to_their_evidence(g):
    ev = g.value(CASE, PROV.wasDerivedFrom)
    assert str(ev).endswith(f"/span/{DOC_TEXT.index('85.02.00-A00')}-{DOC_TEXT.index('85.02.00-A00') + 17}")


def test_source_documents_are_prov_entities_with_hash():
    g = rdf.to_rdf(handmade_graph())
    doc = URIRef(f"{BASE}document/udvalg-2031-02-03.txt")
    assert {RG.SourceDocument, PROV.Entity, URIRef(P["foaf"] + "Document")} <= set(g.objects(doc, RDF.type))
    assert g.value(doc, RG.sha256) == Literal("ab" * 32)


def test_no_blank_nodes_are_emitted(g):
    assert not any(isinstance(t, rdflib.BNode) for triple in g for t in triple)


def test_unknown_node_type_or_relation_raises_key_error():
    G = handmade_graph()
    G.add_node(f"{BASE}x", type="Meting", label="x", props={}, sources=[])
    with pytest.raises(KeyError):
        rdf.to_rdf(G)
    G = handmade_graph()
    G.add_edge(str(MEETING), str(ITEM1), key="hasItems", rel="hasItems", sources=[])
    with pytest.raises(KeyError):
        rdf.to_rdf(G)


def test_datatype_property_used_as_edge_is_refused():
    G = handmade_graph()
    G.add_edge(str(MEETING), str(ITEM1), key="title", rel="title", sources=[])
    with pytest.raises(KeyError):
        rdf.to_rdf(G)


def test_turtle_parses_back_in_rdflib_and_pyoxigraph_with_the_same_triples(g):
    ttl = rdf.to_turtle(g)
    back = rdflib.Graph().parse(data=ttl, format="turtle")
    assert len(back) == len(g) and back.isomorphic(g)
    store = pyoxigraph.Store()
    store.load(ttl.encode("utf-8"), format=pyoxigraph.RdfFormat.TURTLE)
    assert len(store) == len(g)


def test_ntriples_and_jsonld_parse_back_to_the_same_graph(g):
    assert rdflib.Graph().parse(data=rdf.to_ntriples(g), format="nt").isomorphic(g)
    assert rdflib.Graph().parse(data=rdf.to_jsonld(g), format="json-ld").isomorphic(g)
    doc = json.loads(rdf.to_jsonld(g))
    assert doc["@context"]["rg"] == ontology.NS
    ids = [n["@id"] for n in doc["@graph"]]
    assert ids == sorted(ids)


def test_ntriples_lines_are_sorted_and_unique(g):
    lines = rdf.to_ntriples(g).splitlines()
    assert lines == sorted(set(lines)) and len(lines) == len(g)


def test_output_is_byte_identical_across_runs_and_insertion_orders():
    G1 = handmade_graph()
    G2 = type(G1)(**G1.graph)  # same facts, inserted in reverse order
    for n, d in reversed(list(G1.nodes(data=True))):
        G2.add_node(n, **d)
    for u, v, k, d in reversed(list(G1.edges(keys=True, data=True))):
        G2.add_edge(u, v, key=k, **d)
    for serialise in rdf.SERIALISERS.values():
        assert serialise(rdf.to_rdf(G1)) == serialise(rdf.to_rdf(G2)) == serialise(rdf.to_rdf(handmade_graph()))


def test_iris_with_forbidden_characters_are_percent_encoded_in_turtle():
    G = handmade_graph()
    G.add_node(f"{BASE}policy/a b", type="Policy", label="a b", props={}, sources=[])
    g = rdf.to_rdf(G)
    assert f"<{BASE}policy/a%20b>" in rdf.to_turtle(g)
    rdflib.Graph().parse(data=rdf.to_turtle(g), format="turtle")


def test_literals_with_quotes_and_newlines_round_trip():
    G = handmade_graph()
    text = 'Linje 1\n"citat" \\ tab\tslut'
    G.nodes[str(ITEM1)]["props"]["text"] = text
    ttl = rdf.to_turtle(rdf.to_rdf(G))
    assert rdflib.Graph().parse(data=ttl, format="turtle").value(ITEM1, RG.text) == Literal(text)


def test_write_rdf_writes_the_requested_files(tmp_path):
    paths = rdf.write_rdf(handmade_graph(), tmp_path, ["ttl", "nt", "jsonld"])
    assert [p.name for p in paths] == ["graph.ttl", "graph.nt", "graph.jsonld"]
    assert all(p.stat().st_size > 0 for p in paths)
    assert not list(tmp_path.glob(".*.tmp"))  # atomic writes leave no temp files


def test_oxigraph_reserialisation_keeps_every_triple(g):
    nt = rdf.serialize_with_oxigraph(rdf.to_turtle(g).encode("utf-8"), "nt")
    assert rdflib.Graph().parse(data=nt.decode("utf-8"), format="nt").isomorphic(g)
