"""The synthetic archive of benchmarks/synthetic_archive.py: deterministic, prefix-stable, and
read by the parser as the generator meant it (every document, item, case number, person,
presenter and treatment its own manifest records)."""
from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "synthetic_archive.py"


def _load():
    """The generator module, loaded from its path (benchmarks/ is not a package)."""
    spec = importlib.util.spec_from_file_location("synthetic_archive", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


synthetic = _load()


def _contents(paths: list[Path]) -> list[tuple[str, bytes]]:
    return [(p.name, p.read_bytes()) for p in paths]


def test_same_seed_same_bytes(tmp_path):
    a = synthetic.write_archive(tmp_path / "a", 12, seed=3)
    b = synthetic.write_archive(tmp_path / "b", 12, seed=3)
    assert len(a) == 12 and _contents(a) == _contents(b)
    other = synthetic.write_archive(tmp_path / "c", 12, seed=4)
    assert _contents(other) != _contents(a)


def test_same_bytes_whatever_the_hash_seed(tmp_path):
    """The command line, in a process of another hash seed, writes what this process writes."""
    here = synthetic.write_archive(tmp_path / "here", 8, seed=5)
    env = dict(os.environ, PYTHONHASHSEED="123")
    subprocess.run([sys.executable, str(SCRIPT), str(tmp_path / "there"), "8", "--seed", "5"],
                   env=env, check=True, capture_output=True)
    assert _contents(sorted((tmp_path / "there").iterdir())) == _contents(sorted(here))


def test_prefix_stable(tmp_path):
    """One more document leaves the first ones byte for byte as they were (cached rebuilds)."""
    short = synthetic.write_archive(tmp_path / "short", 9)
    longer = synthetic.write_archive(tmp_path / "long", 10)
    assert _contents(longer[:9]) == _contents(short)


def test_documents_have_the_samples_size_and_no_two_meetings_of_a_body_on_one_day(tmp_path):
    manifest = tmp_path / "m.json"
    paths = synthetic.write_archive(tmp_path / "in", 40, manifest=manifest)
    record = json.loads(manifest.read_text(encoding="utf-8"))
    assert all(8_000 <= p.stat().st_size <= 25_000 for p in paths)
    meetings = [(d["body"], d["date"]) for d in record["documents"]]
    assert len(set(meetings)) == len(meetings) and len({b for b, _ in meetings}) >= 5


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A 20-document archive, its manifest, and the graph the pipeline builds of it."""
    from graph.pipeline import build

    tmp = tmp_path_factory.mktemp("synthetic")
    manifest = tmp / "manifest.json"
    synthetic.write_archive(tmp / "in", 20, manifest=manifest)
    return json.loads(manifest.read_text(encoding="utf-8")), build([tmp / "in"])


def test_every_document_item_and_case_number_is_read(built):
    record, result = built
    assert result.problems == [] and len(result.minutes) == 20
    parsed = {m.doc.doc_id: m for m in result.minutes}
    for doc in record["documents"]:
        m = parsed[doc["file"]]
        assert (m.body, m.date.isoformat()) == (doc["body"], doc["date"])
        assert [(i.number, i.journal_number) for i in m.items] == [(i["number"], i["case"]) for i in doc["items"]]
    cases = {d["label"] for _, d in result.graph.nodes(data=True) if d["type"] == "Case"}
    assert cases == set(record["cases"])


def test_people_and_presenters_are_found(built):
    record, result = built
    G = result.graph
    persons = {d["label"] for _, d in G.nodes(data=True) if d["type"] == "Person"}
    assert set(record["people"]) <= persons
    presented = {(G.nodes[u]["props"]["number"], G.nodes[u]["props"]["date"].isoformat(), G.nodes[v]["label"])
                 for u, v, k in G.edges(keys=True) if k == "presentedBy"}
    wanted = {(i["number"], d["date"], p) for d in record["documents"] for i in d["items"] for p in i["presenters"]}
    assert wanted and wanted <= presented
    # titles with a place after "ved" before the presenter ("Trafiksikkerhed ved X Skole v. Name") are among them
    assert any(" ved " in i["title"] for d in record["documents"] for i in d["items"] if i["presenters"])


def test_each_case_has_its_treatments_across_bodies(built):
    """What `referatgraf show CASE` lists: a treatment per (body, day, item) the generator wrote."""
    record, result = built
    G = result.graph
    found: dict[str, set] = {}
    for t, d in G.nodes(data=True):
        if d["type"] != "Treatment":
            continue
        out = {k: v for _, v, k in G.out_edges(t, keys=True)}
        found.setdefault(G.nodes[out["treatmentOf"]]["label"], set()).add(
            (G.nodes[out["treatedBy"]]["label"], d["props"]["date"].isoformat(), d["props"]["number"]))
    for case, treatments in record["cases"].items():
        assert {tuple(t) for t in treatments} <= found[case], case
    assert any(len({b for b, _, _ in ts}) >= 3 for ts in record["cases"].values())  # committee → ØU → Byrådet
