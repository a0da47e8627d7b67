"""Views of the graph: every export is written from the one networkx graph.

:func:`write_exports` writes the requested views into a folder; :func:`write_build` writes them
and report.json as one set (``graph/export/outset.py``): the CLI's ``build`` calls it.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

import networkx as nx

ALL_FORMATS = ("ttl", "nt", "jsonld", "graphml", "gexf", "csv", "html", "json")
FILE_NAMES = {"ttl": ("graph.ttl",), "nt": ("graph.nt",), "jsonld": ("graph.jsonld",), "graphml": ("graph.graphml",),
              "gexf": ("graph.gexf",), "csv": ("nodes.csv", "edges.csv"), "html": ("graph.html",), "json": ("graph.json",)}
REPORT = "report.json"
# every name a build writes: replaced or removed as a set, whatever else the folder holds
MANAGED_NAMES = frozenset([REPORT, *(n for names in FILE_NAMES.values() for n in names)])


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


def write_build(result, out_dir: str | Path, formats: str | Iterable[str] = ("ttl",)) -> list[Path]:
    """Write a build's views and its report.json into ``out_dir`` as one set; returns the paths.

    The set is staged and swapped in whole (see :mod:`graph.export.outset`): a failure or a
    kill leaves the previous set as it was; earlier exports of formats not asked for this time
    are removed, the folder's other files are kept. report.json lists every file of the set
    with its sha256. Raises :class:`graph.export.outset.OutputError` when the folder cannot be
    written (disk full, read-only, below a file).
    """
    import hashlib

    from graph.export.outset import replace_set
    from graph.export.report import write_report

    wanted = parse_formats(formats)
    names: list[str] = []

    def write(folder: Path) -> None:
        import time

        t0 = time.perf_counter()
        written = write_exports(result.graph, folder, wanted)
        result.timings["export"] = time.perf_counter() - t0
        digests = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in written}
        names[:] = [p.name for p in written] + [REPORT]
        write_report(result, folder / REPORT, names, digests)

    replace_set(out_dir, write, managed=MANAGED_NAMES.__contains__)
    return [Path(out_dir) / n for n in names]
