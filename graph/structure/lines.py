"""The line type the parser works on: each line's stripped text with its
character offsets into the document, and Markdown markup taken off."""
from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass
class Line:
    start: int  # offset of the first non-space character (or line start when blank)
    end: int  # offset just after the last non-space character
    text: str  # stripped text

    @property
    def blank(self) -> bool:
        return not self.text


def split_lines(text: str) -> list[Line]:
    """The lines of ``text`` ("\\n"-separated), each stripped but with offsets into ``text``.

    >>> [(ln.start, ln.end, ln.text) for ln in split_lines("Punkt 1: A\\n\\n  Tekst ")]
    [(0, 10, 'Punkt 1: A'), (11, 11, ''), (14, 19, 'Tekst')]
    """
    out = []
    pos = 0
    for raw in text.split("\n"):
        lead = len(raw) - len(raw.lstrip())
        stripped = raw.strip()
        start = pos + lead if stripped else pos
        out.append(Line(start, start + len(stripped), stripped))
        pos += len(raw) + 1
    return out


def markup_free(line: Line) -> tuple[str, int, int]:
    """Text of a line without Markdown heading/bold markup, with its offsets.

    >>> markup_free(Line(10, 24, "**Beslutning**")), markup_free(Line(0, 13, "## Beslutning"))
    (('Beslutning', 12, 22), ('Beslutning', 3, 13))
    """
    text, start = line.text, line.start
    m = _LEAD_MARKUP.match(text)
    if m:
        text, start = text[m.end():], start + m.end()
    # closing markup: "**" or "__" and nothing but blanks after it (read at the end, not searched
    # for all along a line that may be a megabyte long)
    tail = text.rstrip()
    if tail.endswith(("**", "__")):
        text = tail[:-2]
    stripped = text.rstrip()
    return stripped, start, start + len(stripped)


_LEAD_MARKUP = re.compile(r"^(#{1,6}\s+|\*\*|__)")
