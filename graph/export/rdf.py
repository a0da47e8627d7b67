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
formats are written by the small sorted serialisers below. Those work on plain
strings grouped by subject (:func:`_collect`), not on rdflib terms, and
:func:`write_rdf` streams each file subject block by subject block; the
rdflib-term writers they replaced stay as ``_to_*_reference`` for the tests,
which check the two give the same bytes.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Iterable
from urllib.parse import quote as urlquote

import networkx as nx
import rdflib
from rdflib import Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from graph import atomic, ontology
from graph.gcpause import paused
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
    for new, olds in G.graph.get("sameAs", {}).items():  # IRIs earlier builds gave (graph/identity.py)
        for old in olds:
            add((URIRef(new), OWL.sameAs, URIRef(old)))
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
    return URIRef(_statement_iri(base, s, p, o))


def _statement_iri(base: str, s: str, p: str, o: str) -> str:
    digest = hashlib.sha256(f"{s} {p} {o}".encode("utf-8")).hexdigest()[:24]
    return f"{base}statement/{digest}"


def document_iri(base: str, doc_id: str, docs: dict) -> URIRef:
    return URIRef(_document_iri(base, doc_id, docs))


def _document_iri(base: str, doc_id: str, docs: dict) -> str:
    info = docs.get(doc_id) or {}
    return str(info.get("iri") or f"{base}document/{urlquote(doc_id, safe='')}")


def evidence_iri(base: str, span: Span, docs: dict) -> URIRef:
    """``<document>/span/<start>-<end>``: one Evidence per stretch of text, shared by all facts it supports."""
    return URIRef(_evidence_iri(base, span, docs))


def _evidence_iri(base: str, span: Span, docs: dict) -> str:
    return f"{_document_iri(base, span.doc, docs)}/span/{span.start}-{span.end}"


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


def _to_turtle_reference(g: rdflib.Graph | Iterable[Triple]) -> str:
    """The rdflib-term writer :func:`to_turtle` replaced (kept for the tests to compare with)."""
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


def _to_ntriples_reference(g: rdflib.Graph | Iterable[Triple]) -> str:
    """The rdflib-term writer :func:`to_ntriples` replaced."""
    namer = _Namer({})
    lines = sorted({f"{namer.term(s, False)} {namer.term(p, False)} {namer.term(o, False)} .\n" for s, p, o in g})
    return "".join(lines)


def _to_jsonld_reference(g: rdflib.Graph | Iterable[Triple]) -> str:
    """The rdflib-term writer :func:`to_jsonld` replaced."""
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


_REFERENCE_SERIALISERS = {"ttl": _to_turtle_reference, "nt": _to_ntriples_reference, "jsonld": _to_jsonld_reference}


def _write_rdf_reference(G: nx.MultiDiGraph, out_dir: str | Path, formats: Iterable[str] = ("ttl",)) -> list[Path]:
    """Reference for :func:`write_rdf`: whole triple set, then each file as one string."""
    wanted = [f for f in formats if f in _REFERENCE_SERIALISERS]
    if not wanted:
        return []
    g = triples(G)
    out_dir = Path(out_dir)
    return [atomic.write_text(out_dir / RDF_FORMATS[f], _REFERENCE_SERIALISERS[f](g)) for f in wanted]


# -- fast path: plain strings per subject, written block by block ---------------------
#
# The reference writers above go through millions of rdflib terms (slow to create, and the
# cyclic GC keeps walking them). _collect() maps the graph exactly as triples() does, but into
# ``{subject IRI: [p1, o1, p2, o2, ...]}``: an object is an IRI (str) or a literal as a
# ``(lexical, datatype IRI or "", language or "")`` tuple, the fields _sort_key orders by.
# That is the only representation of all triples; each format renders it one subject at a time.

Subjects = dict[str, list]

