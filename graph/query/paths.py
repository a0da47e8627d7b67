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

import hashlib
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
    graph: nx.MultiDiGraph | None = field(default=None, repr=False, compare=False)  # holds the nodes (a store's piece)

    def as_dict(self, G: nx.MultiDiGraph | None = None) -> dict:
        """The ``--json`` form; ``G`` gives the nodes' types and labels (default: :attr:`graph`)."""
        G = self.graph if G is None else G
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
    """1 + log2(1 + degree) / 4, plus HUB_PENALTY for a hub unless ``through_hubs``.

    The degree is the node's ``degree`` attribute when it has one (a node read from the on-disk
    store, :mod:`graph.query.store`, into a part of the graph: its degree in the whole graph),
    else ``G.degree(node)``: one rule for the whole graph and a piece of it.
    """
    degree = G.nodes[node].get("degree")
    cost = 1.0 + math.log2(1 + (G.degree(node) if degree is None else degree)) / 4
    if not through_hubs and hub_reason(G, node):
        cost += HUB_PENALTY
    return cost


TIE_BREAK = 1e-7  # at most this much per edge, so no two different paths cost the same


def tie_break(u: str, v: str) -> float:
    """A fixed tiny extra weight for the edge between ``u`` and ``v`` (either way round), from a
    hash of the two IRIs: equally good paths (common in archives of look-alike minutes) then
    differ in cost, so which one is the answer depends on the graph alone, not on the order a
    search meets the nodes in (the store's search, :mod:`graph.query.store`, meets them in
    another order than one over the whole graph). Reported costs leave it out."""
    a, b = (u, v) if u <= v else (v, u)
    digest = hashlib.blake2b(f"{a}\n{b}".encode("utf-8"), digest_size=8).digest()
    return TIE_BREAK * int.from_bytes(digest, "big") / 2 ** 64


def edge_weights(cost_u: float, cost_v: float, u: str, v: str) -> dict[str, float]:
    """The data of the weighted view's edge ``u``–``v``: ``cost``, the mean cost of the two
    nodes, and ``weight``, the cost plus :func:`tie_break` (what the searches minimise)."""
    cost = (cost_u + cost_v) / 2
    return {"weight": cost + tie_break(u, v), "cost": cost}


def weighted_view(G: nx.MultiDiGraph, through_hubs: bool = False) -> nx.Graph:
    """Undirected simple graph whose edge weight is the mean cost of the two nodes it joins
    (plus its :func:`tie_break`; the plain mean is the edge's ``cost``)."""
    costs = {n: node_cost(G, n, through_hubs) for n in G}
    H = nx.Graph()
    H.add_nodes_from(sorted(G))
    for u, v, rel in sorted(G.edges(keys=True)):
        if rel in SKIP_RELATIONS or u == v or H.has_edge(u, v):
            continue
        H.add_edge(u, v, **edge_weights(costs[u], costs[v], u, v))
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


def cheapest(H: nx.Graph, a: str, b: str, k: int = 1, max_length: int = 12) -> list[list[str]]:
    """The node lists of up to ``k`` cheapest simple paths from ``a`` to ``b`` in the weighted
    view ``H`` (Yen's algorithm, networkx's ``shortest_simple_paths``): of the first ``k * 3``,
    in cost order, until one is longer than ``max_length`` steps."""
    return search(H, a, b, k, max_length)[0]


def search(H: nx.Graph, a: str, b: str, k: int = 1, max_length: int = 12) -> tuple[list[list[str]], float, bool]:
    """:func:`cheapest`, and what a search over a part of the graph must know to trust it: the
    weight of the last path looked at (every path the answer depends on costs at most that), and
    whether the paths ran out first (then more of the graph might give more)."""
    if a not in H or b not in H:
        return [], 0.0, True
    out: list[list[str]] = []
    last, ran_out = 0.0, True
    try:
        for nodes in itertools.islice(nx.shortest_simple_paths(H, a, b, weight="weight"), k * 3):
            last = nx.path_weight(H, nodes, "weight")
            if len(nodes) - 1 > max_length:
                ran_out = False
                break
            out.append(nodes)
            if len(out) >= k:
                ran_out = False
                break
    except nx.NetworkXNoPath:  # nothing connects them
        return [], 0.0, True
    return out, last, ran_out


def explain_path(G: nx.MultiDiGraph, H: nx.Graph, nodes: list[str]) -> Path:
    """The :class:`Path` of ``nodes``: its cost in ``H``, its steps told from ``G`` (which needs
    only the path's nodes, the edges between them and an item's meeting)."""
    cost = nx.path_weight(H, nodes, "cost")
    steps = [explain_step(G, x, y) for x, y in zip(nodes, nodes[1:])]
    return Path(nodes, steps, cost, [n for n in nodes[1:-1] if hub_reason(G, n)])


def find_paths(G: nx.MultiDiGraph, a: str, b: str, k: int = 1, through_hubs: bool = False,
               max_length: int = 12) -> list[Path]:
    """Up to ``k`` cheapest simple paths from ``a`` to ``b`` (node IRIs), each explained."""
    H = weighted_view(G, through_hubs)
    return [explain_path(G, H, nodes) for nodes in cheapest(H, a, b, k, max_length)]


def paths_between(source, a: str, b: str, k: int = 1, through_hubs: bool = False,
                  max_length: int = 12) -> tuple[list[Path], nx.MultiDiGraph]:
    """:func:`find_paths` over a networkx graph or a :class:`graph.query.store.GraphStore`;
    returns the paths and the graph to read their nodes from (``source`` itself, or, for a
    store, the part of it that holds ``a``, ``b`` and the paths). The answers are the same: the
    store is searched over the part of the graph within reach (see
    :meth:`graph.query.store.GraphStore.search_paths`), which holds every path as cheap as the
    ones found."""
    if isinstance(source, nx.Graph):
        return find_paths(source, a, b, k, through_hubs, max_length), source
    H, lists = source.search_paths(a, b, k, through_hubs, max_length)
    G = source.path_graph([[a], [b], *lists])
    paths = [explain_path(G, H, nodes) for nodes in lists]
    for p in paths:
        p.graph = G
    return paths, G
