"""One document through the per-document stages: read → parse → extract.

Everything a document contributes before cross-document resolution is computed here, from
the file alone, so the stage can run in any process (``build --jobs N``), on any machine
(``--executor dask``), and be cached by the file's content (:mod:`graph.cache`). The
result is a :class:`DocumentResult`; :func:`graph.pipeline.build` gathers them in doc_id
order, whatever order they finished in, so the output never depends on the parallelism.

>>> from graph.sources import default_corpus, discover
>>> units, _ = discover([default_corpus()])
>>> r = process_document(*units[0])
>>> r.doc_id, len(r.minutes.items), r.problems
('albertslund-chefforum/chefforum-2016-03-17.txt', 7, [])
"""
from __future__ import annotations

import pickle
import time
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from graph.model import DecisionOutcome, Mention, Minutes, Problem, SourceDocument


@dataclass
class DocumentResult:
    """What one input file gives: its document (None when unreadable), its parsed minutes
    (None when not minutes or undated), their mentions and decision outcomes, and problems."""

    doc_id: str
    document: SourceDocument | None = None
    minutes: Minutes | None = None
    mentions: list[Mention] = field(default_factory=list)
    outcomes: dict[int, DecisionOutcome] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)  # time per stage, for report and benchmarks


def process_document(doc_id: str, path: Path, aliases: str | None = None) -> DocumentResult:
    """Read, parse and extract one file. Never raises for a bad file: it becomes a Problem."""
    from graph.extract import decision_outcome, extract_minutes
    from graph.sources import read_document
    from graph.structure import parse_documents

    out = DocumentResult(doc_id)
    t0 = time.perf_counter()
    doc, problem = read_document(Path(path), doc_id)
    out.seconds["read"] = time.perf_counter() - t0
    if problem is not None:
        out.problems.append(problem)
    if doc is None:
        return out
    out.document = doc
    t0 = time.perf_counter()
    parsed, problems = parse_documents([doc])
    out.seconds["parse"] = time.perf_counter() - t0
    out.problems += problems
    doc.blocks = []  # layout is read by the parser only; dropping it halves what is kept and sent
    if not parsed:
        return out
    minutes = parsed[0]
    if minutes.date is None:
        # Without a date there is no meeting to hang the items on; say so rather than keep a
        # document that silently contributes nothing.
        out.problems.append(Problem(doc_id, "no meeting date found in the header, so the document was "
                                    "left out (minutes need a line such as 'Mødedato 4. marts 2021')"))
        return out
    out.minutes = minutes
    t0 = time.perf_counter()
    try:
        out.mentions = extract_minutes(minutes, _vocabulary(aliases))
    except Exception as exc:  # an extractor bug must not lose the document: keep its structure
        out.problems.append(Problem(doc_id, f"entity extraction failed ({type(exc).__name__}: {str(exc)[:200]}); "
                                    "its meetings, items and cases are kept, without the people, posts and "
                                    "other entities of its text", "warning"))
    out.outcomes = {i.number: o for i in minutes.items if (o := decision_outcome(i))}
    out.seconds["extract"] = time.perf_counter() - t0
    return out


@lru_cache(maxsize=4)
def _vocabulary(aliases: str | None):
    """The vocabulary, loaded once per process (and per alias file)."""
    from graph.extract import load_vocabulary

    return load_vocabulary(extra_aliases=aliases) if aliases else load_vocabulary()


def packed(result: DocumentResult) -> bytes:
    """The result as compact bytes: what a worker sends back and what the cache stores."""
    return zlib.compress(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL), 1)


def unpacked(data: bytes) -> DocumentResult:
    return pickle.loads(zlib.decompress(data))


class WorkerVersionError(RuntimeError):
    """A worker runs other code than the build that sent it work."""


def process_packed(doc_id: str, path: str, aliases: str | None, fingerprint: str | None) -> tuple[str, bytes]:
    """:func:`process_document` for a worker process, returning packed bytes. With a
    ``fingerprint`` (workers on other machines), first checks the worker runs the same code:
    a cluster with another referatgraf would give other facts."""
    from graph.cache import code_fingerprint

    if fingerprint is not None and code_fingerprint() != fingerprint:
        raise WorkerVersionError("this worker runs another version of referatgraf than the build "
                           f"(code fingerprint {code_fingerprint()[:12]}, build {fingerprint[:12]}); "
                           "install the same version on every worker")
    try:
        return doc_id, packed(process_document(doc_id, Path(path), aliases))
    except Exception as exc:  # a bug here must cost this file only, as in the stages themselves
        failed = DocumentResult(doc_id, problems=[Problem(doc_id, f"could not be processed ({type(exc).__name__}: "
                                                           f"{str(exc)[:200]})")])
        return doc_id, packed(failed)
