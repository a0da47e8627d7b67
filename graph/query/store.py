"""The on-disk store: a build's RDF in an Oxigraph (RocksDB) folder, ``OUT/store/``, so that
``sparql``, ``serve``, ``path`` and ``show`` answer about a large archive without parsing
graph.ttl or loading graph.json whole.

Writing (the export format ``store``): :func:`write_store` streams the build's N-Triples into
``pyoxigraph.Store(path).bulk_load`` and compacts the result once (``optimize``); report.json records, for the folder, the sha256 of
those N-Triples (the same digest graph.nt would have), because the store's own files are not
byte-identical from run to run. It is written after graph.ttl and graph.json, so a store is
*fresh* when none of its files is older than them (:func:`store_status`); a store that is
missing or older makes the commands fall back to the files, and they say so.

Reading: :class:`GraphStore` opens the store read-only and rebuilds, for the few nodes a
question needs, exactly the networkx attributes graph.json gives (see ARCHITECTURE.md, "The
in-memory graph"), from the RDF mapping of :mod:`graph.export.rdf`:

- ``type`` from ``rdf:type rg:<Class>``, ``label`` from ``rdfs:label``;
- ``props`` from the datatype properties: ``xsd:integer`` → int, ``xsd:boolean`` → bool,
  ``xsd:decimal`` → float (the one decimal property, ``confidence``, holds floats), ``xsd:date`` →
  ``datetime.date`` where the ontology gives the property that range (as graph.json restores
  it; on edges a date stays an ISO string, as in graph.json), else str; several values → the
  sorted list the builder keeps (``sorted(set(...), key=str)``), one value → the value, except
  for the properties the builder always keeps as lists (the literal mentions of
  ``graph.builder.LITERAL_KINDS``: ``moneyAmount``, ``deadline``; :data:`EDGE_LIST_PROPS`);
- ``sources`` from ``prov:wasDerivedFrom`` → ``rg:Evidence`` → ``oa:hasSource`` (the
  document's ``rg:filePath``), ``oa:TextPositionSelector`` (start, end),
  ``oa:TextQuoteSelector`` (exact) and ``rg:sentence``: :class:`graph.model.Span`, sorted;
- edges from the ``rg:`` object-property triples, their ``sources``, ``confidence``,
  ``evidence`` (``rg:mergeReason``) and ``props`` from the reified ``rdf:Statement``.
  An edge's empty ``props``/``evidence`` (which RDF cannot tell from none) is left out;
  the spans of a piece's nodes, and all of an edge's attributes but ``rel``, are read when
  first asked for (:class:`Attributes`): they are most of what the store holds;
- ``degree``: the node's degree in the whole graph (its statements as subject and object),
  which :func:`graph.query.paths.node_cost` uses in place of ``G.degree`` when present.

``path`` grows a ball around each end (:meth:`GraphStore.search_paths`, a bidirectional
Dijkstra that reads the store a layer at a time) until it holds every path as cheap as the
answer (with the margin the ``k`` alternatives need), then runs the search of
:func:`graph.query.paths.find_paths` over it: the paths are those of the whole graph, and, as
:func:`graph.query.paths.tie_break` makes no two paths cost the same, so is their order.
``show`` loads the node, its edges and the nodes :mod:`graph.query.timeline` walks
(:meth:`GraphStore.show_graph`).

>>> import tempfile, pathlib, networkx as nx
>>> from graph.model import Span
>>> G = nx.MultiDiGraph(base="https://example.org/id/", documents={"a.txt": {"iri": "https://example.org/id/document/a.txt"}})
>>> G.add_node("https://example.org/id/case/1", type="Case", label="00.01.00-A00-1-21",
...            props={"year": 2021, "title": ["B", "A"]}, sources=[Span("a.txt", 3, 9, "00.01.", "")])
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> path, digest = write_store(G, folder)
>>> gs = GraphStore(path)
>>> gs.records(["https://example.org/id/case/1"])["https://example.org/id/case/1"]["props"]
{'title': ['A', 'B'], 'year': 2021}
"""
from __future__ import annotations

import datetime as dt
import hashlib
import heapq
import io
import os
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import networkx as nx

from graph.model import Span

STORE = "store"  # the folder's name in an export folder (graph.export.FILE_NAMES["store"])
FILES = ("graph.ttl", "graph.json")  # what a store must not be older than

_RG = "https://w3id.org/referatgraf/ontology#"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_PROV = "http://www.w3.org/ns/prov#"
_OA = "http://www.w3.org/ns/oa#"

# Edge props the builder always keeps as a list, even of one value ((rel or None, name)).
EDGE_LIST_PROPS = frozenset({("holdsPost", "date")})
BATCH = 500  # IRIs per VALUES block
SKELETON_AFTER = 3000  # settled nodes after which a path search reads the graph's structure whole


def _node_list_props() -> frozenset[str]:
    from graph.builder import LITERAL_KINDS  # literal mentions (money, deadlines) are kept as lists

    return frozenset(LITERAL_KINDS.values())


# ------------------------------------------------------------------------------ writing


class _LineStream(io.RawIOBase):
    """The N-Triples lines as a binary stream for the bulk loader, hashed as they are read."""

    def __init__(self, lines: Iterable[str]):
        self._lines = iter(lines)
        self._buffer = b""
        self.digest = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        while len(self._buffer) < len(b):
            chunk = []
            size = 0
            for line in self._lines:
                data = line.encode("utf-8")
                chunk.append(data)
                size += len(data)
                if size >= 1 << 20:
                    break
            if not chunk:
                break
            joined = b"".join(chunk)
            self.digest.update(joined)
            self._buffer += joined
        n = min(len(b), len(self._buffer))
        b[:n] = self._buffer[:n]
        self._buffer = self._buffer[n:]
        return n


def ntriples_of(G: nx.MultiDiGraph) -> Iterable[str]:
    """The sorted N-Triples lines of ``G``: :func:`graph.export.rdf.ntriples_lines` where there is
    one (it streams), else the lines of ``to_ntriples(triples(G))``."""
    from graph.export import rdf

    lines = getattr(rdf, "ntriples_lines", None)
    if lines is not None:
        return lines(G)
    return rdf.to_ntriples(rdf.triples(G)).splitlines(keepends=True)


