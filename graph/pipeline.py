"""The whole job in one call: read → parse → extract → resolve → build.

>>> from graph.pipeline import build
>>> result = build()                       # the bundled sample corpus
>>> sum(1 for _, d in result.graph.nodes(data=True) if d["type"] == "AgendaItem")
36
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import networkx as nx

from graph.builder import GraphBuilder
from graph.iris import DEFAULT_BASE
from graph.model import DecisionOutcome, Mention, Minutes, Problem, SourceDocument


@dataclass
class BuildResult:
    graph: nx.MultiDiGraph
    documents: list[SourceDocument]
    minutes: list[Minutes]
    problems: list[Problem]
    mentions: dict[str, list[Mention]] = field(default_factory=dict)
    resolution: object | None = None
    timings: dict[str, float] = field(default_factory=dict)
    conflicts: list[str] = field(default_factory=list)
    stats: dict = field(default_factory=dict)  # documents, from_cache, processed, jobs, executor

    @property
    def warnings(self) -> list[str]:
        return [f"{m.doc.doc_id}: {w}" for m in self.minutes for w in m.warnings] + self.conflicts

    @property
    def ok(self) -> bool:
        """At least one document became part of the graph."""
        return bool(self.minutes)


def build(inputs: Iterable[str | Path] | None = None, *, base: str = DEFAULT_BASE,
          kle: str | Path | None = None, aliases: str | Path | None = None,
          progress: Callable[..., None] | None = None, jobs: int = 1, cache: str | Path | None = None,
          executor: str = "local", scheduler: str | None = None, municipality: str | None = None) -> BuildResult:
    """Build the graph of the minutes in ``inputs`` (files, folders, globs; default: the bundled sample).

    The per-document stages (read, parse, extract: :mod:`graph.process`) run in ``jobs``
    processes, or on a Dask cluster (``executor="dask"``, ``scheduler`` its address; none: a
    local cluster of ``jobs`` workers); with ``cache`` (a folder) each document's result is
    stored by content and reused. The result is the same whatever the jobs, executor or cache.
    ``progress(stage, doc_id, total)`` is called once per document and stage, for progress bars.
    Bad files are collected as :class:`Problem` s; the build goes on without them.

    Each document's municipality (``municipality``, else a field of its export; never guessed
    from the text, where minutes name their neighbours too) scopes its IRIs, and resolution runs
    per municipality: one store may hold the whole country, and namesakes of two municipalities
    never merge.
    """
    from graph.cache import DocumentCache, code_fingerprint, document_key
    from graph.executors import run_documents
    from graph.gcpause import paused
    from graph.process import unpacked
    from graph.sources import default_corpus, discover

    timings: dict[str, float] = {}
    kle_titles = None
    if kle:  # first: a bad KLE file should fail before the slow part
        from graph.kle import load_kle_titles

        kle_titles = load_kle_titles(kle)
    vocab = None
    if aliases:  # also first: a bad alias file is a usage error, told before any work
        from graph.extract import load_vocabulary

        vocab = load_vocabulary(extra_aliases=aliases)
    t0 = time.perf_counter()
    code_fingerprint.cache_clear()  # the code as it is on disk now, as new workers will see it
    inputs = list(inputs) if inputs else [default_corpus()]
    units, problems = discover(inputs)
    store = DocumentCache(cache) if cache is not None else None
    keys = {doc_id: document_key(doc_id, path, aliases) for doc_id, path in units} if store else {}
    results: dict = {}
    todo = []
    # Results and then the graph pile up as millions of acyclic objects: collecting cycles
    # meanwhile only costs time (graph/gcpause.py).
    with paused():
        for doc_id, path in units:
            data = store.get(keys[doc_id]) if store else None
            result = _cached(data, unpacked, path)
            if result is None:
                todo.append((doc_id, str(path)))
                continue
            results[doc_id] = result
            if progress:
                progress("documents", doc_id, len(units))
        cached = len(results)
        for doc_id, data in run_documents(todo, jobs=jobs, executor=executor, scheduler=scheduler,
                                          aliases=str(aliases) if aliases else None, fingerprint=code_fingerprint()):
            if store:
                store.put(keys[doc_id], data)
            results[doc_id] = unpacked(data)
            if progress:
                progress("documents", doc_id, len(units))
        timings["documents"] = time.perf_counter() - t0
        fresh = {doc_id for doc_id, _ in todo}
        for stage in ("read", "parse", "extract"):  # seconds of work, summed over the processes
            timings[stage] = sum(r.seconds.get(stage, 0.0) for r in results.values() if r.doc_id in fresh)
        out = assemble(list(results.values()), problems, base=base, kle_titles=kle_titles, vocab=vocab,
                       municipality=municipality, progress=progress, timings=timings)
    out.stats = {"documents": len(units), "from_cache": cached, "processed": len(todo), "jobs": jobs,
                 "executor": executor}
    return out


def assemble(results: list, problems: list[Problem] | None = None, *, base: str = DEFAULT_BASE,
             kle_titles: dict[str, str] | None = None, vocab=None, municipality: str | None = None,
             progress: Callable[..., None] | None = None, timings: dict[str, float] | None = None) -> BuildResult:
    """The cross-document stages over per-document results (:class:`graph.process.DocumentResult`,
    in any order): resolution per municipality, then one graph.

    >>> from graph.process import process_document
    >>> from graph.sources import default_corpus, discover
    >>> units, _ = discover([default_corpus()])
    >>> two = [process_document(*u) for u in units[:2]]
    >>> for r, town in zip(two, ["Egebæk", "Nordby"]):
    ...     r.minutes.municipality = town
    >>> G = assemble(two).graph
    >>> sorted({n.split("/")[5] for n, d in G.nodes(data=True) if d["type"] == "Meeting"})
    ['egebaek', 'nordby']
    """
    from graph.resolve import resolve

    timings = timings if timings is not None else {}
    problems = list(problems or [])
    ordered = sorted(results, key=lambda r: r.doc_id)  # doc_id order: the same whatever finished first
    docs = [r.document for r in ordered if r.document is not None]
    parsed = [r.minutes for r in ordered if r.minutes is not None]
    mentions = {r.doc_id: r.mentions for r in ordered if r.minutes is not None}
    outcomes = {r.doc_id: r.outcomes for r in ordered if r.minutes is not None}
    for r in ordered:
        problems += r.problems
    if municipality:
        for m in parsed:
            m.municipality = municipality

    t0 = time.perf_counter()
    scopes: dict[str | None, list[Minutes]] = {}
    for m in parsed:
        scopes.setdefault(m.municipality, []).append(m)
    resolutions = {scope: resolve({m.doc.doc_id: mentions[m.doc.doc_id] for m in ms}, {m.doc.doc_id: m for m in ms})
                   for scope, ms in sorted(scopes.items(), key=lambda kv: kv[0] or "")}
    timings["resolve"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    if vocab is None:
        from graph.extract import load_vocabulary

        vocab = load_vocabulary()
    builder = GraphBuilder(base, kle_titles, body_aliases(vocab))
    # A referat before the dagsorden of the same meeting: the first document's values win.
    for minutes in sorted(parsed, key=lambda m: (m.date, m.kind != "REFERAT", m.doc.doc_id)):
        builder.add_minutes(minutes, mentions[minutes.doc.doc_id], resolutions[minutes.municipality],
                            outcomes[minutes.doc.doc_id])
        if progress:
            progress("graph", minutes.doc.doc_id, len(parsed))
    for scope, resolution in resolutions.items():
        builder.add_holds(resolution.holds, resolution, scope)
    G = builder.finish()
    timings["build"] = time.perf_counter() - t0
    problems.sort(key=lambda p: (p.path, p.reason))
    # one municipality (the usual build): its resolution; several: by municipality
    resolution = next(iter(resolutions.values()), None) if len(resolutions) <= 1 else resolutions
    return BuildResult(G, docs, parsed, problems, mentions, resolution, timings, builder.conflicts)


def _cached(data: bytes | None, unpack, path: Path):
    """A cached result, or None when there is none or it cannot be read (a half-written or
    foreign file is a miss, not an error). The path is this build's: the same file may have moved."""
    if data is None:
        return None
    try:
        result = unpack(data)
    except Exception:
        return None
    if result.document is not None:
        result.document.path = path
    return result


