"""GraphML / GEXF / CSV views: loadable, one row per node and edge, deterministic."""
from __future__ import annotations

import csv
import io
import json

import networkx as nx

from fixtures.rdf.handmade import BASE, handmade_graph
from graph.export import parse_formats, tables, write_exports

ITEM1 = f"{BASE}meeting/testudvalget/2031-02-03/item/1"


def test_graphml_loads_back_with_all_nodes_edges_and_string_attributes(tmp_path):
    G = handmade_graph()
    (path,) = tables.write_tables(G, tmp_path, ["graphml"])
    H = nx.read_graphml(path)
    assert H.number_of_nodes() == G.number_of_nodes() and H.number_of_edges() == G.number_of_edges()
    assert H.nodes[ITEM1]["type"] == "AgendaItem"
    assert json.loads(H.nodes[ITEM1]["props"])["number"] == 1
    assert H.nodes[ITEM1]["prop_moneyAmount"] == "2 mio. kr.; 500 kr."
    assert {d["rel"] for *_, d in H.edges(data=True)} == {k for *_, k in G.edges(keys=True)}


def test_gexf_loads_back_and_has_no_date_stamp(tmp_path):
    G = handmade_graph()
    (path,) = tables.write_tables(G, tmp_path, ["gexf"])
    H = nx.read_gexf(path)
    assert H.number_of_nodes() == G.number_of_nodes() and H.number_of_edges() == G.number_of_edges()
    assert b"lastmodifieddate" not in path.read_bytes()


def test_csv_has_one_row_per_node_and_edge_with_sources(tmp_path):
    G = handmade_graph()
    nodes_path, edges_path = tables.write_tables(G, tmp_path, ["csv"])
    nodes = list(csv.DictReader(io.StringIO(nodes_path.read_text(encoding="utf-8"))))
    edges = list(csv.DictReader(io.StringIO(edges_path.read_text(encoding="utf-8"))))
    assert len(nodes) == G.number_of_nodes() and len(edges) == G.number_of_edges()
    assert list(nodes[0]) == tables.NODE_COLUMNS and list(edges[0]) == tables.EDGE_COLUMNS
    row = next(r for r in nodes if r["iri"] == ITEM1)
    span = G.nodes[ITEM1]["sources"][0]
    assert row["sources"] == f"{span.doc}:{span.start}-{span.end}"
    assert json.loads(row["props"])["date"] == "2031-02-03"
    presented = next(r for r in edges if r["rel"] == "presentedBy")
    assert presented["confidence"] == "0.8"


def test_table_files_are_byte_identical_across_runs(tmp_path):
    a = tables.write_tables(handmade_graph(), tmp_path / "a")
    b = tables.write_tables(handmade_graph(), tmp_path / "b")
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]


def test_write_exports_dispatches_each_format(tmp_path):
    paths = write_exports(handmade_graph(), tmp_path, "ttl,csv,graphml")
    assert sorted(p.name for p in paths) == ["edges.csv", "graph.graphml", "graph.ttl", "nodes.csv"]


def test_parse_formats_accepts_all_and_rejects_unknown():
    assert parse_formats("all")[:3] == ["ttl", "nt", "jsonld"]
    assert parse_formats(" TTL , csv,ttl") == ["ttl", "csv"]
    try:
        parse_formats("ttl,pdf")
    except ValueError as exc:
        assert "pdf" in str(exc)
    else:
        raise AssertionError("unknown format accepted")


def test_sample_build_tables_load_back_with_every_node_and_edge(tmp_path):
    from fixtures.rdf.sample import sample_build

    G = sample_build().graph
    paths = {p.name: p for p in tables.write_tables(G, tmp_path)}
    for name, reader in (("graph.graphml", nx.read_graphml), ("graph.gexf", nx.read_gexf)):
        H = reader(paths[name])
        assert (H.number_of_nodes(), H.number_of_edges()) == (G.number_of_nodes(), G.number_of_edges()), name
    nodes = list(csv.DictReader(io.StringIO(paths["nodes.csv"].read_text(encoding="utf-8"))))
    edges = list(csv.DictReader(io.StringIO(paths["edges.csv"].read_text(encoding="utf-8"))))
    assert {r["iri"] for r in nodes} == set(G.nodes)
    assert sorted((r["source"], r["target"], r["rel"]) for r in edges) == sorted(G.edges(keys=True))