_RDF_TYPE = str(RDF.type)
_OWL_SAME_AS = str(OWL.sameAs)
_XSD_STRING = str(XSD.string)
_BARE = frozenset({str(XSD.integer), str(XSD.boolean)})  # Turtle writes these unquoted
_BARE_LEXICAL = re.compile(r"[+-]?\d+|true|false")
# the range datatypes _typed may turn a str into something other than a plain literal
_CONVERTING = frozenset(str(XSD[n]) for n in ("date", "integer", "boolean", "decimal"))
# matches where any namespace is a prefix of the IRI: only then can _Namer compact it
_NS_START = re.compile("|".join(re.escape(ns) for ns in _P.values()))
_MEMO_LIMIT = 1 << 17


def _lit_key(lit: Literal) -> tuple[str, str, str]:
    """The ``(lexical, datatype, language)`` tuple of an rdflib literal."""
    return (str(lit), str(lit.datatype or ""), lit.language or "")


def _plain(value: Any) -> tuple[str, str, str]:
    """``Literal(value)``: a str is its own lexical form; anything else is typed by rdflib."""
    return (value, "", "") if type(value) is str else _lit_key(Literal(value))


def _memo_key(kind: Any, v: Any) -> tuple | None:
    """A key under which equal values always give the same literal (None: do not memoise).
    The type is part of it (1 == 1.0 == True); floats go by repr (0.0 == -0.0); Decimal
    and datetime compare equal across different lexical forms, so they are not memoised."""
    t = type(v)
    if t is str or t is int or t is bool or t is dt.date:
        return (kind, t, v)
    if t is float:
        return (kind, t, repr(v))
    return None


class _Literals:
    """Literal tuples for typed values, made by the reference code (so typing cannot drift)
    and memoised: dates, numbers, offsets and confidences repeat across a corpus."""

    def __init__(self) -> None:
        self._memo: dict[tuple, tuple[str, str, str]] = {}

    def typed(self, v: Any, datatype: str | None) -> tuple[str, str, str]:
        """``_typed(v, datatype)``; a str for a non-converting range is a plain literal."""
        if type(v) is str and datatype not in _CONVERTING:
            return (v, "", "")
        return self._get(datatype, v, _typed, datatype)

    def offset(self, n: Any) -> tuple[str, str, str]:
        return self._get("offset", n, _integer)

    def decimal(self, v: Any) -> tuple[str, str, str]:
        return self._get("decimal", v, _decimal)

    def _get(self, kind: Any, v: Any, make, *args) -> tuple[str, str, str]:
        key = _memo_key(kind, v)
        hit = self._memo.get(key) if key is not None else None
        if hit is None:
            hit = _lit_key(make(v, *args))
            if key is not None and len(self._memo) < _MEMO_LIMIT:
                self._memo[key] = hit
        return hit


def _integer(n: Any) -> Literal:
    return Literal(n, datatype=XSD.integer)  # as _add_evidence() types offsets


def _values(value: Any) -> Iterable[Any]:
    """The values of a prop (a list gives one each), as _literals() reads them."""
    return value if isinstance(value, (list, tuple, set, frozenset)) else (value,)


# vocabulary IRIs the collector writes, as plain strings (rdflib's Namespace makes a URIRef per access)
_LABEL = str(RDFS.label)
_DERIVED = str(PROV.wasDerivedFrom)
_PROV_ENTITY = str(PROV.Entity)
_FOAF_DOCUMENT = str(FOAF.Document)
_SKOS_CONCEPT = str(SKOS.Concept)
_SKOS_IN_SCHEME = str(SKOS.inScheme)
_SKOS_PREF_LABEL = str(SKOS.prefLabel)
_SKOS_TOP_CONCEPT_OF = str(SKOS.topConceptOf)
_SKOS_HAS_TOP_CONCEPT = str(SKOS.hasTopConcept)
_SKOS_CONCEPT_SCHEME = str(SKOS.ConceptScheme)
_SKOS_BROADER = str(SKOS.broader)
_OA_HAS_SELECTOR = str(OA.hasSelector)
_OA_HAS_SOURCE = str(OA.hasSource)
_OA_POSITION = str(OA.TextPositionSelector)
_OA_QUOTE = str(OA.TextQuoteSelector)
_OA_START = str(OA.start)
_OA_END = str(OA.end)
_OA_EXACT = str(OA.exact)
_RDF_STATEMENT = str(RDF.Statement)
_RDF_SUBJECT = str(RDF.subject)
_RDF_PREDICATE = str(RDF.predicate)
_RDF_OBJECT = str(RDF.object)


