"""RDF view of the graph: Turtle, N-Triples and JSON-LD, byte-identical across reruns.

Mapping (every ``rg:`` term comes from :mod:`graph.ontology`, so an unknown
term raises ``KeyError`` instead of producing unaligned data):

- node ``type`` → ``rdf:type rg:<type>``; ``label`` → ``rdfs:label "…"@da``;
  ``props`` → datatype properties typed by the property's range in the ontology.
  Themes also get ``skos:Concept``, ``skos:inScheme rg:KLE`` and ``skos:prefLabel``
  (SKOS consumers expect them without reasoning).
- edge ``u -[rel]-> v`` → ``u rg:rel v`` (``broader`` also as ``skos:broader``).
- provenance (see ontology/README.md): each edge triple is reified as an
  ``rdf:Statement`` whose IRI hashes the triple; the statement carries the
  edge's ``confidence``, merge ``evidence`` (``rg:mergeReason``) and ``props``, and
  ``prov:wasDerivedFrom`` one ``rg:Evidence`` per source span. Nodes point to their
  evidence directly. An Evidence is a Web Annotation specific resource:
  ``oa:hasSource`` the document, a ``oa:TextPositionSelector`` (offsets) and a
  ``oa:TextQuoteSelector`` (exact quote), all with IRIs derived from document and
  offsets, so there are no blank nodes and the output is deterministic.

rdflib's own Turtle writer does not promise a stable order, so the three
formats are written by the small sorted serialisers below.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Iterable
from urllib.parse import quote as urlquote

import networkx as nx
import rdflib
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from graph import atomic, ontology
from graph.model import Span

RDF_FORMATS = {"ttl": "graph.ttl", "nt": "graph.nt", "jsonld": "graph.jsonld"}

_P = ontology.prefixes()
PROV = rdflib.Namespace(_P["prov"])
OA = rdflib.Namespace(_P["oa"])
SKOS = rdflib.Namespace(_P["skos"])
FOAF = rdflib.Namespace(_P["foaf"])


# -- building the rdflib graph -------------------------------------------------------

Triple = tuple  # (URIRef, URIRef, URIRef | Literal)


def to_rdf(G: nx.MultiDiGraph) -> rdflib.Graph:
    """The RDF graph of ``G`` (nodes, edges, documents, provenance) as an rdflib Graph."""
    out = rdflib.Graph()
    for prefix, ns in _P.items():
        out.bind(prefix, ns, override=True)
    for t in triples(G):
        out.add(t)
    return out


def triples(G: nx.MultiDiGraph) -> set[Triple]:
    """The triples of :func:`to_rdf` as a plain set (several times faster than filling an
    rdflib Graph; the serialisers below accept either)."""
    ont = ontology.load()
    out: set[Triple] = set()
    base = G.graph.get("base", "https://w3id.org/referatgraf/id/")
    docs = G.graph.get("documents", {})
    add = out.add
    seen_spans: dict[tuple, URIRef] = {}

    def evidence(span: Span) -> URIRef:
        key = (span.doc, span.start, span.end)
        if key not in seen_spans:
            seen_spans[key] = _add_evidence(out, ont, base, docs, span)
        return seen_spans[key]

    for doc_id, info in sorted(docs.items()):
        _add_document(out, ont, base, doc_id, info)

    for iri, data in sorted(G.nodes(data=True), key=lambda t: t[0]):
        s = URIRef(iri)
        type_ = data.get("type")
        if type_:
            add((s, RDF.type, ont.cls(type_).uri))
        label = data.get("label")
        if label:
            add((s, RDFS.label, Literal(str(label), lang="da")))
        for name, value in sorted((data.get("props") or {}).items()):
            for lit in _literals(ont, name, value):
                add((s, ont.prop(name).uri, lit))
        for reason in data.get("evidence") or ():
            add((s, ont.prop("mergeReason").uri, Literal(str(reason))))
        if type_ == "Theme":
            _add_concept(out, ont, G, iri, label)
        for span in data.get("sources") or ():
            add((s, PROV.wasDerivedFrom, evidence(span)))

    for u, v, key, data in sorted(G.edges(keys=True, data=True), key=lambda t: (t[0], t[2], t[1])):
        rel = data.get("rel") or key
        prop = ont.prop(rel)
        if not ont.is_object_property(rel):
            raise KeyError(f"edge relation rg:{rel} is a datatype property, not an object property")
        triple = (URIRef(u), prop.uri, URIRef(v))
        add(triple)
        if rel == "broader":
            add((URIRef(u), SKOS.broader, URIRef(v)))
        st = statement_iri(base, *triple)
        add((st, RDF.type, RDF.Statement))
        add((st, RDF.subject, triple[0]))
        add((st, RDF.predicate, triple[1]))
        add((st, RDF.object, triple[2]))
        if data.get("confidence") is not None:
            add((st, ont.prop("confidence").uri, _decimal(data["confidence"])))
        for reason in data.get("evidence") or ():
            add((st, ont.prop("mergeReason").uri, Literal(str(reason))))
        for name, value in sorted((data.get("props") or {}).items()):
            for lit in _literals(ont, name, value):
                add((st, ont.prop(name).uri, lit))
        for span in data.get("sources") or ():
            add((st, PROV.wasDerivedFrom, evidence(span)))
    return out


def _add_concept(out: set, ont, G: nx.MultiDiGraph, iri: str, label: str | None) -> None:
    """A Theme as a SKOS concept of the KLE scheme; the scheme itself is described too, so
    the data stands alone for SKOS tools, and main groups are its top concepts."""
    s, scheme = URIRef(iri), ont.individual("KLE")
    out.add((s, RDF.type, SKOS.Concept))
    out.add((s, SKOS.inScheme, scheme.uri))
    if label:
        out.add((s, SKOS.prefLabel, Literal(str(label), lang="da")))
    if not any(k == "broader" for _, _, k in G.out_edges(iri, keys=True)):
        out.add((s, SKOS.topConceptOf, scheme.uri))
        out.add((scheme.uri, SKOS.hasTopConcept, s))
    out.add((scheme.uri, RDF.type, SKOS.ConceptScheme))
    out.add((scheme.uri, RDFS.label, Literal(scheme.label_da, lang="da")))
    out.add((scheme.uri, RDFS.label, Literal(scheme.label_en, lang="en")))


def statement_iri(base: str, s: URIRef, p: URIRef, o: URIRef) -> URIRef:
    """Deterministic IRI of the reified triple: the same fact gets the same statement in every build."""
    digest = hashlib.sha256(f"{s} {p} {o}".encode("utf-8")).hexdigest()[:24]
    return URIRef(f"{base}statement/{digest}")


def document_iri(base: str, doc_id: str, docs: dict) -> URIRef:
    info = docs.get(doc_id) or {}
    return URIRef(info.get("iri") or f"{base}document/{urlquote(doc_id, safe='')}")


def evidence_iri(base: str, span: Span, docs: dict) -> URIRef:
    """``<document>/span/<start>-<end>``: one Evidence per stretch of text, shared by all facts it supports."""
    return URIRef(f"{document_iri(base, span.doc, docs)}/span/{span.start}-{span.end}")


def _add_evidence(out: set, ont, base: str, docs: dict, span: Span) -> URIRef:
    ev = evidence_iri(base, span, docs)
    pos, quote = URIRef(f"{ev}#pos"), URIRef(f"{ev}#quote")
    out.add((ev, RDF.type, ont.cls("Evidence").uri))
    out.add((ev, OA.hasSource, document_iri(base, span.doc, docs)))
    out.add((ev, OA.hasSelector, pos))
    out.add((ev, OA.hasSelector, quote))
    out.add((pos, RDF.type, OA.TextPositionSelector))
    out.add((pos, OA.start, Literal(span.start, datatype=XSD.integer)))
    out.add((pos, OA.end, Literal(span.end, datatype=XSD.integer)))
    out.add((quote, RDF.type, OA.TextQuoteSelector))
    out.add((quote, OA.exact, Literal(span.quote)))
    if span.sentence:
        out.add((ev, ont.prop("sentence").uri, Literal(span.sentence)))
    return ev


def _add_document(out: set, ont, base: str, doc_id: str, info: dict) -> None:
    """The source file as rg:SourceDocument, also typed prov:Entity / foaf:Document for provenance tools."""
    d = document_iri(base, doc_id, {doc_id: info})
    out.add((d, RDF.type, ont.cls("SourceDocument").uri))
    out.add((d, RDF.type, PROV.Entity))
    out.add((d, RDF.type, FOAF.Document))
    out.add((d, ont.prop("filePath").uri, Literal(doc_id)))
    for name in ("sha256", "encoding"):
        if info.get(name):
            out.add((d, ont.prop(name).uri, Literal(str(info[name]))))


def _decimal(value: Any) -> Literal:
    # repr of a float is the shortest round-tripping form: stable and readable (0.8, not 0.80000001)
    text = repr(float(value)) if isinstance(value, float) else str(value)
    return Literal(Decimal(text), datatype=XSD.decimal)


def _literals(ont, name: str, value: Any) -> list[Literal]:
    """Literals for a prop value (lists give one each), typed by the ontology's range."""
    values = value if isinstance(value, (list, tuple, set, frozenset)) else [value]
    rng = ont.prop(name).range
    datatype = rng[0] if rng else None
    out = []
    for v in values:
        if v is None:
            continue
        out.append(_typed(v, datatype))
    return sorted(out, key=_sort_key)


