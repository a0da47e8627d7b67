"""SPARQL over a Turtle build, with pyoxigraph (default) or rdflib.

``run_query(query, data)`` loads the data (or reuses a :class:`LoadedData`),
predeclares the ontology prefixes, binds ``params`` as RDF terms -- never by
splicing text into the query -- and returns a :class:`QueryResult` whose rows
are plain strings, so that both engines can be compared row by row.

Parameter types: a query may declare ``# param NAME: TYPE [description]``
(TYPE is ``literal``, ``iri``, ``integer``, ``date`` or ``auto``). A declared
parameter is required unless its line says ``optional``. Undeclared parameters
are typed by the variable name (``...Iri`` → IRI, ``...Date`` → xsd:date) or
else by their value (``<…>`` or ``http(s)://…`` → IRI, anything else → literal).
A date must be a real calendar date (``2016-13-45`` is refused).

Guards: before a query reaches an engine, :func:`check_query` bounds its length
and nesting depth with one linear scan (deeply nested queries overflow the
engines' stacks: a segfault, not an error) and refuses ``SERVICE`` (a call to
another endpoint) unless allowed. Each query runs in a thread with a large stack,
and ``timeout`` stops waiting for it.
"""
from __future__ import annotations

import csv
import datetime
import io
import json
import re
import threading
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

ENGINES = ("oxigraph", "rdflib")
XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD + "string"

_PARAM_DECL = re.compile(r"^\s*#\s*param\s+\??(\w+)\s*:\s*(\w+)(.*)$", re.MULTILINE | re.IGNORECASE)
_PARAM_TYPES = ("literal", "iri", "integer", "date", "auto")


class QueryError(Exception):
    """A query that cannot run: bad syntax, unknown or missing parameter, bad value, no data."""


class QueryTimeout(QueryError):
    """The query did not finish within the time it was given (the job failed, not the usage)."""


def prefixes() -> dict[str, str]:
    """The prefixes predeclared for every query: those of the ontology."""
    from graph.ontology import prefixes as ontology_prefixes

    return ontology_prefixes()


# --------------------------------------------------------------------- terms
# A term is held as a SPARQL 1.1 Query Results JSON binding:
# {"type": "uri"|"literal"|"bnode"|"triple", "value": str, "datatype"?: str, "xml:lang"?: str}


def _term_from_oxigraph(term: Any) -> dict[str, Any] | None:
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):  # RDF-star quoted triple
        return {
            "type": "triple",
            "value": {
                "subject": _term_from_oxigraph(term.subject),
                "predicate": _term_from_oxigraph(term.predicate),
                "object": _term_from_oxigraph(term.object),
            },
        }
    raise QueryError(f"unexpected term {term!r}")


def _term_from_rdflib(term: Any) -> dict[str, Any] | None:
    from rdflib import BNode, Literal, URIRef

    if term is None:
        return None
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    if isinstance(term, Literal):
        out: dict[str, Any] = {"type": "literal", "value": str(term)}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype is not None and str(term.datatype) != XSD_STRING:
            out["datatype"] = str(term.datatype)
        return out
    raise QueryError(f"unexpected term {term!r}")


def term_to_str(term: dict[str, Any] | None) -> str | None:
    """The plain string of a term: IRI, lexical form, ``_:id`` or None (unbound)."""
    if term is None:
        return None
    if term["type"] == "bnode":
        return "_:" + term["value"]
    if term["type"] == "triple":
        v = term["value"]
        return "<< " + " ".join(term_to_str(v[k]) or "" for k in ("subject", "predicate", "object")) + " >>"
    return term["value"]


def _term_to_rdflib(term: dict[str, Any]) -> Any:
    from rdflib import BNode, Literal, URIRef

    if term["type"] == "uri":
        return URIRef(term["value"])
    if term["type"] == "bnode":
        return BNode(term["value"])
    if term["type"] == "literal":
        if "xml:lang" in term:
            return Literal(term["value"], lang=term["xml:lang"])
        return Literal(term["value"], datatype=URIRef(term["datatype"]) if "datatype" in term else None)
    raise QueryError("quoted triples cannot be written as Turtle")


# -------------------------------------------------------------------- result


