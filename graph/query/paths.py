"""Meaningful paths between two nodes, explained edge by edge.

A shortest path in the raw graph almost always runs through a hub: the body
(every meeting is of it), the standing "Godkendelse af dagsorden og referat"
case, a generic KLE code such as 00.01.00. Such paths are true and useless, so
hubs get a heavy cost unless the user asks for them, and every node costs a
little more the more neighbours it has.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> for n, t in [("a", "Case"), ("i1", "AgendaItem"), ("p", "Person"), ("i2", "AgendaItem"), ("b", "Case")]:
...     G.add_node(n, type=t, label=n, props={}, sources=[])
>>> for u, v, k in [("i1", "a", "concernsCase"), ("i1", "p", "presentedBy"), ("i2", "p", "presentedBy"), ("i2", "b", "concernsCase")]:
...     _ = G.add_edge(u, v, key=k, rel=k, sources=[])
>>> [step.relation for step in find_paths(G, "a", "b")[0].steps]
['concernsCase', 'presentedBy', 'presentedBy', 'concernsCase']
"""
from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass, field
import networkx as nx

from graph.query.lookup import describe
from graph.structure import is_standing_item

HUB_PENALTY = 40.0
# Node types that are hubs by nature: they connect everything they are part of.
HUB_TYPES = {"Body", "SourceDocument"}
# Edges that add no meaning to a path between things (they duplicate a shorter route).
SKIP_RELATIONS = {"documentedIn"}


def is_generic_theme(code: str) -> bool:
    """KLE main groups, groups and the "general" subject of a group (NN.NN.00) say little about a case.

    >>> is_generic_theme("00.01.00"), is_generic_theme("81.04.00"), is_generic_theme("24.10.05")
    (True, True, False)
    """
    parts = code.split(".")
    return len(parts) < 3 or parts[-1] == "00"


def hub_reason(G: nx.MultiDiGraph, node: str) -> str | None:
    """Why ``node`` is a hub, or None. Reasons are printed with a path that goes through one."""
    data = G.nodes[node]
    t = data["type"]
    if t in HUB_TYPES:
        return f"every {t} node connects all that belongs to it"
    if t == "Theme" and is_generic_theme(data["props"].get("kleCode", data["label"])):
        return "generic KLE subject code"
    if t == "Case":
        titles = data["props"].get("title") or []
        if any(is_standing_item(title) for title in (titles if isinstance(titles, list) else [titles])):
            return "standing agenda item treated at (almost) every meeting"
    return None


@dataclass
class Step:
    source: str  # node the step leaves, in path order
    target: str
    relation: str  # ontology property local name
    forward: bool  # True when the stored edge runs source → target
    sentence: str
    evidence: list = field(default_factory=list)  # Spans of the edge


@dataclass
class Path:
    nodes: list[str]
    steps: list[Step]
    cost: float
    hubs: list[str]

    def as_dict(self, G: nx.MultiDiGraph) -> dict:
        return {
            "cost": round(self.cost, 3),
            "nodes": [{"iri": n, "type": G.nodes[n]["type"], "label": G.nodes[n]["label"]} for n in self.nodes],
            "hubs": self.hubs,
            "steps": [{"from": s.source, "to": s.target, "relation": s.relation, "forward": s.forward,
                       "sentence": s.sentence,
                       "evidence": [{"document": e.doc, "start": e.start, "end": e.end, "quote": e.quote}
                                    for e in s.evidence[:3]]}
                      for s in self.steps],
        }


def node_cost(G: nx.MultiDiGraph, node: str, through_hubs: bool = False) -> float:
    cost = 1.0 + math.log2(1 + G.degree(node)) / 4
    if not through_hubs and hub_reason(G, node):
        cost += HUB_PENALTY
    return cost


def weighted_view(G: nx.MultiDiGraph, through_hubs: bool = False) -> nx.Graph:
    """Undirected simple graph whose edge weight is the mean cost of the two nodes it joins."""
    costs = {n: node_cost(G, n, through_hubs) for n in G}
    H = nx.Graph()
    H.add_nodes_from(sorted(G))
    for u, v, rel in sorted(G.edges(keys=True)):
        if rel in SKIP_RELATIONS or u == v:
            continue
        H.add_edge(u, v, weight=(costs[u] + costs[v]) / 2)
    return H


def _phrase(rel: str) -> str:
    try:
        from graph import ontology

        label = ontology.load().prop(rel).label_en
        if label:
            return label
    except (ImportError, KeyError, AttributeError):
        pass
    return re.sub(r"(?<!^)([A-Z])", lambda m: " " + m.group(1).lower(), rel)


def explain_step(G: nx.MultiDiGraph, a: str, b: str) -> Step:
    """The edge between consecutive path nodes, told in words in its own direction."""
    choices = [(k, True, d) for k, d in G.get_edge_data(a, b, default={}).items()] + \
              [(k, False, d) for k, d in G.get_edge_data(b, a, default={}).items()]
    choices = [c for c in choices if c[0] not in SKIP_RELATIONS] or choices
    rel, forward, data = sorted(choices, key=lambda c: (not c[1], c[0]))[0]
    src, dst = (a, b) if forward else (b, a)
    sentence = f"{describe(G, src)} —{_phrase(rel)}→ {describe(G, dst)}"
    spans = data.get("sources", [])
    if spans:
        quote = " ".join(spans[0].quote.split())
        sentence += f'  [{spans[0].doc}: "{quote[:120]}{"…" if len(quote) > 120 else ""}"]'
    return Step(a, b, rel, forward, sentence, list(spans))


def find_paths(G: nx.MultiDiGraph, a: str, b: str, k: int = 1, through_hubs: bool = False,
               max_length: int = 12) -> list[Path]:
    """Up to ``k`` cheapest simple paths from ``a`` to ``b`` (node IRIs), each explained."""
    H = weighted_view(G, through_hubs)
    if a not in H or b not in H or not nx.has_path(H, a, b):
        return []
    out = []
    for nodes in itertools.islice(nx.shortest_simple_paths(H, a, b, weight="weight"), k * 3):
        if len(nodes) - 1 > max_length:
            break
        cost = nx.path_weight(H, nodes, "weight")
        steps = [explain_step(G, x, y) for x, y in zip(nodes, nodes[1:])]
        out.append(Path(nodes, steps, cost, [n for n in nodes[1:-1] if hub_reason(G, n)]))
        if len(out) >= k:
            break
    return out
