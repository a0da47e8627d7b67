"""Parallel, cached and distributed builds give the very same bytes as one process, and a
killed build resumes from its cache."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph.cli import app

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))


RUNS: dict[Path, dict] = {}  # export folder → how its build ran ("run" of build --json)


def _build(tmp: Path, name: str, sources: list[str], *flags: str) -> Path:
    out = tmp / name
    result = CliRunner().invoke(app, ["build", *sources, "-o", str(out), "-f", "ttl", "--json", *flags])
    assert result.exit_code == 0, result.output
    RUNS[out] = json.loads(result.stdout)["run"]
    return out


def _run(out: Path) -> dict:
    return RUNS[out]


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    """200 synthetic minutes of several bodies over years (benchmarks/synthetic_archive.py)."""
    from synthetic_archive import write_archive

    folder = tmp_path_factory.mktemp("archive")
    write_archive(folder, 200, seed=7)
    return folder


@pytest.mark.parametrize("corpus", ["sample", pytest.param("archive", marks=pytest.mark.scale)])
def test_jobs_cache_and_dask_give_the_same_turtle(corpus, request, tmp_path):
    sources = [] if corpus == "sample" else [str(request.getfixturevalue("archive"))]
    cache = str(tmp_path / "cache")
    one = _build(tmp_path, "one", sources, "--jobs", "1", "--no-cache")
    two = _build(tmp_path, "two", sources, "--jobs", "2", "--cache-dir", cache)  # fills the cache
    again = _build(tmp_path, "again", sources, "--jobs", "2", "--cache-dir", cache)
    dask = _build(tmp_path, "dask", sources, "--executor", "dask", "--jobs", "2", "--no-cache")
    expected = (one / "graph.ttl").read_bytes()
    assert len(expected) > 10_000
    for out in (two, again, dask):
        assert (out / "graph.ttl").read_bytes() == expected, out.name
        assert (out / "report.json").read_bytes() == (one / "report.json").read_bytes(), out.name
    documents = _run(one)["documents"]
    assert _run(two)["from_cache"] == 0 and _run(two)["processed"] == documents
    assert _run(again)["from_cache"] == documents and _run(again)["processed"] == 0
    assert _run(dask)["executor"] == "dask"


def test_a_changed_or_added_file_is_the_only_one_read_again(tmp_path):
    from graph.sources import default_corpus

    folder = tmp_path / "minutes"
    files = sorted(default_corpus().rglob("*.txt"))
    folder.mkdir()
    for f in files[:4]:
        (folder / f.name).write_bytes(f.read_bytes())
    cache = str(tmp_path / "cache")
    _build(tmp_path, "first", [str(folder)], "--cache-dir", cache)
    (folder / files[4].name).write_bytes(files[4].read_bytes())  # one meeting more
    changed = folder / files[0].name
    changed.write_text(changed.read_text(encoding="utf-8").replace("Chefforum godkendte", "Chefforum afviste", 1),
                       encoding="utf-8")
    incremental = _build(tmp_path, "incremental", [str(folder)], "--cache-dir", cache)
    assert (_run(incremental)["from_cache"], _run(incremental)["processed"]) == (3, 2)
    clean = _build(tmp_path, "clean", [str(folder)], "--no-cache")
    assert (incremental / "graph.ttl").read_bytes() == (clean / "graph.ttl").read_bytes()
    assert "Chefforum afviste" in (incremental / "graph.ttl").read_text(encoding="utf-8")


def test_a_damaged_cache_entry_is_read_anew(tmp_path):
    cache = tmp_path / "cache"
    first = _build(tmp_path, "first", [], "--cache-dir", str(cache))
    entries = sorted(cache.rglob("*.bin"))
    assert len(entries) == 5
    entries[0].write_bytes(entries[0].read_bytes()[:100])  # a half-written or foreign file
    second = _build(tmp_path, "second", [], "--cache-dir", str(cache))
    assert _run(second)["processed"] == 1
    assert (second / "graph.ttl").read_bytes() == (first / "graph.ttl").read_bytes()


@pytest.mark.scale
def test_a_killed_build_resumes_from_the_cache(archive, tmp_path):
    cache = tmp_path / "cache"
    out = tmp_path / "killed"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen([sys.executable, "-m", "graph", "build", str(archive), "-o", str(out), "-f", "ttl",
                             "--jobs", "2", "--cache-dir", str(cache)], env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while len(list(cache.rglob("*.bin"))) < 40 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, "the build ended before it could be killed halfway"
    os.killpg(proc.pid, signal.SIGKILL)  # the build and its worker processes
    proc.wait()
    done = len(list(cache.rglob("*.bin")))
    assert 40 <= done < 200
    resumed = _build(tmp_path, "resumed", [str(archive)], "--jobs", "2", "--cache-dir", str(cache))
    assert _run(resumed)["from_cache"] >= done
    clean = _build(tmp_path, "clean", [str(archive)], "--jobs", "1", "--no-cache")
    assert (resumed / "graph.ttl").read_bytes() == (clean / "graph.ttl").read_bytes()
    assert not out.exists() or not (out / "graph.ttl").exists()  # the killed build left no half export


def test_a_worker_of_another_version_is_refused():
    from graph.process import WorkerVersionError, process_packed
    from graph.sources import default_corpus, discover

    doc_id, path = discover([default_corpus()])[0][0]
    with pytest.raises(WorkerVersionError, match="another version of referatgraf"):
        process_packed(doc_id, str(path), None, "0" * 64)


def test_the_cache_key_follows_content_code_and_aliases(tmp_path):
    from graph.cache import document_key

    f = tmp_path / "a.txt"
    f.write_text("Punkt 1: Æbler\n", encoding="utf-8")
    aliases = tmp_path / "aliases.tsv"
    aliases.write_text("Body\tByrådet\tKommunalbestyrelsen\t\n", encoding="utf-8")
    key = document_key("a.txt", f)
    assert key == document_key("a.txt", f)
    assert key != document_key("b.txt", f)  # spans carry the id
    assert key != document_key("a.txt", f, aliases)
    f.write_text("Punkt 1: Pærer\n", encoding="utf-8")
    assert key != document_key("a.txt", f)
    assert document_key("gone.txt", tmp_path / "gone.txt") is None


def test_dask_without_a_reachable_scheduler_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(app, ["build", "-o", str(tmp_path / "x"), "--executor", "dask",
                                      "--scheduler", "tcp://127.0.0.1:9", "--no-cache"])
    assert result.exit_code == 1
    assert "cannot reach the Dask scheduler" in result.output
    assert not (tmp_path / "x").exists()


def test_scheduler_without_dask_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(app, ["build", "-o", str(tmp_path / "x"), "--scheduler", "tcp://127.0.0.1:9"])
    assert result.exit_code == 2 and "--executor dask" in result.output
