"""SHACL validation: a well-formed graph conforms; each kind of defect is reported by name."""
from __future__ import annotations

import rdflib
from rdflib import URIRef
from rdflib.namespace import RDF

from fixtures.rdf.handmade import BASE, handmade_graph
from graph import ontology
from graph.export.rdf import to_rdf
from graph.validate import validate

MEETING = f"{BASE}meeting/testudvalget/2031-02-03"
ITEM2 = f"{MEETING}/item/2"
RG = rdflib.Namespace(ontology.NS)


def test_handmade_graph_conforms():
    result = validate(to_rdf(handmade_graph()))
    assert result.conforms, result.violations
    assert result.violations == []


def test_meeting_without_date_is_a_violation():
    G = handmade_graph()
    del G.nodes[MEETING]["props"]["date"]
    result = validate(to_rdf(G))
    assert not result.conforms
    assert any(v.startswith(MEETING + " rg:date") and "one date" in v for v in result.violations)


def test_agenda_item_without_number_is_a_violation():
    G = handmade_graph()
    del G.nodes[ITEM2]["props"]["number"]
    result = validate(to_rdf(G))
    assert [v for v in result.violations if v.startswith(ITEM2 + " rg:number")]


def test_agenda_item_of_no_meeting_is_a_violation():
    G = handmade_graph()
    G.remove_edge(MEETING, ITEM2, key="hasItem")
    violations = validate(to_rdf(G)).violations
    assert any(v.startswith(ITEM2) and "exactly one meeting" in v for v in violations)


def test_date_that_is_not_a_date_is_a_violation():
    G = handmade_graph()
    G.nodes[MEETING]["props"]["date"] = "i næste uge"
    assert any(v.startswith(MEETING + " rg:date") for v in validate(to_rdf(G)).violations)


def test_edge_without_evidence_is_a_violation():
    G = handmade_graph()
    G.edges[MEETING, ITEM2, "hasItem"]["sources"] = []
    violations = validate(to_rdf(G)).violations
    assert any("prov:wasDerivedFrom" in v and "evidence" in v for v in violations)


def test_evidence_without_quote_selector_is_a_violation():
    g = to_rdf(handmade_graph())
    oa = ontology.prefixes()["oa"]
    quote = next(g.subjects(RDF.type, URIRef(oa + "TextQuoteSelector")))
    g.remove((quote, RDF.type, URIRef(oa + "TextQuoteSelector")))
    violations = validate(g).violations
    assert any("text quote selector" in v for v in violations)


def test_case_without_journal_number_and_unknown_outcome_are_violations():
    G = handmade_graph()
    case = f"{BASE}case/85.02.00-A00-7-30"
    del G.nodes[case]["props"]["journalNumber"]
    G.nodes[f"{MEETING}/item/1/decision"]["props"]["outcome"] = "maybe"
    violations = validate(to_rdf(G)).violations
    assert any(v.startswith(case + " rg:journalNumber") for v in violations)
    assert any("rg:outcome" in v for v in violations)


def test_report_text_explains_the_failure():
    G = handmade_graph()
    del G.nodes[MEETING]["props"]["date"]
    assert "Conforms: False" in validate(to_rdf(G)).report_text
