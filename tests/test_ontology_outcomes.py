"""Decision outcome classes are defined once (rg:DecisionOutcome in the ontology); the
SHACL shape, the builder and the extractor's cue file all agree with that definition."""
from __future__ import annotations

import rdflib
from rdflib.collection import Collection
from rdflib.namespace import RDF

from graph import ontology
from graph.datafiles import rows
from graph.extract.decisions import FALLBACK, PRECEDENCE, decision_outcome
from graph.model import AgendaItem, Section, Span

SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")


def _item(beslutning: str, indstilling: str | None = None, title: str = "Punkt 1: Ny skolestruktur") -> AgendaItem:
    """A handmade item whose sections sit one after another in one document text."""
    sections, text = [], ""
    for heading, body in (("Indstilling", indstilling), ("Beslutning", beslutning)):
        if body is None:
            continue
        start = len(text) + len(heading) + 1
        text += f"{heading}\n{body}\n"
        sections.append(Section(heading, body, Span("d", start, start + len(body), body),
                                Span("d", start - len(heading) - 1, start - 1, heading)))
    span = Span("d", 0, len(text), text)
    return AgendaItem(1, title, Span("d", 0, 0, ""), span, core_title=title.split(": ", 1)[-1], sections=sections)


def test_outcome_concepts_have_labels_definitions_and_notations():
    outcomes = ontology.load().outcomes
    assert set(outcomes) == {"approved", "decided", "noted", "discussed", "other"}
    for name, term in outcomes.items():
        assert term.iri == ontology.NS + name
        assert term.label_da and term.label_en and term.comment, name


def test_only_approved_and_decided_settle_a_case():
    assert ontology.settling_outcomes() == {"approved", "decided"}
    from graph.builder import SETTLING_OUTCOMES

    assert SETTLING_OUTCOMES == ontology.settling_outcomes()


def test_shacl_outcome_list_equals_the_ontology_concepts():
    shapes = rdflib.Graph().parse(ontology.shapes_path(), format="turtle")
    lists = [Collection(shapes, shapes.value(p, SH["in"])) for p in shapes.subjects(SH.path, rdflib.URIRef(ontology.NS + "outcome"))]
    assert len(lists) == 1
    assert sorted(str(v) for v in lists[0]) == sorted(ontology.load().outcomes)


def test_outcome_scheme_is_a_concept_scheme_of_the_ontology():
    ont = ontology.load()
    scheme = ont.individual("DecisionOutcome")
    skos = rdflib.Namespace(ontology.prefixes()["skos"])
    assert (scheme.uri, RDF.type, skos.ConceptScheme) in ont.graph
    assert ont.outcome("noted").label_da == "taget til efterretning"


def test_unknown_outcome_raises_key_error():
    try:
        ontology.load().outcome("postponed")
    except KeyError as exc:
        assert "DecisionOutcome" in str(exc)
    else:
        raise AssertionError("no KeyError")


def test_cue_file_and_precedence_use_only_ontology_outcomes():
    known = set(ontology.load().outcomes)
    assert set(PRECEDENCE) | {FALLBACK} == known
    assert {row[0] for row in rows("decision_cues.tsv")} == set(PRECEDENCE)


def test_approval_wins_over_discussion_in_the_same_beslutning():
    out = decision_outcome(_item("Sagen blev drøftet. Indstillingen blev godkendt."))
    assert out.outcome == "approved" and out.span.quote == "Indstillingen blev godkendt."


def test_sentence_start_adoption_quotes_its_own_sentence():
    item = _item("Sagen blev fremlagt. Vedtaget.")
    out = decision_outcome(item)
    assert out.outcome == "approved" and out.span.quote == "Vedtaget."
    doc_text = item.span.quote
    assert doc_text[out.span.start:out.span.end] == out.span.quote


def test_expected_adoption_is_no_approval():
    assert decision_outcome(_item("Planen forventes vedtaget i foråret.")).outcome == FALLBACK


def test_cue_phrase_may_break_over_a_line():
    assert decision_outcome(_item("Udvalget tog sagen til\nefterretning.")).outcome == "noted"


def test_indstilling_asking_for_approval_does_not_make_it_approved():
    item = _item("Udvalget var enige.", indstilling="Forvaltningen indstiller, at planen godkendes, og at den drøftes.")
    assert decision_outcome(item).outcome == "discussed"
