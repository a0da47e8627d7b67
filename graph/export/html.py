"""The interactive HTML explorer: one offline file, drawn at once, with search, paths, time and sources.

Positions come from :func:`graph.export.layout.time_axis_layout` (computed here, at build
time, deterministic), so the page draws at once with no physics. The graph is drawn with
sigma.js on WebGL (graphology holds it in the page); both are MIT-licensed and vendored in
``graph/export/templates/vendor/`` (sigma 3.0.3, 188 kB; graphology 0.26.0, 74 kB), inlined
into the page, so the file opens from ``file://`` with no network at all.

The data is column-oriented: one array per attribute (ids without the common IRI base, labels,
type numbers into a type table, positions, dates, hub reasons) and the edges as one flat array
of ``source, target, relation`` numbers. Properties and sources (quotes, sentences) are in
separate blocks of :data:`CHUNK` nodes or edges, parsed only when the page needs them. The
page's path search is the same bidirectional Dijkstra over the edge weights of the same weighted
view (:func:`graph.query.paths.weighted_view`, shipped in the page) as ``referatgraf path``
(:func:`graph.query.paths.find_paths`), so the two give the same path.

Every string from the minutes reaches the page as JSON inside ``<script type=application/json>``
(with ``<``, ``>`` and ``&`` escaped) and is put on screen with ``textContent`` only.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("x:1", type="Meeting", label="Møde", props={}, sources=[])
>>> "new Sigma(" in render_html(G)
True
"""
from __future__ import annotations

import json
import re
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import networkx as nx

from graph.atomic import write_text
from graph.export.layout import time_axis_layout
from graph.model import Span

TEMPLATES = Path(__file__).parent / "templates"
VENDOR = TEMPLATES / "vendor"

# Colour (fill, border) and a shape name per ontology class (the legend draws the shape; the
# WebGL canvas draws discs in the fill colour).
PALETTE: dict[str, tuple[str, str, str]] = {
    "Meeting": ("#1f4e79", "#0f2a44", "hexagon"),
    "AgendaItem": ("#5fa8dc", "#2f6f9f", "dot"),
    "Case": ("#8c564b", "#5a372f", "square"),
    "Treatment": ("#c49c94", "#8c6d66", "dot"),
    "Proposal": ("#f28e2b", "#b5651a", "triangle"),
    "Decision": ("#2ca02c", "#1a661a", "diamond"),
    "Attachment": ("#bcbd22", "#7f8014", "triangleDown"),
    "Body": ("#d62728", "#8f1a1a", "star"),
    "Post": ("#e377c2", "#a34d8a", "dot"),
    "Person": ("#9467bd", "#623f85", "dot"),
    "Department": ("#ff9896", "#c45c5a", "square"),
    "Organisation": ("#7f7f7f", "#4d4d4d", "square"),
    "Policy": ("#17becf", "#0e7f8a", "diamond"),
    "Network": ("#59a14f", "#3a6b33", "star"),
    "NetworkTheme": ("#b6992d", "#7a661e", "triangle"),
    "Theme": ("#edc948", "#a88d2a", "hexagon"),
    "SourceDocument": ("#bab0ac", "#7d7470", "square"),
}
FALLBACK_STYLE = ("#d9d9d9", "#8c8c8c", "dot")  # a type the palette does not know yet
SIZES = {"Meeting": 7, "Body": 8, "Case": 5, "AgendaItem": 4, "Treatment": 2.5, "Proposal": 2.5,
         "Decision": 2.5, "Attachment": 2.5, "SourceDocument": 3}
DEFAULT_SIZE = 4

LABEL_CHARS = 120  # the panel and search show the full label; the canvas cuts to this
PANEL_QUOTE_CHARS = 600
PROP_CHARS = 2000
CHUNK = 500  # nodes (or edges) per details block
DRAW_LIMIT = 6_000  # above this many nodes the page opens on an overview and draws what is asked
OVERVIEW_BUDGET = 4_000  # nodes of the overview: the types below, in this order, while they fit
# The same where WebGL runs on the CPU (SwiftShader, llvmpipe: headless Chromium, machines without
# a GPU). The page then draws points and lines (see referatgraf.js): a moving frame of 5,000 nodes
# stays within 17 ms, but the full redraw with 22,000 edges when the camera stops takes ~0.2 s
# (benchmarks/bench_explorer.py), so bigger views open on the overview.
SOFTWARE_DRAW_LIMIT = 4_000
SOFTWARE_OVERVIEW_BUDGET = 3_000
# Edges drawn besides a focus (a neighbourhood, a path, which are drawn whole): a full redraw
# costs ~10 us per edge on the CPU (13,000 edges: 0.13-0.3 s), far less on a GPU.
EDGE_BUDGET = 60_000
SOFTWARE_EDGE_BUDGET = 5_000
OVERVIEW_TYPES = ("Body", "Meeting", "Case", "Person", "Post", "Department", "Organisation", "Policy",
                  "Network", "NetworkTheme", "Theme", "AgendaItem")