@dataclass
class QueryResult:
    """The answer of one query, engine-independent.

    ``kind`` is "select", "ask" or "graph" (CONSTRUCT/DESCRIBE; then
    ``variables`` is subject/predicate/object and each row a triple).
    """

    kind: str
    variables: list[str] = field(default_factory=list)
    bindings: list[dict[str, dict[str, Any]]] = field(default_factory=list)
    boolean: bool | None = None

    @property
    def rows(self) -> list[tuple[str | None, ...]]:
        return [tuple(term_to_str(b.get(v)) for v in self.variables) for b in self.bindings]

    def to_json(self) -> str:
        """SPARQL 1.1 Query Results JSON (triples of a graph result as s/p/o rows)."""
        if self.kind == "ask":
            doc: dict[str, Any] = {"head": {}, "boolean": bool(self.boolean)}
        else:
            doc = {"head": {"vars": self.variables}, "results": {"bindings": self.bindings}}
        return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"

    def to_csv(self) -> str:
        """SPARQL 1.1 Query Results CSV (CRLF line ends; unbound = empty field)."""
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        if self.kind == "ask":
            writer.writerow(["boolean"])
            writer.writerow(["true" if self.boolean else "false"])
        else:
            writer.writerow(self.variables)
            for row in self.rows:
                writer.writerow(["" if v is None else v for v in row])
        return buf.getvalue()

    def to_table(self, width: int | None = None) -> str:
        """A readable table (rich) as text; IRIs shortened with the known prefixes."""
        from rich.console import Console
        from rich.table import Table

        if self.kind == "ask":
            return ("yes" if self.boolean else "no") + "\n"
        short = _shortener(prefixes())
        table = Table(show_lines=False, caption=f"{len(self.bindings)} row(s)")
        for v in self.variables:
            table.add_column(v, overflow="fold")
        for b in self.bindings:
            table.add_row(*[_display(b.get(v), short) for v in self.variables])
        buf = io.StringIO()
        Console(file=buf, width=width or 160, color_system=None, force_terminal=False).print(table)
        return buf.getvalue()

    def to_turtle(self) -> str:
        """A graph result as Turtle, sorted and with the known prefixes bound."""
        from rdflib import Graph

        g = Graph()
        for prefix, ns in sorted(prefixes().items()):
            g.bind(prefix, ns, override=True, replace=True)
        for b in self.bindings:
            g.add(tuple(_term_to_rdflib(b[v]) for v in ("subject", "predicate", "object")))
        return g.serialize(format="turtle")


def _shortener(pfx: dict[str, str]):
    """IRI → ``prefix:local`` where the local part is a plain name; data IRIs of the
    default base → ``id:meeting/…`` (display only: json and csv keep full IRIs)."""
    from graph.iris import DEFAULT_BASE

    ordered = sorted(pfx.items(), key=lambda kv: -len(kv[1]))

    def short(iri: str) -> str:
        for p, ns in ordered:
            if iri.startswith(ns) and re.fullmatch(r"[\w.\-]*", iri[len(ns):]):
                return f"{p}:{iri[len(ns):]}"
        if iri.startswith(DEFAULT_BASE):
            return "id:" + iri[len(DEFAULT_BASE):]
        return f"<{iri}>"

    return short


def _display(term: dict[str, Any] | None, short) -> str:
    if term is None:
        return ""
    if term["type"] == "uri":
        return short(term["value"])
    return term_to_str(term) or ""


# ---------------------------------------------------------------------- data


@dataclass
class LoadedData:
    """Data loaded once into one engine, to run many queries on: Turtle parsed into memory, or
    an export folder's on-disk store opened read-only (``source`` says which)."""

    engine: str
    store: Any  # pyoxigraph.Store or rdflib.Graph
    count: int | None = None  # the number of triples, counted when first asked for
    source: str = "turtle"  # "turtle" (parsed now) or the path of the on-disk store

    @property
    def triples(self) -> int:
        """How many triples the data holds (on a store a full scan: counted once, when asked)."""
        if self.count is None:
            self.count = len(self.store)
        return self.count


def _rdf_format(path: Path | None) -> str:
    suffix = path.suffix.lower() if path else ".ttl"
    return {".nt": "nt", ".nq": "nquads", ".trig": "trig", ".jsonld": "json-ld", ".rdf": "xml", ".owl": "xml"}.get(
        suffix, "turtle"
    )


EXPORT_TTL = "graph.ttl"  # the Turtle file of an export folder (graph/export writes it under this name)


