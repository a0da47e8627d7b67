"""Person names: full names ("Karen Ostenfeld Lund"), first names alone ("Mads orienterede"),
names after an occupation or post word ("konsulent Ida Holmberg").

Danish capitalises proper nouns only, so a run of capitalised words that starts
with a known first name is a name; at a sentence start (where every word is
capitalised) a lone first name is accepted unless it is also a common word.
"""
from __future__ import annotations

import re
from functools import lru_cache

from graph.extract.scan import finditer_at, occurrences
from graph.extract.text import CAP_WORD, LOWER, Segment, is_sentence_start
from graph.extract.vocab import Vocabulary
from graph.extract.wraps import across_wraps
from graph.model import Mention

# Capitalised words joined by single spaces: candidate name runs.
RUN = re.compile(rf"{CAP_WORD}(?: {CAP_WORD})*")
# Capitalised function words that show a Title Case phrase (a name of a thing, not a person).
TITLE_CASE_GLUE = {"I", "For", "Og", "Om", "På", "Af", "Til", "Med", "Fra", "Det", "Den"}


def _base(word: str) -> str:
    """Drop a genitive ending: "Eriks" -> "Erik", "Maries" -> "Marie", "KB's" -> "KB"."""
    for end in ("'s", "’s", "'", "s"):
        if word.endswith(end) and len(word) > len(end) + 1:
            return word[: -len(end)]
    return word


def _is_name(word: str, vocab: Vocabulary) -> bool:
    return vocab.is_first_name(word) or vocab.is_first_name(_base(word))


def _surname_like(word: str) -> bool:
    """A capitalised word that can continue a name: not an all-caps acronym, not a function word."""
    return bool(re.fullmatch(rf"[A-ZÆØÅÉ][{LOWER}]+(?:-[A-ZÆØÅÉ][{LOWER}]+)?", word)) and word not in TITLE_CASE_GLUE


@across_wraps
def find_persons(seg: Segment, vocab: Vocabulary, lower_words: frozenset[str] = frozenset()) -> list[Mention]:
    """Person mentions in a segment. ``lower_words`` are the words the document also writes in
    lower case: such a word is a common word ("Urban Farming" beside "urban farming"), not a name."""
    text = seg.text
    titles = vocab.cue("person_title")
    not_names = vocab.cue("not_first_name")
    out: list[Mention] = []
    for run in RUN.finditer(text):
        words = _words(run)
        i = 0
        while i < len(words):
            start, word = words[i]
            if not _is_name(word, vocab):
                i += 1
                continue
            j = i + 1
            while j < len(words) and _surname_like(words[j][1]) and j - i < 4:
                j += 1
            if j < len(words) and words[j][1] in TITLE_CASE_GLUE:
                break  # "Bo I Byen": a title-case name of something else
            if word.casefold() in lower_words and (j == i + 1 or any(w.casefold() in lower_words for _, w in words[i + 1:j])):
                i = j  # "Urban Farming" beside "urban farming": common words, not a name
                continue
            if i > 0 and j == i + 1 and not _is_name(words[i - 1][1], vocab) and not re.sub(r"(?:en|et)$", "", words[i - 1][1].casefold()).endswith(tuple(titles)):
                # a lone first name glued to a preceding capitalised non-name ("Professionshøjskolen Absalon"),
                # unless that is a post or occupation ("Skolechef Karen Lund")
                i = j
                continue
            end = words[j - 1][0] + len(words[j - 1][1])
            surface = text[start:end]
            single = j == i + 1
            if single and is_sentence_start(text, start) and word.casefold() in not_names:
                i = j
                continue
            first = word if vocab.is_first_name(word) else _base(word)  # "Mads" is a name, "Eriks" a genitive
            out.append(Mention("Person", surface, seg.span(start, end), attrs={"first_name": first}))
            i = j
    out += _after_titles(seg, titles, vocab, {m.span.start for m in out})
    return out


def _words(run: re.Match) -> list[tuple[int, str]]:
    """(offset, word) of the words of a RUN match (joined by single spaces)."""
    out, pos = [], run.start()
    for w in run.group().split(" "):
        out.append((pos, w))
        pos += len(w) + 1
    return out


def _after_titles(seg: Segment, titles: frozenset[str], vocab: Vocabulary, seen: set[int]) -> list[Mention]:
    """Capitalised words right after an occupation word are a name even if the first name is unknown."""
    if not titles:
        return []
    out = []
    # the regex can only start where one of the words is written
    for m in finditer_at(_title_name(titles), seg.text, occurrences(seg.text, titles)):
        if m.start(1) in seen:
            continue
        words = m.group(1).split()
        if any(w in TITLE_CASE_GLUE for w in words):
            continue
        out.append(Mention("Person", m.group(1), seg.span(m.start(1), m.end(1)), attrs={"first_name": words[0]}))
    return out


@lru_cache(maxsize=16)
def _title_name(titles: frozenset[str]) -> re.Pattern:
    return re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, titles), key=len, reverse=True))
                      + rf")\s+([A-ZÆØÅÉ][{LOWER}]+(?:-[A-ZÆØÅÉ][{LOWER}]+)?(?: [A-ZÆØÅÉ][{LOWER}]+){{1,3}})")
