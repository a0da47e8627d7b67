"""Plain text and Markdown minutes: decoded (UTF-8, UTF-16 or UTF-32 with or without BOM,
cp1252), no layout beyond the lines themselves."""
from __future__ import annotations

from graph.readers import Read, ReadError


def read_text(raw: bytes) -> Read:
    from graph.sources import decode_bytes

    text, encoding, note = decode_bytes(raw)
    if text is None:
        raise ReadError(note)
    return Read(text=text, encoding=encoding, reader="text", warning=note or None)