def _typed(v: Any, datatype: str | None) -> Literal:
    """Coerce to the range datatype when the value allows; otherwise keep its own type
    (SHACL then reports the mismatch instead of the export hiding it)."""
    x = str(XSD)
    try:
        if datatype == x + "date":
            if isinstance(v, dt.datetime):
                return Literal(v.date())
            if isinstance(v, dt.date):
                return Literal(v)
            return Literal(dt.date.fromisoformat(str(v)))
        if datatype == x + "integer" and not isinstance(v, bool):
            if isinstance(v, int) or (isinstance(v, str) and re.fullmatch(r"[+-]?\d+", v.strip())):
                return Literal(int(v))
        if datatype == x + "boolean":
            if isinstance(v, bool):
                return Literal(v)
            if str(v).lower() in ("true", "false"):
                return Literal(str(v).lower() == "true")
        if datatype == x + "decimal" and not isinstance(v, bool):
            return _decimal(v)
        if datatype == x + "string":
            return Literal(v.isoformat() if isinstance(v, dt.date) else str(v))
    except (ValueError, InvalidOperation):
        pass
    if isinstance(v, float):
        return _decimal(v)
    return Literal(v)


# -- deterministic serialisers -------------------------------------------------------

_PN_LOCAL = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


def _sort_key(term: rdflib.term.Node) -> tuple:
    """IRIs before literals; literals by lexical form, then datatype / language."""
    if isinstance(term, Literal):
        return (1, str(term), str(term.datatype or ""), term.language or "")
    return (0, str(term), "", "")