def data_file(data: Path | str) -> Path:
    """The RDF file meant by ``data``: an export folder's ``graph.ttl``, else ``data`` itself.

    The one place where "folder → graph.ttl" is decided (sparql, serve, push, validate).

    >>> data_file("no/such/file.ttl").as_posix()
    'no/such/file.ttl'
    """
    path = Path(data)
    return path / EXPORT_TTL if path.is_dir() else path


class MissingDataError(QueryError):
    """No RDF file where the data was looked for; ``path`` is where. Commands add their own hint."""

    def __init__(self, path: Path):
        folder = path.parent if path.name == EXPORT_TTL else None
        hint = f" (build first: referatgraf build -o {folder})" if folder is not None else ""
        super().__init__(f"no Turtle file at {path}{hint}")
        self.path = path


def resolve_data(data: Path | str) -> Path:
    """:func:`data_file` of ``data``, which must exist (else :class:`MissingDataError`)."""
    path = data_file(data)
    if not path.is_file():
        raise MissingDataError(path)
    return path


def open_store(data: Path | str, on_note: Callable[[str], None] | None = None):
    """The on-disk store (a read-only ``pyoxigraph.Store``) that answers for ``data`` when it is
    an export folder, or the graph.ttl of one, whose ``store/`` is no older than its graph.ttl;
    else None, after telling ``on_note`` why its graph.ttl is parsed instead (store missing,
    older, unreadable). A Turtle file of another name is always parsed."""
    from graph.query.store import STORE, store_status

    path = Path(data)
    folder = path if path.is_dir() else path.parent if path.name == EXPORT_TTL else None
    if folder is None or not folder.is_dir():
        return None
    store, why = store_status(folder, against=(EXPORT_TTL,))
    ttl = folder / EXPORT_TTL
    if store is None:
        if on_note is not None and ttl.is_file():
            on_note(f"{why}; parsing {ttl}")
        return None
    import pyoxigraph as ox

    try:
        return ox.Store.read_only(str(store))
    except OSError as exc:
        if on_note is not None:
            on_note(f"cannot open {folder / STORE} ({exc}); parsing {ttl}")
        return None


def load(data: Path | str | bytes, engine: str = "oxigraph",
         on_note: Callable[[str], None] | None = None) -> LoadedData:
    """Parse Turtle (a path, an export folder, or the bytes themselves) into ``engine``; with
    oxigraph, an export folder's fresh on-disk store is opened instead (:func:`open_store`;
    ``on_note`` hears why not, when it is missing or older than graph.ttl)."""
    if engine not in ENGINES:
        raise QueryError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if engine == "oxigraph" and not isinstance(data, bytes):
        store = open_store(data, on_note)
        if store is not None:
            from graph.query.store import STORE

            folder = Path(data) if Path(data).is_dir() else Path(data).parent
            return LoadedData(engine, store, None, str(folder / STORE))
    path = None if isinstance(data, bytes) else resolve_data(data)
    raw = data if isinstance(data, bytes) else path.read_bytes()
    fmt = _rdf_format(path)
    try:
        if engine == "oxigraph":
            import pyoxigraph as ox

            ox_format = {
                "turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "nquads": ox.RdfFormat.N_QUADS,
                "trig": ox.RdfFormat.TRIG, "json-ld": ox.RdfFormat.JSON_LD, "xml": ox.RdfFormat.RDF_XML,
            }[fmt]
            store = ox.Store()  # in memory
            store.load(raw, ox_format)
            return LoadedData(engine, store, len(store))
        from rdflib import Graph

        g = Graph()
        g.parse(data=raw, format=fmt)
        return LoadedData(engine, g, len(g))
    except SyntaxError as exc:
        raise QueryError(f"cannot parse data {path or '(bytes)'}: {exc}") from exc


# -------------------------------------------------------------------- params


@dataclass(frozen=True)
class ParamDecl:
    name: str
    type: str
    optional: bool
    description: str


def declared_params(query: str) -> dict[str, ParamDecl]:
    """The ``# param NAME: TYPE [optional] [description]`` lines of a query."""
    out = {}
    for m in _PARAM_DECL.finditer(query):
        name, kind, rest = m.group(1), m.group(2).lower(), m.group(3)
        if kind not in _PARAM_TYPES:
            raise QueryError(f"param {name}: unknown type {kind!r} (use {', '.join(_PARAM_TYPES)})")
        optional = re.match(r"\s*optional\b", rest, re.IGNORECASE)
        out[name] = ParamDecl(name, kind, bool(optional), rest[optional.end() if optional else 0:].strip(" -—–"))
    return out


