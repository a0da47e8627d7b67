"""Graph views for Gephi (GraphML, GEXF) and spreadsheets (CSV of nodes and edges).

These formats hold only flat attributes, so ``props`` and ``sources`` are
flattened to strings: ``props`` as sorted JSON, each prop also as its own
``prop_<name>`` column (Gephi can colour and filter by it), and sources as
``doc:start-end`` joined by ``"; "``. Nodes and edges are written in sorted
order and no timestamps are written, so reruns give byte-identical files.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path
from typing import Any, Iterable

import networkx as nx

from graph import atomic
from graph.model import Span

NODE_COLUMNS = ["iri", "type", "label", "props", "sources"]
EDGE_COLUMNS = ["source", "target", "rel", "confidence", "sources"]


def _plain(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_plain(v) for v in value]
        return sorted(items, key=str) if isinstance(value, (set, frozenset)) else items
    return value


def props_json(props: dict | None) -> str:
    """Props as compact, key-sorted JSON (dates as ISO strings)."""
    return json.dumps({k: _plain(v) for k, v in (props or {}).items()}, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":"))


def sources_text(sources: Iterable[Span] | None) -> str:
    """``doc:start-end`` for each span, sorted, joined by ``"; "``."""
    return "; ".join(f"{s.doc}:{s.start}-{s.end}" for s in sorted(sources or ()))


def _scalar(value: Any) -> str:
    value = _plain(value)
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def flat_graph(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of ``G`` with string attributes only, nodes and edges inserted in sorted order."""
    F = nx.MultiDiGraph()
    for iri, d in sorted(G.nodes(data=True), key=lambda t: t[0]):
        attrs = {"type": d.get("type", ""), "label": d.get("label", ""), "props": props_json(d.get("props")),
                 "sources": sources_text(d.get("sources"))}
        for name, value in sorted((d.get("props") or {}).items()):
            attrs[f"prop_{name}"] = _scalar(value)
        F.add_node(iri, **attrs)
    for u, v, key, d in _sorted_edges(G):
        attrs = {"rel": d.get("rel", key), "sources": sources_text(d.get("sources")),
                 "confidence": "" if d.get("confidence") is None else repr(float(d["confidence"])),
                 "evidence": "; ".join(d.get("evidence") or ()), "props": props_json(d.get("props"))}
        F.add_edge(u, v, key=key, **attrs)
    return F


def _sorted_edges(G: nx.MultiDiGraph):
    return sorted(G.edges(keys=True, data=True), key=lambda t: (t[0], t[2], t[1]))


def graphml_bytes(G: nx.MultiDiGraph) -> bytes:
    buf = io.BytesIO()
    nx.write_graphml(flat_graph(G), buf, encoding="utf-8", prettyprint=True)
    return buf.getvalue()


def gexf_bytes(G: nx.MultiDiGraph) -> bytes:
    F = flat_graph(G)
    for n, d in F.nodes(data=True):
        d["label"] = d.get("label") or n  # Gephi shows the GEXF label
    for u, v, k, d in F.edges(keys=True, data=True):
        d["label"] = k
        d["id"] = f"{u} {k} {v}"  # stable edge ids instead of a counter
    buf = io.BytesIO()
    nx.write_gexf(F, buf, encoding="utf-8", prettyprint=True)
    # networkx stamps today's date into <meta>; drop it so reruns are byte-identical.
    return re.sub(rb'\s*lastmodifieddate="[^"]*"', b"", buf.getvalue(), count=1)


def nodes_csv(G: nx.MultiDiGraph) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(NODE_COLUMNS)
    for iri, d in sorted(G.nodes(data=True), key=lambda t: t[0]):
        w.writerow([iri, d.get("type", ""), d.get("label", ""), props_json(d.get("props")),
                    sources_text(d.get("sources"))])
    return buf.getvalue()


def edges_csv(G: nx.MultiDiGraph) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(EDGE_COLUMNS)
    for u, v, key, d in _sorted_edges(G):
        conf = d.get("confidence")
        w.writerow([u, v, d.get("rel", key), "" if conf is None else repr(float(conf)),
                    sources_text(d.get("sources"))])
    return buf.getvalue()


def write_tables(G: nx.MultiDiGraph, out_dir: str | Path, formats: Iterable[str] = ("graphml", "gexf", "csv")) -> list[Path]:
    """Write the requested table formats atomically into ``out_dir``; returns the paths written."""
    out_dir = Path(out_dir)
    written: list[Path] = []
    for fmt in formats:
        if fmt == "graphml":
            written.append(atomic.write_bytes(out_dir / "graph.graphml", graphml_bytes(G)))
        elif fmt == "gexf":
            written.append(atomic.write_bytes(out_dir / "graph.gexf", gexf_bytes(G)))
        elif fmt == "csv":
            written.append(atomic.write_text(out_dir / "nodes.csv", nodes_csv(G)))
            written.append(atomic.write_text(out_dir / "edges.csv", edges_csv(G)))
    return written
