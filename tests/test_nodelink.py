"""graph.json round-trips the whole graph: nodes, edges, props (dates too) and provenance."""
import networkx as nx

from graph.export.nodelink import from_json, to_json


def test_graph_json_round_trips_the_sample_graph(sample_graph):
    back = from_json(to_json(sample_graph))
    dump = lambda G: nx.node_link_data(G, edges="edges")  # noqa: E731
    by_id = lambda nodes: sorted(nodes, key=lambda n: n["id"])  # noqa: E731
    assert by_id(dump(back)["nodes"]) == by_id(dump(sample_graph)["nodes"])
    assert sorted(back.edges(keys=True)) == sorted(sample_graph.edges(keys=True))
    for u, v, k, d in sample_graph.edges(keys=True, data=True):
        assert back.edges[u, v, k]["sources"] == d["sources"]


def test_graph_json_is_deterministic(sample_graph):
    assert to_json(sample_graph) == to_json(from_json(to_json(sample_graph)))
