"""One offline page per source document, beside graph.html: the text the parser read, with the
quote a fact comes from marked and scrolled to.

The explorer's panel links every quote to ``sources/<page>#<start>-<end>``: offsets into the
document's NFC text, the same as every :class:`graph.model.Span` and the RDF's provenance. The
text travels as JSON inside the page and is put on screen with ``textContent``, so markup in
minutes stays text and every character (a carriage return, a control character) keeps its offset.

>>> page_name("kommune/udvalg-2021-03-04.txt")
'kommune-udvalg-2021-03-04.txt-c47bf9c4.html'
"""
from __future__ import annotations

import hashlib
import html
import os
import shutil
from pathlib import Path
from typing import Iterable

from graph.model import SourceDocument

SOURCES = "sources"  # the folder's name in an export folder (graph.export.FILE_NAMES["html"])
_SLUG_KEEP = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_")


def page_name(doc_id: str) -> str:
    """A file name for the document's page: readable, safe on every file system, and distinct for
    distinct ids (a hash of the id is part of it)."""
    slug = "".join(c if c in _SLUG_KEEP else "-" for c in doc_id.replace("/", "-"))
    slug = "-".join(p for p in slug.split("-") if p)[:80].strip(".") or "document"
    digest = hashlib.sha1(doc_id.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{slug}-{digest}.html"


def render_source_page(doc: SourceDocument, date: str = "", title: str = "") -> str:
    """The page of one document: its name, meeting date and title, and its text."""
    head = " · ".join(x for x in (date, title) if x)
    from graph.export.html import script_json

    # The text as JSON safe in a script element; a lone surrogate (an undecodable byte kept by a
    # reader) becomes its \\u escape, which JSON reads back as the same character.
    text = script_json({"text": doc.text}).encode("utf-8", "backslashreplace").decode("utf-8")
    return _PAGE.format(
        name=html.escape(doc.doc_id), head=html.escape(head), reader=html.escape(doc.reader),
        sha=html.escape(doc.sha256[:16]), chars=len(doc.text), data=text)


def write_sources(documents: Iterable[SourceDocument], out_dir: str | Path,
                  meta: dict[str, tuple[str, str]] | None = None) -> tuple[Path, dict[str, str], str]:
    """Write ``out_dir/sources/`` (replacing an older one) with a page per document.

    Returns (the folder, {doc_id: "sources/<page>"}, a sha256 of the whole folder for
    report.json: over each page's name and digest, in name order)."""
    out_dir = Path(out_dir)
    folder = out_dir / SOURCES
    tmp = out_dir / f".{SOURCES}.{os.getpid()}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    links: dict[str, str] = {}
    digests: dict[str, str] = {}
    try:
        for doc in sorted(documents, key=lambda d: d.doc_id):
            name = page_name(doc.doc_id)
            date, title = (meta or {}).get(doc.doc_id, ("", ""))
            data = render_source_page(doc, date, title).encode("utf-8")
            (tmp / name).write_bytes(data)
            links[doc.doc_id] = f"{SOURCES}/{name}"
            digests[name] = hashlib.sha256(data).hexdigest()
        if folder.exists():
            shutil.rmtree(folder)
        os.replace(tmp, folder)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return folder, links, _digest(digests)


def folder_digest(folder: str | Path) -> str:
    """The digest report.json records for a sources/ folder, from the pages it holds."""
    return _digest({p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in Path(folder).iterdir() if p.is_file()})


def _digest(pages: dict[str, str]) -> str:
    return hashlib.sha256("".join(f"{n}\t{d}\n" for n, d in sorted(pages.items())).encode()).hexdigest()


_PAGE = """<!doctype html>
<html lang="da">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{name}</title>
<style>
body {{ font: 15px/1.5 Helvetica, Arial, sans-serif; margin: 0; color: #1a202c; background: #fff; }}
header {{ position: sticky; top: 0; background: #f7fafc; border-bottom: 1px solid #cbd5e0; padding: 8px 16px; }}
h1 {{ font-size: 17px; margin: 0; word-break: break-all; }}
header p {{ margin: 2px 0; color: #4a5568; font-size: 13px; }}
pre {{ white-space: pre-wrap; word-wrap: break-word; font: 14px/1.55 Menlo, Consolas, monospace; margin: 0; padding: 16px; max-width: 60em; }}
mark {{ background: #fde68a; outline: 2px solid #d97706; }}
a:focus, button:focus {{ outline: 3px solid #2b6cb0; outline-offset: 2px; }}
</style>
</head>
<body>
<header>
<h1 id="rg-doc-name">{name}</h1>
<p id="rg-doc-head">{head}</p>
<p>read as {reader} · {chars} characters · sha256 {sha}… · <span id="rg-doc-at" aria-live="polite"></span>
 · <a href="../graph.html">the graph</a></p>
</header>
<main><pre id="rg-doc-text" tabindex="0" aria-label="Text of the document"></pre></main>
<script type="application/json" id="rg-doc-data">{data}</script>
<script>
(function () {{
  "use strict";
  var T = JSON.parse(document.getElementById("rg-doc-data").textContent).text;
  var pre = document.getElementById("rg-doc-text");
  function unit(cp) {{  // offsets count code points (Python); JavaScript strings count UTF-16 units
    var i = 0, n = 0;
    while (n < cp && i < T.length) {{ var c = T.charCodeAt(i); i += c >= 0xD800 && c <= 0xDBFF ? 2 : 1; n++; }}
    return i;
  }}
  function show() {{
    var m = /^#(\\d+)-(\\d+)$/.exec(location.hash);
    pre.textContent = "";
    if (!m || +m[2] < +m[1]) {{ pre.textContent = T; document.getElementById("rg-doc-at").textContent = ""; return; }}
    var a = unit(+m[1]), b = unit(+m[2]);
    pre.appendChild(document.createTextNode(T.slice(0, a)));
    var mark = document.createElement("mark");
    mark.id = "rg-quote";
    mark.textContent = T.slice(a, b);
    pre.appendChild(mark);
    pre.appendChild(document.createTextNode(T.slice(b)));
    document.getElementById("rg-doc-at").textContent = "characters " + m[1] + "–" + m[2] + " marked";
    mark.scrollIntoView({{ block: "center" }});
  }}
  window.addEventListener("hashchange", show);
  show();
}})();
</script>
</body>
</html>
"""