def _strip_comments_and_strings(query: str) -> str:
    # Enough for finding variables: drop string literals, IRIs and comments.
    query = re.sub(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'', " ", query)
    query = re.sub(r"<[^<>\s\"{}|^`\\]*>", " ", query)
    return re.sub(r"#[^\n]*", " ", query)


def query_variables(query: str) -> set[str]:
    return set(re.findall(r"[?$](\w+)", _strip_comments_and_strings(query)))


def _param_type(name: str, decl: ParamDecl | None) -> str:
    if decl is not None:
        return decl.type
    lower = name.lower()
    if lower.endswith("iri"):
        return "iri"
    if lower.endswith("date"):
        return "date"
    return "auto"


def _expand_prefixed(value: str, pfx: dict[str, str]) -> str | None:
    m = re.fullmatch(r"([A-Za-z][\w\-.]*)?:([\w\-./]*)", value)
    if m and (m.group(1) or "") in pfx:
        return pfx[m.group(1) or ""] + m.group(2)
    return None


def param_term(name: str, value: str, kind: str) -> dict[str, Any]:
    """The RDF term (as a results-JSON dict) a parameter value stands for."""
    value = value.strip() if kind != "literal" else value
    looks_iri = (value.startswith("<") and value.endswith(">")) or re.match(r"https?://", value) is not None
    if kind == "iri" or (kind == "auto" and looks_iri):
        if value.startswith("<") and value.endswith(">"):
            iri = value[1:-1]
        else:  # a prefixed name of a known prefix (rg:Meeting), else taken as a full IRI
            iri = _expand_prefixed(value, prefixes()) or value
        if not re.match(r"[A-Za-z][\w+.\-]*:", iri) or re.search(r"[\s<>\"{}|^`\\]", iri):
            raise QueryError(f"param {name}: {value!r} is not an IRI")
        return {"type": "uri", "value": iri}
    if kind == "integer":
        if not re.fullmatch(r"[+-]?\d+", value):
            raise QueryError(f"param {name}: {value!r} is not an integer")
        return {"type": "literal", "value": str(int(value)), "datatype": XSD + "integer"}
    if kind == "date":
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise QueryError(f"param {name}: {value!r} is not a date (YYYY-MM-DD)")
        try:
            datetime.date.fromisoformat(value)
        except ValueError as exc:  # 2016-13-45, 2023-02-29: the shape of a date, but no such day
            raise QueryError(f"param {name}: {value!r} is not a date: {exc} (YYYY-MM-DD)") from None
        return {"type": "literal", "value": value, "datatype": XSD + "date"}
    return {"type": "literal", "value": value}


def parse_params(items: list[str] | None) -> dict[str, str]:
    """``--param`` items ("name=value") as a dict. The value is everything after the first
    "=" (it may hold "=" itself); a leading ``?`` or ``$`` of the name is dropped.

    >>> parse_params(["case=00.01.00-A00-28-16", "?q=a=b"])
    {'case': '00.01.00-A00-28-16', 'q': 'a=b'}
    """
    out: dict[str, str] = {}
    for item in items or []:
        name, sep, value = item.partition("=")
        name = name.strip().lstrip("?$")
        if not sep or not re.fullmatch(r"\w+", name):
            raise QueryError(f"--param needs name=value with a variable name before '=', got {item!r}")
        if name in out:
            raise QueryError(f"--param {name} is given twice")
        out[name] = value
    return out


def bind_params(query: str, params: dict[str, str] | None) -> dict[str, dict[str, Any]]:
    """Check ``params`` against the query and type them; returns name → term."""
    params = dict(params or {})
    decls = declared_params(query)
    variables = query_variables(query)
    missing = [d.name for d in decls.values() if not d.optional and d.name not in params]
    if missing:
        raise QueryError("missing parameter(s): " + ", ".join(f"--param {m}=…" for m in sorted(missing)))
    out = {}
    for name, value in sorted(params.items()):
        if name not in variables:
            raise QueryError(f"unknown parameter {name!r}: the query has no variable ?{name}")
        out[name] = param_term(name, str(value), _param_type(name, decls.get(name)))
    return out


def _ox_term(term: dict[str, Any]):
    import pyoxigraph as ox

    try:
        if term["type"] == "uri":
            return ox.NamedNode(term["value"])
        if "datatype" in term:
            return ox.Literal(term["value"], datatype=ox.NamedNode(term["datatype"]))
        return ox.Literal(term["value"])
    except ValueError as exc:
        raise QueryError(f"bad parameter value {term['value']!r}: {exc}") from exc


