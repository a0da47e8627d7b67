"""The Python API: what the ``build``, ``sparql``, ``path`` and ``show`` commands do, as calls.

``import graph`` gives these four as ``graph.build``, ``graph.sparql``, ``graph.path`` and
``graph.show``; each is a thin wrapper over the library functions the CLI calls
(:func:`graph.pipeline.build`, :func:`graph.query.sparql.run_query`,
:func:`graph.query.paths.find_paths`, :mod:`graph.query.timeline`), so a script gets what the
command prints with ``--json``.

Where ``graph=`` names the graph to ask, it takes a networkx graph, a build result, an export
folder or its ``graph.json``; left out, it is ``exports/`` when that holds a build, else the
bundled sample (as ``referatgraf path`` and ``show`` do). An export folder with its on-disk
store (``store/``, :mod:`graph.query.store`, no older than graph.json) is answered from the
store, reading only the part of the graph the question needs; ``sparql`` over an export folder
queries its store instead of parsing graph.ttl. The answers are the same either way. Names are
what you would type on the command line: a journal number, words of a title, a person's name,
or a node IRI.

>>> from graph import api
>>> result = api.build()                              # the bundled sample corpus
>>> api.sparql("SELECT (COUNT(?i) AS ?n) WHERE { ?i a rg:AgendaItem }", result).rows
[('36',)]
>>> case = api.show("00.01.10-A00-3-16", graph=result)
>>> case["type"], sorted({e["date"] for e in case["timeline"]})
('Case', ['2016-03-17', '2017-01-05'])
>>> [p.cost > 0 for p in api.path("81.04.00-A00-1-16", "81.04.00-A00-3-19", graph=result)]
[True]
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Callable, Iterable

__all__ = ["build", "sparql", "path", "show", "show_node", "graph_of"]


def build(sources: str | os.PathLike | Iterable[str | os.PathLike] | None = None, *,
          out: str | os.PathLike | None = None, formats: str | Iterable[str] = "ttl,html,json,store",
          base: str | None = None, kle: str | os.PathLike | None = None, aliases: str | os.PathLike | None = None,
          progress: Callable[[str, str], None] | None = None):
    """Build the graph of the minutes in ``sources``, as ``referatgraf build`` does.

    ``sources``: a file, folder or glob, or a list of them (default: the bundled sample).
    Returns the :class:`graph.pipeline.BuildResult`: ``.graph`` is the networkx
    MultiDiGraph, ``.problems`` the files that could not be read and why, ``.warnings``.
    ``out``: also write the exports (``formats``, as ``--format``: ``"ttl,csv"``, ``"all"``)
    and report.json into that folder; raises ``ValueError`` (and writes nothing) when no
    minutes could be read. ``base``, ``kle``, ``aliases``: as ``--base``, ``--kle``, ``--aliases``.
    """
    from graph.pipeline import build as build_graph

    wanted = None
    if out is not None:
        from graph.export import parse_formats

        wanted = parse_formats(formats)  # a bad format fails before the slow part
    if base is not None:
        from graph.iris import checked_base

        checked_base(base)
    if isinstance(sources, (str, os.PathLike)):
        sources = [sources]
    kwargs = {"base": base} if base is not None else {}
    result = build_graph(list(sources) if sources else None, kle=kle, aliases=aliases, progress=progress, **kwargs)
    if out is not None:
        if not result.ok:
            raise ValueError("no minutes could be read; nothing was written")
        from graph.export import write_build

        write_build(result, Path(out), wanted)
    return result


def graph_of(graph: Any = None):
    """The networkx graph meant by ``graph=`` (see the module docstring)."""
    import networkx as nx

    if isinstance(graph, nx.Graph):
        return graph
    if isinstance(getattr(graph, "graph", None), nx.Graph):  # a BuildResult
        return graph.graph
    from graph.pipeline import load_graph

    return load_graph(export=graph)[0]


def _source(graph: Any = None):
    """What ``path`` and ``show`` ask: the export folder's :class:`graph.query.store.GraphStore`
    when it has a fresh one (``graph`` an export folder, or None for ``exports/``), else the
    networkx graph of :func:`graph_of`."""
    if graph is None or (isinstance(graph, (str, os.PathLike)) and Path(graph).is_dir()):
        from graph.query.store import open_graph_store

        store, _ = open_graph_store(graph)
        if store is not None:
            return store
    return graph_of(graph)


def sparql(query: str, data: Any = "exports", *, params: dict[str, str] | None = None,
           engine: str = "oxigraph"):
    """Run a SPARQL query, as ``referatgraf sparql``; returns a :class:`graph.query.sparql.QueryResult`.

    ``query``: the text, a .rq file or an example query's name (``"case-history"``); the
    ontology's prefixes (``rg:``, ``rdfs:``, ``skos:`` …) are predeclared. ``data``: an export
    folder or RDF file (default ``exports/``; an export folder's on-disk store is queried when it
    is no older than its graph.ttl), or a networkx graph or build result (turned into RDF in
    memory). ``params``: ``{"case": "00.01.10-A00-3-16"}``, bound as RDF terms, as
    ``--param``. The result has ``.rows`` (tuples of strings), ``.variables``, ``.to_json()``,
    ``.to_csv()``, ``.to_table()``; raises :class:`graph.query.sparql.QueryError`.
    """
    import networkx as nx

    from graph.query.sparql import read_query, run_query

    if isinstance(data, nx.Graph) or isinstance(getattr(data, "graph", None), nx.Graph):
        from graph.export.rdf import to_ntriples, triples

        data = to_ntriples(triples(graph_of(data))).encode("utf-8")  # N-Triples is Turtle
    return run_query(read_query(query), data, engine=engine, params=params)


def path(a: str, b: str, *, graph: Any = None, k: int = 1, through_hubs: bool = False):
    """The ``k`` most meaningful paths between ``a`` and ``b``, as ``referatgraf path``.

    Returns a list of :class:`graph.query.paths.Path` (cheapest first; empty when nothing
    connects them): ``.nodes``, ``.cost``, ``.hubs``, ``.steps`` (each with ``.relation``,
    ``.sentence`` and its source ``.evidence``); ``p.as_dict()`` is the ``--json`` form (or
    ``p.as_dict(G)`` with the graph you passed).
    An unknown or ambiguous name raises :class:`graph.query.lookup.NoMatch` or
    :class:`graph.query.lookup.Ambiguous` (its ``.candidates`` are the node IRIs).
    """
    from graph.query.lookup import find_one
    from graph.query.paths import paths_between

    source = _source(graph)
    return paths_between(source, find_one(source, a), find_one(source, b), k=k, through_hubs=through_hubs)[0]


def show_node(G, node: str) -> dict:
    """What ``referatgraf show --json`` prints for ``node``: its type and label, its timeline
    (every item that treated or mentioned it, in time order), the meetings a person attended or
    missed, and a case's treatments by every body. ``G``: a networkx graph, or a
    :class:`graph.query.store.GraphStore` (the part of it ``show`` walks is read)."""
    from graph.query.store import show_graph
    from graph.query.timeline import attendance, timeline, treatments

    G = show_graph(G, node)  # a GraphStore: the part of the graph the timeline walks
    return {"node": node, "type": G.nodes[node]["type"], "label": G.nodes[node]["label"],
            "timeline": timeline(G, node), "attendance": attendance(G, node), "treatments": treatments(G, node)}


def show(what: str, *, graph: Any = None) -> dict:
    """One case, person, policy, body …, as ``referatgraf show --json``: see :func:`show_node`.

    ``what``: a journal number, words of a title or a name; raises
    :class:`graph.query.lookup.NoMatch` or :class:`graph.query.lookup.Ambiguous`.
    """
    from graph.query.lookup import find_one

    source = _source(graph)
    return show_node(source, find_one(source, what))
