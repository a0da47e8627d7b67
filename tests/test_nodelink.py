"""graph.json round-trips the whole graph: nodes, edges, props (dates too) and provenance."""
import json

import networkx as nx
import pytest

from graph.export.nodelink import from_json, networkx_kwargs, to_json

NX_VERSION = tuple(int(p) for p in nx.__version__.split(".")[:2])


def test_graph_json_round_trips_the_sample_graph(sample_graph):
    back = from_json(to_json(sample_graph))
    dump = lambda G: nx.node_link_data(G, **networkx_kwargs())  # noqa: E731
    by_id = lambda nodes: sorted(nodes, key=lambda n: n["id"])  # noqa: E731
    assert by_id(dump(back)["nodes"]) == by_id(dump(sample_graph)["nodes"])
    assert sorted(back.edges(keys=True)) == sorted(sample_graph.edges(keys=True))
    for u, v, k, d in sample_graph.edges(keys=True, data=True):
        assert back.edges[u, v, k]["sources"] == d["sources"]


def test_graph_json_is_deterministic(sample_graph):
    assert to_json(sample_graph) == to_json(from_json(to_json(sample_graph)))


def test_graph_json_says_it_is_a_directed_multigraph(sample_graph):
    """Without these keys networkx.node_link_graph read graph.json as an undirected graph."""
    data = json.loads(to_json(sample_graph))
    assert data["directed"] is True and data["multigraph"] is True
    assert all(e["key"] == e["rel"] for e in data["edges"])


def test_networkx_reads_graph_json_back_as_the_same_multidigraph(sample_graph):
    H = nx.node_link_graph(json.loads(to_json(sample_graph)), **networkx_kwargs())
    assert isinstance(H, nx.MultiDiGraph)
    assert set(H.nodes) == set(sample_graph.nodes)
    assert sorted(H.edges(keys=True)) == sorted(sample_graph.edges(keys=True))
    u, v, k = min(sample_graph.edges(keys=True))
    assert H.edges[u, v, k]["rel"] == k and H.nodes[u]["type"] == sample_graph.nodes[u]["type"]


@pytest.mark.skipif(NX_VERSION < (3, 6), reason="networkx before 3.6 reads the 'links' key unless told 'edges'")
def test_plain_node_link_graph_reads_graph_json(sample_graph):
    H = nx.node_link_graph(json.loads(to_json(sample_graph)))
    assert isinstance(H, nx.MultiDiGraph)
    assert sorted(H.edges(keys=True)) == sorted(sample_graph.edges(keys=True))


def test_networkx_kwargs_names_the_keyword_of_this_networkx():
    expected = {"link": "edges"} if NX_VERSION < (3, 4) else {"edges": "edges"}
    assert networkx_kwargs() == expected
