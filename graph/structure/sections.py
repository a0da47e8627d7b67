"""The sections of an agenda item: the text under each heading ("Sagsfremstilling",
"Beslutning", ...), with the lines of the bilag section as separate bilag."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from graph import datafiles
from graph.model import AgendaItem, BilagLine, Section, SourceDocument
from graph.readers.compose import clean_line
from graph.readers.webpage import before_download_controls, is_web_furniture, strip_furniture_tail
from graph.sources import is_page_mark
from graph.structure.headings import heading_role, section_role, wildcard_pattern
from graph.structure.lines import Line, markup_free

_SENTENCE_END = re.compile(r"[.!?;:,]$")


def item_sections(doc: SourceDocument, lines: list[Line], body_start: int, end: int) -> list[Section]:
    """The sections in ``lines[body_start:end]``, the body of one item.

    Section headings: known ones anywhere; unknown heading-like lines only
    before the first known heading (later ones are sub-headings of a section).
    """
    sections: list[Section] = []
    heads: list[tuple[int, str, int, int]] = []  # (line index, heading, start, end)
    # a reader that saw the layout (Word heading styles, <hN>) marks headings: one is a section
    # heading even when its words are not listed
    laid_out = {b.start for b in doc.blocks if b.kind == "heading" and b.level >= 2}
    for k in range(body_start, end):
        ln = lines[k]
        if ln.blank:
            continue
        text, s, e = markup_free(ln)
        if heads and is_author_line(text):
            continue  # "INDSTILLING FRA DIREKTIONEN" inside a section names an author, opens no section
        if heading_role(text) is not None and len(text) <= 90:
            if text.endswith(":"):  # "Oplæg:" is the heading "Oplæg"
                text, e = text[:-1].rstrip(), s + len(text[:-1].rstrip())
            heads.append((k, text, s, e))
        elif (not heads and _unknown_heading(lines, k, end)) or (ln.start in laid_out and len(text) <= 90
                                                                  and not item_heading_like(text)):
            heads.append((k, text, s, e))

    implicit = _attachment_lists(lines, body_start, end, heads, wraps=not doc.blocks, doc_text=doc.text)
    heads.extend((k, "", lines[k].start, lines[k].start) for k in implicit)
    heads.sort()

    first_text = next((k for k in range(body_start, end) if not lines[k].blank), None)
    if first_text is not None and (not heads or heads[0][0] > first_text):
        # Text before any heading is kept as a section without heading so no text is lost.
        stop = heads[0][0] if heads else end
        sec = _section(doc, lines, "", first_text, first_text, stop, lines[first_text].start)
        if sec is not None:
            sections.append(sec)
    for n, (k, heading, s, e) in enumerate(heads):
        stop = heads[n + 1][0] if n + 1 < len(heads) else end
        if k in implicit:  # a section without a heading line: its text starts on line k
            sec = _section(doc, lines, "", k, k, stop, s, keep_furniture=implicit[k] == "attachments")
            if sec is not None:
                sec.role = implicit[k]
        else:
            sec = _section(doc, lines, heading, k, k + 1, stop, s, e)
        if sec is not None:
            sections.append(sec)
    return sections


# An attachment title wraps over at most this many printed lines before its controls.
_ENTRY_LINES = 3
_TITLE_CHARS = 160  # a longer line is a paragraph, not (part of) an attachment title
_WRAP_SHARE = 0.85  # a printed line is full at this share of the text's width (proportional fonts)


@lru_cache(maxsize=1)
def _attachment_words() -> re.Pattern[str]:
    words = [r[0] for r in datafiles.rows("headings.tsv") if len(r) > 1 and r[1] == "attachments" and " " not in r[0]]
    return re.compile(rf"^(?:{'|'.join(map(re.escape, words))})\s*\d", re.IGNORECASE)


def _numbered_attachment(text: str) -> bool:
    """A line that opens a numbered attachment title ("Bilag 1 - Notat")."""
    return bool(_attachment_words().match(text))


def _attachment_lists(lines: list[Line], body_start: int, end: int, heads: list[tuple[int, str, int, int]],
                      wraps: bool = True, doc_text: str | None = None) -> dict[int, str | None]:
    """Lists of attachments, with or without a "Bilag" heading: a web page (or its print) puts a
    file's download controls after each attachment ("Situationsplan PDF Hent som PDF"), and that
    is what marks the list. Returns ``{first line: "attachments"}`` for each such list, and
    ``{line: None}`` for text after one (a section of its own, so the list stays whole).
    In a print (``wraps``: a text without layout blocks, whose lines may be a page's wrapped
    lines) a long title wraps: the lines before its controls are its title within a list, and
    above the first entry those that look cut by the wrap."""
    from graph.structure.attendance import states_absence
    from graph.structure.wrapped_titles import _CUT_END, _WRAP_MIN_CHARS
    from graph.structure.wrapped_titles import _SENTENCE_END as _CLOSES_SENTENCE  # "... i resten af året."

    if not _may_have_download_controls(doc_text):
        return {}
    ends = [k for k in range(body_start, end) if not lines[k].blank
            and _download_controls(markup_free(lines[k])[0]) is not None]
    if not ends:
        return {}
    heading_lines = {h[0] for h in heads}
    filled = sorted(len(ln.text) for ln in lines if not ln.blank)
    width = filled[int(0.95 * (len(filled) - 1))] if filled else 0  # of the text, beyond a wide table row

    def title_line(k: int) -> bool:  # may carry a wrapped attachment title
        text = lines[k].text
        return (wraps and not lines[k].blank and len(text) <= _TITLE_CHARS and k not in heading_lines
                and heading_role(text) is None and not _CLOSES_SENTENCE.search(text) and not states_absence(text))

    def wrapped(k: int) -> bool:  # line k ends where a print wrapped it: the next word did not fit
        text, nxt = lines[k].text, lines[k + 1].text.split()
        if text[-1] in "!?:;" or _CLOSES_SENTENCE.search(text) or (text[-1] == "." and nxt and nxt[0][:1].isupper()):
            return False  # "... 4.\nkvartal" may be cut, "... mødet." or "... i 2023.\nNotat" is not
        return bool(_CUT_END.search(text)) or (bool(nxt) and len(text) >= _WRAP_MIN_CHARS
                                                and len(text) + 1 + len(nxt[0]) >= _WRAP_SHARE * width)

    def opens(k: int) -> bool:  # line k starts afresh, no paragraph running on into it
        above = k - 1
        if above < body_start or lines[above].blank or above in heading_lines or heading_role(lines[above].text):
            return True
        text = lines[above].text
        return (text[-1] in ".!?:;" or states_absence(text) or _numbered_attachment(lines[k].text)
                or not wrapped(above))

    runs: list[list[int]] = []  # [first, last]
    for e in ends:
        if runs:
            between = [k for k in range(runs[-1][1] + 1, e) if not lines[k].blank]
            if len(between) < _ENTRY_LINES and all(title_line(k) for k in between):
                runs[-1][1] = e
                continue
        first = e
        if _download_controls(markup_free(lines[e])[0]) == "" and e - 1 >= body_start and title_line(e - 1):
            first = e - 1  # the controls alone on their line: the title is the line above
        # above the first entry a line is its title's start only when the print wrapped it and no
        # paragraph runs on into it ("... for 2023-2026" closing a paragraph is no title)
        while (first - 1 >= body_start and e - first + 1 < _ENTRY_LINES and title_line(first - 1)
               and not _numbered_attachment(lines[first].text) and wrapped(first - 1) and opens(first - 1)):
            first -= 1
        runs.append([first, e])
    out: dict[int, str | None] = {}
    for first, last in runs:
        # a section of its own also under a "Bilag" heading, whose text may tell of the attachments
        # first; the list is then the item's last attachments section, the one bilag_lines reads
        out[first] = "attachments"
        after = next((k for k in range(last + 1, end) if not lines[k].blank), None)
        if after is not None and after not in heading_lines:
            out[after] = None
    return out


@lru_cache(maxsize=1)
def _author_patterns() -> tuple[re.Pattern[str], ...]:
    return tuple(wildcard_pattern(row[0], max_words=None) for row in datafiles.rows("author_lines.tsv"))


def is_author_line(text: str) -> bool:
    """A line naming who recommends or proposes ("INDSTILLING FRA DIREKTIONEN", "BESLUTNINGSFORSLAG
    FRA ENHEDSLISTEN"; graph/data/author_lines.tsv): inside a section, not a heading of its own.

    >>> is_author_line("INDSTILLING FRA DIREKTIONEN"), is_author_line("Indstilling")
    (True, False)
    """
    return len(text) <= 90 and any(p.match(text.strip().rstrip(":")) for p in _author_patterns())


def bilag_lines(doc: SourceDocument, item: AgendaItem) -> list[BilagLine]:
    """Each non-empty line of the item's attachments sections ("Bilag", or a list marked by its
    download controls), page marks left out. Where the lines end in download controls, an
    attachment runs to its controls, so a title that a print wrapped is read whole."""
    bilag = []
    # the list of attachments closes an item; an earlier "Bilag" section is text about them
    attachments = [s for s in item.sections if section_role(s) == "attachments"][-1:]
    for sec in attachments:
        pos = sec.span.start
        rows = []
        for raw in sec.text.split("\n"):
            rows.append((pos, raw))
            pos += len(raw) + 1
        grouped = any(_download_controls(raw.strip()) is not None for _, raw in rows if raw.strip())
        pending: list[tuple[int, str]] = []  # (offset, text) of title lines before their controls
        for start, raw in rows:
            text = raw.strip()
            title = _download_controls(text) if grouped and text else None
            if title is not None:
                parts = pending + ([(start + raw.index(text), title)] if title else [])
                pending = []
                if parts:
                    bilag.append(BilagLine(text=" ".join(t for _, t in parts),
                                           span=doc.span(parts[0][0], parts[-1][0] + len(parts[-1][1]))))
                continue
            stripped = strip_furniture_tail(text)
            if stripped and not is_page_mark(stripped) and not is_web_furniture(stripped) \
                    and not is_kind_line(stripped):
                pending.append((start + raw.index(stripped), stripped))
                if not grouped:
                    bilag.append(BilagLine(text=stripped, span=doc.span(pending[0][0], pending[0][0] + len(stripped))))
                    pending = []
        # lines that no controls follow: one attachment each
        bilag.extend(BilagLine(text=t, span=doc.span(s, s + len(t))) for s, t in pending)
    return bilag


def is_kind_line(text: str) -> bool:
    """A line naming a document kind alone ("Tillægsdagsorden" before the added items): a
    divider of the minutes, not text of the item above it."""
    from graph.structure.header import _KIND_PUNCTUATION, _kind_at, longest_kind

    text = text.strip().rstrip(":")
    # (quick test first, asked of every section's last line: a kind word alone is short, and a
    # kind at the end of a line spans the whole line only after a dash or colon at its start)
    if len(text) > longest_kind() and text[:1] not in _KIND_PUNCTUATION:
        return False
    k = _kind_at(text)
    return k is not None and k[1] == 0 and k[2] == len(text)


@lru_cache(maxsize=1)
def _download_words() -> tuple[tuple[str, ...], ...]:
    """The words of each control that fetches a file (graph/data/web_furniture.tsv, third column)."""
    rows = datafiles.rows("web_furniture.tsv")
    return tuple(sorted({tuple(r[0].casefold().split()) for r in rows if len(r) > 2 and r[2] == "download"}))


@lru_cache(maxsize=8)
def _may_have_download_controls(text: str | None) -> bool:
    """False if no line of the document ``text`` can end in download controls (see
    :func:`_download_controls`): the words of none of them are in it. Asked once per document,
    not of each of its lines."""
    if text is None:
        return True
    folded = text.casefold()
    forms = (folded, folded.replace("\u00ad", "").replace("\u200b", ""))
    return any(all(w in f for w in words) for words in _download_words() for f in forms)


def _download_controls(text: str) -> str | None:
    """:func:`before_download_controls`, asked only of lines holding the words of a download
    control (it reads every line of every item, and only those can end in one: a line it returns
    anything for ends in, or is, such controls, written as they are or as the cleaned line has them)."""
    raw = text.casefold()
    # the cleaned line has the same words unless cleaning changes letters (NFC, soft hyphens)
    same = "\u00ad" not in text and "\u200b" not in text and unicodedata.is_normalized("NFC", text)
    clean = raw if same else clean_line(text).casefold()
    if not any(all(w in raw or w in clean for w in words) for words in _download_words()):
        return None
    return before_download_controls(text)


def item_heading_like(text: str) -> bool:
    from graph.structure.item_heads import item_heading

    return item_heading(Line(0, len(text), text)) is not None


def _unknown_heading(lines: list[Line], i: int, end: int) -> bool:
    """A line that is clearly a heading although not in the list: short, standing
    alone between blank lines, capitalised, no final punctuation, not a sentence,
    followed by text."""
    ln = lines[i]
    text = ln.text
    if not text or len(text) > 60 or len(text.split()) > 7:
        return False
    if not text[0].isupper() or _SENTENCE_END.search(text) or text.startswith(("-", "•", "*", "|")):
        return False
    if any(ch.isdigit() for ch in text) or re.search(r"\b(er|var|skal|kan|vil|har|blev|bliver|at)\b", text):
        return False
    if i > 0 and not lines[i - 1].blank:
        return False
    if i + 1 >= end or not lines[i + 1].blank:
        return False
    nxt = next((j for j in range(i + 1, end) if not lines[j].blank), None)
    return nxt is not None and heading_role(lines[nxt].text) is None and len(lines[nxt].text) > len(text)


def _section(doc: SourceDocument, lines: list[Line], heading: str, head_line: int, body_from: int, stop: int,
             hs: int, he: int | None = None, keep_furniture: bool = False) -> Section | None:
    """The section under ``heading`` (at ``hs``..``he``): the text from the first to the last
    non-blank line of ``lines[body_from:stop]``; None when there is neither heading nor text.
    With ``keep_furniture`` a last line of page controls stays (an attachment's, wrapped)."""
    he = hs if he is None else he
    body = [lines[k] for k in range(body_from, stop) if not lines[k].blank]
    while body and (is_kind_line(body[-1].text) or (is_web_furniture(body[-1].text) and not keep_furniture)):
        body.pop()  # a "Tillægsdagsorden" divider or a printed web page's footer after the section
    if body:
        start, end = body[0].start, body[-1].end
    else:
        start = end = lines[head_line].end if heading else hs
    if not heading and not body:
        return None
    return Section(heading=heading, text=doc.text[start:end], span=doc.span(start, end),
                   heading_span=doc.span(hs, he))
