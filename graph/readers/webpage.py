"""Web pages of publishing systems (a FirstAgenda meeting page, an eDoc HTML rendering): the
page's blocks in reading order as lines, a blank line around each heading and between
paragraphs. Page controls ("Hent som PDF", "Kopier link") and attachment counts are page
furniture (graph/data/web_furniture.tsv), dropped like a PDF's running headers."""
from __future__ import annotations

import re
from functools import lru_cache

from graph import datafiles
from graph.readers import Read, ReadError
from graph.readers.compose import Composer, clean_line
from graph.readers.html_blocks import html_blocks, page_title


@lru_cache(maxsize=1)
def _furniture() -> tuple[frozenset[str], tuple[re.Pattern[str], ...]]:
    exact, patterns = set(), []
    for row in datafiles.rows("web_furniture.tsv"):
        if len(row) > 1 and row[1] == "pattern":
            patterns.append(re.compile(rf"^(?:{row[0]})$", re.IGNORECASE))
        else:
            exact.add(row[0].casefold())
    return frozenset(exact), tuple(patterns)


def is_web_furniture(text: str) -> bool:
    """A page control or count, not content.

    >>> is_web_furniture("Hent som PDF"), is_web_furniture("3 bilag"), is_web_furniture("Bilag")
    (True, True, False)
    """
    exact, patterns = _furniture()
    key = clean_line(text).casefold()
    return key in exact or any(p.match(key) for p in patterns)


def strip_furniture_tail(text: str) -> str:
    """A line without the page controls written after it on the same line ("Situationsplan PDF
    Hent som PDF" is the attachment "Situationsplan").

    >>> strip_furniture_tail("Situationsplan PDF Hent som PDF"), strip_furniture_tail("Bilag PDF")
    ('Situationsplan', 'Bilag')
    """
    return _furniture_tail(text)[0]


def _furniture_tail(text: str) -> tuple[str, list[str]]:
    """``(text before the controls, the controls casefolded, last first)``."""
    exact, _ = _furniture()
    phrases = sorted(exact, key=len, reverse=True)
    out = text.rstrip()
    found: list[str] = []
    changed = True
    while changed:
        changed = False
        folded = out.casefold()
        for phrase in phrases:
            if folded.endswith(" " + phrase) and len(out) > len(phrase) + 1:
                out = out[:len(out) - len(phrase)].rstrip()
                found.append(phrase)
                changed = True
                break
    return out, found


@lru_cache(maxsize=1)
def _downloads() -> frozenset[str]:
    return frozenset(row[0].casefold() for row in datafiles.rows("web_furniture.tsv")
                     if len(row) > 2 and row[2] == "download")


def before_download_controls(text: str) -> str | None:
    """The text before the controls that fetch a file when a line ends in them, as a web page
    (or its print) lists an attachment: "Situationsplan PDF Hent som PDF" is "Situationsplan",
    a line of controls alone ("PDF Hent som PDF", its title wrapped onto the line above) is "".
    None for other lines: one short control after words ("... sendes som PDF") is no control.

    >>> before_download_controls("Situationsplan PDF Hent som PDF"), before_download_controls("Hent som PDF")
    ('Situationsplan', '')
    >>> before_download_controls("Planen sendes som PDF") is None, before_download_controls("Bilag") is None
    (True, True)
    """
    if is_web_furniture(text):
        return "" if clean_line(text).casefold() in _downloads() else None
    rest, phrases = _furniture_tail(text)
    if is_web_furniture(rest):  # the whole line is controls
        return "" if clean_line(rest).casefold() in _downloads() or set(phrases) & _downloads() else None
    if not set(phrases) & _downloads():
        return None
    if len(phrases) < 2 and len(phrases[0].split()) < 2:
        return None
    return rest


_CHROME = re.compile(r"<(footer|aside)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)


def _without_page_chrome(html: str) -> str:
    """The page without its site footer and side bars (address, cookie links): not the minutes."""
    return _CHROME.sub(" ", html)


def read_webpage(raw: bytes) -> Read:
    from graph.sources import decode_bytes

    html, encoding, note = decode_bytes(raw)
    if html is None:
        raise ReadError(note)
    if not re.search(r"<\s*(html|body|div|p|h\d|table)\b", html, re.IGNORECASE):
        raise ReadError("not an HTML page (no HTML elements)")
    c = Composer()
    title = page_title(html)
    if title:  # the page's own title names kind, body and date: the first line of its header
        c.add(title, "heading", "page_title", level=1)
        c.gap()
    for b in html_blocks(_without_page_chrome(html)):
        if is_web_furniture(b.text):
            continue
        if b.kind == "heading":
            c.gap()
            c.add(b.text, "heading", level=b.level)
            c.gap()
        elif b.tag in ("p", "table", "tr", "ul", "ol") and b.kind == "paragraph":
            c.add(b.text, b.kind)
        else:
            c.add(b.text, b.kind)
    text, blocks = c.finish()
    if not text.strip():
        raise ReadError("empty web page")
    return Read(text=text, encoding=encoding, reader="html", blocks=blocks, warning=note or None)
