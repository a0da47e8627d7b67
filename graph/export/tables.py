"""Graph views for Gephi (GraphML, GEXF) and spreadsheets (CSV of nodes and edges).

These formats hold only flat attributes. ``props`` is written as sorted JSON and
each prop also as its own ``prop_<name>`` column, typed so that Gephi can filter
and colour by it: a column whose values are all booleans is ``boolean``, all
integers ``long``, all numbers ``double``; any other column (text, dates, lists,
mixed values) is a string, lists joined by ``"; "`` and dates written as ISO
``YYYY-MM-DD``, which sorts in date order. Neither GraphML nor GEXF has a date
type for attributes, so the GEXF also gives every node and edge with a ``date``
prop that day as its time interval (``start`` = ``end``, ``timeformat="date"``):
Gephi's timeline then filters meetings, treatments and dated posts by date.
Edge ``confidence`` is a ``double``, absent when the edge has none. Sources are
``doc:start-end`` joined by ``"; "``.

The GEXF is version 1.2draft and valid under the schema it declares
(http://www.gexf.net/1.2draft/gexf.xsd). Every GraphML and GEXF edge has a
unique id, ``"<source> <rel> <target>"``. CSV is UTF-8 with a byte-order mark
(so Excel reads æ, ø, å right) and comma-separated (RFC 4180).

Nodes and edges are written in sorted order and no timestamps are written, so
reruns give byte-identical files.

>>> import networkx as nx, datetime
>>> G = nx.MultiDiGraph()
>>> G.add_node("m", type="Meeting", label="Udvalget", props={"date": datetime.date(2031, 2, 3)}, sources=[])
>>> G.add_node("i", type="AgendaItem", label="Punkt 1", props={"number": 1, "closed": False}, sources=[])
>>> G.add_edge("m", "i", key="hasItem", rel="hasItem", sources=[], confidence=0.8)
'hasItem'
>>> F = flat_graph(G)
>>> F.nodes["i"]["prop_number"], F.nodes["i"]["prop_closed"], F.nodes["m"]["prop_date"]
(1, False, '2031-02-03')
>>> F.edges["m", "i", "hasItem"]["confidence"]
0.8
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
from networkx.readwrite.graphml import GraphMLWriter

from graph import atomic
from graph.model import Span

NODE_COLUMNS = ["iri", "type", "label", "props", "sources"]
EDGE_COLUMNS = ["source", "target", "rel", "confidence", "sources"]
CSV_DELIMITER = ","
BOM = "\ufeff"
# characters XML 1.0 does not allow (a form feed from a PDF would make the file unreadable)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


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


def column_type(values: Iterable[Any]) -> type:
    """The one type a column's values are written as: ``bool``, ``int``, ``float`` or ``str``.

    >>> column_type([True, False]), column_type([1, 2]), column_type([1, 2.5]), column_type([1, "2"])
    (<class 'bool'>, <class 'int'>, <class 'float'>, <class 'str'>)
    >>> import datetime; column_type([datetime.date(2031, 2, 3)]), column_type([[1, 2]])
    (<class 'str'>, <class 'str'>)
    """
    kinds = {type(v) for v in values}
    if kinds == {bool}:
        return bool
    if kinds and kinds <= {int}:
        return int
    if kinds and kinds <= {int, float}:
        return float
    return str


def _typed(value: Any, kind: type) -> Any:
    return _NOT_XML.sub("", _scalar(value)) if kind is str else kind(value)


def _text(value: Any) -> str:
    return _NOT_XML.sub("", str(value))


def _prop_types(items: Iterable[dict]) -> dict[str, type]:
    values: dict[str, list] = {}
    for props in items:
        for name, value in (props or {}).items():
            values.setdefault(name, []).append(value)
    return {name: column_type(vs) for name, vs in values.items()}


def _day(props: dict | None) -> str | None:
    """The ISO day of a single ``date`` prop, for a GEXF time interval."""
    value = (props or {}).get("date")
    return value.isoformat() if isinstance(value, dt.date) and not isinstance(value, dt.datetime) else None


def edge_id(u: str, key: str, v: str) -> str:
    """The stable id of an edge in GraphML and GEXF: ``"<source> <rel> <target>"``."""
    return f"{u} {key} {v}"


def flat_graph(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of ``G`` with flat, consistently typed attributes, nodes and edges inserted in sorted order."""
    F = nx.MultiDiGraph()
    node_types = _prop_types(d.get("props") for _, d in G.nodes(data=True))
    for iri, d in sorted(G.nodes(data=True), key=lambda t: t[0]):
        props = d.get("props") or {}
        attrs = {"type": d.get("type", ""), "label": _text(d.get("label", "")), "props": _text(props_json(props)),
                 "sources": sources_text(d.get("sources"))}
        for name, value in sorted(props.items()):
            attrs[f"prop_{name}"] = _typed(value, node_types[name])
        F.add_node(iri, **attrs)
    edge_types = _prop_types(d.get("props") for *_, d in G.edges(keys=True, data=True))
    for u, v, key, d in _sorted_edges(G):
        props = d.get("props") or {}
        attrs = {"rel": d.get("rel", key), "sources": sources_text(d.get("sources")),
                 "evidence": _text("; ".join(d.get("evidence") or ())), "props": _text(props_json(props))}
        if d.get("confidence") is not None:
            attrs["confidence"] = float(d["confidence"])
        for name, value in sorted(props.items()):
            attrs[f"prop_{name}"] = _typed(value, edge_types[name])
        F.add_edge(u, v, key=key, **attrs)
    return F