_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def _iri_safe(iri: str) -> str:
    """Percent-encode the characters Turtle/N-Triples forbid inside ``<...>`` (space, quotes, ...)."""
    return _IRI_FORBIDDEN.sub(lambda m: "%{:02X}".format(ord(m.group())), iri)


def _escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
            .replace("\r", "\\r").replace("\t", "\\t"))


class _Namer:
    """Compacts IRIs to prefixed names where Turtle allows it (used by the Turtle writer)."""

    def __init__(self, prefixes: dict[str, str]):
        # longest namespace first, so rg: never hides a longer match
        self.prefixes = sorted(prefixes.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        self.used: set[str] = set()
        self._memo: dict[str, str] = {}

    def iri(self, iri: str) -> str:
        """Turtle form: ``prefix:local`` or ``<iri>``."""
        compact = self.compact(iri)
        return compact if compact != iri else f"<{_iri_safe(iri)}>"

    def compact(self, iri: str) -> str:
        """JSON-LD form: ``prefix:local`` or the bare IRI (memoised: few distinct terms repeat often)."""
        hit = self._memo.get(iri)
        if hit is None:
            hit = iri
            for prefix, ns in self.prefixes:
                if iri.startswith(ns) and _PN_LOCAL.match(iri[len(ns):]):
                    self.used.add(prefix)
                    hit = f"{prefix}:{iri[len(ns):]}"
                    break
            if len(self._memo) < 100_000:
                self._memo[iri] = hit
        return hit

    def term(self, t: rdflib.term.Node, compact: bool = True) -> str:
        if isinstance(t, URIRef):
            return self.iri(str(t)) if compact else f"<{_iri_safe(str(t))}>"
        if isinstance(t, Literal):
            lex = f'"{_escape(str(t))}"'
            if t.language:
                return f"{lex}@{t.language}"
            if t.datatype is None or str(t.datatype) == str(XSD.string):
                return lex
            if compact and t.datatype in (XSD.integer, XSD.boolean) and re.fullmatch(r"[+-]?\d+|true|false", str(t)):
                return str(t)
            return f"{lex}^^{self.iri(str(t.datatype)) if compact else f'<{_iri_safe(str(t.datatype))}>'}"
        raise ValueError(f"blank nodes are not emitted (found {t!r}); give the resource an IRI")


def _by_subject(g: Iterable[Triple]) -> dict[URIRef, dict[URIRef, list]]:
    subjects: dict[URIRef, dict[URIRef, list]] = {}
    for s, p, o in g:
        subjects.setdefault(s, {}).setdefault(p, []).append(o)
    return subjects


def _pred_key(p: URIRef) -> tuple:
    return (p != RDF.type, str(p))  # rdf:type first, as readers expect


def to_turtle(g: rdflib.Graph | Iterable[Triple]) -> str:
    """Sorted, prefixed Turtle: subjects, predicates (rdf:type first) and objects in a fixed order."""
    namer = _Namer(ontology.prefixes())
    blocks = []
    for s, preds in sorted(_by_subject(g).items(), key=lambda kv: str(kv[0])):
        lines = []
        for p in sorted(preds, key=_pred_key):
            objs = sorted(set(preds[p]), key=_sort_key)
            pname = "a" if p == RDF.type else namer.term(p)
            lines.append(f"    {pname} " + " ,\n        ".join(namer.term(o) for o in objs))
        blocks.append(namer.term(s) + "\n" + " ;\n".join(lines) + " .\n")
    header = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in ontology.prefixes().items() if p in namer.used)
    return header + "\n" + "\n".join(blocks)