class _Collector:
    """Maps a networkx graph to :data:`Subjects`, triple for triple as :func:`triples` does
    (same order of work, so the same first Evidence per span and the same errors).
    tests/test_rdf_streaming.py compares the two on many graphs: change them together."""

    def __init__(self, G: nx.MultiDiGraph):
        ont = self.ont = ontology.load()
        self.G = G
        self.base = G.graph.get("base", "https://w3id.org/referatgraf/id/")
        self.docs = G.graph.get("documents", {})
        self.subjects: Subjects = {}
        self.literals = _Literals()
        self.spans: dict[tuple, str] = {}
        self.doc_iris: dict[str, str] = {}
        self.scheme_described = False
        self.props: dict[str, tuple[str, str | None]] = {}
        self.merge_reason = self.prop("mergeReason")[0]
        self.evidence_class = str(ont.cls("Evidence").iri)

    def run(self) -> Subjects:
        for doc_id, info in sorted(self.docs.items()):
            self.document(doc_id, info)
        for iri, data in sorted(self.G.nodes(data=True), key=lambda t: t[0]):
            self.node(iri, data)
        for u, v, key, data in sorted(self.G.edges(keys=True, data=True), key=lambda t: (t[0], t[2], t[1])):
            self.edge(u, v, key, data)
        for new, olds in sorted(self.G.graph.get("sameAs", {}).items()):  # graph/identity.py
            for old in olds:
                self.pairs(new).extend((_OWL_SAME_AS, old))
        return self.subjects

    def pairs(self, s: str) -> list:
        """The flat predicate/object list of subject ``s`` (created on first use)."""
        out = self.subjects.get(s)
        if out is None:
            out = self.subjects[s] = []
        return out

    def prop(self, name: str) -> tuple[str, str | None]:
        """(IRI, range datatype) of ``rg:<name>``; ``KeyError`` if the ontology lacks it."""
        hit = self.props.get(name)
        if hit is None:
            term = self.ont.prop(name)
            hit = self.props[name] = (str(term.iri), term.range[0] if term.range else None)
        return hit

    def typed_props(self, props: dict | None, out: list) -> None:
        for name, value in sorted((props or {}).items()):
            p, datatype = self.prop(name)
            for v in _values(value):
                if v is not None:
                    out += (p, self.literals.typed(v, datatype))

    def document(self, doc_id: str, info: dict) -> None:
        d = _document_iri(self.base, doc_id, {doc_id: info})
        out = [_RDF_TYPE, str(self.ont.cls("SourceDocument").iri), _RDF_TYPE, _PROV_ENTITY,
               _RDF_TYPE, _FOAF_DOCUMENT, self.prop("filePath")[0], _plain(doc_id)]
        for name in ("sha256", "encoding"):
            if info.get(name):
                out += (self.prop(name)[0], (str(info[name]), "", ""))
        self.pairs(d).extend(out)

    def node(self, iri: Any, data: dict) -> None:
        s, out = str(iri), []
        type_ = data.get("type")
        if type_:
            out += (_RDF_TYPE, str(self.ont.cls(type_).iri))
        label = data.get("label")
        if label:
            out += (_LABEL, (str(label), "", "da"))
        self.typed_props(data.get("props"), out)
        for reason in data.get("evidence") or ():
            out += (self.merge_reason, (str(reason), "", ""))
        if type_ == "Theme":
            self.concept(iri, s, label, out)
        for span in data.get("sources") or ():
            out += (_DERIVED, self.evidence(span))
        if out:  # a bare node has no triples, hence no subject block
            self.pairs(s).extend(out)

    def concept(self, iri: Any, s: str, label: Any, out: list) -> None:
        """As _add_concept(): a Theme is a SKOS concept of rg:KLE, main groups its top concepts."""
        scheme = self.ont.individual("KLE")
        kle = str(scheme.iri)
        out += (_RDF_TYPE, _SKOS_CONCEPT, _SKOS_IN_SCHEME, kle)
        if label:
            out += (_SKOS_PREF_LABEL, (str(label), "", "da"))
        if not any(k == "broader" for _, _, k in self.G.out_edges(iri, keys=True)):
            out += (_SKOS_TOP_CONCEPT_OF, kle)
            self.pairs(kle).extend((_SKOS_HAS_TOP_CONCEPT, s))
        if not self.scheme_described:  # the same three triples for every Theme: add them once
            self.scheme_described = True
            self.pairs(kle).extend((_RDF_TYPE, _SKOS_CONCEPT_SCHEME, _LABEL, (scheme.label_da, "", "da"),
                                    _LABEL, (scheme.label_en, "", "en")))

    def document_iri(self, doc_id: str) -> str:
        hit = self.doc_iris.get(doc_id)
        if hit is None:
            hit = self.doc_iris[doc_id] = _document_iri(self.base, doc_id, self.docs)
        return hit

    def evidence(self, span: Span) -> str:
        """The Evidence IRI of ``span``; the first span seen at these offsets describes it."""
        key = (span.doc, span.start, span.end)
        ev = self.spans.get(key)
        if ev is None:
            ev = self.spans[key] = self.add_evidence(span)
        return ev

    def add_evidence(self, span: Span) -> str:
        doc = self.document_iri(span.doc)
        ev = f"{doc}/span/{span.start}-{span.end}"  # as evidence_iri()
        pos, quote = f"{ev}#pos", f"{ev}#quote"
        out = [_RDF_TYPE, self.evidence_class, _OA_HAS_SOURCE, doc,
               _OA_HAS_SELECTOR, pos, _OA_HAS_SELECTOR, quote]
        if span.sentence:
            out += (self.prop("sentence")[0], _plain(span.sentence))
        self.pairs(ev).extend(out)
        self.pairs(pos).extend((_RDF_TYPE, _OA_POSITION, _OA_START, self.literals.offset(span.start),
                                _OA_END, self.literals.offset(span.end)))
        self.pairs(quote).extend((_RDF_TYPE, _OA_QUOTE, _OA_EXACT, _plain(span.quote)))
        return ev

    def edge(self, u: Any, v: Any, key: Any, data: dict) -> None:
        rel = data.get("rel") or key
        p = self.prop(rel)[0]
        if not self.ont.is_object_property(rel):
            raise KeyError(f"edge relation rg:{rel} is a datatype property, not an object property")
        su, sv = str(u), str(v)
        fact = self.pairs(su)
        fact += (p, sv)
        if rel == "broader":
            fact += (_SKOS_BROADER, sv)
        st = _statement_iri(self.base, su, p, sv)
        out = [_RDF_TYPE, _RDF_STATEMENT, _RDF_SUBJECT, su, _RDF_PREDICATE, p, _RDF_OBJECT, sv]
        if data.get("confidence") is not None:
            out += (self.prop("confidence")[0], self.literals.decimal(data["confidence"]))
        for reason in data.get("evidence") or ():
            out += (self.merge_reason, (str(reason), "", ""))
        self.typed_props(data.get("props"), out)
        for span in data.get("sources") or ():
            out += (_DERIVED, self.evidence(span))
        self.pairs(st).extend(out)


