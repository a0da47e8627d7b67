"""Views of the graph: every export is written from the one networkx graph.

:func:`write_exports` writes the requested views into a folder; :func:`write_build` writes them
and report.json as one set (``graph/export/outset.py``): the CLI's ``build`` calls it.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

import networkx as nx

ALL_FORMATS = ("ttl", "nt", "jsonld", "graphml", "gexf", "csv", "html", "json", "store")
FILE_NAMES = {"ttl": ("graph.ttl",), "nt": ("graph.nt",), "jsonld": ("graph.jsonld",), "graphml": ("graph.graphml",),
              "gexf": ("graph.gexf",), "csv": ("nodes.csv", "edges.csv"), "html": ("graph.html", "sources"), "json": ("graph.json",),
              "store": ("store",)}
# Formats written as a folder, not a file: the on-disk Oxigraph store (graph/query/store.py), which
# sparql, serve, path and show read instead of parsing graph.ttl or loading graph.json. "all" means
# every file view; the store is asked for by name (the CLI's default formats include it).
FOLDER_FORMATS = ("store",)
# html also writes the folder sources/ (a page per document, which the explorer's quotes open;
# graph/export/sources.py) when the build's documents are given.
REPORT = "report.json"
IDENTITIES = "identities.json"  # each entity's places and older IRIs, read by the next build (graph/identity.py)
# every name a build writes: replaced or removed as a set, whatever else the folder holds
MANAGED_NAMES = frozenset([REPORT, IDENTITIES, *(n for names in FILE_NAMES.values() for n in names)])


def parse_formats(text: str | Iterable[str]) -> list[str]:
    """``"ttl, csv"`` → ``["ttl", "csv"]``; ``"all"`` → every format; unknown names raise ``ValueError``."""
    names = [f.strip().lower() for f in (text.split(",") if isinstance(text, str) else text) if f.strip()]
    if not names:
        raise ValueError(f"no export format given (known: {', '.join(ALL_FORMATS)}, or all)")
    if "all" in names:
        return [f for f in ALL_FORMATS if f not in FOLDER_FORMATS] + [f for f in names if f in FOLDER_FORMATS]
    unknown = sorted(set(names) - set(ALL_FORMATS))
    if unknown:
        raise ValueError(f"unknown export format(s): {', '.join(unknown)} (known: {', '.join(ALL_FORMATS)})")
    return list(dict.fromkeys(names))


def write_exports(G: nx.MultiDiGraph, out_dir: str | Path, formats: str | Iterable[str] = ("ttl",),
                  digests: dict[str, str] | None = None, documents: Iterable | None = None) -> list[Path]:
    """Write ``G`` in each requested format into ``out_dir`` (atomically); returns the paths written.

    File names: graph.ttl, graph.nt, graph.jsonld, graph.graphml, graph.gexf,
    nodes.csv + edges.csv, graph.html, graph.json (node-link JSON, read back by ``path`` and ``show``);
    the folder store/ (an Oxigraph store of the N-Triples, bulk-loaded). The store is written
    last: a store no older than graph.ttl and graph.json is of the same build. Its files are not
    the same bytes from run to run, so ``digests`` (when given) gets, for ``"store"``, the sha256
    of the N-Triples it was loaded from (graph.nt's digest) instead. With ``documents`` (the
    build's :class:`graph.model.SourceDocument` list), html also writes sources/, one page per
    document, and the explorer's quotes link to them; ``digests`` gets the folder's digest.
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

        links = None
        if documents is not None:
            from graph.export.sources import write_sources

            meta = {d: (date, title) for d, date, title in html.document_meta(G)}
            folder, links, digest = write_sources(documents, out_dir, meta)
            written.append(folder)
            if digests is not None:
                digests[folder.name] = digest
        written.append(html.write_html(G, out_dir / "graph.html", sources=links))
    if "store" in wanted:  # last (see above); from graph.nt when that was just written
        from graph.query.store import write_store

        path, digest = write_store(G, out_dir, out_dir / "graph.nt" if "nt" in wanted else None)
        written.append(path)
        if digests is not None:
            digests[path.name] = digest
    return written


def write_build(result, out_dir: str | Path, formats: str | Iterable[str] = ("ttl",)) -> list[Path]:
    """Write a build's views and its report.json into ``out_dir`` as one set; returns the paths.

    The set is staged and swapped in whole (see :mod:`graph.export.outset`): a failure or a
    kill leaves the previous set as it was; earlier exports of formats not asked for this time
    are removed, the folder's other files are kept. report.json lists every file of the set
    with its sha256 (for the store folder: that of the N-Triples loaded into it). Raises :class:`graph.export.outset.OutputError` when the folder cannot be
    written (disk full, read-only, below a file).
    """
    import hashlib

    from graph.export.outset import replace_set
    from graph.export.report import write_report

    from graph.gcpause import paused
    from graph.identity import link_identities, read_ledger, write_ledger

    wanted = parse_formats(formats)
    names: list[str] = []
    # entities whose IRI changed since the build in this folder keep the old one as owl:sameAs
    link_identities(result.graph, read_ledger(out_dir))

    def write(folder: Path) -> None:
        import time

        t0 = time.perf_counter()
        folders: dict[str, str] = {}  # the store's digest: that of the N-Triples loaded into it
        with paused():  # the exports walk millions of acyclic objects (graph/gcpause.py)
            written = write_exports(result.graph, folder, wanted, folders, documents=result.documents)
            written.append(write_ledger(result.graph, folder / IDENTITIES))
        result.timings["export"] = time.perf_counter() - t0
        digests = {p.name: folders.get(p.name) or hashlib.sha256(p.read_bytes()).hexdigest() for p in written}
        names[:] = [p.name for p in written] + [REPORT]
        write_report(result, folder / REPORT, names, digests)

    replace_set(out_dir, write, managed=MANAGED_NAMES.__contains__)
    return [Path(out_dir) / n for n in names]
