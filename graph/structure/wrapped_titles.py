"""Item titles that PDF typesetting wrapped onto a second line: "Punkt 3: Orientering v.\\nIda
(13:35-13:45)". Text with one heading per line has no such wraps, so its parse is unchanged."""
from __future__ import annotations

import re

from graph.casenumbers import find_case_number, label_at
from graph.sources import is_page_mark
from graph.structure.headings import line_heading_role
from graph.structure.item_heads import TOC_TAIL, item_heading
from graph.structure.lines import Line, markup_free

# A typeset heading line that wrapped is nearly as wide as the widest line of its text
# (the same width heuristic as graph.extract.text.line_wraps).
_WRAP_MIN_CHARS = 40
_WRAP_MIN_SHARE = 0.6
# Endings after which a title cannot stop: a presenter marker, a conjunction, a comma, a dash.
_CUT_END = re.compile(r"(?:\s(?:v\.|ved|og|samt|for|af|til|om|i|&|[-–])|,)$", re.IGNORECASE)
_CLOSED_END = ".!?:;)"
MAX_CONTINUATION = 2  # a heading wraps over at most three lines; more is body text
MAX_CLOSING = 3  # ... or four, when the case number right under it closes the heading block
# A line ending a sentence ("... i resten af året.") is body text; a title ends in "Evt." at most
_SENTENCE_END = re.compile(r"[a-zæøå]{4,}[.!?]$")
_LIST_ITEM = re.compile(r"^(?:[-•*]|\d+[.)]\s)")


def widest_line(lines: list[Line]) -> int:
    """Length of the widest (stripped) line: the text width of a typeset document."""
    return max((len(ln.text) for ln in lines), default=0)


def looks_cut(text: str, widest: int, nxt: str = "") -> bool:
    """True when a title line ends where only a line wrap can end it: in a marker,
    conjunction or comma ("v.", "og", ","), or near full width without closing punctuation
    (a closing parenthesis counts as open when the next line ``nxt`` opens another one:
    "(Ida Holm deltager)\n(13:55-14:15)").

    >>> looks_cut("Punkt 3: Orientering om status v.", 200), looks_cut("Punkt 3: Eventuelt", 20)
    (True, False)
    """
    if not text:
        return False
    if _CUT_END.search(text):
        return True
    if len(text) < _WRAP_MIN_CHARS or len(text) < _WRAP_MIN_SHARE * widest:
        return False
    return text[-1] not in _CLOSED_END or (text[-1] == ")" and nxt.startswith("("))


def _boundary(ln: Line) -> bool:
    """A line that ends a heading block: blank, a case or document number, a section or item heading."""
    if ln.blank:
        return True
    text = markup_free(ln)[0]
    return bool(find_case_number(text) or label_at(text) or line_heading_role(text) or item_heading(ln))


def _may_continue(ln: Line) -> bool:
    """A line that can be the rest of a wrapped title (not a boundary, list item, TOC line or page mark)."""
    return not _boundary(ln) and not _LIST_ITEM.match(ln.text) and not TOC_TAIL.search(ln.text) \
        and not is_page_mark(ln.text)


def title_continuation(lines: list[Line], head: int, end: int, widest: int) -> int:
    """How many lines after ``lines[head]`` (before ``end``) carry on its wrapped title.

    The heading line must look cut (:func:`looks_cut`), each continuation line must not be a
    journal number, a section heading or blank, and the block must be followed by such a
    boundary (or the item's end): a heading that runs straight into body text is left alone.
    """
    closing = _closing_case_number(lines, head, end)
    if closing:
        return closing
    k = head
    while k + 1 < end and k - head < MAX_CONTINUATION:
        text = markup_free(lines[k])[0]
        # past the first continuation only a cutting word goes on: full-width lines are body text
        cut = looks_cut(text, widest, lines[k + 1].text) if k == head else bool(_CUT_END.search(text))
        if not cut or not _may_continue(lines[k + 1]) or _SENTENCE_END.search(lines[k + 1].text):
            break
        k += 1
        if k + 1 >= end or _boundary(lines[k + 1]):
            return k - head
    return 0


def _closing_case_number(lines: list[Line], head: int, end: int) -> int:
    """Lines between a heading and the case-number line right under it are the heading's wrapped
    title, whatever their width or first character ("- ekstraarbejder"), and a page break (a blank
    line) may fall among them: body text never stands between the two. A large heading font wraps
    a long title over up to :data:`MAX_CLOSING` lines. Returns how many lines the title takes on."""
    k, taken, last = head + 1, 0, head
    while k < end and taken <= MAX_CLOSING:
        ln = lines[k]
        k += 1
        if ln.blank:
            continue
        text = markup_free(ln)[0]
        if find_case_number(text) or label_at(text):
            return last - head
        if _boundary(ln) or TOC_TAIL.search(ln.text) or is_page_mark(ln.text):
            return 0
        taken, last = taken + 1, k - 1
    return 0


def joined(text: str) -> str:
    """A title read across line breaks, each break (with the spaces around it) as one space.

    A break after a word's hyphen joins without a space ("a-\\ndagpengemodtagere", "Høje-\\nTaastrup"
    are one word), except before a conjunction, where the hyphen stands for a shared ending
    ("Beskæftigelses-\\nog").

    >>> joined("Orientering v.\\n  Ida (13:35-13:45)")
    'Orientering v. Ida (13:35-13:45)'
    >>> joined("langtidsledige a-\\ndagpengemodtagere"), joined("Beskæftigelses-\\nog Erhvervsudvalget")
    ('langtidsledige a-dagpengemodtagere', 'Beskæftigelses- og Erhvervsudvalget')
    """
    text = _HYPHEN_BREAK.sub("", text)
    return re.sub(r"[ \t]*(?:\n[ \t]*)+", " ", text)  # a page break (blank line) inside is one space too


# a line break right after a word's hyphen, before a word that is no conjunction
_HYPHEN_BREAK = re.compile(r"(?<=\w-)[ \t]*(?:\n[ \t]*)+(?=[^\W\d_])(?!(?:og|eller|samt|el\.)(?:\s|$))")


def title_lines_below(lines: list[Line], first: int, end: int) -> int:
    """For a title that starts on the line below its number ("2." then the title): how many more
    lines, up to the case number, document number or section heading that closes the heading
    block, carry it on (at most :data:`MAX_CONTINUATION`)."""
    k = first
    while k + 1 < end and k - first < MAX_CONTINUATION and _may_continue(lines[k + 1]) \
            and not _SENTENCE_END.search(lines[k].text):
        k += 1
    return k - first if k + 1 >= end or _boundary(lines[k + 1]) else 0
