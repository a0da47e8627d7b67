"""The ontology covers everything the real sample build uses, and the build respects domains and ranges."""
from __future__ import annotations

from fixtures.rdf.sample import sample_build
from graph import ontology


def test_every_node_type_edge_and_prop_of_the_sample_is_an_ontology_term():
    G = sample_build().graph
    ont = ontology.load()
    types = {d["type"] for _, d in G.nodes(data=True)}
    rels = {k for _, _, k in G.edges(keys=True)}
    props = {p for _, d in G.nodes(data=True) for p in d["props"]}
    props |= {p for *_, d in G.edges(keys=True, data=True) for p in d.get("props", {})}
    assert {"Meeting", "AgendaItem", "Case", "Theme", "SourceDocument"} <= types
    assert {"hasItem", "meetingOf", "concernsCase", "broader"} <= rels
    for name in types:
        term = ont.cls(name)
        assert term.label_da and term.label_en and term.comment
    for name in rels:
        assert ont.is_object_property(name), name
        assert ont.prop(name).label_da and ont.prop(name).label_en
    for name in props:
        assert name in ont.datatype_properties, name


def test_sample_edges_respect_the_ontology_domains_and_ranges():
    G = sample_build().graph
    ont = ontology.load()
    wrong = []
    for u, v, k in G.edges(keys=True):
        term = ont.prop(k)
        if G.nodes[u]["type"] not in term.domain or G.nodes[v]["type"] not in term.range:
            wrong.append((G.nodes[u]["type"], k, G.nodes[v]["type"]))
    assert sorted(set(wrong)) == []


def test_sample_props_sit_on_classes_in_their_domain():
    G = sample_build().graph
    ont = ontology.load()
    wrong = {(d["type"], p) for _, d in G.nodes(data=True) for p in d["props"]
             if ont.prop(p).domain and d["type"] not in ont.prop(p).domain}
    assert sorted(wrong) == []
