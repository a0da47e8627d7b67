"""IRIs that users saved keep working: an entity whose IRI changes between builds into one folder
answers to the old one as owl:sameAs, in this build and the ones after it."""
from __future__ import annotations

import json

import pyoxigraph
from typer.testing import CliRunner

from graph.cli import app

OWL_SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"


def _build(out, *flags):
    result = CliRunner().invoke(app, ["build", "-o", str(out), "-f", "nt,json", "--no-cache", *flags])
    assert result.exit_code == 0, result.output
    return out


def _same_as(out) -> set[tuple[str, str]]:
    store = pyoxigraph.Store()
    store.bulk_load(path=str(out / "graph.nt"), format=pyoxigraph.RdfFormat.N_TRIPLES)
    return {(q.subject.value, q.object.value) for q in store.quads_for_pattern(None, pyoxigraph.NamedNode(OWL_SAME_AS), None)}


def test_an_unchanged_rebuild_adds_no_same_as_and_is_byte_identical(tmp_path):
    out = _build(tmp_path / "out")
    first = (out / "graph.nt").read_bytes()
    _build(out)
    assert (out / "graph.nt").read_bytes() == first
    assert _same_as(out) == set()


def test_an_entity_that_got_a_new_iri_keeps_the_old_one_as_same_as(tmp_path):
    out = _build(tmp_path / "out")
    ledger = json.loads((out / "identities.json").read_text(encoding="utf-8"))
    policy = next(iri for iri in ledger["entities"] if "/policy/" in iri)
    old = policy.rsplit("/", 1)[0] + "/name-of-an-earlier-build"
    # as if the previous build had named this entity differently (fewer documents, another majority)
    ledger["entities"][old] = ledger["entities"].pop(policy)
    (out / "identities.json").write_text(json.dumps(ledger), encoding="utf-8")
    _build(out)
    assert _same_as(out) == {(policy, old)}
    graph = json.loads((out / "graph.json").read_text(encoding="utf-8"))
    assert graph["sameAs"] == {policy: [old]}
    _build(out)  # and the build after that still knows it
    assert _same_as(out) == {(policy, old)}


def test_a_damaged_ledger_costs_only_the_old_names(tmp_path):
    out = _build(tmp_path / "out")
    (out / "identities.json").write_text("{not json", encoding="utf-8")
    _build(out)
    assert _same_as(out) == set()
    assert json.loads((out / "identities.json").read_text(encoding="utf-8"))["entities"]
