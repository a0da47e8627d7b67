"""Where the per-document stages run: in this process, in N local processes, or on a Dask cluster.

Every executor takes the same work (``(doc_id, path)`` pairs) and yields ``(doc_id, packed
result)`` as documents finish, in whatever order; the pipeline orders them. So ``--jobs 1``,
``--jobs 8`` and a cluster give the same bytes. Dask (``pip install 'referatgraf[dask]'``) is
an existing distributed engine: workers on other machines need referatgraf installed (the same
version: each result is checked) and the input files at the same paths (a shared folder).
"""
from __future__ import annotations

import os
from typing import Iterable, Iterator

from graph.process import WorkerVersionError, process_packed

EXECUTORS = ("local", "dask")


class ExecutorError(RuntimeError):
    """The executor cannot run (Dask missing, scheduler unreachable, a worker of another version)."""


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def run_documents(work: Iterable[tuple[str, str]], *, jobs: int = 1, executor: str = "local",
                  scheduler: str | None = None, aliases: str | None = None,
                  fingerprint: str = "") -> Iterator[tuple[str, bytes]]:
    """Process every ``(doc_id, path)``; yields ``(doc_id, packed DocumentResult)`` as each is done."""
    work = list(work)
    if executor == "dask":
        if not fingerprint:
            from graph.cache import code_fingerprint

            fingerprint = code_fingerprint()
        try:
            yield from _dask(work, jobs, scheduler, aliases, fingerprint)
        except WorkerVersionError as exc:
            raise ExecutorError(str(exc)) from None
    elif executor != "local":
        raise ExecutorError(f"unknown executor {executor!r} (known: {', '.join(EXECUTORS)})")
    elif jobs <= 1 or len(work) <= 1:  # local workers run this installation: no version to check
        for doc_id, path in work:
            yield process_packed(doc_id, path, aliases, None)
    else:
        yield from _processes(work, jobs, aliases)


def _processes(work: list[tuple[str, str]], jobs: int, aliases: str | None):
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    # forkserver: a fresh process forked from one that imported the package, never from this
    # one (its threads, e.g. the progress display, make fork unsafe)
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["graph.process", "graph.structure", "graph.extract"])
    with ProcessPoolExecutor(max_workers=min(jobs, len(work)), mp_context=ctx) as pool:
        futures = [pool.submit(process_packed, doc_id, path, aliases, None) for doc_id, path in work]
        try:
            for fut in as_completed(futures):
                yield fut.result()
        except BaseException:
            for fut in futures:
                fut.cancel()
            raise


def _dask(work: list[tuple[str, str]], jobs: int, scheduler: str | None, aliases: str | None, fingerprint: str):
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise ExecutorError("--executor dask needs Dask distributed: pip install 'referatgraf[dask]'") from None
    cluster = None
    try:
        if scheduler:
            client = Client(scheduler, timeout="10s")
        else:  # a cluster of local worker processes, one thread each (the stages hold the GIL)
            cluster = LocalCluster(n_workers=max(1, jobs), threads_per_worker=1, processes=True,
                                   dashboard_address=None, silence_logs=40)
            client = Client(cluster)
    except OSError as exc:
        raise ExecutorError(f"cannot reach the Dask scheduler {scheduler}: {exc}") from None
    try:
        futures = client.map(process_packed, [d for d, _ in work], [p for _, p in work],
                             [aliases] * len(work), [fingerprint] * len(work), pure=False)
        for _, result in as_completed(futures, with_results=True):
            yield result
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
