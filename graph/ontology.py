"""The ontology (``ontology/referatgraf.ttl``) as Python terms: the single source of truth.

Code takes every class and property name from here; :meth:`Ontology.cls` and
:meth:`Ontology.prop` raise ``KeyError`` for a name the ontology lacks, so a typo
or an invented term fails loudly instead of producing unaligned RDF.

The files are read from the installed copy (``graph/ontology_files/``, put there by
the wheel's force-include) or, in a source checkout, from ``<repo>/ontology/``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import rdflib
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS

NS = "https://w3id.org/referatgraf/ontology#"

# Prefixes predeclared for SPARQL and used by the serialisers; order = output order.
_PREFIXES: dict[str, str] = {
    "rg": NS,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "schema": "http://schema.org/",
    "org": "http://www.w3.org/ns/org#",
    "besluit": "http://data.vlaanderen.be/ns/besluit#",
    "oparl": "https://schema.oparl.org/1.1/",
    "oa": "http://www.w3.org/ns/oa#",
    "sh": "http://www.w3.org/ns/shacl#",
}


@dataclass(frozen=True)
class Term:
    """One class or property of the ontology.

    ``domain`` and ``range`` are tuples of local names (``rg:`` terms) or full
    IRIs (``xsd:`` datatypes, external classes); a ``owl:unionOf`` gives several.
    """

    name: str
    iri: str
    label_da: str
    label_en: str
    comment: str
    domain: tuple[str, ...] = ()
    range: tuple[str, ...] = ()

    @property
    def uri(self) -> rdflib.URIRef:
        return rdflib.URIRef(self.iri)


def _lookup(table: dict[str, Term], name: str, what: str) -> Term:
    """``table[name]``, or a ``KeyError`` that says what the ontology lacks."""
    try:
        return table[name]
    except KeyError:
        raise KeyError(f"ontology has no {what}") from None


@dataclass(frozen=True)
class Ontology:
    graph: rdflib.Graph
    classes: dict[str, Term]
    object_properties: dict[str, Term]
    datatype_properties: dict[str, Term]
    individuals: dict[str, Term]
    # concepts of the scheme rg:DecisionOutcome by their skos:notation (the value of rg:outcome)
    outcomes: dict[str, Term] = field(default_factory=dict)
    settling: frozenset[str] = frozenset()

    def cls(self, name: str) -> Term:
        """The class ``rg:<name>``; ``KeyError`` if the ontology has no such class."""
        return _lookup(self.classes, name, f"class rg:{name}")

    def prop(self, name: str) -> Term:
        """The object or datatype property ``rg:<name>``; ``KeyError`` if unknown."""
        term = self.object_properties.get(name) or self.datatype_properties.get(name)
        if term is None:
            raise KeyError(f"ontology has no property rg:{name}")
        return term

    def individual(self, name: str) -> Term:
        """A named individual such as the concept scheme ``rg:KLE``; ``KeyError`` if unknown."""
        return _lookup(self.individuals, name, f"individual rg:{name}")

    def is_object_property(self, name: str) -> bool:
        return name in self.object_properties

    def outcome(self, name: str) -> Term:
        """The decision outcome concept with notation ``name``; ``KeyError`` if the scheme lacks it."""
        return _lookup(self.outcomes, name, f"decision outcome {name!r} in rg:DecisionOutcome")


def ontology_dir() -> Path:
    """Folder holding referatgraf.ttl, shapes.ttl and queries/ (installed copy first)."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "ontology_files", here.parent / "ontology"):
        if (candidate / "referatgraf.ttl").is_file():
            return candidate
    raise FileNotFoundError("referatgraf.ttl not found in graph/ontology_files/ or ontology/")


def ontology_path() -> Path:
    return ontology_dir() / "referatgraf.ttl"


def shapes_path() -> Path:
    return ontology_dir() / "shapes.ttl"


def queries_dir() -> Path:
    return ontology_dir() / "queries"


def prefixes() -> dict[str, str]:
    """prefix -> namespace for every vocabulary the graph uses (copy; safe to modify)."""
    return dict(_PREFIXES)


def _local(iri: rdflib.term.Node) -> str:
    s = str(iri)
    return s[len(NS):] if s.startswith(NS) else s


def _names(g: rdflib.Graph, node: rdflib.term.Node | None) -> tuple[str, ...]:
    """Local names of a domain/range: one IRI, or the members of an owl:unionOf."""
    if node is None:
        return ()
    if isinstance(node, rdflib.BNode):
        union = g.value(node, OWL.unionOf)
        return tuple(_local(m) for m in Collection(g, union)) if union is not None else ()
    return (_local(node),)


def _label(g: rdflib.Graph, s: rdflib.URIRef, lang: str) -> str:
    for o in g.objects(s, RDFS.label):
        if isinstance(o, rdflib.Literal) and o.language == lang:
            return str(o)
    return ""


def _terms(g: rdflib.Graph, kind: rdflib.URIRef) -> dict[str, Term]:
    out: dict[str, Term] = {}
    for s in sorted(g.subjects(RDF.type, kind)):
        if not isinstance(s, rdflib.URIRef) or not str(s).startswith(NS):
            continue
        name = _local(s)
        out[name] = Term(
            name=name,
            iri=str(s),
            label_da=_label(g, s, "da"),
            label_en=_label(g, s, "en"),
            comment=str(g.value(s, RDFS.comment) or ""),
            domain=_names(g, g.value(s, RDFS.domain)),
            range=_names(g, g.value(s, RDFS.range)),
        )
    return out


def _outcomes(g: rdflib.Graph) -> tuple[dict[str, Term], frozenset[str]]:
    """Concepts of rg:DecisionOutcome keyed by skos:notation, and the notations marked rg:settlesCase true."""
    skos = rdflib.Namespace(_PREFIXES["skos"])
    scheme, settles = rdflib.URIRef(NS + "DecisionOutcome"), rdflib.URIRef(NS + "settlesCase")
    out: dict[str, Term] = {}
    settling: set[str] = set()
    for s in sorted(g.subjects(skos.inScheme, scheme)):
        notation = str(g.value(s, skos.notation) or _local(s))
        labels = {o.language: str(o) for o in g.objects(s, skos.prefLabel) if isinstance(o, rdflib.Literal)}
        out[notation] = Term(name=notation, iri=str(s), label_da=labels.get("da", ""), label_en=labels.get("en", ""),
                             comment=str(g.value(s, skos.definition) or ""))
        flag = g.value(s, settles)
        if flag is not None and flag.toPython() is True:
            settling.add(notation)
    return dict(sorted(out.items())), frozenset(settling)


def settling_outcomes() -> frozenset[str]:
    """Outcome names that settle a case (``rg:settlesCase true`` in the ontology: approved, decided)."""
    return load().settling


@lru_cache(maxsize=1)
def load() -> Ontology:
    """Parse the ontology once per process."""
    g = rdflib.Graph()
    g.parse(ontology_path(), format="turtle")
    skos_scheme = rdflib.URIRef(_PREFIXES["skos"] + "ConceptScheme")
    outcomes, settling = _outcomes(g)
    return Ontology(
        graph=g,
        classes=_terms(g, OWL.Class),
        object_properties=_terms(g, OWL.ObjectProperty),
        datatype_properties=_terms(g, OWL.DatatypeProperty),
        individuals=_terms(g, skos_scheme),
        outcomes=outcomes,
        settling=settling,
    )