DATED_TYPES = ("Meeting", "AgendaItem", "Treatment", "Proposal", "Decision", "Attachment", "Case")


def render_html(G: nx.MultiDiGraph, title: str | None = None, sources: dict[str, str] | None = None) -> str:
    """The whole graph as one offline HTML page (sigma.js and graphology inlined). ``sources``
    maps document ids to their pages (graph/export/sources.py), which the panel's quotes open."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    title = title or "referatgraf"
    data, node_chunks, edge_chunks = explorer_data(G, sources)
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]),
                      keep_trailing_newline=True)
    return env.get_template("graph.html.j2").render(
        title=title,
        summary=f"{G.number_of_nodes()} nodes, {G.number_of_edges()} edges",
        legend=data["types"],
        data_json=script_json(data),
        node_chunks=[script_json(c) for c in node_chunks],
        edge_chunks=[script_json(c) for c in edge_chunks],
        vendor_js=[_vendor(name) for name in ("graphology.umd.min.js", "sigma.min.js")],
        app_js=(TEMPLATES / "referatgraf.js").read_text(encoding="utf-8"),
        app_css=(TEMPLATES / "referatgraf.css").read_text(encoding="utf-8"),
    )


def write_html(G: nx.MultiDiGraph, path: str | Path, title: str | None = None,
               sources: dict[str, str] | None = None) -> Path:
    """Write :func:`render_html` to ``path`` atomically and return the path."""
    return write_text(path, render_html(G, title=title, sources=sources))


# --- the page's data -----------------------------------------------------------


def explorer_data(G: nx.MultiDiGraph, sources: dict[str, str] | None = None) -> tuple[dict, list[list], list[list]]:
    """(main block, node detail blocks, edge detail blocks) of the page; see the module doc.

    Nodes are numbered in sorted IRI order and edges in sorted (source, target, relation)
    order: the order in which :func:`graph.query.paths.weighted_view` adds them, which the
    page's Dijkstra needs to break ties as networkx does.
    """
    from graph.query.paths import SKIP_RELATIONS, hub_reason, weighted_view

    nodes = sorted(G.nodes)
    index = {n: i for i, n in enumerate(nodes)}
    base = str(G.graph.get("base") or "")
    if not base or not all(str(n).startswith(base) for n in nodes):
        base = ""
    pos = time_axis_layout(G)
    type_names = sorted({G.nodes[n].get("type") or "" for n in nodes}, key=_type_order)
    type_index = {t: i for i, t in enumerate(type_names)}
    edges = sorted(G.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2]))
    rel_names = sorted({str(d.get("rel") or k) for _, _, k, d in edges} | set(SKIP_RELATIONS))
    rel_index = {r: i for i, r in enumerate(rel_names)}
    meeting = {n: _meeting_of(G, n) for n in nodes}
    dates = [_node_date(G, n, meeting[n]) for n in nodes]
    docs, doc_index = _documents(G)
    for d in docs:  # [id, date, title, its page ("" when the page has none)]
        d.append((sources or {}).get(d[0], ""))

    hubs = {}
    for i, n in enumerate(nodes):
        reason = hub_reason(G, n)
        if reason:
            hubs[i] = reason
    counts = {t: 0 for t in type_names}
    for n in nodes:
        counts[G.nodes[n].get("type") or ""] += 1
    flat_edges: list[int] = []
    for u, v, k, d in edges:
        flat_edges += [index[u], index[v], rel_index[str(d.get("rel") or k)]]
    view = _path_view(weighted_view(G), weighted_view(G, through_hubs=True), index)
    keys = {}
    for i, n in enumerate(nodes):
        journal = _journal(G, n)
        if journal:
            keys[i] = journal
    main = {
        "version": 1,
        "base": base,
        "ids": _front_coded([str(n)[len(base):] for n in nodes]),
        "labels": [_cut(_label(G, n), LABEL_CHARS) for n in nodes],
        "types": [_legend_entry(t, counts[t]) for t in type_names],
        "t": [type_index[G.nodes[n].get("type") or ""] for n in nodes],
        "x": [round(pos[n][0], 1) for n in nodes],
        "y": [round(pos[n][1], 1) for n in nodes],
        "dates": dates,
        "meeting": [index[meeting[n]] if meeting[n] is not None else -1 for n in nodes],
        "keys": keys,
        "hubs": hubs,
        "skip": sorted(rel_index[r] for r in SKIP_RELATIONS),
        "rels": rel_names,
        "relLabels": [_relation_phrase(r) for r in rel_names],
        "edges": flat_edges,
        **view,
        "docs": docs,
        "chunk": CHUNK,
        "drawLimit": DRAW_LIMIT,
        "overviewBudget": OVERVIEW_BUDGET,
        "softwareDrawLimit": SOFTWARE_DRAW_LIMIT,
        "softwareOverviewBudget": SOFTWARE_OVERVIEW_BUDGET,
        "edgeBudget": EDGE_BUDGET,
        "softwareEdgeBudget": SOFTWARE_EDGE_BUDGET,
        "overviewTypes": list(OVERVIEW_TYPES),
    }
    node_details = [_node_record(G, n, doc_index) for n in nodes]
    edge_details = [_edge_record(d, doc_index) for _, _, _, d in edges]
    return (main, [_pack(node_details[i:i + CHUNK], 2) for i in range(0, len(node_details), CHUNK)],
            [_pack(edge_details[i:i + CHUNK], 1) for i in range(0, len(edge_details), CHUNK)])


def _pack(rows: list, at: int) -> dict:
    """One details block with its sources shared: ``rows[k][at]`` (a list of span records) becomes
    a list of numbers into ``spans``, whose quote and sentence are numbers into ``strings`` (the
    same quote is the source of many edges: an item's journal number of each of its links).

    >>> _pack([["a", [[0, 1, 2, "q", ""]]], 0, ["b", [[0, 1, 2, "q", ""], [0, 5, 6, "q", "q r"]]]], 1)
    {'rows': [['a', [0]], 0, ['b', [0, 1]]], 'spans': [[0, 1, 2, 0, -1], [0, 5, 6, 0, 1]], 'strings': ['q', 'q r']}
    """
    strings: dict[str, int] = {}
    spans: dict[tuple, int] = {}

    def text(t: str) -> int:
        return strings.setdefault(t, len(strings)) if t else -1

    out = []
    for row in rows:
        if not row:
            out.append(row)
            continue
        row = list(row)
        refs = []
        for doc, start, end, quote, sentence in row[at]:
            key = (doc, start, end, quote, sentence)
            if key not in spans:
                spans[key] = len(spans)
            refs.append(spans[key])
        row[at] = refs
        out.append(row)
    span_list = [[doc, start, end, text(q), text(sen)] for doc, start, end, q, sen in spans]
    return {"rows": out, "spans": span_list, "strings": list(strings)}


def _front_coded(ids: list[str]) -> list:
    """Sorted ids as [shared-prefix length, rest, ...]: each id shares most of its start with the one before.

    >>> _front_coded(["case/1", "case/12", "meeting/x"])
    [0, 'case/1', 6, '2', 0, 'meeting/x']
    """
    out: list = []
    prev = ""
    for i in ids:
        n = 0
        limit = min(len(prev), len(i), 255)
        while n < limit and prev[n] == i[n]:
            n += 1
        out += [n, i[n:]]
        prev = i
    return out


def _path_view(H: nx.Graph, H_hubs: nx.Graph, index: dict[str, int]) -> dict:
    """The weighted view the path search runs on (:func:`graph.query.paths.weighted_view`), as
    the page needs it to search exactly as networkx does: each node's neighbours in the view's own
    order (``hNeighbours``, ``hCount`` per node) and each edge's ``weight`` (``hWeights``; with
    ``throughHubs``, ``hHubWeights`` where it differs), edges numbered as first met in that order."""
    numbers: dict[tuple[int, int], int] = {}
    neighbours, count, weights, hub_weights = [], [], [], {}
    for n in sorted(H, key=index.__getitem__):
        i = index[n]
        nbrs = H.adj[n]
        count.append(len(nbrs))
        for m, d in nbrs.items():
            j = index[m]
            key = (min(i, j), max(i, j))
            if key not in numbers:
                numbers[key] = len(weights)
                weights.append(d["weight"])
                w2 = H_hubs.adj[n][m]["weight"]
                if w2 != d["weight"]:
                    hub_weights[numbers[key]] = w2
            neighbours.append(j)
    return {"hCount": count, "hNeighbours": neighbours, "hWeights": weights, "hHubWeights": hub_weights}


def _label(G: nx.MultiDiGraph, n: str) -> str:
    return str(G.nodes[n].get("label") or _local_name(n))


def _node_record(G: nx.MultiDiGraph, n: str, doc_index: dict[str, int]) -> list:
    """[full label, [[key, value], ...], [source, ...]] of one node."""
    data = G.nodes[n]
    props = data.get("props") or {}
    return [_label(G, n), [[k, _cut(_fmt(props[k]), PROP_CHARS)] for k in sorted(props)],
            [_span_record(s, doc_index) for s in sorted(data.get("sources") or [])]]


def _edge_record(data: dict, doc_index: dict[str, int]) -> Any:
    """0 for an edge with nothing to tell, else [[[key, value], ...], [source, ...]]."""
    props = dict(data.get("props") or {})
    if data.get("confidence") is not None:
        props["confidence"] = data["confidence"]
    if data.get("evidence"):
        props["evidence"] = list(data["evidence"])
    sources = sorted(data.get("sources") or [])
    if not props and not sources:
        return 0
    return [[[k, _cut(_fmt(props[k]), PROP_CHARS)] for k in sorted(props)],
            [_span_record(s, doc_index) for s in sources]]


def _span_record(s: Span, doc_index: dict[str, int]) -> list:
    """[document number, start, end, quote, sentence] (sentence "" when it is the quote)."""
    quote = _cut(s.quote, PANEL_QUOTE_CHARS)
    sentence = _cut(s.sentence, PANEL_QUOTE_CHARS) if s.sentence and s.sentence != s.quote else ""
    return [doc_index.get(s.doc, -1), s.start, s.end, quote, sentence]


def document_meta(G: nx.MultiDiGraph) -> list[list[str]]:
    """[[document id, date of its meeting, title], ...] of every document the graph names."""
    return _documents(G)[0]


def _documents(G: nx.MultiDiGraph) -> tuple[list[list[str]], dict[str, int]]:
    """[[document id, date of its meeting, title], ...] of every document a span names."""
    ids = set()
    for _, d in G.nodes(data=True):
        ids.update(s.doc for s in d.get("sources") or [])
    for _, _, d in G.edges(data=True):
        ids.update(s.doc for s in d.get("sources") or [])
    by_iri = {str(v.get("iri")): k for k, v in (G.graph.get("documents") or {}).items() if isinstance(v, dict)}
    meta: dict[str, tuple[str, str]] = {}
    for m, doc_node, k in G.edges(keys=True):
        if k != "documentedIn":
            continue
        doc = by_iri.get(str(doc_node)) or str((G.nodes[doc_node].get("props") or {}).get("filePath") or "")
        if doc:
            ids.add(doc)
            meta.setdefault(doc, (_fmt((G.nodes[m].get("props") or {}).get("date") or ""), _label(G, m)))
    docs = sorted(ids)
    return [[d, *meta.get(d, ("", ""))] for d in docs], {d: i for i, d in enumerate(docs)}


def _node_date(G: nx.MultiDiGraph, n: str, meeting: str | None) -> str:
    """The day a dated node is about: its own date, else its meeting's; "" for undated types."""
    data = G.nodes[n]
    if (data.get("type") or "") not in DATED_TYPES:
        return ""
    d = (data.get("props") or {}).get("date")
    if d is None and meeting is not None:
        d = (G.nodes[meeting].get("props") or {}).get("date")
    if d is None and data.get("type") == "Case":
        days = sorted(_fmt(G.nodes[t]["props"]["date"]) for t, _, k in G.in_edges(n, keys=True)
                      if k == "treatmentOf" and (G.nodes[t].get("props") or {}).get("date") is not None)
        return days[0] if days else ""
    return _fmt(d)[:10] if d is not None else ""


