"""graph.json: the networkx graph itself, as node-link JSON, and back.

The one lossless view: every node, edge, property and provenance span. `path`
and `show` load it from an export folder, so they answer about *your* last
build without rebuilding; scripts can read it without an RDF library.
Dates are written as ISO strings and read back as dates where the ontology
gives the property the range xsd:date (one source of truth for types).

The file is also networkx's own node-link format: ``"directed": true`` and
``"multigraph": true`` say it is a MultiDiGraph, the edge list is ``"edges"``
and each edge's ``"key"`` is its relation (the same as ``"rel"``), so
``networkx.node_link_graph(json.load(f))`` gives back a MultiDiGraph with the
same nodes and (source, target, key) edges (spans and dates stay plain JSON
lists and strings; :func:`read_json` restores them). networkx 3.6 reads
``"edges"`` by default; 3.4 and 3.5 need ``edges="edges"`` and 3.2 and 3.3
``link="edges"`` (:func:`networkx_kwargs` gives the right one).

>>> import networkx as nx, datetime
>>> from graph.model import Span
>>> G = nx.MultiDiGraph(base="https://example.org/id/", documents={})
>>> G.add_node("m", type="Meeting", label="Udvalget 2021-03-04", props={"date": datetime.date(2021, 3, 4)},
...            sources=[Span("a.txt", 0, 7, "REFERAT")])
>>> back = from_json(to_json(G))
>>> back.nodes["m"]["props"]["date"], back.nodes["m"]["sources"][0].quote
(datetime.date(2021, 3, 4), 'REFERAT')
"""
from __future__ import annotations

import json
import re
from datetime import date
from functools import lru_cache
from pathlib import Path

import networkx as nx

from graph import __version__
from graph.atomic import write_text
from graph.model import Span

XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"


def _value(v):
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, list):
        return [_value(x) for x in v]
    return v


def _span(s: Span) -> list:
    return [s.doc, s.start, s.end, s.quote, s.sentence]


def to_json(G: nx.MultiDiGraph) -> str:
    """Deterministic node-link JSON of ``G`` (sorted nodes, edges and keys)."""
    nodes = [{"id": n, "type": d["type"], "label": d["label"],
              "props": {k: _value(v) for k, v in sorted(d["props"].items())},
              "sources": [_span(s) for s in d["sources"]]}
             for n, d in sorted(G.nodes(data=True))]
    edges = []
    for u, v, k, d in sorted(G.edges(keys=True, data=True), key=lambda e: e[:3]):
        edge = {"source": u, "target": v, "key": k, "rel": k, "sources": [_span(s) for s in d.get("sources", [])]}
        for extra in ("confidence", "evidence", "props"):
            if d.get(extra) is not None:
                edge[extra] = {a: _value(b) for a, b in sorted(d[extra].items())} if extra == "props" else d[extra]
        edges.append(edge)
    doc = {"referatgraf": __version__, "directed": True, "multigraph": True, "base": G.graph.get("base"),
           "documents": dict(sorted((G.graph.get("documents") or {}).items())),
           **({"sameAs": G.graph["sameAs"]} if G.graph.get("sameAs") else {}),  # old IRIs (graph/identity.py)
           "nodes": nodes, "edges": edges}
    return json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def networkx_kwargs() -> dict[str, str]:
    """The keyword that makes this networkx's ``node_link_graph`` read the ``"edges"`` list.

    >>> import json, networkx as nx
    >>> G = nx.MultiDiGraph(base="https://example.org/id/", documents={})
    >>> G.add_node("a", type="Body", label="A", props={}, sources=[])
    >>> G.add_node("b", type="Body", label="B", props={}, sources=[])
    >>> _ = G.add_edge("a", "b", key="followedBy", rel="followedBy", sources=[])
    >>> H = nx.node_link_graph(json.loads(to_json(G)), **networkx_kwargs())
    >>> type(H).__name__, list(H.edges(keys=True))
    ('MultiDiGraph', [('a', 'b', 'followedBy')])
    """
    version = tuple(int(p) for p in re.findall(r"\d+", nx.__version__)[:2])
    return {"link": "edges"} if version < (3, 4) else {"edges": "edges"}


@lru_cache(maxsize=1)
def _date_props() -> frozenset[str]:
    from graph import ontology

    onto = ontology.load()
    return frozenset(name for name, term in onto.datatype_properties.items() if XSD_DATE in (term.range or ()))


def _restore(key: str, v):
    if key in _date_props():
        if isinstance(v, list):
            return [date.fromisoformat(x) for x in v]
        return date.fromisoformat(v) if isinstance(v, str) else v
    return v


def from_json(text: str) -> nx.MultiDiGraph:
    """Read what :func:`to_json` wrote back into a MultiDiGraph with Spans and dates."""
    data = json.loads(text)
    G = nx.MultiDiGraph(base=data.get("base"), documents=data.get("documents") or {}, sameAs=data.get("sameAs") or {})
    for n in data["nodes"]:
        G.add_node(n["id"], type=n["type"], label=n["label"],
                   props={k: _restore(k, v) for k, v in n["props"].items()},
                   sources=[Span(*s) for s in n["sources"]])
    for e in data["edges"]:
        attrs = {"rel": e["rel"], "sources": [Span(*s) for s in e["sources"]]}
        for extra in ("confidence", "evidence", "props"):
            if extra in e:
                attrs[extra] = e[extra]
        G.add_edge(e["source"], e["target"], key=e["rel"], **attrs)
    return G


def write_json(G: nx.MultiDiGraph, path: str | Path) -> Path:
    return write_text(path, to_json(G))


def read_json(path: str | Path) -> nx.MultiDiGraph:
    return from_json(Path(path).read_text(encoding="utf-8"))
