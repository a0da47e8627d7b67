"""HTML into layout blocks: headings with their level, paragraphs, list items and table cells,
in reading order. Used for web pages and for the HTML item texts inside FirstAgenda JSON and
publication XML, so all of them reach the structure parser as the same document model.

The blocks are cut by one set of rules (:class:`_Parser`'s start / end / data handlers), fed
either by lxml's HTML parser (a tree walk) or, where lxml is not installed, by Python's own
``html.parser``. lxml is used because it is about 1.9x faster on 4,300 FirstAgenda item texts
(``python benchmarks/bench_html_blocks.py`` prints both side by side) and gives the same blocks.

>>> [(b.kind, b.level, b.text) for b in html_blocks("<h3>Beslutning</h3><span>Godkendt.</span><br>Ja")]
[('heading', 3, 'Beslutning'), ('paragraph', 0, 'Godkendt.'), ('paragraph', 0, 'Ja')]
>>> [(b.kind, b.text) for b in html_blocks("<ul><li>Bilag <b>1</b></li><li>Bilag 2</li></ul>")]
[('list_item', 'Bilag 1'), ('list_item', 'Bilag 2')]
"""
from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

from graph.readers.compose import clean_line

_BREAKS = {"p", "div", "br", "tr", "table", "ul", "ol", "section", "article", "header", "footer", "main",
           "nav", "aside", "blockquote", "pre", "hr", "dl", "dt", "dd", "form", "body", "html", "title"}
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_SKIP = {"script", "style", "noscript", "template", "head", "svg", "button", "select", "option", "nav"}


@dataclass
class HtmlBlock:
    kind: str  # heading | paragraph | list_item | table_cell
    level: int
    text: str
    tag: str  # the element that opened the block
    classes: str = ""  # its class attribute (a publishing system's markers, e.g. 'sagsforloeb')
    underlined: bool = False  # the block's text is all under <u> (FirstAgenda's case-history entry heads)
    bold: bool = False  # all bold (<b>, <strong>): a heading in systems that do not use <hN>
    in_table: bool = False  # inside a <table>: a bold cell is a column head, not a section heading


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[HtmlBlock] = []
        self._buf: list[tuple[str, bool, bool]] = []  # (text, underlined, bold)
        self._kind, self._level, self._tag, self._classes = "paragraph", 0, "", ""
        self._skip = 0
        self._u = 0
        self._b = 0
        self._class_stack: list[str] = []
        self._tables = 0

    def _flush(self) -> None:
        text = clean_line("".join(t for t, _, _ in self._buf))
        if text:
            filled = [(u, b) for t, u, b in self._buf if t.strip()]
            self.blocks.append(HtmlBlock(self._kind, self._level, text, self._tag, self._classes,
                                         all(u for u, _ in filled), all(b for _, b in filled), self._tables > 0))
        self._buf = []

    def _open(self, kind: str, level: int, tag: str) -> None:
        self._flush()
        self._kind, self._level, self._tag = kind, level, tag
        self._classes = " ".join(c for c in self._class_stack if c)

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self._skip += 1
            return
        if tag in ("br", "hr", "img", "input", "meta", "link"):  # void elements: never closed
            if tag in ("br", "hr"):
                self._open("paragraph", 0, tag)
            return
        self._class_stack.append(dict(attrs).get("class") or "")
        if tag == "table":
            self._tables += 1
        if tag == "u":
            self._u += 1
        elif tag in ("b", "strong"):
            self._b += 1
        if tag in _HEADINGS:
            self._open("heading", _HEADINGS[tag], tag)
        elif tag == "li":
            self._open("list_item", 0, tag)
        elif tag in ("td", "th"):
            self._open("table_cell", 0, tag)
        elif tag in _BREAKS:
            self._open("paragraph", 0, tag)

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self._skip = max(0, self._skip - 1)
            return
        if tag in ("br", "hr", "img", "input", "meta", "link"):
            return
        if self._class_stack:
            self._class_stack.pop()
        if tag == "table":
            self._tables = max(0, self._tables - 1)
        if tag == "u":
            self._u = max(0, self._u - 1)
        elif tag in ("b", "strong"):
            self._b = max(0, self._b - 1)
        if tag in _HEADINGS or tag in ("li", "td", "th") or tag in _BREAKS:
            self._open("paragraph", 0, tag)

    def handle_data(self, data):
        if not self._skip:
            self._buf.append((data, self._u > 0, self._b > 0))

    def close(self):
        super().close()
        self._flush()

    def close_blocks(self):
        self._flush()


def page_title(html: str) -> str:
    """The text of a page's <title> (publishing systems put kind, body and date there).

    >>> page_title("<html><head><title>Referat - Byrådet - 01.10.2025</title></head></html>")
    'Referat - Byrådet - 01.10.2025'
    """
    import re

    m = re.search(r"<title[^>]*>(.*?)</title\s*>", html or "", re.IGNORECASE | re.DOTALL)
    if not m:
        return ""
    from html import unescape

    return clean_line(unescape(re.sub(r"<[^>]+>", " ", m.group(1))))


def html_blocks(html: str, engine: str = "auto") -> list[HtmlBlock]:
    """The blocks of an HTML fragment or page, in document order (empty ones left out).
    ``engine``: "lxml", "stdlib" or "auto" (lxml when installed; the environment variable
    REFERATGRAF_HTML_ENGINE overrides "auto", for benchmarks)."""
    if engine == "auto":
        import os

        engine = os.environ.get("REFERATGRAF_HTML_ENGINE", "auto")
    parser = _Parser()
    if engine != "stdlib" and html and html.strip():
        try:
            import lxml.html
        except ImportError:
            if engine == "lxml":
                raise
        else:
            try:
                root = lxml.html.fragment_fromstring(html, create_parent="div")
            except Exception:  # lxml's parser rejects a few broken inputs that html.parser reads
                root = None
            if root is not None:
                _walk(parser, root)
                parser.close_blocks()
                return parser.blocks
    parser.feed(html or "")
    parser.close()
    return parser.blocks


def _walk(parser: "_Parser", el) -> None:
    """Feed an lxml element tree to the handlers in document order (text, children, tail)."""
    tag = el.tag if isinstance(el.tag, str) else None  # comments and processing instructions: no tag
    if tag is not None:
        tag = tag.lower()
        parser.handle_starttag(tag, list(el.attrib.items()))
        if el.text:
            parser.handle_data(el.text)
        for child in el:
            _walk(parser, child)
        parser.handle_endtag(tag)
    if el.tail:
        parser.handle_data(el.tail)
