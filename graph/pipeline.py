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

    @property
    def warnings(self) -> list[str]:
        return [f"{m.doc.doc_id}: {w}" for m in self.minutes for w in m.warnings] + self.conflicts

    @property
    def ok(self) -> bool:
        """At least one document became part of the graph."""
        return bool(self.minutes)


def build(inputs: Iterable[str | Path] | None = None, *, base: str = DEFAULT_BASE,
          kle: str | Path | None = None, aliases: str | Path | None = None,
          progress: Callable[[str, str], None] | None = None) -> BuildResult:
    """Build the graph of the minutes in ``inputs`` (files, folders, globs; default: the bundled sample).

    ``progress(stage, doc_id)`` is called once per document and stage, for progress bars.
    Bad files are collected as :class:`Problem` s; the build goes on without them.
    """
    from graph.extract import decision_outcome, extract_minutes
    from graph.resolve import resolve
    from graph.sources import default_corpus, read_sources
    from graph.structure import parse_documents

    timings: dict[str, float] = {}
    kle_titles = None
    if kle:  # first: a bad KLE file should fail before the slow part
        from graph.kle import load_kle_titles

        kle_titles = load_kle_titles(kle)
    t0 = time.perf_counter()
    inputs = list(inputs) if inputs else [default_corpus()]
    docs, problems = read_sources(inputs, progress=(lambda d: progress("read", d)) if progress else None)
    timings["read"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    parsed: list[Minutes] = []
    all_parsed, parse_problems = parse_documents(docs, progress)
    problems += parse_problems
    for minutes in all_parsed:
        if minutes.date is None:
            # Without a date there is no meeting to hang the items on; say so rather than keep a
            # document that silently contributes nothing.
            problems.append(Problem(minutes.doc.doc_id, "no meeting date found in the header, so the document was "
                                    "left out (minutes need a line such as 'Mødedato 4. marts 2021')"))
            continue
        parsed.append(minutes)
    timings["parse"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    vocab = None
    if aliases:
        from graph.extract import load_vocabulary

        vocab = load_vocabulary(extra_aliases=aliases)
    mentions: dict[str, list[Mention]] = {}
    outcomes: dict[str, dict[int, DecisionOutcome]] = {}
    for minutes in parsed:
        try:
            mentions[minutes.doc.doc_id] = extract_minutes(minutes, vocab) if vocab else extract_minutes(minutes)
        except Exception as exc:  # an extractor bug must not lose the document: keep its structure
            mentions[minutes.doc.doc_id] = []
            problems.append(Problem(minutes.doc.doc_id, f"entity extraction failed ({type(exc).__name__}: "
                                    f"{str(exc)[:200]}); its meetings, items and cases are kept, without "
                                    "the people, posts and other entities of its text", "warning"))
        outcomes[minutes.doc.doc_id] = {i.number: o for i in minutes.items if (o := decision_outcome(i))}
        if progress:
            progress("extract", minutes.doc.doc_id)
    timings["extract"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    resolution = resolve(mentions, {m.doc.doc_id: m for m in parsed})
    timings["resolve"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    from graph.extract import load_vocabulary

    builder = GraphBuilder(base, kle_titles, body_aliases(vocab or load_vocabulary()))
    # A referat before the dagsorden of the same meeting: the first document's values win.
    for minutes in sorted(parsed, key=lambda m: (m.date, m.kind != "REFERAT", m.doc.doc_id)):
        builder.add_minutes(minutes, mentions[minutes.doc.doc_id], resolution, outcomes[minutes.doc.doc_id])
    builder.add_holds(getattr(resolution, "holds", []), resolution)
    G = builder.finish()
    timings["build"] = time.perf_counter() - t0
    problems.sort(key=lambda p: (p.path, p.reason))
    return BuildResult(G, docs, parsed, problems, mentions, resolution, timings, builder.conflicts)


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
