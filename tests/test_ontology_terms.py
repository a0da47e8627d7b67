"""The ontology module exposes every contract term with labels, and refuses unknown ones."""
import re
from pathlib import Path

import pytest
import rdflib

from graph import ontology

ARCH = Path(__file__).resolve().parents[1] / "ARCHITECTURE.md"


def _contract_terms() -> tuple[set[str], set[str], set[str]]:
    """Class, edge and datatype names as listed in ARCHITECTURE.md (the contract)."""
    text = ARCH.read_text(encoding="utf-8")
    classes_par = text.split("Classes:", 1)[1].split("Object properties", 1)[0]
    classes = set(re.findall(r"`([A-Z][A-Za-z]+)`", classes_par))
    edges = set(re.findall(r"^\| `([a-z][A-Za-z]+)` \|", text, flags=re.M))
    dt_par = text.split("Datatype properties", 1)[1].split("## IRIs", 1)[0]
    datatypes = set(re.findall(r"`([a-z][A-Za-z0-9]+)`", dt_par)) - {"props", "evidence", "rg"}
    return classes, edges, datatypes


def test_every_contract_term_is_in_the_ontology():
    ont = ontology.load()
    classes, edges, datatypes = _contract_terms()
    assert len(classes) >= 17 and len(edges) >= 21 and len(datatypes) >= 25
    for name in classes:
        assert ont.cls(name).name == name
    for name in edges:
        assert ont.is_object_property(name), name
    for name in datatypes:
        assert name in ont.datatype_properties, name


def test_every_term_has_danish_and_english_label_and_a_comment():
    ont = ontology.load()
    terms = [*ont.classes.values(), *ont.object_properties.values(), *ont.datatype_properties.values()]
    for term in terms:
        assert term.label_da and term.label_en and term.comment, term.name
        assert term.iri == ontology.NS + term.name


def test_every_property_has_a_range_and_object_properties_a_domain():
    ont = ontology.load()
    for term in ont.object_properties.values():
        assert term.domain and term.range, term.name
        assert all(r in ont.classes for r in term.range), term.name
    xsd = ontology.prefixes()["xsd"]
    for term in ont.datatype_properties.values():
        assert len(term.range) == 1 and term.range[0].startswith(xsd), term.name


def test_union_domains_are_read_as_several_names():
    ont = ontology.load()
    assert set(ont.prop("decidedIn").domain) == {"Case", "Decision"}
    assert set(ont.prop("proposedBy").range) == {"Post", "Department"}


def test_unknown_terms_raise_key_error():
    ont = ontology.load()
    with pytest.raises(KeyError):
        ont.cls("Meting")
    with pytest.raises(KeyError):
        ont.prop("hasItems")
    with pytest.raises(KeyError):
        ont.prop("Meeting")  # a class is not a property


def test_classes_are_aligned_to_the_field_standards():
    ont = ontology.load()
    p = ontology.prefixes()
    sub = rdflib.RDFS.subClassOf

    def supers(name):
        return {str(o) for o in ont.graph.objects(ont.cls(name).uri, sub)}

    assert p["besluit"] + "Zitting" in supers("Meeting")
    assert p["oparl"] + "Meeting" in supers("Meeting")
    assert p["besluit"] + "Agendapunt" in supers("AgendaItem")
    assert p["besluit"] + "Besluit" in supers("Decision")
    assert p["org"] + "Post" in supers("Post")
    assert p["foaf"] + "Person" in supers("Person")
    assert p["skos"] + "Concept" in supers("Theme")
    broader = {str(o) for o in ont.graph.objects(ont.prop("broader").uri, rdflib.RDFS.subPropertyOf)}
    assert p["skos"] + "broader" in broader


def test_file_locations_resolve_inside_the_ontology_folder():
    assert ontology.ontology_path().is_file()
    assert ontology.queries_dir().name == "queries"
    assert ontology.shapes_path().parent == ontology.ontology_dir()
    assert ontology.load() is ontology.load()  # parsed once
