"""Path search between cases: meaningful (hub-avoiding), explained, alternatives."""
from __future__ import annotations

import networkx as nx

from graph.query.lookup import find_one
from graph.query.paths import find_paths, hub_reason


def _g(nodes, edges):
    G = nx.MultiDiGraph()
    for n, t, props in nodes:
        G.add_node(n, type=t, label=n, props=props, sources=[])
    for u, v, k in edges:
        G.add_edge(u, v, key=k, rel=k, sources=[])
    return G


def test_path_prefers_a_shared_person_to_the_body_hub():
    G = _g([("case A", "Case", {}), ("case B", "Case", {}), ("i1", "AgendaItem", {}), ("i2", "AgendaItem", {}),
            ("m1", "Meeting", {}), ("m2", "Meeting", {}), ("Forum", "Body", {}), ("Ida Holm", "Person", {})],
           [("i1", "case A", "concernsCase"), ("i2", "case B", "concernsCase"), ("m1", "i1", "hasItem"),
            ("m2", "i2", "hasItem"), ("m1", "Forum", "meetingOf"), ("m2", "Forum", "meetingOf"),
            ("i1", "Ida Holm", "mentions"), ("i2", "Ida Holm", "mentions")])
    best = find_paths(G, "case A", "case B")[0]
    assert "Ida Holm" in best.nodes and not best.hubs
    assert [s.relation for s in best.steps] == ["concernsCase", "mentions", "mentions", "concernsCase"]


def test_through_hubs_finds_a_path_when_the_hub_is_the_only_link():
    G = _g([("case A", "Case", {}), ("case B", "Case", {}), ("i1", "AgendaItem", {}), ("i2", "AgendaItem", {}),
            ("m1", "Meeting", {}), ("m2", "Meeting", {}), ("Forum", "Body", {})],
           [("i1", "case A", "concernsCase"), ("i2", "case B", "concernsCase"), ("m1", "i1", "hasItem"),
            ("m2", "i2", "hasItem"), ("m1", "Forum", "meetingOf"), ("m2", "Forum", "meetingOf")])
    penalised = find_paths(G, "case A", "case B")[0]
    free = find_paths(G, "case A", "case B", through_hubs=True)[0]
    assert penalised.hubs == ["Forum"] and free.cost < penalised.cost


def test_standing_agenda_item_case_is_a_hub():
    G = _g([("c", "Case", {"title": "Godkendelse af dagsorden og referat"}), ("d", "Case", {"title": "Ny skolestruktur"})], [])
    assert hub_reason(G, "c") and not hub_reason(G, "d")


def test_sample_cases_connect_without_a_hub(sample_graph):
    a = find_one(sample_graph, "81.04.00-A00-1-16")
    b = find_one(sample_graph, "81.04.00-A00-3-19")
    paths = find_paths(sample_graph, a, b, k=3)
    assert paths and not paths[0].hubs
    assert len({tuple(p.nodes) for p in paths}) == len(paths)  # alternatives are distinct
    for p in paths:
        assert p.steps[0].source == a and p.steps[-1].target == b
        assert all(s.sentence and s.evidence for s in p.steps)
    assert [p.cost for p in paths] == sorted(p.cost for p in paths)


def test_sample_cases_sharing_a_person_connect_through_that_person(sample_graph):
    """Issue: path can connect two cases through a shared person, policy or network."""
    G = sample_graph
    linkers = ("Person", "Policy", "Network")
    for node, data in sorted(G.nodes(data=True)):
        if data["type"] not in linkers:
            continue
        items = sorted(u for u, _, k in G.in_edges(node, keys=True) if k in ("mentions", "presentedBy"))
        cases = sorted({v for i in items for _, v, k in G.out_edges(i, keys=True) if k == "concernsCase"
                        and not hub_reason(G, v)})
        if len(cases) >= 2:
            break
    else:
        raise AssertionError("no person, policy or network links two non-hub cases in the sample")
    paths = find_paths(G, cases[0], cases[1], k=5)
    assert any(G.nodes[n]["type"] in linkers for p in paths for n in p.nodes[1:-1])