def _collect(G: nx.MultiDiGraph) -> Subjects:
    """The triples of ``G`` (as :func:`triples`) grouped by subject, as plain strings."""
    with paused():
        return _Collector(G).run()


class _Data:
    """:data:`Subjects`, and which of its subject IRIs need _iri_safe or may be compacted
    (few: the rest are written as ``<iri>`` without a regex per occurrence)."""

    __slots__ = ("subjects", "slow")

    def __init__(self, subjects: Subjects):
        self.subjects = subjects
        self.slow = {s for s in subjects if _NS_START.match(s) or _IRI_FORBIDDEN.search(s)}


def _data_of(g: Any) -> _Data:
    """The :class:`_Data` of a networkx graph (mapped as :func:`triples` does), an rdflib
    Graph or an iterable of rdflib triples."""
    if isinstance(g, nx.Graph):
        return _Data(_collect(g))
    subjects: Subjects = {}
    for s, p, o in g:
        s = _iri_of(s)
        out = subjects.get(s)
        if out is None:
            out = subjects[s] = []
        out += (_iri_of(p), _object_of(o))
    return _Data(subjects)


def _iri_of(t: Any) -> str:
    if isinstance(t, URIRef):
        return str(t)
    raise ValueError(f"blank nodes are not emitted (found {t!r}); give the resource an IRI")


