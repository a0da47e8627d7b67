"""Find graph nodes from what a user types: a journal number, a name, or words of a title."""
from __future__ import annotations

import networkx as nx

# Node types a user may name on the command line, most specific first.
NAMED_TYPES = ("Case", "Person", "Policy", "Network", "NetworkTheme", "Post", "Department", "Body",
               "Organisation", "Theme", "Meeting", "AgendaItem")


class NoMatch(LookupError):
    pass


class Ambiguous(LookupError):
    def __init__(self, query: str, candidates: list[str]):
        super().__init__(f"{query!r} matches {len(candidates)} nodes")
        self.query = query
        self.candidates = candidates


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def describe(G: nx.MultiDiGraph, node: str) -> str:
    """A short human description: ``case 81.04.00-A00-1-16 "Title"``, ``item 3 "…" at Økonomiudvalget 2021-03-04``."""
    data = G.nodes[node]
    t, label, props = data["type"], data["label"], data["props"]
    if t == "Case":
        titles = props.get("title")
        title = titles[-1] if isinstance(titles, list) else titles
        return f'case {label}' + (f' "{title}"' if title else "")
    if t == "AgendaItem":
        meeting = next((u for u, _, k in G.in_edges(node, keys=True) if k == "hasItem"), None)
        where = f" at {G.nodes[meeting]['label']}" if meeting else ""
        return f'item {props.get("number")} "{props.get("coreTitle") or props.get("title")}"{where}'
    if t == "Meeting":
        return f"meeting {label}" + (" (referenced only, not in the corpus)" if props.get("referencedOnly") else "")
    return f"{t.lower() if t != 'NetworkTheme' else 'network theme'} {label}"


def _records(G: nx.MultiDiGraph) -> list[tuple[str, str, str, list]]:
    """``(iri, type, label, titles)`` of the nodes, in the graph's node order (a store's
    :meth:`graph.query.store.GraphStore.named` gives the same, sorted by IRI: graph.json's order)."""
    out = []
    for n, d in G.nodes(data=True):
        titles = d["props"].get("title") or []
        out.append((n, d["type"], d["label"], titles if isinstance(titles, list) else [titles]))
    return out


def find_nodes(G, query: str, types: tuple[str, ...] = NAMED_TYPES) -> list[str]:
    """Nodes matching ``query``, best first: exact IRI, exact journal number / label, then words in labels and titles.

    ``G`` is a networkx graph or a :class:`graph.query.store.GraphStore` (the same matching, over
    the labels and titles the store holds).

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("c1", type="Case", label="81.04.00-A00-1-16", props={"title": "Strategi for urban farming"}, sources=[])
    >>> find_nodes(G, "81.04.00-A00-1-16"), find_nodes(G, "urban farming")
    (['c1'], ['c1'])
    """
    if query in G:
        return [query]
    q = _fold(query)
    store = not isinstance(G, nx.Graph)
    records = None if store else _records(G)
    try:
        from graph.journal import parse_journal_number

        jn = parse_journal_number(query)
        if jn is not None:
            q_jn = _fold(jn.normalised)
            cases = G.named(("Case",)) if store else records  # a store: read the cases only, first
            hits = [n for n, t, label, _ in cases if t == "Case" and _fold(label) == q_jn]
            if hits:
                return hits
    except ImportError:  # pragma: no cover
        pass
    if records is None:
        records = G.named((*NAMED_TYPES, *types))
    exact = sorted(n for n, t, label, _ in records if t in types and _fold(label) == q)
    if exact:
        kind = {n: t for n, t, _, _ in records}
        return sorted(exact, key=lambda n: types.index(kind[n]))
    words = q.split()
    scored = []
    for n, t, label, titles in records:
        if t not in types:
            continue
        hay = _fold(" ".join([label, *titles]))
        if all(w in hay for w in words):
            scored.append((types.index(t), label, n))
    scored.sort()
    if scored:  # keep only the most specific type that matched
        best = scored[0][0]
        return [n for t, _, n in scored if t == best]
    return []


def find_one(G, query: str, types: tuple[str, ...] = NAMED_TYPES) -> str:
    """Exactly one node for ``query``; raises :class:`NoMatch` or :class:`Ambiguous`."""
    hits = find_nodes(G, query, types)
    if not hits:
        raise NoMatch(f"nothing in the graph matches {query!r}")
    if len(hits) > 1:
        raise Ambiguous(query, hits)
    return hits[0]
