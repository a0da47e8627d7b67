"""Text helpers shared by the extractors: where to look, words, sentences, inflection.

Extractors work on :class:`Segment` s: a stretch of document text with its
offset, so every mention gets a :class:`~graph.model.Span` into the document.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property, lru_cache

from graph.model import AgendaItem, Span

UPPER = "A-ZÆØÅÉÜÖÄ"
LOWER = "a-zæøåéüöä"
# A capitalised word, possibly hyphenated ("Anne-Mette", "UU-Vestegnen") or with an apostrophe ("La'os").
CAP_WORD = rf"[{UPPER}][{UPPER}{LOWER}0-9]*(?:[-'’][{UPPER}{LOWER}0-9]+)*"

# Bounds that keep the name rules linear in the text. A rule like ``CAP(?:, CAP)*`` followed by
# something that may fail is tried at every word of a run of capitalised words and each try runs on
# to the run's end (and back): quadratic in the run, minutes on a line of 20,000 "Punkt". A name
# has a few words, each of a few dozen letters, so bounded repetitions find every real name while
# each try costs a bounded amount. NAME_WORDS: words of one name (or list of names);
# WORD_CHARS, WORD_PARTS: letters of a word's part, parts of a hyphenated word ("Ærø-Østergaard").
NAME_WORDS = 12
WORD_CHARS = 80
WORD_PARTS = 4
# CAP_WORD for searches: a longer "word" (a run of 100,000 letters) is no word of a name.
NAME_WORD = (rf"[{UPPER}][{UPPER}{LOWER}0-9]{{0,{WORD_CHARS}}}"
             rf"(?:[-'’][{UPPER}{LOWER}0-9]{{1,{WORD_CHARS}}}){{0,{WORD_PARTS}}}")
# How far before a match a rule looks for the words that belong to it ("Slots- og |Kulturstyrelsen",
# "tværgående |plan"): a few words; searching all the text before each match was quadratic.
LOOK_BACK = 200
# Underscore-joined file names ("Forslag_til_Kommuneplanstrategi_2019"): not text. A match is a
# whole non-space token holding "_", so the search starts only at a token's start, and the
# possessive runs never give back: ``\S*_\S*`` retried every position of a long token without an
# underscore and backtracked over the rest of it (quadratic; minutes on a 1 MB token).
FILE_NAME = re.compile(r"(?<!\S)[^\s_]*+_\S*+")


@dataclass
class Segment:
    """Text searched for mentions: ``text`` starts at document offset ``start``."""

    doc: str
    start: int
    text: str
    where: str  # "title" or the section heading

    def span(self, a: int, b: int) -> Span:
        return Span(self.doc, self.start + a, self.start + b, self.text[a:b])

    @cached_property
    def folded(self) -> str:
        """The text case-folded: a word's ``casefold()`` is a substring of it (see graph.extract.scan)."""
        return self.text.casefold()

    @cached_property
    def case_odd(self) -> bool:
        """True if the text has a letter that case-insensitive regexes and casefold() treat differently."""
        return any(ch in self.text for ch in CASE_ODD)

    @cached_property
    def aligned(self) -> bool:
        """True if ``folded[i]`` is the case-folded ``text[i]`` for every i (no letter folds to two)."""
        return not self.case_odd and len(self.folded) == len(self.text)


# The only letters where case-insensitive regex matching and str.casefold() disagree (checked over all
# of Unicode, Python 3.11): the engine lowers "İ" to "i" (casefold: "i̇") and matches "ı" with "i".
CASE_ODD = ("İ", "ı")


def masked(text: str) -> str:
    """Blank out underscore-joined file names, keeping offsets."""
    return FILE_NAME.sub(lambda m: " " * len(m.group()), text)


def item_segments(item: AgendaItem) -> list[Segment]:
    """Title (without the agenda prefix) and every section of an item, file names blanked."""
    segs: list[Segment] = []
    title_start = item.title_span.start
    title = item.title_span.quote or item.title
    offset = 0
    m = re.match(r"\s*Punkt\s+\d+\s*:\s*", title)
    if m:
        offset = m.end()
    if item.prefix and title[offset:].startswith(item.prefix):
        offset += len(item.prefix)
    else:  # a short upper-case label like "CF - " even if the parser did not set it
        p = re.match(rf"[{UPPER}]{{1,6}}\s+-\s+", title[offset:])
        if p:
            offset += p.end()
    segs.append(Segment(item.title_span.doc, title_start + offset, masked(title[offset:]), "title"))
    for s in item.sections:
        segs.append(Segment(s.span.doc, s.span.start, masked(s.text), s.heading))
    return segs


SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+(?=[\"'«(]?[" + UPPER + r"])|\n\s*\n|\n(?=\s*[-•*]|\s*\d+[.)] )|\s\|\s|</?p>")
# Abbreviations that end in a period without ending the sentence.
ABBREVIATIONS = {"d", "kl", "pr", "ca", "jf", "nr", "hhv", "bl.a", "f.eks", "fx", "evt", "inkl", "mht", "m.fl", "st", "stk"}


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of sentences and list lines, table cells; good enough for context windows."""
    return list(_sentences(text))


@lru_cache(maxsize=64)
def _sentences(text: str) -> tuple[tuple[int, int], ...]:
    # cached: every date in a segment asks for its sentence
    out, pos = [], 0
    for m in SENTENCE_END.finditer(text):
        word = re.search(r"([\w.]+)\.$", text[max(0, m.start() - 8):m.start()])
        if word and word.group(1).casefold() in ABBREVIATIONS:
            continue
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        out.append((pos, len(text)))
    return tuple(out)


def sentence_at(text: str, i: int) -> tuple[int, int]:
    """The sentence (see :func:`sentences`) that holds position ``i``; the whole text if none does."""
    sents, starts = _sentence_index(text)
    k = bisect_right(starts, i) - 1  # sentences are in order and do not overlap: a binary search
    if k >= 0 and sents[k][0] <= i < sents[k][1]:
        return sents[k]
    return 0, len(text)


@lru_cache(maxsize=64)
def _sentence_index(text: str) -> tuple[tuple[tuple[int, int], ...], list[int]]:
    sents = _sentences(text)
    return sents, [a for a, _ in sents]


def is_sentence_start(text: str, i: int) -> bool:
    """True if position i starts a sentence, line, bullet or bracket (capitals there prove nothing).

    A line break counts as a space where it only wraps a paragraph (see :func:`line_wraps`).
    """
    # (read backwards from i, never copying or searching all the text before it: called for
    # many words of a segment, that was quadratic)
    j = _skip_back(text, i, " \t")
    if j > 0 and text[j - 1] == "\n" and j - 1 in line_wraps(text):
        j = _skip_back(text, j - 1, " \t")
    if j == 0:
        return True
    if text[j - 1] in _STARTS_AFTER:
        return True
    # a numbered list line "\n 2) Word" (a "." ends in _STARTS_AFTER already)
    if text[j - 1] != ")":
        return False
    d = j - 1
    while d > 0 and text[d - 1].isdecimal():  # the regex \d
        d -= 1
    if d == j - 1:
        return False
    while d > 0 and text[d - 1].isspace():  # the regex \s (which takes the line break in too)
        d -= 1
        if text[d] == "\n":
            return True
    return False


def _skip_back(text: str, i: int, chars: str) -> int:
    """The start of the run of ``chars`` that ends at ``i``."""
    while i > 0 and text[i - 1] in chars:
        i -= 1
    return i


# After these a word starts a sentence, line, bullet, bracket or quote.
_STARTS_AFTER = ".!?:;\n-•*(\"'«|>–"
_LIST_ITEM = re.compile(r"[-•*]|\d+[.)]\s")
# A typeset line that wraps before a capitalised word is nearly as wide as the widest line of its
# text; a heading, label or list entry of one-paragraph-per-line text is short.
_WRAP_MIN_CHARS = 40
_WRAP_MIN_SHARE = 0.6


@lru_cache(maxsize=64)
def line_wraps(text: str) -> frozenset[int]:
    """Offsets of the line breaks in ``text`` that only wrap a paragraph, as PDF text has on every line.

    A break ends a sentence (is not a wrap) after sentence-final punctuation, at a blank line, before a
    list item, in a table (tabs), or where either line looks like a heading or label. It wraps where
    the next line goes on in lower case ("arbejdet\\nmed Børn og Kultur"), or where a line of body-text
    width ending in a word goes on with a capitalised word ("den kommende\\nSpildevandsplan 2026-2030.")
    or a number ("den 29. marts\\n2022"), and after a line ending in "&" or a spaced dash before lower
    case ("Borger &\\nArbejdsmarked", "Mere Egebæk -\\nplanstrategi"). A full-width line ending in
    an ordinal day or an abbreviation goes on before a lower-case word ("den 12.\\nseptember",
    "12 mio.\\nkr."): that period ends no sentence.
    Text with one paragraph per line has none of these, so it keeps every line break as a boundary.
    """
    if "\n" not in text:
        return frozenset()
    lines = text.split("\n")
    widest = max(len(ln.rstrip()) for ln in lines)
    out, pos = set(), 0
    for prev, nxt in zip(lines, lines[1:]):
        pos += len(prev)  # the offset of the break after ``prev``
        if _wraps(prev.rstrip(), nxt.strip(), widest):
            out.add(pos)
        pos += 1
    return frozenset(out)


def _wraps(prev: str, nxt: str, widest: int) -> bool:
    """True if the break between two (stripped) lines only wraps a paragraph; see line_wraps."""
    if not prev.strip() or not nxt or _LIST_ITEM.match(nxt):
        return False
    if "\t" in prev or "\t" in nxt or "|" in prev:
        return False  # a table row or a table-of-contents line
    full_width = len(prev) >= _WRAP_MIN_CHARS and len(prev) >= _WRAP_MIN_SHARE * widest
    if prev[-1] == ".":
        # "den 12.\nseptember", "12 mio.\nkr.": only a typeset line breaks there, and only before lower case
        return full_width and nxt[0].islower() and _ends_in_non_final_period(prev)
    if prev[-1] == "&" or (prev.endswith((" -", " –")) and nxt[0].islower()):
        return True  # "Borger &\nArbejdsmarked", "Mere Egebæk -\nplanstrategi": nothing ends there
    if prev[-1] in _STARTS_AFTER:
        return False
    if nxt[0].islower():
        return True
    if nxt[0].isdigit():  # "den 29. marts\n2022", "Digitaliseringsstrategi\n2022" (list items are out above)
        return full_width and (prev[-1].isalpha() or prev[-1] == ",")
    if not nxt[0].isupper() or not (prev[-1].islower() or prev[-1] == ","):
        return False
    return full_width and not _heading_like(nxt, widest)


# Words whose period ends no sentence before a lower-case word: those of ABBREVIATIONS and amounts.
_WRAP_ABBREVIATIONS = ABBREVIATIONS | {"mio", "mia", "mill", "kr", "pkt", "ang", "vedr", "iht", "jvf"}
_LAST_WORD = re.compile(r"(?:^|[\s(])([\w.]+)\.$")


def _ends_in_non_final_period(line: str) -> bool:
    """True if the line's last period closes an ordinal day ("den 12.") or an abbreviation ("mio.")."""
    m = _LAST_WORD.search(line)
    if not m or m.start(1) == 0:
        return False  # a line that is only "12." or "pkt." is a list number or label
    word = m.group(1)
    return (word.isdigit() and len(word) <= 2) or word.casefold() in _WRAP_ABBREVIATIONS


def _heading_like(line: str, widest: int) -> bool:
    """A short line without closing punctuation: a heading, label or list entry, not the end of a sentence."""
    return line[-1] not in ".!?:;,)" and len(line) < _WRAP_MIN_SHARE * widest


# Danish definite / plural endings, longest first (the genitive -s is removed before).
_ENDINGS = ("erne", "ene", "en", "et", "er", "e", "n")


def stem(word: str) -> str:
    """A crude Danish stem for matching inflected forms: "Idrætspolitikken" -> "idrætspolitik"."""
    w = word.casefold().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    elif w.endswith("'"):
        w = w[:-1]
    elif w.endswith("s") and not w.endswith("ss") and len(w) > 4:
        w = w[:-1]
    for end in _ENDINGS:
        if w.endswith(end) and len(w) - len(end) >= 3:
            w = w[: -len(end)]
            break
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeiouyæøå":
        w = w[:-1]  # politikk(en) -> politik
    return w


def norm_name(text: str) -> str:
    """Normalise a name for comparison: case, whitespace, "&" = "og", inflection of the last word."""
    t = re.sub(r"\s+", " ", text.replace("&", " og ")).strip(" .,;:'\"«»()").casefold()
    t = re.sub(r"\s+", " ", t)
    words = t.split(" ")
    if words and words[-1]:
        words[-1] = stem(words[-1])
    return " ".join(words)


def inflected(word: str) -> str:
    """Regex for a word with optional Danish definite/genitive endings."""
    return re.escape(word) + r"(?:(?:en|et|n|ne|erne|ene)?(?:s|'s|’s)?)"
