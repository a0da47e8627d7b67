"""path and show on a larger build answer from the store without graph.json: the same answers,
in much less memory.

The build is a synthetic archive (benchmarks/synthetic_archive.py: varied bodies, cases, people
and attendance; else shifted copies of the sample, benchmarks/bench_build.py), made once per
test session. Its size is ARCHIVE_DOCS: 2,000 documents take several minutes to build here, so
the test uses 300 (about a minute on two cores); REFERATGRAF_STORE_TEST_DOCS overrides it.
"""
from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.scale

REPO = Path(__file__).resolve().parents[1]
ARCHIVE_DOCS = int(os.environ.get("REFERATGRAF_STORE_TEST_DOCS", "300"))
# Peak RSS of `path` / `show` answering from the store, measured at 300 documents: 90-115 MB
# (Python, networkx, rdflib for the ontology, the store's caches); the bound leaves room.
STORE_RSS_BOUND_MB = 250


def _write_minutes(folder: Path, n_docs: int) -> str:
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        try:
            from synthetic_archive import write_archive
        except ImportError:
            write_archive = None
        if write_archive is not None:
            write_archive(folder, n_docs, seed=0)
            return "synthetic archive"
        from bench_build import make_corpus

        make_corpus(max(1, n_docs // 5), folder)  # five documents per copy of the sample
        return "shifted copies of the sample"
    finally:
        sys.path.remove(str(REPO / "benchmarks"))


@pytest.fixture(scope="session")
def archive(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("archive")
    kind = _write_minutes(root / "in", ARCHIVE_DOCS)
    env = {**os.environ, "REFERATGRAF_CACHE_DIR": str(root / "cache")}
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "graph", "build", str(root / "in"), "-o", str(root / "out"),
                           "--format", "ttl,json,store"], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    seconds = time.perf_counter() - start
    out = root / "out"
    store_only, json_only = root / "store-only", root / "json-only"
    store_only.mkdir()
    shutil.copytree(out / "store", store_only / "store")  # no graph.json, no graph.ttl: cannot be read
    json_only.mkdir()
    os.link(out / "graph.json", json_only / "graph.json")
    return {"root": root, "out": out, "store": store_only, "json": json_only, "kind": kind, "build_s": seconds}


@pytest.fixture(scope="module")
def G(archive):
    from graph.export.nodelink import read_json

    return read_json(archive["out"] / "graph.json")


def _targets(G) -> dict:
    """Two cases treated at one meeting, two cases picked at random, a person, a policy."""
    by_type: dict[str, list[str]] = {}
    for n, d in sorted(G.nodes(data=True)):
        by_type.setdefault(d["type"], []).append(n)
    rng = random.Random(4711)
    def cases_at(meeting: str) -> list[str]:
        items = [v for _, v, k in G.out_edges(meeting, keys=True) if k == "hasItem"]
        return sorted({c for i in items for _, c, k in G.out_edges(i, keys=True) if k == "concernsCase"})

    cases = next(c for m in by_type["Meeting"] if len(c := cases_at(m)) >= 2)
    people = sorted(by_type["Person"], key=lambda n: (G.in_degree(n), n))
    person = people[len(people) // 2]  # as often named as most (the busiest one's answer is long to print)
    return {"near": (cases[0], cases[1]), "random": [tuple(rng.sample(by_type["Case"], 2)) for _ in range(4)],
            "case": cases[0], "person": person, "policy": by_type.get("Policy", [cases[1]])[0],
            "label": lambda n: G.nodes[n]["label"]}


def test_path_and_show_from_the_store_are_those_of_graph_json(archive, G):
    from graph.api import show_node
    from graph.query.paths import find_paths, paths_between
    from graph.query.store import GraphStore

    t = _targets(G)
    for a, b in [t["near"], *t["random"]]:
        for k in (1, 3):
            expected = [p.as_dict(G) for p in find_paths(G, a, b, k=k)]
            got = [p.as_dict() for p in paths_between(GraphStore(archive["store"] / "store"), a, b, k=k)[0]]
            assert got == expected, (a, b, k)
    for node in (t["case"], t["person"], t["policy"]):
        got = show_node(GraphStore(archive["store"] / "store"), node)
        assert json.dumps(got, default=str) == json.dumps(show_node(G, node), default=str), node


_MEASURE = """
import json, resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True)
print(json.dumps({"rc": done.returncode, "stdout": done.stdout.decode("utf-8"), "stderr": done.stderr.decode("utf-8"),
                  "rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def _run(args: list[str], folder: Path) -> dict:
    """``referatgraf ARGS -g FOLDER`` in a process of its own; its peak RSS (MB) and output."""
    proc = subprocess.run([sys.executable, "-c", _MEASURE, sys.executable, "-m", "graph", *args, "-g", str(folder)],
                          capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)


def test_path_and_show_answer_from_the_store_in_a_fraction_of_the_memory(archive, G):
    t = _targets(G)
    label = t["label"]
    questions = [["path", label(t["near"][0]), label(t["near"][1]), "--json"],  # journal numbers
                 ["show", label(t["case"]), "--json"], ["show", t["person"], "--json"], ["show", t["policy"], "--json"]]
    json_size_mb = (archive["out"] / "graph.json").stat().st_size / 2 ** 20
    for question in questions:
        store = _run(question, archive["store"])
        whole = _run(question, archive["json"])
        assert store["rc"] == whole["rc"] == 0, store["stderr"][-2000:] + whole["stderr"][-2000:]
        assert "(on-disk store" in store["stderr"] and "(on-disk store" not in whole["stderr"]
        assert store["stdout"] == whole["stdout"], question
        print(f"{question[0]} {question[1]!r}: store {store['rss_mb']:.0f} MB, graph.json ({json_size_mb:.0f} MB) "
              f"{whole['rss_mb']:.0f} MB; {archive['kind']}, {ARCHIVE_DOCS} documents built in {archive['build_s']:.0f} s")
        assert store["rss_mb"] < whole["rss_mb"] / 2, (question, store["rss_mb"], whole["rss_mb"])
        assert store["rss_mb"] < STORE_RSS_BOUND_MB, (question, store["rss_mb"])