def _object_of(o: Any) -> str | tuple[str, str, str]:
    return _lit_key(o) if isinstance(o, Literal) else _iri_of(o)


def _pairs(flat: list) -> Iterable[tuple]:
    it = iter(flat)
    return zip(it, it)


def _object_key(o: str | tuple) -> tuple:
    """:func:`_sort_key` of the plain form: IRIs first, literals by lexical, datatype, language."""
    return (1, *o) if o.__class__ is tuple else (0, o, "", "")


def _grouped(flat: list) -> list[tuple[str, Any]]:
    """One subject's (predicate, objects): predicates in _pred_key order (rdf:type first);
    a predicate's objects are one object, or a list without duplicates in _sort_key order."""
    it = iter(flat)
    by_pred: dict[str, Any] = dict(zip(it, it))
    if 2 * len(by_pred) != len(flat):  # some predicate has several objects: gather them
        by_pred = {}
        for p, o in _pairs(flat):
            seen = by_pred.get(p)
            if seen is None:
                by_pred[p] = o
            elif seen.__class__ is list:
                seen.append(o)
            else:
                by_pred[p] = [seen, o]
        for p, objs in by_pred.items():
            if objs.__class__ is list:
                by_pred[p] = sorted(set(objs), key=_object_key)
    preds = sorted(by_pred)
    if _RDF_TYPE in by_pred:
        preds.remove(_RDF_TYPE)
        preds.insert(0, _RDF_TYPE)
    return [(p, by_pred[p]) for p in preds]


def _literal(o: tuple[str, str, str], datatype_form, bare: bool) -> str:
    """A literal as _Namer.term() writes it; ``bare``: Turtle's unquoted integers and booleans."""
    lex, datatype, lang = o
    quoted = f'"{_escape(lex)}"'
    if lang:
        return f"{quoted}@{lang}"
    if not datatype or datatype == _XSD_STRING:
        return quoted
    if bare and _is_bare(lex, datatype):
        return lex
    return f"{quoted}^^{datatype_form(datatype)}"


def _is_bare(lex: str, datatype: str) -> bool:
    return datatype in _BARE and _BARE_LEXICAL.fullmatch(lex) is not None


def _turtle_datatype_written(o: tuple[str, str, str]) -> bool:
    """Whether the Turtle form of literal ``o`` ends in ``^^datatype``."""
    lex, datatype, lang = o
    return not lang and bool(datatype) and datatype != _XSD_STRING and not _is_bare(lex, datatype)


def _nt_iri(iri: str) -> str:
    return f"<{_iri_safe(iri)}>"


def _iri_forms(data: _Data, slow_form, bracket: bool):
    """``iri -> form`` for one file: a subject IRI outside ``data.slow`` is ``<iri>`` (``iri``
    without ``bracket``) as it stands; any other goes through ``slow_form``, memoised
    (vocabulary terms repeat on every subject)."""
    subjects, slow, memo = data.subjects, data.slow, {}

    def form(iri: str) -> str:
        hit = memo.get(iri)
        if hit is None:
            if iri in subjects and iri not in slow:
                return f"<{iri}>" if bracket else iri
            hit = slow_form(iri)
            if len(memo) < _MEMO_LIMIT:
                memo[iri] = hit
        return hit

    return form


# -- Turtle


def _turtle_chunks(data: _Data) -> Iterable[str]:
    """The Turtle of :func:`_to_turtle_reference`, in pieces: the header, then one block per subject."""
    namer = _Namer(_P)
    _note_turtle_prefixes(data, namer)
    yield "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in _P.items() if p in namer.used) + "\n"
    iri = _iri_forms(data, namer.iri, True)

    def term(o):
        return _literal(o, iri, True) if o.__class__ is tuple else iri(o)

    heads: dict[str, str] = {_RDF_TYPE: "    a "}
    sep, subjects = "", data.subjects
    for s in sorted(subjects):
        lines = []
        for p, objs in _grouped(subjects[s]):
            head = heads.get(p) or heads.setdefault(p, f"    {iri(p)} ")
            lines.append(head + (" ,\n        ".join(map(term, objs)) if objs.__class__ is list else term(objs)))
        yield f"{sep}{iri(s)}\n" + " ;\n".join(lines) + " .\n"
        sep = "\n"


