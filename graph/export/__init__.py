"""Views of the graph: every export is written from the one networkx graph.

:func:`write_exports` is the dispatcher the CLI's ``build --format`` calls.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

import networkx as nx

ALL_FORMATS = ("ttl", "nt", "jsonld", "graphml", "gexf", "csv", "html", "json")


def parse_formats(text: str | Iterable[str]) -> list[str]:
    """``"ttl, csv"`` → ``["ttl", "csv"]``; ``"all"`` → every format; unknown names raise ``ValueError``."""
    names = [f.strip().lower() for f in (text.split(",") if isinstance(text, str) else text) if f.strip()]
    if not names:
        raise ValueError(f"no export format given (known: {', '.join(ALL_FORMATS)}, or all)")
    if "all" in names:
        return list(ALL_FORMATS)
    unknown = sorted(set(names) - set(ALL_FORMATS))
    if unknown:
        raise ValueError(f"unknown export format(s): {', '.join(unknown)} (known: {', '.join(ALL_FORMATS)})")
    return list(dict.fromkeys(names))


def write_exports(G: nx.MultiDiGraph, out_dir: str | Path, formats: str | Iterable[str] = ("ttl",)) -> list[Path]:
    """Write ``G`` in each requested format into ``out_dir`` (atomically); returns the paths written.

    File names: graph.ttl, graph.nt, graph.jsonld, graph.graphml, graph.gexf,
    nodes.csv + edges.csv, graph.html, graph.json (node-link JSON, read back by ``path`` and ``show``).
    """
    from graph.export.rdf import write_rdf
    from graph.export.tables import write_tables

    wanted = parse_formats(formats)
    out_dir = Path(out_dir)
    written = write_rdf(G, out_dir, [f for f in wanted if f in ("ttl", "nt", "jsonld")])
    written += write_tables(G, out_dir, [f for f in wanted if f in ("graphml", "gexf", "csv")])
    if "json" in wanted:
        from graph.export.nodelink import write_json

        written.append(write_json(G, out_dir / "graph.json"))
    if "html" in wanted:
        from graph.export import html

        written.append(html.write_html(G, out_dir / "graph.html"))
    return written
