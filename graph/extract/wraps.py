"""Names split by a PDF line wrap: "Per\\nKristensen", "Slots- og\\nKulturstyrelsen".

A PDF text layer ends every typeset line with a line break, so a name can be split
across two lines. The name rules join the words of a name by a single space; rather
than teach every regex about line breaks, a finder decorated with :func:`across_wraps`
reads the segment with each break that only wraps a paragraph (``text.line_wraps``)
turned into a space. That keeps every offset (one character for one), so spans stay
exact; the mention's surface is the name as read ("Per Kristensen"), its span's quote
the verbatim text ("Per\\nKristensen"). Breaks that end a paragraph, heading or list
entry stay line breaks, and text without wraps (one paragraph per line) is searched as is.
"""
from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache
from typing import TypeVar

from graph.extract.text import Segment, line_wraps
from graph.model import Mention

F = TypeVar("F", bound=Callable[..., list[Mention]])


def unwrapped_text(text: str) -> str:
    """``text`` with every line break that only wraps a paragraph replaced by a space (same length)."""
    wraps = line_wraps(text)
    if not wraps:
        return text
    chars = list(text)
    for i in wraps:
        chars[i] = " "
    return "".join(chars)


def unwrapped(seg: Segment) -> Segment:
    """The segment read with its wrapping line breaks as spaces; ``seg`` itself if it has none."""
    if "\n" not in seg.text:
        return seg
    flat = _unwrapped(seg.doc, seg.start, seg.text, seg.where)
    return seg if flat.text == seg.text else flat


@lru_cache(maxsize=64)
def _unwrapped(doc: str, start: int, text: str, where: str) -> Segment:
    # cached: every finder asks for the same segment in turn (and the copy keeps its case-folded text)
    return Segment(doc, start, unwrapped_text(text), where)


def across_wraps(finder: F) -> F:
    """Decorate a finder ``finder(seg, ...) -> list[Mention]`` to find names across line wraps.

    The finder runs on :func:`unwrapped` ``(seg)``; each mention's span quote is then taken from the
    original text, so it stays verbatim while the surface reads the wrap as a space.
    """

    @functools.wraps(finder)
    def run(seg: Segment, *args, **kwargs) -> list[Mention]:
        flat = unwrapped(seg)
        found = finder(flat, *args, **kwargs)
        if flat is not seg:
            for m in found:
                a, b = m.span.start - seg.start, m.span.end - seg.start
                m.span = replace(m.span, quote=seg.text[a:b])
        return found

    return run  # type: ignore[return-value]
