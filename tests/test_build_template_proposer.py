"""An unfilled template proposer ("Direktøren for... indstiller") names no post: it is kept
verbatim on the agenda item (rg:proposerText), makes no Post node and no proposedBy edge, and the
build warns about it, naming the document and the item."""
from __future__ import annotations

from pathlib import Path

import pytest
import rdflib

from graph.pipeline import build

FIXTURES = Path(__file__).parent / "fixtures" / "resolve"
RG = rdflib.Namespace("https://w3id.org/referatgraf/ontology#")

MINUTES = """REFERAT Kultur- og Fritidsudvalget d. 12-03-2024

Mødedato Tirsdag d. 12. marts 2024 kl. 16:00

Mødested Rådhuset

Punkt 1: KFU - Ny hal

18.00.00-G01-1-24

Indstilling

{first} indstiller,

at udvalget godkender projektet.

Beslutning

Godkendt.

Punkt 2: KFU - Bibliotekets åbningstider

18.00.00-G01-2-24

Indstilling

{second} indstiller,

at udvalget tager orienteringen til efterretning.

Beslutning

Taget til efterretning.
"""


def _item(G, doc_hint, number):
    return next(n for n, d in G.nodes(data=True) if d["type"] == "AgendaItem" and d["props"]["number"] == number
                and any(s.doc == doc_hint for s in d["sources"]))


def _proposed_by(G, item):
    return [v for _, v, k in G.out_edges(item, keys=True) if k == "proposedBy"]


@pytest.fixture(scope="module")
def handmade():
    return build([FIXTURES])


def test_template_proposer_makes_no_post_and_keeps_the_text(handmade):
    G = handmade.graph
    item = _item(G, "tmu-2024-02-06.txt", 2)
    assert _proposed_by(G, item) == []
    assert G.nodes[item]["props"]["proposerText"] == "Direktøren for..."
    assert not [n for n, d in G.nodes(data=True) if d["type"] == "Post" and d["label"].startswith("Direktøren")]


def test_template_proposer_is_a_build_warning_naming_document_and_item(handmade):
    notes = [w for w in handmade.warnings if "unfilled template" in w]
    assert len(notes) == 1
    assert "tmu-2024-02-06.txt" in notes[0] and "item 2" in notes[0] and "Direktøren for..." in notes[0]


def test_a_filled_proposer_still_proposes(handmade):
    G = handmade.graph
    item = _item(G, "bsu-2024-02-07.txt", 2)
    [post] = _proposed_by(G, item)
    assert G.nodes[post]["label"] == "Chefen for Skole & Dagtilbud"
    assert "proposerText" not in G.nodes[item]["props"]


@pytest.mark.parametrize("first, second", [("Direktøren for …", "Kommunaldirektøren for"),
                                           ("Chefen for", "Kommunaldirektøren for")])
def test_a_proposer_breaking_off_names_a_post_only_when_one_is_found_in_it(tmp_path, first, second):
    (tmp_path / "kfu-2024-03-12.txt").write_text(MINUTES.format(first=first, second=second), encoding="utf-8")
    G = build([tmp_path]).graph
    one, two = _item(G, "kfu-2024-03-12.txt", 1), _item(G, "kfu-2024-03-12.txt", 2)
    assert _proposed_by(G, one) == [] and G.nodes[one]["props"]["proposerText"] == first
    # "Kommunaldirektøren" is a unique post: the missing unit does not make it a template
    [post] = _proposed_by(G, two)
    assert G.nodes[post]["label"] == "Kommunaldirektøren"


def test_proposer_text_is_exported_to_rdf(handmade):
    from graph.export.rdf import to_rdf

    g = to_rdf(handmade.graph)
    assert {str(o) for o in g.objects(None, RG.proposerText)} == {"Direktøren for..."}


def test_sample_has_no_post_named_by_an_unfilled_template(sample_result):
    G = sample_result.graph
    assert not [d["label"] for _, d in G.nodes(data=True)
                if d["type"] == "Post" and d["label"].rstrip().endswith(("...", "…"))]
    # every item whose proposer the template left unfilled keeps it as text, with no proposedBy
    templates = [(m, it) for m in sample_result.minutes for it in m.items
                 if it.proposer and it.proposer.strip().endswith(("...", "…"))]
    assert templates  # the sample has them (the gold README names "Direktøren for...")
    for minutes, it in templates:
        item = _item(G, minutes.doc.doc_id, it.number)
        assert G.nodes[item]["props"]["proposerText"] == it.proposer.strip()
        assert _proposed_by(G, item) == []
        assert any(minutes.doc.doc_id in w and f"item {it.number}:" in w for w in sample_result.warnings)