def _sorted_edges(G: nx.MultiDiGraph):
    return sorted(G.edges(keys=True, data=True), key=lambda t: (t[0], t[2], t[1]))


class _GraphMLWriter(GraphMLWriter):
    """networkx's writer with GraphML's own boolean literals (``true``/``false``, not ``True``),
    the edge ``id`` written as the element's id only (not also as a data column)."""

    def add_data(self, name, element_type, value, scope="all", default=None):
        if element_type is bool:
            value = str(value).lower()  # networkx passes str(value): "True" / "False"
        return super().add_data(name, element_type, value, scope, default)

    def add_attributes(self, scope, xml_obj, data, default):
        if scope == "edge":
            data = {k: v for k, v in data.items() if k != "id"}
        return super().add_attributes(scope, xml_obj, data, default)


def graphml_bytes(G: nx.MultiDiGraph) -> bytes:
    F = flat_graph(G)
    for u, v, k, d in F.edges(keys=True, data=True):
        d["id"] = edge_id(u, k, v)
    writer = _GraphMLWriter(encoding="utf-8", prettyprint=True, edge_id_from_attribute="id")
    writer.add_graph_element(F)
    buf = io.BytesIO()
    writer.dump(buf)
    return buf.getvalue()


def gexf_bytes(G: nx.MultiDiGraph) -> bytes:
    F = flat_graph(G)
    for n, d in F.nodes(data=True):
        d["label"] = d.get("label") or n  # Gephi shows the GEXF label
        day = _day(G.nodes[n].get("props"))
        if day:
            d["start"] = d["end"] = day  # Gephi's timeline filters by it
    for u, v, k, d in F.edges(keys=True, data=True):
        d["label"] = k
        d["id"] = edge_id(u, k, v)  # stable edge ids instead of a counter
        day = _day(G.edges[u, v, k].get("props"))
        if day:
            d["start"] = d["end"] = day
    buf = io.BytesIO()
    nx.write_gexf(F, buf, encoding="utf-8", prettyprint=True, version="1.2draft")
    data = buf.getvalue()
    # networkx stamps today's date into <meta>; drop it so reruns are byte-identical.
    data = re.sub(rb'\s*lastmodifieddate="[^"]*"', b"", data, count=1)
    # and writes <graph name="">, which the 1.2draft schema does not allow
    return re.sub(rb'(<graph\b[^>]*?)\s+name="[^"]*"', rb"\1", data, count=1)


def _csv_text(header: list[str], rows: Iterable[list], delimiter: str) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


def nodes_csv(G: nx.MultiDiGraph, delimiter: str = CSV_DELIMITER) -> str:
    """One row per node (without the byte-order mark, which :func:`write_tables` adds)."""
    return _csv_text(NODE_COLUMNS, ([iri, d.get("type", ""), d.get("label", ""), props_json(d.get("props")),
                                     sources_text(d.get("sources"))]
                                    for iri, d in sorted(G.nodes(data=True), key=lambda t: t[0])), delimiter)


def edges_csv(G: nx.MultiDiGraph, delimiter: str = CSV_DELIMITER) -> str:
    """One row per edge (without the byte-order mark, which :func:`write_tables` adds)."""
    return _csv_text(EDGE_COLUMNS, ([u, v, d.get("rel", key), "" if d.get("confidence") is None
                                     else repr(float(d["confidence"])), sources_text(d.get("sources"))]
                                    for u, v, key, d in _sorted_edges(G)), delimiter)


def write_tables(G: nx.MultiDiGraph, out_dir: str | Path, formats: Iterable[str] = ("graphml", "gexf", "csv"),
                 csv_delimiter: str = CSV_DELIMITER) -> list[Path]:
    """Write the requested table formats atomically into ``out_dir``; returns the paths written.

    The CSV files start with a UTF-8 byte-order mark (read them with ``encoding="utf-8-sig"``);
    ``csv_delimiter=";"`` writes what a Danish Excel opens by double-click.
    """
    out_dir = Path(out_dir)
    written: list[Path] = []
    for fmt in formats:
        if fmt == "graphml":
            written.append(atomic.write_bytes(out_dir / "graph.graphml", graphml_bytes(G)))
        elif fmt == "gexf":
            written.append(atomic.write_bytes(out_dir / "graph.gexf", gexf_bytes(G)))
        elif fmt == "csv":
            written.append(atomic.write_text(out_dir / "nodes.csv", BOM + nodes_csv(G, csv_delimiter)))
            written.append(atomic.write_text(out_dir / "edges.csv", BOM + edges_csv(G, csv_delimiter)))
    return written