# -------------------------------------------------------------------- guards
# Oxigraph parses and plans a query by recursion: a few thousand nested braces (or a
# long run of "!") overflow an 8 MB stack and kill the process (a segfault, no error).
# Two layers keep that from happening:
# * the length bound with a large stack (ENGINE_STACK_BYTES, for our query threads and,
#   through RUST_MIN_STACK, for the server's): at MAX_QUERY_CHARS even the worst case, every
#   character an opening bracket, needs under half of it (measured with oxigraph 0.5 for
#   { ( [ ! OPTIONAL{ EXISTS{ subqueries, paths and collections). This is the guarantee;
# * one linear scan that measures the nesting and gives a readable error long before. A
#   scan is not a parser (a "<" it takes for an IRI may be a less-than to the engine),
#   so it is a courtesy, not the defence.

MAX_QUERY_CHARS = 64 * 1024  # the longest example query is 1.5 KB
MAX_NESTING = 64  # brackets, braces, parentheses and runs of "!"; real queries stay below 10
_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_LOCAL = re.compile(r"(?:[\w\-.:]|%[0-9A-Fa-f]{2}|\\.)*")
_WORD = re.compile(r"[^\W\d]\w*(?:[\w\-.]*\w)?")
_VARNAME = re.compile(r"\w*")
_LANGTAG = re.compile(r"[A-Za-z0-9\-]*")
_SERVICE_TARGET = re.compile(r"\s*(?:SILENT\s+)?(<[^>\s]*>|[?$]\w+|[\w\-.]*:[\w\-.]*)", re.IGNORECASE)


@dataclass(frozen=True)
class QueryShape:
    """What :func:`scan_query` found outside strings, IRIs and comments."""

    chars: int
    depth: int  # deepest nesting of { ( [ (and runs of "!")
    used_prefixes: frozenset[str]  # prefixes of the prefixed names (rg:Meeting → "rg")
    declared_prefixes: frozenset[str]  # PREFIX declarations of the query itself
    services: tuple[str, ...] = ()  # the target of each SERVICE (an IRI or a variable)


def scan_query(query: str) -> QueryShape:
    """One pass over ``query``: nesting depth, prefixes used and declared, SERVICE targets.

    Strings ("…", '…', \"\"\"…\"\"\"), IRIs (<…>) and # comments are skipped, so a brace
    or a prefix inside them counts for nothing. Unterminated strings end the scan (the
    parser reports them).

    >>> shape = scan_query('PREFIX ex: <http://e/> SELECT * { ?s a rg:Meeting ; ex:p "{{ x:y" } # {')
    >>> shape.depth, sorted(shape.used_prefixes), sorted(shape.declared_prefixes)
    (1, ['ex', 'rg'], ['ex'])
    """
    n = len(query)
    i = depth = deepest = bangs = 0
    used: set[str] = set()
    declared: set[str] = set()
    services: list[str] = []
    expect_prefix = False  # after PREFIX: the next prefixed name is a declaration
    while i < n:
        c = query[i]
        if c.isspace():
            i += 1
            continue
        if c == "!" and not query.startswith("!=", i):
            bangs += 1  # !!!!x nests like (((x: count a run of them as depth
            deepest = max(deepest, depth + bangs)
            i += 1
            continue
        if c in "{([":
            depth += 1
            deepest = max(deepest, depth + bangs)
            i += 1
            continue  # "!(" keeps the run of "!" going
        bangs = 0
        if c in "})]":
            depth = max(0, depth - 1)
            i += 1
        elif c == "#":
            end = query.find("\n", i)
            i = n if end < 0 else end + 1
        elif c in "\"'":
            quote = c * 3 if query.startswith(c * 3, i) else c
            j = i + len(quote)
            while j < n and not query.startswith(quote, j):
                if len(quote) == 1 and query[j] == "\n":
                    break  # a short string cannot span lines: the parser will say so
                j += 2 if query[j] == "\\" else 1
            if j >= n:
                break
            i = j + len(quote) if query.startswith(quote, j) else j
        elif c == "<":
            m = _IRIREF.match(query, i)
            i = m.end() if m else i + 1  # else the operator < or <=
        elif c in "?$":
            i = _VARNAME.match(query, i + 1).end()
        elif c == "@":  # a language tag, "x"@en-GB
            i = _LANGTAG.match(query, i + 1).end()
        elif c == ":" or (m := _WORD.match(query, i)):
            word = "" if c == ":" else m.group(0)
            j = i + len(word)
            if j < n and query[j] == ":":
                if word != "_":  # _:b1 is a blank node, not a prefix
                    (declared if expect_prefix else used).add(word)
                expect_prefix = False
                i = _LOCAL.match(query, j + 1).end()
                continue
            upper = word.upper()
            expect_prefix = upper == "PREFIX"
            if upper == "SERVICE":
                target = _SERVICE_TARGET.match(query, j)
                services.append(target.group(1) if target else "?")
            i = j
        else:
            i += 1
    return QueryShape(n, deepest, frozenset(used), frozenset(declared), tuple(services))


