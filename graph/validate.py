"""Validate an RDF build against ``ontology/shapes.ttl`` with pyshacl.

>>> import rdflib
>>> from graph.validate import validate
>>> g = rdflib.Graph()
>>> meeting = rdflib.URIRef("https://example.org/id/meeting/x/2021-03-04")
>>> _ = g.add((meeting, rdflib.RDF.type, rdflib.URIRef("https://w3id.org/referatgraf/ontology#Meeting")))
>>> result = validate(g)                 # a meeting with no date and no body
>>> result.conforms, len(result.violations) > 0
(False, True)
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import rdflib
from rdflib.namespace import RDF

from graph import ontology

SH = rdflib.Namespace(ontology.prefixes()["sh"])


@dataclass
class ValidationResult:
    conforms: bool
    violations: list[str] = field(default_factory=list)  # "<focus node> <path>: <message>", sorted
    report_text: str = ""


@lru_cache(maxsize=1)
def _shapes() -> rdflib.Graph:
    return rdflib.Graph().parse(ontology.shapes_path(), format="turtle")


def validate(data: rdflib.Graph) -> ValidationResult:
    """Check ``data`` (e.g. :func:`graph.export.rdf.to_rdf` of a build) against the shapes.

    No inference is run: the export writes every type the shapes target, and
    skipping RDFS/OWL reasoning keeps validation fast on large builds.
    """
    import pyshacl

    conforms, report, text = pyshacl.validate(
        data, shacl_graph=_shapes(), inference="none", advanced=False, allow_warnings=True)
    violations = sorted(_describe(report, r) for r in report.subjects(RDF.type, SH.ValidationResult)
                        if report.value(r, SH.resultSeverity) == SH.Violation)
    return ValidationResult(bool(conforms), violations, str(text))


class RDFSyntaxError(ValueError):
    """The file is not valid RDF of its format; the message names the file, line and reason."""


def validate_file(path: str | Path) -> ValidationResult:
    """Validate a Turtle / N-Triples / JSON-LD file, or the graph.ttl of an export folder.

    Raises :class:`graph.query.sparql.MissingDataError` when there is no such file and
    :class:`RDFSyntaxError` when it does not parse (a truncated or damaged export).
    """
    from graph.query.sparql import resolve_data

    path = resolve_data(path)
    fmt = {".nt": "nt", ".jsonld": "json-ld", ".json": "json-ld"}.get(path.suffix.lower(), "turtle")
    try:
        data = rdflib.Graph().parse(path, format=fmt)
    except Exception as exc:  # rdflib raises BadSyntax, ValueError, json errors, … by format
        raise RDFSyntaxError(f"{path} is not valid {fmt.upper()}: {_syntax_reason(exc)}") from None
    return validate(data)


def _syntax_reason(exc: Exception) -> str:
    """One readable line: rdflib's BadSyntax carries the whole file in its message."""
    why, line = getattr(exc, "_why", None), getattr(exc, "lines", None)
    if why is not None:
        return f"line {line + 1}: {why}" if isinstance(line, int) else str(why)
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:300]


def _describe(report: rdflib.Graph, result: rdflib.term.Node) -> str:
    focus = report.value(result, SH.focusNode)
    path = report.value(result, SH.resultPath)
    message = report.value(result, SH.resultMessage)
    path_text = _compact(str(path)) if isinstance(path, rdflib.URIRef) else "(path)"
    return f"{focus} {path_text}: {message}"


def _compact(iri: str) -> str:
    for prefix, ns in ontology.prefixes().items():
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return f"<{iri}>"