class GraphFileError(ValueError):
    """A file named as a build's graph is not one (not JSON, or JSON of another kind)."""


def load_graph(sources: Iterable[str | Path] | None = None, export: str | Path | None = None,
               progress: Callable[[str, str], None] | None = None) -> tuple[nx.MultiDiGraph, str]:
    """The graph to answer questions from, and where it came from (for the user to see).

    ``sources`` given: build them now. ``export`` given: the ``graph.json`` of that export folder
    (or that file), and a clear error if there is none. Neither: ``exports/graph.json`` when it
    exists, so `path` and `show` answer about the user's last build; else the bundled sample.
    """
    from graph.export.nodelink import read_json

    if sources:
        result = build(sources, progress=progress)
        if not result.ok:
            raise ValueError("no minutes could be read from " + ", ".join(map(str, sources)))
        return result.graph, f"built now from {len(result.minutes)} document(s)"
    folder = Path(export) if export is not None else Path("exports")
    file = folder / "graph.json" if folder.is_dir() else folder
    if file.is_file():
        try:
            return read_json(file), str(file)
        except (ValueError, KeyError, TypeError, AttributeError) as exc:  # JSON, or not ours
            raise GraphFileError(f"{file} is not the graph.json of a referatgraf build "
                                 f"({type(exc).__name__}: {str(exc)[:200]})") from None
    if export is not None:  # the user named a build: never answer from another corpus
        raise FileNotFoundError(f"no graph.json at {file} (build with: referatgraf build SOURCES -o {folder}; "
                                "graph.json is written by default, or with --format json)")
    return build(progress=progress).graph, "the bundled sample corpus, built now (no exports/graph.json here)"


def body_aliases(vocab) -> dict[str, str]:
    """Casefolded alias / abbreviation → canonical name of every body the vocabulary knows."""
    out: dict[str, str] = {}
    for named in vocab.names_of("Body"):
        for alias in (named.canonical, *named.aliases, *named.abbreviations):
            out.setdefault(alias.casefold(), named.canonical)
    return out