def to_ntriples(g: rdflib.Graph | Iterable[Triple]) -> str:
    """One triple per line, lines sorted (so ``sort -u`` of two files is their union)."""
    namer = _Namer({})
    lines = sorted({f"{namer.term(s, False)} {namer.term(p, False)} {namer.term(o, False)} .\n" for s, p, o in g})
    return "".join(lines)


def to_jsonld(g: rdflib.Graph | Iterable[Triple]) -> str:
    """Expanded-value JSON-LD with a prefix context; nodes and values sorted, keys sorted."""
    prefixes = ontology.prefixes()
    namer = _Namer(prefixes)

    def value(o):
        if isinstance(o, URIRef):
            return {"@id": namer.compact(str(o))}
        if o.language:
            return {"@value": str(o), "@language": o.language}
        if o.datatype is None or o.datatype == XSD.string:
            return {"@value": str(o)}
        return {"@value": str(o), "@type": namer.compact(str(o.datatype))}

    nodes = []
    for s, preds in sorted(_by_subject(g).items(), key=lambda kv: str(kv[0])):
        node: dict[str, Any] = {"@id": namer.compact(str(s))}
        for p, objs in preds.items():
            objs = sorted(set(objs), key=_sort_key)
            if p == RDF.type:
                node["@type"] = [namer.compact(str(o)) for o in objs]
            else:
                node[namer.compact(str(p))] = [value(o) for o in objs]
        nodes.append(node)
    doc = {"@context": {p: ns for p, ns in prefixes.items()}, "@graph": nodes}
    return json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


SERIALISERS = {"ttl": to_turtle, "nt": to_ntriples, "jsonld": to_jsonld}


def write_rdf(G: nx.MultiDiGraph, out_dir: str | Path, formats: Iterable[str] = ("ttl",)) -> list[Path]:
    """Write ``graph.ttl`` / ``graph.nt`` / ``graph.jsonld`` atomically; returns the paths written."""
    wanted = [f for f in formats if f in SERIALISERS]
    if not wanted:
        return []
    g = triples(G)
    out_dir = Path(out_dir)
    return [atomic.write_text(out_dir / RDF_FORMATS[f], SERIALISERS[f](g)) for f in wanted]


def serialize_with_oxigraph(ttl: bytes, fmt: str = "ttl") -> bytes:
    """Re-serialise Turtle with pyoxigraph (fast, for comparison; not sorted)."""
    import pyoxigraph

    formats = {"ttl": pyoxigraph.RdfFormat.TURTLE, "nt": pyoxigraph.RdfFormat.N_TRIPLES}
    store = pyoxigraph.Store()
    store.bulk_load(ttl, format=pyoxigraph.RdfFormat.TURTLE)
    return store.dump(format=formats[fmt], from_graph=pyoxigraph.DefaultGraph())
