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


def find_nodes(G: nx.MultiDiGraph, query: str, types: tuple[str, ...] = NAMED_TYPES) -> list[str]:
    """Nodes matching ``query``, best first: exact IRI, exact journal number / label, then words in labels and titles.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("c1", type="Case", label="81.04.00-A00-1-16", props={"title": "Strategi for urban farming"}, sources=[])
    >>> find_nodes(G, "81.04.00-A00-1-16"), find_nodes(G, "urban farming")
    (['c1'], ['c1'])
    """
    if query in G:
        return [query]
    q = _fold(query)
    try:
        from graph.journal import parse_journal_number

        jn = parse_journal_number(query)
        if jn is not None:
            q_jn = _fold(jn.normalised)
            hits = [n for n, d in G.nodes(data=True) if d["type"] == "Case" and _fold(d["label"]) == q_jn]
            if hits:
                return hits
    except ImportError:  # pragma: no cover
        pass
    exact = sorted(n for n, d in G.nodes(data=True) if d["type"] in types and _fold(d["label"]) == q)
    if exact:
        return sorted(exact, key=lambda n: types.index(G.nodes[n]["type"]))
    words = q.split()
    scored = []
    for n, d in G.nodes(data=True):
        if d["type"] not in types:
            continue
        titles = d["props"].get("title") or []
        hay = _fold(" ".join([d["label"], *(titles if isinstance(titles, list) else [titles])]))
        if all(w in hay for w in words):
            scored.append((types.index(d["type"]), d["label"], n))
    scored.sort()
    if scored:  # keep only the most specific type that matched
        best = scored[0][0]
        return [n for t, _, n in scored if t == best]
    return []


def find_one(G: nx.MultiDiGraph, query: str, types: tuple[str, ...] = NAMED_TYPES) -> str:
    """Exactly one node for ``query``; raises :class:`NoMatch` or :class:`Ambiguous`."""
    hits = find_nodes(G, query, types)
    if not hits:
        raise NoMatch(f"nothing in the graph matches {query!r}")
    if len(hits) > 1:
        raise Ambiguous(query, hits)
    return hits[0]
