"""Plain text and Markdown minutes: decoded (UTF-8 with or without BOM, UTF-16 with BOM,
cp1252), no layout beyond the lines themselves."""
from __future__ import annotations

from graph.readers import Read, ReadError


def read_text(raw: bytes) -> Read:
    from graph.sources import decode_bytes

    text, encoding, reason = decode_bytes(raw)
    if text is None:
        raise ReadError(reason)
    return Read(text=text, encoding=encoding, reader="text")
