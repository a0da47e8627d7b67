"""Compose a document's flat text and its layout blocks in one pass.

Structured and laid-out formats (FirstAgenda JSON, publication XML, web pages, Word) are read
into the same document model as plain text: a flat text in reading order, and blocks that
say what each stretch of it is. Every offset of a block points into the text being built, so
provenance spans work alike for every format.

>>> c = Composer()
>>> _ = c.add("Punkt 1: Budget", kind="heading", role="item", number=1)
>>> _ = c.add("Godkendt.")
>>> text, blocks = c.finish()
>>> text
'Punkt 1: Budget\\nGodkendt.\\n'
>>> [(b.role, text[b.start:b.end], b.attrs) for b in blocks]
[('item', 'Punkt 1: Budget', {'number': 1}), ('', 'Godkendt.', {})]
"""
from __future__ import annotations

import re
import unicodedata

from graph.model import Block

_SPACE = re.compile(r"[ \t\u00a0\u2007\u202f]+")


def clean_line(text: str) -> str:
    """One line of text as it is put into a document: NFC, soft hyphens dropped, runs of
    spaces (also non-breaking) as one, no line breaks.

    >>> clean_line(" Sags\\u00adnr.:\\u00a0 21-0144 \\n")
    'Sagsnr.: 21-0144'
    """
    text = unicodedata.normalize("NFC", text).replace("\u00ad", "").replace("\u200b", "")
    return _SPACE.sub(" ", text.replace("\r", " ").replace("\n", " ")).strip()


class Composer:
    """Append lines (each a block) to a text; blank lines between paragraphs with :meth:`gap`."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._len = 0
        self.blocks: list[Block] = []

    @property
    def offset(self) -> int:
        return self._len

    def gap(self) -> None:
        """End a paragraph: one blank line (never two in a row, none at the start)."""
        if self._parts and not self._ends_blank():
            self._write("\n")

    def _ends_blank(self) -> bool:
        tail = "".join(self._parts[-2:])
        return tail.endswith("\n\n")

    def _write(self, s: str) -> None:
        self._parts.append(s)
        self._len += len(s)

    def add(self, text: str, kind: str = "paragraph", role: str = "", level: int = 0, page: int = 0,
            **attrs) -> Block | None:
        """Add ``text`` as one line (cleaned with :func:`clean_line`) and its block; None when empty."""
        line = clean_line(text)
        if not line:
            return None
        start = self._len
        self._write(line + "\n")
        block = Block(kind, start, start + len(line), level, page, role, dict(attrs))
        self.blocks.append(block)
        return block

    def finish(self) -> tuple[str, list[Block]]:
        return "".join(self._parts), self.blocks