def check_query(query: str, *, max_chars: int = MAX_QUERY_CHARS, max_depth: int = MAX_NESTING,
                allow_service: bool = False) -> QueryShape:
    """Refuse, with a :class:`QueryError` that says why, a query no engine should be given:
    longer than ``max_chars``, nested deeper than ``max_depth``, or (unless
    ``allow_service``) calling another endpoint with SERVICE."""
    if len(query) > max_chars:
        raise QueryError(f"the query is {len(query):,} characters long; the limit is {max_chars:,}")
    shape = scan_query(query)
    if shape.depth > max_depth:
        raise QueryError(f"the query nests {shape.depth:,} levels deep (braces, parentheses, brackets, "
                         f"runs of '!'); the limit is {max_depth}")
    if shape.services and not allow_service:
        raise QueryError(f"the query calls another endpoint (SERVICE {shape.services[0]}); "
                         "SERVICE is refused unless --allow-service is given")
    return shape


def missing_prefixes(query: str, shape: QueryShape | None = None) -> dict[str, str]:
    """The predeclared prefixes the query uses without declaring them (prefix → namespace)."""
    shape = shape or scan_query(query)
    known = prefixes()
    return {p: known[p] for p in known if p in shape.used_prefixes and p not in shape.declared_prefixes}


def prefix_block(pfx: dict[str, str] | None = None) -> str:
    """``PREFIX p: <ns>`` lines of the predeclared prefixes (or of ``pfx``)."""
    pfx = prefixes() if pfx is None else pfx
    width = max((len(p) for p in pfx), default=0) + 1
    return "".join(f"PREFIX {p + ':':<{width}} <{ns}>\n" for p, ns in pfx.items())


# --------------------------------------------------------------------- query