def write_store(G: nx.MultiDiGraph, folder: str | os.PathLike, nt_file: str | os.PathLike | None = None) -> tuple[Path, str]:
    """Write ``folder/store``, an Oxigraph store of ``G``'s RDF, with the bulk loader.

    ``nt_file``: graph.nt of the same graph, already written (it is read from there instead of
    serialising again). Returns the store's path and the sha256 of the N-Triples loaded.
    """
    import pyoxigraph as ox

    target = Path(folder) / STORE
    if target.exists():
        import shutil

        shutil.rmtree(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    store = ox.Store(str(target))
    try:
        if nt_file is not None:
            digest = hashlib.sha256()
            with open(nt_file, "rb") as f:
                for block in iter(lambda: f.read(1 << 20), b""):
                    digest.update(block)
            store.bulk_load(path=str(nt_file), format=ox.RdfFormat.N_TRIPLES)
            hexdigest = digest.hexdigest()
        else:
            stream = _LineStream(ntriples_of(G))
            store.bulk_load(io.BufferedReader(stream, 1 << 20), format=ox.RdfFormat.N_TRIPLES)
            hexdigest = stream.digest.hexdigest()
        store.flush()
        store.optimize()  # one compaction: reads (sparql, path, show) are 2-4 times faster after it
    finally:
        del store  # closes the database before the folder is moved into place
    return target, hexdigest


# ------------------------------------------------------------------------------ finding one


def _newest(path: Path) -> float:
    try:
        return max([path.stat().st_mtime, *(p.stat().st_mtime for p in path.iterdir())])
    except OSError:
        return 0.0


def store_status(folder: str | os.PathLike, against: Iterable[str] = FILES) -> tuple[Path | None, str | None]:
    """``(store, None)`` when ``folder/store`` can answer for the export folder ``folder``;
    ``(None, why)`` when it is missing or older than one of ``against`` (graph.ttl, graph.json)
    present beside it, ``why`` being the sentence to tell the user."""
    folder = Path(folder)
    store = folder / STORE
    if not (store / "CURRENT").is_file():
        return None, f"no store in {folder} (`referatgraf build` writes one, --format store)"
    made = _newest(store)
    for name in against:
        other = folder / name
        if other.is_file() and other.stat().st_mtime > made:
            return None, f"the store in {folder} is older than {name}"
    return store, None


@lru_cache(maxsize=1)
def _vocabulary() -> dict[str, Any]:
    from graph import ontology

    ont = ontology.load()
    object_props = {t.iri: name for name, t in ont.object_properties.items()}
    data_props = {t.iri: name for name, t in ont.datatype_properties.items()}
    classes = {t.iri: name for name, t in ont.classes.items() if name != "Evidence"}
    date_props = frozenset(name for name, t in ont.datatype_properties.items() if _XSD + "date" in (t.range or ()))
    return {"object": object_props, "data": data_props, "classes": classes, "dates": date_props,
            "merge": ont.prop("mergeReason").iri, "confidence": ont.prop("confidence").iri,
            "sentence": ont.prop("sentence").iri, "filePath": ont.prop("filePath").iri}


def _iri(term) -> str:
    return f"<{term}>"


def _chunks(items: list, size: int = BATCH) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _decimal(lexical: str) -> float:
    # The one xsd:decimal property, confidence, holds floats; Oxigraph keeps a decimal in its
    # canonical form, so the 1.0 graph.nt says reads back as "1".
    return float(lexical)


# ------------------------------------------------------------------------------ the reader


class _Pending:
    """What a group of attribute dicts of one piece of the graph still lacks, read for all of them
    at once when one of them is first asked for it: the ``sources`` of the nodes of one type, or
    everything but ``rel`` of the edges of one relation."""

    def __init__(self, gs: "GraphStore"):
        self.gs = gs
        self.members: list[tuple["Attributes", Any]] = []

    def add(self, attrs: "Attributes", key: Any) -> "Attributes":
        """``key``: the node's IRI, or the edge ``(u, v, rel)``."""
        self.members.append((attrs, key))
        return attrs

    def fill(self) -> None:
        members, self.members = self.members, []
        if not members:
            return
        if isinstance(members[0][1], str):  # nodes: their sources
            evidence = self.gs._evidence_of([n for _, n in members])
            spans = self.gs.spans([e for found in evidence.values() for e in found])
            for attrs, n in members:
                attrs._complete({"sources": sorted(spans[e] for e in evidence[n] if e in spans)})
        else:  # edges: what their rdf:Statement says
            data = self.gs._edge_attributes([e for _, e in members])
            for attrs, e in members:
                attrs._complete(data[e])


class Attributes(dict):
    """The attributes of a node or edge of a piece of the graph read from the store, some of which
    (a node's ``sources``; all but an edge's ``rel``) are read the first time anything asks for
    them, for all nodes of its type, or edges of its relation, in the piece at once: the spans,
    with their sentences, are most of what the store holds, and most answers read few of them.
    Until then it behaves as the complete dict (``"sources" in d``, ``d["sources"]``, ``d.get``,
    iteration, ``==``); a copy or pickle is a plain dict."""

    def __init__(self, data: dict, group: _Pending):
        super().__init__(data)
        self._ready = frozenset(data)  # keys that are complete already
        self._load: _Pending | None = group

    def _fill(self) -> None:
        if self._load is not None:
            self._load.fill()

    def _complete(self, data: dict) -> None:
        self._load = None
        dict.update(self, data)

    def __getitem__(self, key):
        if key not in self._ready:
            self._fill()
        return dict.__getitem__(self, key)

    def get(self, key, default=None):
        if key not in self._ready:
            self._fill()
        return dict.get(self, key, default)

    def __contains__(self, key) -> bool:
        if key not in self._ready:
            self._fill()
        return dict.__contains__(self, key)
    def __iter__(self):
        self._fill()
        return dict.__iter__(self)

    def __len__(self) -> int:
        self._fill()
        return dict.__len__(self)

    def keys(self):
        self._fill()
        return dict.keys(self)

    def items(self):
        self._fill()
        return dict.items(self)

    def values(self):
        self._fill()
        return dict.values(self)

    def __eq__(self, other) -> bool:
        self._fill()
        return dict.__eq__(self, other)

    def __ne__(self, other) -> bool:
        return not self.__eq__(other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        self._fill()
        return dict.__repr__(self)

    def copy(self) -> dict:
        self._fill()
        return dict(self)

    def pop(self, key, *default):
        self._fill()
        return dict.pop(self, key, *default)

    def setdefault(self, key, default=None):
        self._fill()
        return dict.setdefault(self, key, default)

    def update(self, *args, **kwargs) -> None:
        self._fill()
        dict.update(self, *args, **kwargs)

    def __reduce__(self):
        self._fill()
        return (dict, (dict(self),))


class GraphStore:
    """A build's store, opened read-only, answering with networkx-shaped pieces of the graph.

    Everything fetched is cached for the life of the object (one command, one question).
    """

    def __init__(self, path: str | os.PathLike):
        import pyoxigraph as ox

        self.path = Path(path)
        self.ox = ox
        self.store = ox.Store.read_only(str(self.path))
        v = _vocabulary()
        self._objects = v["object"]
        self._data = v["data"]
        self._classes = v["classes"]
        self._dates = v["dates"]
        self._v = v
        self._object_terms = {ox.NamedNode(i): n for i, n in self._objects.items()}
        self._node_lists = _node_list_props()
        self._default = ox.DefaultGraph()
        self._type = ox.NamedNode(_RDF + "type")
        self._label = ox.NamedNode(_RDFS + "label")
        self._derived = ox.NamedNode(_PROV + "wasDerivedFrom")
        self._adjacency: dict[str, list[tuple[str, str, str]]] = {}
        self._neighbours: dict[frozenset, dict[str, list[str]]] = {}
        self._skeletons: set[frozenset] = set()
        self._briefs: dict[str, dict] = {}
        self._degree: dict[str, int] = {}
        self._types: dict[str, str | None] = {}
        self._spans: dict[str, Span] = {}
        self._files: dict[str, str] = {}
        self._base: str | None = None
        self._prefixes = {"rg": _RG, "rdf": _RDF, "rdfs": _RDFS, "prov": _PROV, "oa": _OA, "xsd": _XSD}

    def __repr__(self) -> str:
        return f"GraphStore({str(self.path)!r})"

    # -- small helpers -------------------------------------------------------------------
    def _query(self, text: str):
        return self.store.query(text, prefixes=self._prefixes)

    def _node(self, iri: str):
        try:
            return self.ox.NamedNode(iri)
        except ValueError:
            return None

    @property
    def base(self) -> str:
        """The data IRI base (``G.graph["base"]``), read off a statement's IRI."""
        if self._base is None:
            st = next(iter(self.store.quads_for_pattern(None, self._type, self.ox.NamedNode(_RDF + "Statement"),
                                                        self._default)), None)
            self._base = st.subject.value.rsplit("statement/", 1)[0] if st is not None else \
                "https://w3id.org/referatgraf/id/"
        return self._base

    # -- which nodes there are ------------------------------------------------------------
    def __contains__(self, iri: object) -> bool:
        return isinstance(iri, str) and self.node_type(iri) is not None

    def node_type(self, iri: str) -> str | None:
        """The node's type (ontology class local name), or None when ``iri`` is no node."""
        if iri not in self._types:
            node = self._node(iri)
            found = None
            if node is not None:
                for q in self.store.quads_for_pattern(node, self._type, None, self._default):
                    name = self._classes.get(q.object.value)
                    if name:
                        found = name
                        break
            self._types[iri] = found
        return self._types[iri]

    def types(self, iris: Iterable[str]) -> dict[str, str | None]:
        """Node types of many IRIs at once (one query per batch)."""
        todo = sorted({i for i in iris if i not in self._types})
        for chunk in _chunks(todo):
            for i in chunk:
                self._types[i] = None
            rows = self._query(f"SELECT ?n ?t WHERE {{ VALUES ?n {{ {' '.join(map(_iri, chunk))} }} ?n a ?t }}")
            for n, t in rows:
                name = self._classes.get(t.value)
                if name:
                    self._types[n.value] = name
        return {i: self._types[i] for i in iris}

    def named(self, types: Iterable[str]) -> list[tuple[str, str, str, list[str]]]:
        """``(iri, type, label, titles)`` of every node of ``types``, sorted by IRI: what
        :func:`graph.query.lookup.find_nodes` matches the user's words against."""
        classes = " ".join(f"rg:{t}" for t in sorted(set(types)))
        rows: dict[str, list] = {}
        for n, t, label in self._query(f"SELECT ?n ?t ?l WHERE {{ VALUES ?t {{ {classes} }} ?n a ?t "
                                       f"OPTIONAL {{ ?n rdfs:label ?l }} }}"):
            rows[n.value] = [self._classes[t.value], label.value if label is not None else "", []]
            self._types.setdefault(n.value, self._classes[t.value])
        for n, title in self._query(f"SELECT ?n ?title WHERE {{ VALUES ?t {{ {classes} }} ?n a ?t ; rg:title ?title }}"):
            rows[n.value][2].append(title.value)
        return [(n, t, label, sorted(titles)) for n, (t, label, titles) in sorted(rows.items())]

    # -- edges ----------------------------------------------------------------------------
    def adjacency(self, iri: str) -> list[tuple[str, str, str]]:
        """Every edge ``(u, v, rel)`` at the node, both directions, sorted (cached)."""
        if iri not in self._adjacency:
            node = self._node(iri)
            edges: set[tuple[str, str, str]] = set()
            if node is not None:
                if self.degrees([iri])[iri] > 200:  # a hub: let the engine skip the literals and statements
                    rels = ", ".join(map(_iri, self._objects))
                    for p, o in self._query(f"SELECT ?p ?o WHERE {{ {_iri(iri)} ?p ?o FILTER(?p IN ({rels})) }}"):
                        if isinstance(o, self.ox.NamedNode):
                            edges.add((iri, self._objects[p.value], o.value))
                    for p, s in self._query(f"SELECT ?p ?s WHERE {{ ?s ?p {_iri(iri)} FILTER(?p IN ({rels})) }}"):
                        if isinstance(s, self.ox.NamedNode):
                            edges.add((s.value, self._objects[p.value], iri))
                else:
                    objects = self._object_terms
                    for q in self.store.quads_for_pattern(node, None, None, self._default):
                        rel = objects.get(q.predicate)
                        if rel is not None and isinstance(q.object, self.ox.NamedNode):
                            edges.add((iri, rel, q.object.value))
                    for q in self.store.quads_for_pattern(None, None, node, self._default):
                        rel = objects.get(q.predicate)
                        if rel is not None and isinstance(q.subject, self.ox.NamedNode):
                            edges.add((q.subject.value, rel, iri))
            # as networkx keys them: (u, v, key)
            self._adjacency[iri] = sorted((u, v, rel) for u, rel, v in edges)
            self._degree[iri] = sum(2 if u == v else 1 for u, v, _ in self._adjacency[iri])
        return self._adjacency[iri]

    def edges_at(self, iri: str, rels: Iterable[str], direction: str) -> list[tuple[str, str, str]]:
        """The node's edges of ``rels`` only, ``direction`` "in" or "out" (sorted ``(u, v, rel)``)."""
        rels = set(rels)
        if iri in self._adjacency:
            at = 1 if direction == "in" else 0
            return [e for e in self._adjacency[iri] if e[2] in rels and e[at] == iri]
        node = self._node(iri)
        if node is None:
            return []
        out = []
        for rel in sorted(rels):
            p = self.ox.NamedNode(_RG + rel)
            if direction == "out":
                out += [(iri, q.object.value, rel) for q in self.store.quads_for_pattern(node, p, None, self._default)
                        if isinstance(q.object, self.ox.NamedNode)]
            else:
                out += [(q.subject.value, iri, rel) for q in self.store.quads_for_pattern(None, p, node, self._default)
                        if isinstance(q.subject, self.ox.NamedNode)]
        return sorted(out)

    def degrees(self, iris: Iterable[str]) -> dict[str, int]:
        """Each node's degree in the whole graph, as ``G.degree``: every edge is reified once as an
        ``rdf:Statement``, so it is the count of statements with the node as subject plus as object."""
        todo = sorted({i for i in iris if i not in self._degree})
        for chunk in _chunks(todo):
            for i in chunk:
                self._degree[i] = 0
            values = " ".join(map(_iri, chunk))
            for n, c in self._query(f"SELECT ?n (COUNT(?st) AS ?c) WHERE {{ VALUES ?n {{ {values} }} "
                                    f"{{ ?st rdf:subject ?n }} UNION {{ ?st rdf:object ?n }} }} GROUP BY ?n"):
                self._degree[n.value] = int(c.value)
        return {i: self._degree[i] for i in iris}

    # -- attributes -------------------------------------------------------------------------
    def _value(self, lit, name: str, on_edge: bool):
        datatype = lit.datatype.value if lit.datatype is not None else None
        text = lit.value
        if datatype == _XSD + "integer":
            return int(text)
        if datatype == _XSD + "boolean":
            return text in ("true", "1")
        if datatype == _XSD + "decimal":
            return _decimal(text)
        if datatype == _XSD + "date":
            return dt.date.fromisoformat(text) if (name in self._dates and not on_edge) else text
        return text

    def _props(self, values: dict[str, list], list_names: Callable[[str], bool]) -> dict[str, Any]:
        props = {}
        for name in sorted(values):
            vals = values[name]
            if len(vals) == 1 and not list_names(name):
                props[name] = vals[0]
            else:
                props[name] = sorted(set(vals), key=str)
        return props

    def spans(self, evidence: Iterable[str]) -> dict[str, Span]:
        """The :class:`Span` of each ``rg:Evidence`` IRI: ``oa:hasSource`` (the document's
        ``rg:filePath``), the ``oa:TextPositionSelector``'s start and end, the
        ``oa:TextQuoteSelector``'s exact quote, ``rg:sentence`` (cached: evidence is shared)."""
        ox, default = self.ox, self._default
        source, selector = _OA + "hasSource", _OA + "hasSelector"
        sentence, file_path = self._v["sentence"], ox.NamedNode(self._v["filePath"])
        for ev in sorted({e for e in evidence if e not in self._spans}):
            doc, sels, said = None, [], ""
            for q in self.store.quads_for_pattern(ox.NamedNode(ev), None, None, default):
                p = q.predicate.value
                if p == source:
                    doc = q.object.value
                elif p == selector:
                    sels.append(q.object)
                elif p == sentence:
                    said = q.object.value
            start = end = None
            exact = ""
            for sel in sels:
                for q in self.store.quads_for_pattern(sel, None, None, default):
                    p = q.predicate.value
                    if p == _OA + "start":
                        start = int(q.object.value)
                    elif p == _OA + "end":
                        end = int(q.object.value)
                    elif p == _OA + "exact":
                        exact = q.object.value
            if doc is None or start is None or end is None:
                continue
            if doc not in self._files:
                found = next(iter(self.store.quads_for_pattern(ox.NamedNode(doc), file_path, None, default)), None)
                self._files[doc] = found.object.value if found is not None else doc
            self._spans[ev] = Span(self._files[doc], start, end, exact, said)
        return {e: self._spans[e] for e in evidence if e in self._spans}

    def _evidence_of(self, iris: list[str]) -> dict[str, list[str]]:
        """The evidence IRIs (``prov:wasDerivedFrom``) of each node."""
        out: dict[str, list[str]] = {i: [] for i in iris}
        for chunk in _chunks(sorted(set(iris))):
            for n, ev in self._query(f"SELECT ?n ?ev WHERE {{ VALUES ?n {{ {' '.join(map(_iri, chunk))} }} "
                                     f"?n prov:wasDerivedFrom ?ev }}"):
                out[n.value].append(ev.value)
        return out

    def records(self, iris: Iterable[str]) -> dict[str, dict]:
        """Node attributes as graph.json gives them: ``type``, ``label``, ``props``, ``sources``
        (and the full-graph ``degree``); the ``sources`` are read when first asked for, for all
        the nodes of that type among ``iris`` at once (:class:`Attributes`)."""
        iris = sorted(set(iris))
        values: dict[str, dict[str, list]] = {i: {} for i in iris}
        labels: dict[str, str] = {}
        types = self.types(iris)
        dprops, merge = self._data, self._v["merge"]
        for chunk in _chunks(iris):
            rows = self._query(f"SELECT ?n ?p ?o WHERE {{ VALUES ?n {{ {' '.join(map(_iri, chunk))} }} "
                               f"?n ?p ?o FILTER(isLiteral(?o)) }}")
            for n, p, o in rows:
                if p.value == _RDFS + "label":
                    labels[n.value] = o.value
                elif p.value in dprops and p.value != merge:
                    values[n.value].setdefault(dprops[p.value], []).append(o)
        degrees = self.degrees(iris)
        lists = self._node_lists.__contains__
        groups: dict[str | None, _Pending] = {}
        out = {}
        for iri in iris:
            props = {name: [self._value(lit, name, False) for lit in lits] for name, lits in values[iri].items()}
            data = {"type": types[iri], "label": labels.get(iri, ""), "props": self._props(props, lists),
                    "degree": degrees[iri]}
            group = groups.setdefault(types[iri], _Pending(self))
            out[iri] = group.add(Attributes(data, group), iri)
        return out

    def _edge_attributes(self, edges: list[tuple[str, str, str]]) -> dict[tuple[str, str, str], dict]:
        """What each edge's ``rdf:Statement`` says: ``sources`` and, when stated, ``confidence``,
        ``evidence`` (``rg:mergeReason``), ``props``. The statement's IRI is the hash
        :func:`graph.export.rdf.statement_iri` gives (checked: its ``rdf:subject`` must be the
        edge's source), else it is looked up by subject, predicate and object."""
        from graph.export import rdf

        edges = sorted(set(edges))
        make = getattr(rdf, "statement_iri", None)
        guess: dict[str, tuple[str, str, str]] = {}
        if make is not None:
            from rdflib import URIRef

            guess = {str(make(self.base, URIRef(u), URIRef(_RG + rel), URIRef(v))): (u, v, rel) for u, v, rel in edges}
        found: dict[tuple[str, str, str], dict] = {}
        skip = "rdf:type, rdf:predicate, rdf:object"
        merge, confidence = self._v["merge"], self._v["confidence"]

        def read(rows, edge_of) -> None:
            for st, p, o in rows:
                e = edge_of(st.value)
                rec = found.setdefault(e, {"values": {}, "evidence": [], "reasons": [], "confidence": None,
                                           "subject": None})
                p = p.value
                if p == _RDF + "subject":
                    rec["subject"] = o.value
                elif p == _PROV + "wasDerivedFrom":
                    rec["evidence"].append(o.value)
                elif p == merge:
                    rec["reasons"].append(o.value)
                elif p == confidence:
                    rec["confidence"] = _decimal(o.value)
                elif p in self._data and isinstance(o, self.ox.Literal):
                    rec["values"].setdefault(self._data[p], []).append(o)

        for chunk in _chunks(sorted(guess)):
            read(self._query(f"SELECT ?st ?p ?o WHERE {{ VALUES ?st {{ {' '.join(map(_iri, chunk))} }} "
                             f"?st ?p ?o FILTER(?p NOT IN ({skip})) }}"), guess.__getitem__)
        for e in [e for e in edges if e not in found or found[e]["subject"] != e[0]]:
            found.pop(e, None)
            u, v, rel = e
            rows = self._query(f"SELECT ?st WHERE {{ ?st rdf:subject {_iri(u)} ; rdf:predicate rg:{rel} ; "
                               f"rdf:object {_iri(v)} }} LIMIT 1")
            row = next(iter(rows), None)
            if row is not None:
                read(self._query(f"SELECT ?st ?p ?o WHERE {{ VALUES ?st {{ {_iri(row[0].value)} }} ?st ?p ?o "
                                 f"FILTER(?p NOT IN ({skip})) }}"), lambda _, e=e: e)
        spans = self.spans([ev for rec in found.values() for ev in rec["evidence"]])
        out = {}
        for e in edges:
            rec = found.get(e)
            data: dict[str, Any] = {"sources": []}
            if rec is not None:
                data["sources"] = sorted(spans[ev] for ev in rec["evidence"] if ev in spans)
                if rec["confidence"] is not None:
                    data["confidence"] = rec["confidence"]
                if rec["reasons"]:
                    data["evidence"] = sorted(rec["reasons"])
                if rec["values"]:
                    values = {name: [self._value(lit, name, True) for lit in lits] for name, lits in rec["values"].items()}
                    data["props"] = self._props(values, lambda name, rel=e[2]: (rel, name) in EDGE_LIST_PROPS)
            out[e] = data
        return out

    def edge_data(self, edges: Iterable[tuple[str, str, str]]) -> dict[tuple[str, str, str], dict]:
        """Edge attributes as graph.json gives them: ``rel``, ``sources`` and, when stated,
        ``confidence``, ``evidence``, ``props``; all but ``rel`` are read when first asked for,
        for all the edges of that relation among ``edges`` at once (:class:`Attributes`)."""
        groups: dict[str, _Pending] = {}
        out = {}
        for e in sorted(set(edges)):
            group = groups.setdefault(e[2], _Pending(self))
            out[e] = group.add(Attributes({"rel": e[2]}, group), e)
        return out

    def subgraph(self, nodes: Iterable[str], edges: Iterable[tuple[str, str, str]]) -> nx.MultiDiGraph:
        """A MultiDiGraph of ``nodes`` and ``edges`` (``(u, v, rel)``, whose ends are added too)
        with graph.json's attributes, inserted in graph.json's order (nodes and edges sorted), so
        ``in_edges`` / ``out_edges`` list them as the whole graph would."""
        edges = sorted(set(edges))
        nodes = set(nodes) | {u for u, _, _ in edges} | {v for _, v, _ in edges}
        records = self.records(nodes)
        data = self.edge_data(edges)
        G = nx.MultiDiGraph(base=self.base, documents={}, store=str(self.path))
        for n in sorted(nodes):
            G.add_node(n)
            G._node[n] = records[n]  # the attribute dict itself: a hub's sources come when asked for
        for u, v, rel in edges:
            G.add_edge(u, v, key=rel)
            G._succ[u][v][rel] = data[(u, v, rel)]  # one key dict, shared with G._pred[v][u]
        return G

    def describe_graph(self, nodes: Iterable[str]) -> nx.MultiDiGraph:
        """The nodes with what :func:`graph.query.lookup.describe` reads (an item's meeting)."""
        nodes = list(nodes)
        types = self.types(nodes)
        edges = [e for n in nodes if types[n] == "AgendaItem" for e in self.edges_at(n, ["hasItem"], "in")]
        return self.subgraph(nodes, edges)

    def path_graph(self, node_lists: Iterable[list[str]]) -> nx.MultiDiGraph:
        """The nodes of some paths, every edge between consecutive ones (either way) and the
        meetings of the items among them: what :func:`graph.query.paths.explain_step`,
        ``describe`` and ``Path.as_dict`` read."""
        nodes: set[str] = set()
        edges: set[tuple[str, str, str]] = set()
        for path in node_lists:
            nodes |= set(path)
            for a, b in zip(path, path[1:]):
                edges |= {e for e in self.adjacency(a) if {e[0], e[1]} == {a, b}}
        types = self.types(nodes)
        for n in nodes:
            if types[n] == "AgendaItem":
                edges |= set(self.edges_at(n, ["hasItem"], "in"))
        return self.subgraph(nodes, edges)

    def show_graph(self, node: str) -> nx.MultiDiGraph:
        """The part of the graph :func:`graph.api.show_node` reads for ``node``: the node, all its
        edges and neighbours, the items of its timeline with their meeting, decision, proposers,
        bilag and revisits, a case's treatments with their meeting, body and item, a theme's
        narrower themes and their cases' items, a person's posts and the items proposed under them
        on a day the person held the post, and the meetings of the items a person was recused
        from. Mirrors :mod:`graph.query.timeline` (keep the two together)."""
        from graph.query.timeline import ITEM_ROLES, PERSON_ITEM_ROLES

        edges: set[tuple[str, str, str]] = set(self.adjacency(node))
        nodes = {node} | {u for u, _, _ in edges} | {v for _, v, _ in edges}
        types = self.types(nodes)
        kind = types[node]
        items: set[str] = set()
        for u, v, rel in sorted(edges):
            if v == node and rel in ITEM_ROLES and types[u] == "AgendaItem":
                items.add(u)
            if u == node and kind == "Meeting" and rel == "hasItem":
                items.add(v)
            if u == node and kind == "Person" and rel in PERSON_ITEM_ROLES:
                items.add(v)
            if v == node and rel == "recused" and types[u] == "AgendaItem":
                edges |= set(self.edges_at(u, ["hasItem"], "in"))
            if v == node and rel == "treatmentOf" and types[u] == "Treatment":
                edges |= set(self.edges_at(u, ["treatedAt", "treatedBy", "treatedAs"], "out"))
        if kind == "Theme":  # the theme and every narrower one; their cases' items
            themes, todo = {node}, [node]
            while todo:
                for e in self.edges_at(todo.pop(), ["broader"], "in"):
                    edges.add(e)
                    if e[0] not in themes:
                        themes.add(e[0])
                        todo.append(e[0])
            for theme in sorted(themes):
                for case, _, rel in self.edges_at(theme, ["classifiedAs"], "in"):
                    edges.add((case, theme, rel))
                    for e in self.edges_at(case, ["concernsCase"], "in"):
                        edges.add(e)
                        items.add(e[0])
        if kind == "Person":  # items proposed by a post the person held on the item's day
            holds = [e for e in self.adjacency(node) if e[0] == node and e[2] == "holdsPost"]
            held_data = self.edge_data(holds)
            for _, post, _ in holds:
                held = {str(day) for e in holds if e[1] == post
                        for day in (held_data[e].get("props") or {}).get("date", [])}
                proposals = self.edges_at(post, ["proposedBy"], "in")
                edges |= set(proposals)
                by = self.records([u for u, _, _ in proposals])
                for u, _, _ in proposals:
                    day = by[u]["props"].get("date")
                    if by[u]["type"] == "AgendaItem" and day and day.isoformat() in held:
                        items.add(u)
        for item in sorted(items):
            edges |= set(self.edges_at(item, ["hasItem"], "in"))
            edges |= set(self.edges_at(item, ["hasDecision", "proposedBy", "referencesBilag", "revisits"], "out"))
        return self.subgraph(nodes | items, edges)

    def load_skeleton(self, skip: Iterable[str]) -> None:
        """Read the whole graph's structure at once: every node's type and degree, every edge
        (as neighbour lists, without ``skip`` edges and loops), a theme's label and ``kleCode``,
        a case's titles: what path costs need, without any span, text or other property. A path
        search whose balls grow large switches to it (one query per relation and class is far
        cheaper than tens of thousands of small ones); it is a fraction of graph.json's size."""
        skip = frozenset(skip)
        if skip in self._skeletons:
            return
        neighbours: dict[str, set[str]] = {}
        degree: dict[str, int] = {}
        for iri, rel in self._objects.items():
            for u, v in self._query(f"SELECT ?s ?o WHERE {{ ?s {_iri(iri)} ?o }}"):
                if not isinstance(v, self.ox.NamedNode):
                    continue
                u, v = u.value, v.value
                degree[u] = degree.get(u, 0) + 1
                degree[v] = degree.get(v, 0) + 1
                if rel not in skip and u != v:
                    neighbours.setdefault(u, set()).add(v)
                    neighbours.setdefault(v, set()).add(u)
        for iri, name in self._classes.items():
            for (n,) in self._query(f"SELECT ?n WHERE {{ ?n a {_iri(iri)} }}"):
                self._types.setdefault(n.value, name)
        for n in self._types:
            if self._types[n] is not None:
                self._degree[n] = degree.get(n, 0)
        cache = self._neighbours.setdefault(skip, {})
        for n, types in self._types.items():
            if types is not None and n not in cache:
                cache[n] = sorted(neighbours.get(n, ()))
        briefs: dict[str, dict] = {}
        for n, label in self._query("SELECT ?n ?l WHERE { ?n a rg:Theme ; rdfs:label ?l }"):
            briefs.setdefault(n.value, {})["label"] = label.value
        for n, label in self._query("SELECT ?n ?l WHERE { ?n a rg:Case ; rdfs:label ?l }"):
            briefs.setdefault(n.value, {})["label"] = label.value
        for name, cls in (("kleCode", "Theme"), ("title", "Case")):
            for n, value in self._query(f"SELECT ?n ?v WHERE {{ ?n a rg:{cls} ; rg:{name} ?v }}"):
                briefs.setdefault(n.value, {}).setdefault("values", {}).setdefault(name, []).append(
                    self._value(value, name, False))
        self._briefs.update(briefs)
        self._skeletons.add(skip)

    def neighbours_many(self, iris: Iterable[str], skip: Iterable[str] = ()) -> dict[str, list[str]]:
        """The neighbours of many nodes at once (either direction, through any edge but those of
        ``skip``, the node itself left out), sorted: one query per batch (cached)."""
        skip = set(skip)
        cache = self._neighbours.setdefault(frozenset(skip), {})
        todo = sorted({i for i in iris if i not in cache})
        rels = ", ".join(_iri(i) for i, name in self._objects.items() if name not in skip)
        for chunk in _chunks(todo):
            found: dict[str, set] = {i: set() for i in chunk}
            values = " ".join(map(_iri, chunk))
            for pattern in ("?n ?p ?x", "?x ?p ?n"):  # two queries: a UNION of both is evaluated far slower
                for n, other in self._query(f"SELECT ?n ?x WHERE {{ VALUES ?n {{ {values} }} {pattern} "
                                            f"FILTER(?p IN ({rels})) }}"):
                    if other.value != n.value and isinstance(other, self.ox.NamedNode):
                        found[n.value].add(other.value)
            for i, others in found.items():
                cache[i] = sorted(others)
        return {i: cache[i] for i in iris}

    def search_paths(self, a: str, b: str, k: int = 1, through_hubs: bool = False,
                     max_length: int = 12) -> tuple[nx.Graph, list[list[str]]]:
        """The part of the weighted view (:func:`graph.query.paths.weighted_view`) within reach of
        ``a`` and ``b``, and :func:`graph.query.paths.search` over it.

        A bidirectional Dijkstra grows a ball around each end, the smaller one first, a layer at
        a time: every node nearer than the nearest unsettled one plus the least edge weight (1)
        is settled at once, so the store is asked once per layer, not once per node. A settled
        node's neighbours are read (their IRIs only) and reached with a lower bound of their
        distance (their own cost is at least 1); the degree and type that give a node its cost
        are read only when the node comes to the front of a ball, so the wide rim of neighbours
        that are never settled costs nothing. The growing stops when the two radii add up to
        more than the cheapest connection found; then the paths are searched over the settled
        nodes. Every path that costs less than the two radii together runs through settled nodes
        only, so when the last path the search looked at (the k-th, or the one too long) costs
        less, the answer is that of the whole graph (the view's tie-break makes the order of
        equally good paths the graph's own too); else the balls grow and the search is run again.
        Returns the view searched and the node lists.
        """
        from graph.query.paths import SKIP_RELATIONS, edge_weights, node_cost, search

        inf = float("inf")
        info = nx.MultiDiGraph()
        costs: dict[str, float] = {}
        weights: dict[tuple[str, str], dict] = {}

        def price(nodes: Iterable[str]) -> None:
            todo = sorted({n for n in nodes if n not in costs})
            for n, brief in self.briefs(todo).items():
                info.add_node(n, **brief)
                costs[n] = node_cost(info, n, through_hubs)

        def weight(u: str, v: str) -> dict:
            key = (u, v) if u <= v else (v, u)
            if key not in weights:
                weights[key] = edge_weights(costs[key[0]], costs[key[1]], key[0], key[1])
            return weights[key]

        if a not in self or b not in self:
            return nx.Graph(), []
        price([a, b])
        balls = [_Ball(a), _Ball(b)]
        best = inf  # the cheapest a–b connection seen so far

        def meet(node: str) -> None:
            nonlocal best
            if node in balls[0].dist and node in balls[1].dist:
                best = min(best, balls[0].dist[node] + balls[1].dist[node])

        need: float | None = None
        while True:
            tops = [balls[0].top(), balls[1].top()]
            target = best if need is None else need
            if tops[0] + tops[1] > target or inf in tops:
                if best == inf:  # one ball holds its whole component, and the other end is not in it
                    return nx.Graph(), []
                view = self._settled_view(balls, weight)
                lists, last, ran_out = search(view, a, b, k, max_length)
                if ran_out:  # fewer paths than asked for here: is there more graph?
                    if inf in tops:
                        return view, lists
                    need = inf
                elif tops[0] + tops[1] > last:
                    return view, lists
                else:
                    need = last
                continue
            side = 0 if tops[0] <= tops[1] else 1
            ball = balls[side]
            limit = tops[side] + 1.0
            layer: list[str] = []
            while True:
                popped, unpriced = ball.pop_below(limit)
                layer += popped
                if not unpriced:
                    break
                price(unpriced)  # now known: reach them with their true distance, from either ball
                for node in unpriced:
                    for other in balls:
                        for d, via in other.pending.pop(node, ()):
                            other.reach(node, d + weight(via, node)["weight"])
                    meet(node)
            layer = list(dict.fromkeys(layer))
            for node in layer:
                ball.settled[node] = ball.dist[node]
            if len(balls[0].settled) + len(balls[1].settled) > SKELETON_AFTER:
                self.load_skeleton(SKIP_RELATIONS)  # a large search: read the graph's structure whole
            found = self.neighbours_many(layer, SKIP_RELATIONS)
            for node in layer:
                d = ball.settled[node]
                for o in found[node]:
                    if o in costs:
                        ball.reach(o, d + weight(node, o)["weight"])
                        meet(o)
                    else:
                        ball.wait(o, d, node, d + (costs[node] + 1.0) / 2)

    def _settled_view(self, balls: list["_Ball"], weight) -> nx.Graph:
        """The weighted view of the settled nodes of both balls and the edges between them."""
        from graph.query.paths import SKIP_RELATIONS

        settled = set(balls[0].settled) | set(balls[1].settled)
        found = self.neighbours_many(settled, SKIP_RELATIONS)
        view = nx.Graph()
        view.add_nodes_from(sorted(settled))
        for n in sorted(settled):
            for o in found[n]:
                if o in settled and n < o:
                    view.add_edge(n, o, **weight(n, o))
        return view

    # -- brief node data for the path costs -------------------------------------------------
    def briefs(self, iris: Iterable[str]) -> dict[str, dict]:
        """``type``, ``label``, the ``props`` :func:`graph.query.paths.hub_reason` reads (a
        theme's ``kleCode``, a case's ``title``) and ``degree`` of many nodes at once."""
        iris = list(dict.fromkeys(iris))
        types = self.types(iris)
        degrees = self.degrees(iris)
        out = {i: {"type": types[i], "label": "", "props": {}, "degree": degrees[i]} for i in iris}
        wanted = [i for i in iris if types[i] in ("Theme", "Case")]
        if wanted:
            lists = self._node_lists.__contains__
            if self._skeletons:  # read with the skeleton already
                for iri in wanted:
                    known = self._briefs.get(iri, {})
                    out[iri].update(label=known.get("label", ""), props=self._props(known.get("values", {}), lists))
                return out
            for iri in wanted:
                node = self._node(iri)
                labels = [q.object.value for q in self.store.quads_for_pattern(node, self._label, None, self._default)]
                values = {}
                for name in ("kleCode", "title"):
                    p = self.ox.NamedNode(_RG + name)
                    found = [self._value(q.object, name, False)
                             for q in self.store.quads_for_pattern(node, p, None, self._default)]
                    if found:
                        values[name] = found
                out[iri].update(label=labels[0] if labels else "", props=self._props(values, lists))
        return out


class _Ball:
    """One end's Dijkstra: true distances of the nodes reached whose cost is known (``dist``),
    lower bounds of those whose cost is not read yet (``pending``: the settled nodes they were
    reached from), one heap of both, and the settled nodes."""

    def __init__(self, start: str):
        self.dist: dict[str, float] = {start: 0.0}
        self.pending: dict[str, list[tuple[float, str]]] = {}
        self.heap: list[tuple[float, bool, str]] = [(0.0, True, start)]
        self.settled: dict[str, float] = {}

    def _stale(self, entry: tuple[float, bool, str]) -> bool:
        d, exact, node = entry
        if node in self.settled:
            return True
        return d > self.dist.get(node, float("inf")) if exact else node not in self.pending

    def top(self) -> float:
        """A lower bound of the distance of every unsettled node (infinite when there is none)."""
        heap = self.heap
        while heap and self._stale(heap[0]):
            heapq.heappop(heap)
        return heap[0][0] if heap else float("inf")

    def pop_below(self, limit: float) -> tuple[list[str], list[str]]:
        """Take every entry nearer than ``limit`` off the heap: the nodes to settle (their
        distance is final: any other way to them passes an unsettled node, at least the nearest
        distance away, and then an edge of weight at least 1) and those whose cost must be read
        first."""
        ready: dict[str, None] = {}
        unknown: dict[str, None] = {}
        heap = self.heap
        while heap and heap[0][0] < limit:
            entry = heapq.heappop(heap)
            if self._stale(entry):
                continue
            d, exact, node = entry
            (ready if exact else unknown)[node] = None
        return list(ready), list(unknown)

    def reach(self, node: str, d: float) -> None:
        if node not in self.settled and d < self.dist.get(node, float("inf")):
            self.dist[node] = d
            heapq.heappush(self.heap, (d, True, node))

    def wait(self, node: str, d: float, via: str, lower: float) -> None:
        """Reached from the settled ``via`` (at ``d``), cost not known yet: at least ``lower`` away."""
        if node in self.settled:
            return
        self.pending.setdefault(node, []).append((d, via))
        heapq.heappush(self.heap, (lower, False, node))


# ------------------------------------------------------------------------------ for the commands


def open_graph_store(export: str | os.PathLike | None = None) -> tuple[GraphStore | None, str | None]:
    """The store ``path`` and ``show`` answer from: that of the export folder ``export`` (default
    ``exports/``) when it is there and no older than graph.json and graph.ttl; else ``(None,
    note)``, the note saying why graph.json is read instead (None when there is nothing to say:
    no such folder, a file named, no build in it)."""
    folder = Path(export) if export is not None else Path("exports")
    if not folder.is_dir():
        return None, None
    path, why = store_status(folder)
    if path is None:
        stale = (folder / STORE).exists()
        return None, (f"{why}; reading graph.json" if stale or (folder / "graph.json").is_file() else None)
    try:
        return GraphStore(path), None
    except OSError as exc:
        return None, f"cannot open the store in {folder} ({exc}); reading graph.json"


def graph_with(source, nodes: Iterable[str]) -> nx.MultiDiGraph:
    """``source`` when it is a networkx graph; for a :class:`GraphStore`, the piece of it that
    :func:`graph.query.lookup.describe` needs for ``nodes``."""
    return source if isinstance(source, nx.Graph) else source.describe_graph(nodes)


def show_graph(source, node: str) -> nx.MultiDiGraph:
    """``source`` when it is a networkx graph; for a :class:`GraphStore`, the piece of it that
    ``show`` walks for ``node`` (:meth:`GraphStore.show_graph`)."""
    return source if isinstance(source, nx.Graph) else source.show_graph(node)
