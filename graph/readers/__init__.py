"""Readers: one per input format, each turning a file's bytes into the one document model
(:class:`graph.model.SourceDocument`: flat text plus layout blocks, and for structured formats
the header facts in ``meta``).

========================  ===========================================================
reader                    reads
========================  ===========================================================
``text``                  ``.txt``, ``.md`` (UTF-8, UTF-16 with BOM, cp1252)
``pdf``                   ``.pdf`` (text layer; running headers and footers removed)
``html``                  ``.html``, ``.htm`` web pages of publishing systems
``docx``                  ``.docx`` Word minutes (heading styles as heading blocks)
``firstagenda``           ``.json`` of the FirstAgenda publication API
``sbsys`` / ``edoc``      ``.xml`` publication exports of SBSYS and eDoc (Fujitsu)
``archive``               ``N_decisions.json`` of a city-archive case record (with its
                          ``N_metadata.json`` and ``N_files.json``)
========================  ===========================================================

:func:`read_bytes` picks the reader from the file's ending and, for JSON and XML, its content;
a file no reader takes raises :class:`ReadError` with a reason a user understands.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.model import Block

SUPPORTED_SUFFIXES = (".txt", ".md", ".pdf", ".html", ".htm", ".docx", ".json", ".xml")


class ReadError(ValueError):
    """The file cannot be read as minutes by any reader; ``reason`` says why."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass
class Read:
    text: str
    encoding: str
    reader: str
    blocks: list[Block] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    warning: str | None = None  # read, but with doubts the user should hear of


def read_bytes(raw: bytes, path: Path) -> Read:
    """Read one file's bytes with the reader its ending (and content) calls for."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        from graph.readers.pdf import read_pdf

        return read_pdf(raw)
    if suffix in (".html", ".htm"):
        from graph.readers.webpage import read_webpage

        return read_webpage(raw)
    if suffix == ".docx":
        from graph.readers.docx import read_docx

        return read_docx(raw)
    if suffix == ".json":
        return _read_json(raw, path)
    if suffix == ".xml":
        from graph.readers.publication_xml import read_publication_xml

        return read_publication_xml(raw)
    from graph.readers.text import read_text

    return read_text(raw)


def _read_json(raw: bytes, path: Path) -> Read:
    from graph.readers import archive, firstagenda

    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReadError(f"not valid JSON ({exc})") from None
    except RecursionError:
        raise ReadError("JSON nested too deeply to be minutes") from None
    if firstagenda.looks_like(data):
        return record_read(firstagenda.to_record(data), firstagenda.NAME)
    if archive.looks_like_decisions(data):
        return archive.read_decisions(raw, path)
    if archive.looks_like_part(data):
        raise ReadError(archive.part_reason(path))
    raise ReadError("JSON of an unknown kind (expected a FirstAgenda agenda with 'Dagsordenpunkter' and 'Moede', "
                    "or an archive case record's decisions)")


def record_read(record, reader: str) -> Read:
    """A structured record (graph/readers/record.py) as a :class:`Read`."""
    from graph.readers.record import compose_record

    text, blocks, meta = compose_record(record)
    return Read(text=text, encoding="utf-8", reader=reader, blocks=blocks, meta=meta)