def _journal(G: nx.MultiDiGraph, n: str) -> str:
    props = G.nodes[n].get("props") or {}
    j = props.get("journalNumber")
    return _fmt(j) if j is not None else ""


def _relation_phrase(rel: str) -> str:
    """The ontology's English label of a relation, else its camelCase split into words."""
    ont = _ontology()
    if ont is not None:
        try:
            label = ont.prop(rel).label_en
            if label:
                return str(label)
        except (KeyError, LookupError, ValueError, AttributeError):
            pass
    return re.sub(r"(?<!^)([A-Z])", lambda m: " " + m.group(1).lower(), rel)


# --- legend and ontology labels --------------------------------------------


def _legend_entry(type_: str, count: int) -> dict:
    fill, border, shape = PALETTE.get(type_, FALLBACK_STYLE)
    en, da = class_labels(type_)
    return {"type": type_, "en": en, "da": da, "color": fill, "border": border, "shape": shape,
            "count": count, "known": type_ in PALETTE, "size": SIZES.get(type_, DEFAULT_SIZE)}


def _type_order(type_: str) -> tuple[int, str]:
    """Legend order: the ontology's reading order, then unknown types alphabetically."""
    order = list(PALETTE)
    return (order.index(type_), "") if type_ in order else (len(order), type_)


