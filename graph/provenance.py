"""The sentence a fact came from.

A span's quote is the exact words matched ("Økonomi & Stab"); a reader checking a
fact wants the sentence that says it. Every span in the graph gets that sentence
(cut to a readable window) once the build is complete.

>>> text = "Punkt 3\\n\\nUdvalget godkendte planen. Økonomi & Stab følger op i maj."
>>> sentence_around(text, text.index("Økonomi"), text.index("Økonomi") + 14)
'Økonomi & Stab følger op i maj.'
"""
from __future__ import annotations

import bisect

from graph.model import Span

# Longest sentence shown in full; longer ones are cut to a window around the quote.
MAX_CHARS = 400


def _bounds(text: str) -> tuple[list[int], list[int]]:
    from graph.extract.text import sentences

    spans = sorted(sentences(text))
    return [a for a, _ in spans], [b for _, b in spans]


def sentence_around(text: str, start: int, end: int, bounds: tuple[list[int], list[int]] | None = None) -> str:
    """The sentence(s) of ``text`` that hold ``text[start:end]``, whitespace folded."""
    starts, ends = bounds or _bounds(text)
    i = max(bisect.bisect_right(starts, start) - 1, 0)
    j = max(bisect.bisect_left(starts, max(end, start + 1)) - 1, i)
    s = min(starts[i], start) if starts else start
    e = max(ends[j], end) if ends else end
    if e - s > MAX_CHARS:  # a whole section or a run-on list: a window centred on the quote
        pad = max((MAX_CHARS - (end - start)) // 2, 0)
        s, e = max(start - pad, 0), min(end + pad, len(text))
        return ("…" if s > 0 else "") + " ".join(text[s:e].split()) + ("…" if e < len(text) else "")
    return " ".join(text[s:e].split())


class Sentences:
    """Sentence finder over the documents of one build; each document is split once."""

    def __init__(self, texts: dict[str, str]):
        self.texts = texts
        self._bounds: dict[str, tuple[list[int], list[int]]] = {}

    def fill(self, span: Span) -> Span:
        """``span`` with its ``sentence`` filled in (unchanged if its document is unknown)."""
        text = self.texts.get(span.doc)
        if text is None or span.sentence:
            return span
        if span.doc not in self._bounds:
            self._bounds[span.doc] = _bounds(text)
        sentence = sentence_around(text, span.start, span.end, self._bounds[span.doc])
        return Span(span.doc, span.start, span.end, span.quote, sentence)
