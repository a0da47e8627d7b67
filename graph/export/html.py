"""The interactive HTML view: the whole graph in vis-network, one self-contained file.

pyvis computes the node, edge and option records (its ``Network`` is the
vis-network model in Python); the page itself comes from our own template in
``graph/export/templates/`` because pyvis's template loads bootstrap and
vis-network from CDNs. Here vis-network's JS and CSS are read from the copies
shipped inside the pyvis package and inlined, so the file opens from
``file://`` with no network at all.

Hover texts are plain strings (vis-network 9 renders string titles as text);
everything else on the page is filled in with ``textContent`` from a JSON
block, so labels and quotes never become markup.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("x:1", type="Meeting", label="Møde", props={}, sources=[])
>>> "vis.Network" in render_html(G)
True
"""
from __future__ import annotations

import json
import re
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

import networkx as nx
import pyvis
from pyvis.network import Network

from graph.atomic import write_text
from graph.model import Span

TEMPLATES = Path(__file__).parent / "templates"

# Colour (fill, border) and vis-network shape per ontology class. Shapes that
# draw the label *under* the node keep node sizes equal however long the label.
PALETTE: dict[str, tuple[str, str, str]] = {
    "Meeting": ("#1f4e79", "#0f2a44", "hexagon"),
    "AgendaItem": ("#5fa8dc", "#2f6f9f", "dot"),
    "Case": ("#8c564b", "#5a372f", "square"),
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
SIZES = {"Meeting": 22, "Body": 22, "Case": 14, "Theme": 12, "SourceDocument": 12}
DEFAULT_SIZE = 16

LABEL_CHARS = 40  # longer node labels are cut on the canvas (the full one is in hover and panel)
HOVER_QUOTE_CHARS = 160
PANEL_QUOTE_CHARS = 600
HOVER_SOURCES = 3
LAYOUT_SEED = 7  # vis-network's initial layout is random unless seeded
IMPROVED_LAYOUT_MAX_NODES = 300  # vis's Kamada-Kawai seeding is quadratic; skip it for big graphs
# Stabilisation iterations: each costs ~O(n log n); big graphs get fewer so the
# page settles in seconds (about 4 s for 300 nodes, 10 s for 2000 in headless Chromium).
MAX_ITERATIONS, MIN_ITERATIONS, ITERATION_BUDGET = 1000, 150, 400_000


def render_html(G: nx.MultiDiGraph, title: str | None = None) -> str:
    """The whole graph as one offline HTML page (vis-network inlined)."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    title = title or "referatgraf"
    net, details = _network(G)
    nodes, edges, _heading, _height, _width, _options = net.get_network_data()
    types = sorted({d.get("type") or "" for _, d in G.nodes(data=True)}, key=_type_order)
    legend = [_legend_entry(t, sum(1 for n in nodes if n["rgType"] == t)) for t in types]
    payload = {
        "nodes": nodes,
        "edges": edges,
        "options": net.options,
        "legend": legend,
        "details": details,
    }
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]),
                      keep_trailing_newline=True)
    vis_js, vis_css = _vis_assets()
    return env.get_template("graph.html.j2").render(
        title=title,
        summary=f"{G.number_of_nodes()} nodes, {G.number_of_edges()} edges",
        legend=legend,
        data_json=_script_json(payload),
        vis_js=vis_js,
        vis_css=vis_css,
        app_js=(TEMPLATES / "referatgraf.js").read_text(encoding="utf-8"),
        app_css=(TEMPLATES / "referatgraf.css").read_text(encoding="utf-8"),
    )


def write_html(G: nx.MultiDiGraph, path: str | Path, title: str | None = None) -> Path:
    """Write :func:`render_html` to ``path`` atomically and return the path."""
    return write_text(path, render_html(G, title=title))


# --- the vis-network model ------------------------------------------------


def _network(G: nx.MultiDiGraph) -> tuple[Network, dict[str, dict]]:
    """pyvis Network with styled nodes and edges (sorted), plus panel details by id."""
    net = Network(directed=True, height="100%", width="100%")
    # pyvis checks membership in a *list* on every add; a set-backed list keeps
    # that O(1) so thousands of nodes stay fast.
    net.node_ids = _IdList()
    details: dict[str, dict] = {"nodes": {}, "edges": {}}
    for n in sorted(G.nodes):
        data = G.nodes[n]
        type_ = data.get("type") or ""
        fill, border, shape = PALETTE.get(type_, FALLBACK_STYLE)
        label = str(data.get("label") or _local_name(n))
        net.add_node(
            n,
            label=_cut(label, LABEL_CHARS),
            shape=shape,
            color={"background": fill, "border": border,
                   "highlight": {"background": fill, "border": "#000000"},
                   "hover": {"background": fill, "border": "#000000"}},
            size=SIZES.get(type_, DEFAULT_SIZE),
            title=_node_hover(G, n),
            rgType=type_,
        )
        details["nodes"][n] = _node_details(G, n)
    pair_count: dict[tuple[str, str], int] = {}
    for i, (u, v, key, data) in enumerate(sorted(G.edges(keys=True, data=True), key=lambda e: e[:3])):
        rel = str(data.get("rel") or key)
        edge_id = f"e{i}"
        # Parallel edges (several relations between the same two nodes) would
        # be drawn on top of each other: bend each further one a bit more.
        pair = (min(u, v), max(u, v))
        k = pair_count.get(pair, 0)
        pair_count[pair] = k + 1
        extra = {"smooth": {"enabled": True, "type": "curvedCW", "roundness": 0.15 * k}} if k else {}
        net.add_edge(u, v, id=edge_id, label=rel, title=_edge_hover(G, u, v, data, rel), **extra)
        details["edges"][edge_id] = _edge_details(G, u, v, data, rel)
    net.options = _options(G.number_of_nodes())
    return net, details


class _IdList(list):
    """A list with set-speed ``in`` (pyvis keeps node ids in a list)."""

    def __init__(self) -> None:
        super().__init__()
        self._set: set = set()

    def append(self, item: Any) -> None:  # noqa: D401 - list API
        super().append(item)
        self._set.add(item)

    def __contains__(self, item: object) -> bool:
        return item in self._set


def _options(n_nodes: int) -> dict:
    """vis-network options: seeded layout, stabilise then freeze (the page turns physics off)."""
    return {
        "autoResize": True,
        "layout": {"randomSeed": LAYOUT_SEED, "improvedLayout": n_nodes <= IMPROVED_LAYOUT_MAX_NODES},
        "physics": {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -80, "centralGravity": 0.01,
                                 "springLength": 110, "springConstant": 0.05, "avoidOverlap": 0.3},
            "stabilization": {"enabled": True, "iterations": stabilization_iterations(n_nodes),
                              "updateInterval": 25, "fit": True},
            "minVelocity": 0.75,
        },
        "interaction": {"hover": True, "tooltipDelay": 120, "keyboard": {"enabled": True, "bindToWindow": False},
                        "hideEdgesOnDrag": n_nodes > 1000, "multiselect": False},
        "nodes": {"borderWidth": 1, "font": {"size": 13, "face": "Helvetica, Arial, sans-serif"}},
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "color": {"color": "#a7b0ba", "highlight": "#2d3748", "hover": "#4a5568"},
            "font": {"size": 9, "color": "#4a5568", "strokeWidth": 3, "align": "middle"},
            "smooth": {"enabled": True, "type": "continuous", "roundness": 0.2},
            "width": 1,
        },
    }


def stabilization_iterations(n_nodes: int) -> int:
    """How many physics steps to run before freezing: fewer as the graph grows."""
    return max(MIN_ITERATIONS, min(MAX_ITERATIONS, ITERATION_BUDGET // max(n_nodes, 1)))


# --- texts ------------------------------------------------------------------


def _node_hover(G: nx.MultiDiGraph, n: str) -> str:
    """Plain-text hover: label, type, dates, journal number, provenance."""
    data = G.nodes[n]
    props = data.get("props") or {}
    type_ = data.get("type") or ""
    en, da = class_labels(type_)
    lines = [str(data.get("label") or _local_name(n)), f"Type: {en} ({da})" if da != en else f"Type: {en}"]
    if props.get("title") and str(props["title"]) != str(data.get("label")):
        lines.append(f"Title: {_cut(_fmt(props['title']), 200)}")
    if props.get("date") is not None:
        lines.append(f"Date: {_fmt(props['date'])}")
    meeting = _meeting_of(G, n) if type_ != "Meeting" else None
    if meeting is not None:
        m = G.nodes[meeting]
        mdate = (m.get("props") or {}).get("date")
        lines.append(f"Meeting: {m.get('label') or _local_name(meeting)}"
                     + (f" ({_fmt(mdate)})" if mdate is not None else ""))
    journal = props.get("journalNumber")
    if journal is None and type_ == "AgendaItem":
        journal = next((G.nodes[c].get("props", {}).get("journalNumber")
                        for c in _successors(G, n, "concernsCase")), None)
    if journal is not None:
        lines.append(f"Journal number: {_fmt(journal)}")
    lines.extend(_provenance_lines(data.get("sources") or []))
    return "\n".join(lines)


def _edge_hover(G: nx.MultiDiGraph, u: str, v: str, data: dict, rel: str) -> str:
    lines = [f"{_node_label(G, u)} —{rel}→ {_node_label(G, v)}"]
    if data.get("confidence") is not None:
        lines.append(f"Confidence: {data['confidence']:.2f}")
    lines.extend(_provenance_lines(data.get("sources") or []))
    return "\n".join(lines)


def _provenance_lines(sources: Iterable[Span]) -> list[str]:
    spans = sorted(sources)
    lines = [f"Source: {s.doc} [{s.start}–{s.end}]" + (f": “{_cut(_one_line(s.quote), HOVER_QUOTE_CHARS)}”" if s.quote else "")
             for s in spans[:HOVER_SOURCES]]
    if len(spans) > HOVER_SOURCES:
        lines.append(f"(+{len(spans) - HOVER_SOURCES} more sources)")
    return lines


def _node_details(G: nx.MultiDiGraph, n: str) -> dict:
    """Everything the side panel shows for a node: all props, all sources."""
    data = G.nodes[n]
    type_ = data.get("type") or ""
    en, da = class_labels(type_)
    props = data.get("props") or {}
    return {
        "label": str(data.get("label") or _local_name(n)),
        "type": type_,
        "typeLabel": en if da == en else f"{en} / {da}",
        "props": [[k, _fmt(props[k])] for k in sorted(props)],
        "sources": [_span_record(G, s) for s in sorted(data.get("sources") or [])],
    }


def _edge_details(G: nx.MultiDiGraph, u: str, v: str, data: dict, rel: str) -> dict:
    props = dict(data.get("props") or {})
    if data.get("confidence") is not None:
        props["confidence"] = data["confidence"]
    if data.get("evidence"):
        props["evidence"] = list(data["evidence"])
    return {
        "label": f"{_node_label(G, u)} —{rel}→ {_node_label(G, v)}",
        "type": rel,
        "typeLabel": rel,
        "props": [[k, _fmt(props[k])] for k in sorted(props)],
        "sources": [_span_record(G, s) for s in sorted(data.get("sources") or [])],
    }


def _span_record(G: nx.MultiDiGraph, s: Span) -> dict:
    # The document id only: an absolute path would make the page depend on where the corpus lies.
    return {"doc": s.doc, "start": s.start, "end": s.end,
            "quote": _cut(s.quote, PANEL_QUOTE_CHARS), "sentence": _cut(s.sentence, PANEL_QUOTE_CHARS)}


# --- legend and ontology labels --------------------------------------------


def _legend_entry(type_: str, count: int) -> dict:
    fill, border, shape = PALETTE.get(type_, FALLBACK_STYLE)
    en, da = class_labels(type_)
    return {"type": type_, "en": en, "da": da, "color": fill, "border": border, "shape": shape,
            "count": count, "known": type_ in PALETTE}


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
    """The meeting an item (or an item's proposal / decision) belongs to."""
    type_ = G.nodes[n].get("type")
    if type_ in ("Proposal", "Decision"):
        items = [u for u, _, k in G.in_edges(n, keys=True) if k in ("hasProposal", "hasDecision")]
        n = min(items) if items else None
        if n is None:
            return None
    elif type_ != "AgendaItem":
        return None
    meetings = sorted(u for u, _, k in G.in_edges(n, keys=True) if k == "hasItem")
    return meetings[0] if meetings else None


def _successors(G: nx.MultiDiGraph, n: str, rel: str) -> list[str]:
    return sorted(v for _, v, k in G.out_edges(n, keys=True) if k == rel)


def _node_label(G: nx.MultiDiGraph, n: str) -> str:
    return _cut(str(G.nodes[n].get("label") or _local_name(n)), 60)


def _local_name(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]


def _fmt(value: Any) -> str:
    if isinstance(value, (list, tuple, set)):
        return "; ".join(_fmt(v) for v in (sorted(value, key=str) if isinstance(value, set) else value))
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _script_json(obj: Any) -> str:
    """JSON safe inside a <script> element: no '<', '>' or '&' that could end it."""
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=_fmt)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str]:
    """vis-network's minified JS and CSS from the newest copy shipped inside pyvis."""
    lib = Path(pyvis.__file__).parent / "lib"
    versions = sorted(lib.glob("vis-*/vis-network.min.js"),
                      key=lambda p: tuple(int(x) for x in re.findall(r"\d+", p.parent.name)))
    if not versions:
        raise FileNotFoundError(f"vis-network is not in the pyvis package ({lib}); reinstall pyvis")
    js = versions[-1]
    return js.read_text(encoding="utf-8"), (js.parent / "vis-network.css").read_text(encoding="utf-8")


__all__ = ["render_html", "write_html", "class_labels", "PALETTE"]