def class_labels(type_: str) -> tuple[str, str]:
    """(English, Danish) label of an ontology class; the bare name if the ontology lacks it."""
    return _class_labels_cached(type_)


@lru_cache(maxsize=None)
def _class_labels_cached(type_: str) -> tuple[str, str]:
    if not type_:
        return ("(untyped)", "(uden type)")
    ont = _ontology()
    if ont is None:
        return (type_, type_)
    try:
        cls = ont.cls(type_)
    except (KeyError, LookupError, ValueError):
        return (type_, type_)
    en = getattr(cls, "label_en", None) or type_
    da = getattr(cls, "label_da", None) or en
    return (str(en), str(da))


@lru_cache(maxsize=1)
def _ontology() -> Any:
    """graph.ontology's loaded ontology, or None while that module is not there."""
    try:
        from graph import ontology
    except ImportError:
        return None
    return ontology.load()


# --- small helpers -----------------------------------------------------------


def _meeting_of(G: nx.MultiDiGraph, n: str) -> str | None:
    """The meeting an item (or an item's proposal / decision / attachment) belongs to."""
    type_ = G.nodes[n].get("type")
    if type_ in ("Proposal", "Decision", "Attachment"):
        items = sorted(u for u, _, k in G.in_edges(n, keys=True)
                       if k in ("hasProposal", "hasDecision", "referencesBilag"))
        if not items:
            return None
        n = items[0]
    elif type_ == "Treatment":
        at = sorted(v for _, v, k in G.out_edges(n, keys=True) if k == "treatedAt")
        return at[0] if at else None
    elif type_ != "AgendaItem":
        return None
    meetings = sorted(u for u, _, k in G.in_edges(n, keys=True) if k == "hasItem")
    return meetings[0] if meetings else None


def _local_name(iri: str) -> str:
    return str(iri).rstrip("/").rsplit("/", 1)[-1]


def _fmt(value: Any) -> str:
    if isinstance(value, (list, tuple, set)):
        return "; ".join(_fmt(v) for v in (sorted(value, key=str) if isinstance(value, set) else value))
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Span):
        return f"{value.doc} [{value.start}–{value.end}]"
    return str(value)


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def script_json(obj: Any) -> str:
    """JSON safe inside a <script> element: no '<', '>' or '&' that could end it."""
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=_fmt)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@lru_cache(maxsize=None)
def _vendor(name: str) -> str:
    """A vendored library; a ``</script`` inside it would end the inline element, so none may be."""
    text = (VENDOR / name).read_text(encoding="utf-8")
    if re.search(r"</script", text, re.I):
        raise ValueError(f"{name} contains '</script' and cannot be inlined")
    return text


__all__ = ["render_html", "write_html", "explorer_data", "class_labels", "PALETTE", "FALLBACK_STYLE"]