def _note_turtle_prefixes(data: _Data, namer: _Namer) -> None:
    """Compact every IRI the Turtle body will compact (subjects, predicates but rdf:type, IRI
    objects, datatypes written out), so namer.used, the ``@prefix`` lines, is complete before
    the first block is written. Objects are gathered in sets (deduplicated in C) of bounded size."""
    preds: set[str] = set()
    objs: set = set()
    for flat in data.subjects.values():
        preds.update(flat[0::2])
        objs.update(flat[1::2])
        if len(objs) > _MEMO_LIMIT:
            _note_objects(objs, data, namer)
            objs.clear()
    _note_objects(objs, data, namer)
    preds.discard(_RDF_TYPE)  # written as "a"
    for iri in [*data.slow, *preds]:
        namer.compact(iri)


def _note_objects(objs: set, data: _Data, namer: _Namer) -> None:
    for o in objs:
        if o.__class__ is tuple:
            if _turtle_datatype_written(o):
                namer.compact(o[1])
        elif o in data.slow or o not in data.subjects:  # other subjects have no prefix to use
            namer.compact(o)


# -- N-Triples


def _ntriples_blocks(data: _Data) -> Iterable[list[str]]:
    """The sorted, unique N-Triples lines, one list per subject.

    A line is ``<S> <P> O .`` with ``S`` escaped by _iri_safe, which leaves no ``>`` in it; so
    sorting all lines keeps each subject's lines together, subjects in the order of ``S + ">"``
    (not of the raw IRI: ``<a/b>`` sorts before ``<a>``). Subjects that escape alike (``a b``,
    ``a%20b``) share one sorted, deduplicated run, as in a sort of all lines.
    """
    subjects, slow = data.subjects, data.slow
    iri = _iri_forms(data, _nt_iri, True)

    def term(o):
        return _literal(o, _nt_iri, False) if o.__class__ is tuple else iri(o)

    def escaped(s: str) -> str:
        return _iri_safe(s) if s in slow else s

    preds: dict[str, str] = {}
    key, head, lines = None, "", set()
    for s in sorted(subjects, key=lambda s: escaped(s) + ">"):
        if escaped(s) != key:
            if lines:
                yield sorted(lines)
            key, lines = escaped(s), set()
            head = f"<{key}> "
        for p, o in _pairs(subjects[s]):
            pred = preds.get(p) or preds.setdefault(p, _nt_iri(p))
            lines.add(f"{head}{pred} {term(o)} .\n")
    if lines:
        yield sorted(lines)


def ntriples_lines(G: Any) -> Iterable[str]:
    """The N-Triples of ``G`` line by line (each ending in ``\\n``), sorted and unique:
    ``"".join(ntriples_lines(G)) == to_ntriples(G)``. ``G``: a networkx graph (mapped as
    :func:`triples` does), an rdflib Graph or an iterable of triples."""
    for lines in _ntriples_blocks(_data_of(G)):
        yield from lines


def _ntriples_chunks(data: _Data) -> Iterable[str]:
    return map("".join, _ntriples_blocks(data))


# -- JSON-LD

_json_str = json.encoder.encode_basestring  # what json.dumps(ensure_ascii=False) uses