_QUERY_START = re.compile(r"\s*(?:#[^\n]*\n\s*)*(?:PREFIX|BASE|SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)


def read_query(query_or_file: str, queries_dir: Path | None = None) -> str:
    """Query text from a path to a .rq file, a bare example name, or the text itself."""
    candidate = query_or_file.strip()
    if "\n" not in candidate:
        try:
            if Path(candidate).is_file():
                return Path(candidate).read_text(encoding="utf-8")
        except OSError:  # e.g. a one-line query too long to be a file name
            pass
        if re.fullmatch(r"[\w\-]+(\.rq)?", candidate):
            named = (queries_dir or default_queries_dir()) / (candidate.removesuffix(".rq") + ".rq")
            if named.is_file():
                return named.read_text(encoding="utf-8")
    if _QUERY_START.match(query_or_file):
        return query_or_file
    if re.search(r"[{}]", candidate) or (re.search(r"\s", candidate) and not candidate.endswith(".rq")):
        # clearly meant as a query ("SELEC ?x", "{ ?s ?p ?o }"): let the parser say what is wrong
        return query_or_file
    raise QueryError(f"no query file or example query named {candidate!r}")


def default_queries_dir() -> Path:
    """ontology/queries (the installed copy first, else the checkout's)."""
    from graph.ontology import queries_dir

    return queries_dir()


def example_queries(queries_dir: Path | None = None) -> dict[str, str]:
    """name → text of every example query, sorted by name."""
    folder = queries_dir or default_queries_dir()
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.rq"))}


def run_query(
    query: str,
    data: Path | str | bytes | LoadedData,
    engine: str = "oxigraph",
    params: dict[str, str] | None = None,
    *,
    timeout: float | None = None,
    allow_service: bool = False,
    on_note: Callable[[str], None] | None = None,
) -> QueryResult:
    """Run one SPARQL query (SELECT, ASK, CONSTRUCT or DESCRIBE) read-only over ``data``.

    The query is first checked by :func:`check_query` (length, nesting, SERVICE unless
    ``allow_service``). ``timeout`` (seconds) raises :class:`QueryTimeout` when the
    engine has not answered by then; neither engine can be interrupted, so the query's
    thread (a daemon) runs on until it finishes or the process ends: meant for a CLI run.
    An export folder is answered from its on-disk store when it has a fresh one (see
    :func:`load`; ``on_note`` hears why not).
    """
    shape = check_query(query, allow_service=allow_service)
    loaded = data if isinstance(data, LoadedData) else load(data, engine, on_note)
    bound = bind_params(query, params)
    pfx = prefixes()
    if loaded.engine == "oxigraph":
        return _with_large_stack(lambda: _run_oxigraph(query, loaded.store, pfx, bound, shape), timeout)
    return _with_large_stack(lambda: _run_rdflib(query, loaded.store, pfx, bound, shape), timeout)


ENGINE_STACK_BYTES = 256 * 1024 * 1024  # address space, not memory: pages are used only when touched
_pool_lock = threading.Lock()
_idle_workers: list["_QueryWorker"] = []


class _QueryWorker:
    """A long-lived daemon thread with an ENGINE_STACK_BYTES stack (the main thread has 8 MB).

    With it, no query :func:`check_query` lets through (at most MAX_QUERY_CHARS long)
    can overflow oxigraph's recursive parser and planner, however it nests (see the
    guards above). Workers are reused: pyoxigraph spends about a millisecond on its
    first query in a new thread.
    """

    def __init__(self) -> None:
        import queue

        self.jobs: "queue.SimpleQueue" = queue.SimpleQueue()
        with _pool_lock:  # threading.stack_size is process-wide: set it only around our own start
            try:
                previous = threading.stack_size(ENGINE_STACK_BYTES)
            except (ValueError, RuntimeError):  # a platform without settable stacks
                previous = None
            try:
                threading.Thread(target=self._loop, name="referatgraf-query", daemon=True).start()
            finally:
                if previous is not None:
                    threading.stack_size(previous)

    def _loop(self) -> None:
        while True:
            work, box, done = self.jobs.get()
            try:
                box["value"] = work()
            except BaseException as exc:  # handed to the caller
                # pyoxigraph's result objects may be dropped only by the thread that made them:
                # free the frames that hold them here, not when the caller drops the error
                chained: BaseException | None = exc
                while chained is not None:
                    traceback.clear_frames(chained.__traceback__)
                    chained = chained.__cause__ or chained.__context__
                box["error"] = exc
            del work
            done.set()
            with _pool_lock:  # free again (also after a caller gave up waiting)
                _idle_workers.append(self)


def _with_large_stack(work, timeout: float | None):
    """``work()`` on a :class:`_QueryWorker`; :class:`QueryTimeout` if it takes longer than ``timeout``
    (the worker finishes on its own, as the engine cannot be interrupted)."""
    with _pool_lock:
        worker = _idle_workers.pop() if _idle_workers else None
    worker = worker or _QueryWorker()
    box: dict[str, Any] = {}
    done = threading.Event()
    worker.jobs.put((work, box, done))
    if not done.wait(timeout):
        raise QueryTimeout(f"the query did not finish within {timeout:g} s")
    if "error" in box:
        raise box["error"]
    return box["value"]


def _run_oxigraph(query: str, store, pfx: dict[str, str], bound: dict[str, dict],
                  shape: QueryShape | None = None) -> QueryResult:
    import pyoxigraph as ox

    subs = {ox.Variable(k): _ox_term(v) for k, v in bound.items()}
    try:
        answer = store.query(query, prefixes=pfx, substitutions=subs or None)
        return _oxigraph_result(answer)  # results are computed while read: errors (SERVICE …) come here
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax error: {_readable_syntax_error(str(exc), pfx)}") from exc
    except RuntimeError as exc:
        if "projection" in str(exc):  # substitutions only reach variables a SELECT projects
            raise QueryError(
                f"{exc}: with the oxigraph engine a parameter must be a variable of the query's "
                "result: named in the SELECT list (SELECT ?name …, not SELECT *), or, in ASK/CONSTRUCT, "
                "used in a triple pattern (not only in a FILTER); or use --engine rdflib"
            ) from exc
        raise QueryError(f"query failed: {_service_note(shape)}{exc}") from exc
    except (OSError, ValueError) as exc:
        raise QueryError(f"query failed: {_service_note(shape)}{exc}") from exc


def _service_note(shape: QueryShape | None) -> str:
    return f"SERVICE {', '.join(shape.services)}: " if shape is not None and shape.services else ""


def _oxigraph_result(answer) -> QueryResult:
    import pyoxigraph as ox

    if isinstance(answer, ox.QueryBoolean):
        return QueryResult("ask", boolean=bool(answer))
    if isinstance(answer, ox.QuerySolutions):
        variables = [v.value for v in answer.variables]
        bindings = []
        for solution in answer:
            row = {}
            for v in variables:
                t = _term_from_oxigraph(solution[v])
                if t is not None:
                    row[v] = t
            bindings.append(row)
        return QueryResult("select", variables, bindings)
    return _graph_result([(_term_from_oxigraph(t.subject), _term_from_oxigraph(t.predicate),
                           _term_from_oxigraph(t.object)) for t in answer])


def _readable_syntax_error(message: str, pfx: dict[str, str]) -> str:
    # Oxigraph lists every character class it would accept; say what is meant instead.
    where = re.match(r"error at (\d+:\d+)", message)
    if "Prefix not found" in message:
        return f"unknown prefix at {where.group(1) if where else '?'} (predeclared: {', '.join(sorted(pfx))})"
    first = message.splitlines()[0] if message else message
    return first if len(first) <= 300 else first[:300] + " …"


def _run_rdflib(query: str, graph, pfx: dict[str, str], bound: dict[str, dict],
                shape: QueryShape | None = None) -> QueryResult:
    from pyparsing import ParseException
    from rdflib import Variable

    init = {Variable(k): _term_to_rdflib(v) for k, v in bound.items()}
    try:
        answer = graph.query(query, initNs=pfx, initBindings=init or None)
        return _rdflib_result(answer)
    except ParseException as exc:
        raise QueryError(f"SPARQL syntax error: {exc}") from exc
    except QueryError:
        raise
    except RecursionError as exc:
        raise QueryError("the query nests too deeply for the rdflib engine; try --engine oxigraph") from exc
    except Exception as exc:  # rdflib raises many kinds (e.g. unknown prefix as generic Exception)
        if "Unknown namespace prefix" in str(exc):
            raise QueryError(f"SPARQL syntax error: {str(exc).strip()} (predeclared: {', '.join(sorted(pfx))})") from exc
        raise QueryError(f"query failed: {_service_note(shape)}{exc}") from exc


def _rdflib_result(answer) -> QueryResult:
    if answer.type == "ASK":
        return QueryResult("ask", boolean=bool(answer.askAnswer))
    if answer.type == "SELECT":
        variables = [str(v) for v in answer.vars]
        bindings = []
        for solution in answer:
            row = {}
            for v, value in zip(variables, solution):
                t = _term_from_rdflib(value)
                if t is not None:
                    row[v] = t
            bindings.append(row)
        return QueryResult("select", variables, bindings)
    return _graph_result([tuple(_term_from_rdflib(x) for x in triple) for triple in answer])


def _graph_result(triples: list[tuple]) -> QueryResult:
    # Sorted so both engines (and repeated runs) give the same triple order.
    keyed = sorted(triples, key=lambda t: tuple(json.dumps(x, sort_keys=True) for x in t))
    bindings = [dict(zip(("subject", "predicate", "object"), t)) for t in keyed]
    return QueryResult("graph", ["subject", "predicate", "object"], bindings)


def rows_as_set(result: QueryResult) -> set[tuple[str | None, ...]]:
    """Rows as a set of string tuples, for comparing engines or endpoints."""
    return set(result.rows)


def query_summary(text: str) -> tuple[str, list[str]]:
    """The question an example query answers and the ``--param`` s it takes.

    >>> query_summary("# Who held which post,\\n# and when? More words.\\n# param post: iri optional\\nSELECT * {}")
    ('Who held which post, and when?', ['post (optional)'])
    """
    comment = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        if re.match(r"#\s*param\s", line):
            continue
        comment.append(line.lstrip("# ").strip())
    joined = " ".join(c for c in comment if c)
    m = re.search(r"^.*?[?.:](?=\s|$)", joined)
    question = (m.group(0) if m else joined).rstrip(":")
    params = [f"{d.name}{' (optional)' if d.optional else ''}" for d in declared_params(text).values()]
    return question, params