def _jsonld_chunks(data: _Data) -> Iterable[str]:
    """The JSON-LD of :func:`_to_jsonld_reference` (``indent=1, sort_keys=True``), node by node:
    a node is written at nesting depth 2, its keys at 3, their values at 4 and 5."""
    context = json.dumps({"@context": _P}, ensure_ascii=False, indent=1, sort_keys=True)
    head = context[:-2] + ',\n "@graph": ['  # "@context" sorts before "@graph"
    if not data.subjects:
        yield head + "]\n}\n"
        return
    compact = _iri_forms(data, _Namer(_P).compact, False)

    def value(o):
        if o.__class__ is not tuple:
            return '{\n     "@id": ' + _json_str(compact(o)) + "\n    }"
        lex, datatype, lang = o
        if lang:
            return '{\n     "@language": ' + _json_str(lang) + ',\n     "@value": ' + _json_str(lex) + "\n    }"
        if not datatype or datatype == _XSD_STRING:
            return '{\n     "@value": ' + _json_str(lex) + "\n    }"
        return '{\n     "@type": ' + _json_str(compact(datatype)) + ',\n     "@value": ' + _json_str(lex) + "\n    }"

    def type_(o):
        return _json_str(compact(o[0] if o.__class__ is tuple else o))

    sep = "\n  "
    yield head
    for s in sorted(data.subjects):
        node = {"@id": _json_str(compact(s))}
        for p, objs in _grouped(data.subjects[s]):
            form = type_ if p == _RDF_TYPE else value
            items = ",\n    ".join(map(form, objs)) if objs.__class__ is list else form(objs)
            node["@type" if p == _RDF_TYPE else compact(p)] = "[\n    " + items + "\n   ]"
        yield sep + "{\n   " + ",\n   ".join(f"{_json_str(k)}: {v}" for k, v in sorted(node.items())) + "\n  }"
        sep = ",\n  "
    yield "\n ]\n}\n"


# -- public serialisers and streaming writers

_CHUNKS = {"ttl": _turtle_chunks, "nt": _ntriples_chunks, "jsonld": _jsonld_chunks}


def to_turtle(g: Any) -> str:
    """Sorted, prefixed Turtle: subjects, predicates (rdf:type first) and objects in a fixed order.
    ``g``: an rdflib Graph, an iterable of triples (as :func:`triples` gives) or a networkx graph."""
    with paused():
        return "".join(_turtle_chunks(_data_of(g)))


def to_ntriples(g: Any) -> str:
    """One triple per line, lines sorted (so ``sort -u`` of two files is their union); ``g`` as for to_turtle."""
    with paused():
        return "".join(_ntriples_chunks(_data_of(g)))


def to_jsonld(g: Any) -> str:
    """Expanded-value JSON-LD with a prefix context; nodes and values sorted, keys sorted; ``g`` as for to_turtle."""
    with paused():
        return "".join(_jsonld_chunks(_data_of(g)))


SERIALISERS = {"ttl": to_turtle, "nt": to_ntriples, "jsonld": to_jsonld}


def _write_chunks(path: str | os.PathLike, chunks: Iterable[str]) -> Path:
    path = Path(path)
    with atomic.replacing(path, text=True) as fh, paused():  # rendering makes no cycles either
        fh.writelines(chunks)
    return path


def write_ntriples(G: Any, path: str | os.PathLike) -> Path:
    """Write the sorted N-Triples of ``G`` to ``path`` (atomically, streamed); returns the path."""
    return _write_chunks(path, _ntriples_chunks(_data_of(G)))


def write_rdf(G: nx.MultiDiGraph, out_dir: str | Path, formats: Iterable[str] = ("ttl",)) -> list[Path]:
    """Write ``graph.ttl`` / ``graph.nt`` / ``graph.jsonld`` atomically; returns the paths written.

    The graph is mapped once; each file is then streamed subject block by subject block, so
    no file exists in memory as a whole.
    """
    wanted = [f for f in formats if f in _CHUNKS]
    if not wanted:
        return []
    data = _Data(_collect(G))
    out_dir = Path(out_dir)
    return [_write_chunks(out_dir / RDF_FORMATS[f], _CHUNKS[f](data)) for f in wanted]


def serialize_with_oxigraph(ttl: bytes, fmt: str = "ttl") -> bytes:
    """Re-serialise Turtle with pyoxigraph (fast, for comparison; not sorted)."""
    import pyoxigraph

    formats = {"ttl": pyoxigraph.RdfFormat.TURTLE, "nt": pyoxigraph.RdfFormat.N_TRIPLES}
    store = pyoxigraph.Store()
    store.bulk_load(ttl, format=pyoxigraph.RdfFormat.TURTLE)
    return store.dump(format=formats[fmt], from_graph=pyoxigraph.DefaultGraph())
