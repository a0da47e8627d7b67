"""Word (.docx) minutes: paragraphs and tables in document order; a paragraph whose style is a
heading ("Heading 2", "Overskrift 2") becomes a heading block of that level, table cells become
table-cell blocks. python-docx resolves styles and runs; the text then goes to the same
structure parser as every other format."""
from __future__ import annotations

import io
import re

from graph.readers import Read, ReadError
from graph.readers.compose import Composer

_HEADING_STYLE = re.compile(r"^(?:heading|overskrift|title|titel)\s*(\d)?$", re.IGNORECASE)


def read_docx(raw: bytes) -> Read:
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph
    except ImportError:  # pragma: no cover - a declared dependency
        raise ReadError("cannot read Word files: the python-docx package is not installed") from None
    try:
        document = docx.Document(io.BytesIO(raw))
    except Exception as exc:  # python-docx raises zip, XML and key errors on damaged files
        raise ReadError(f"unreadable Word file: {type(exc).__name__}: {exc}") from None
    c = Composer()
    body = document.element.body
    style_name = _style_names(document)
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            _paragraph(c, Paragraph(child, document), style_name)
        elif tag == "tbl":
            for row in Table(child, document).rows:
                seen = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # a merged cell is listed once per grid column
                        continue
                    seen.add(id(cell._tc))
                    for p in cell.paragraphs:
                        c.add(p.text, "table_cell")
            c.gap()
    text, blocks = c.finish()
    if not text.strip():
        raise ReadError("empty Word document")
    return Read(text=text, encoding="docx", reader="docx", blocks=blocks)


def _style_names(document):
    """Style id → name, read once: python-docx's ``Paragraph.style`` searches the styles part
    for every paragraph, which made a document of 8,000 paragraphs take 20 s."""
    from docx.enum.style import WD_STYLE_TYPE

    names = {}
    for st in document.styles:
        try:
            names[st.style_id] = st.name or ""
        except Exception:  # a damaged style entry: no name
            continue
    default = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
    default_name = (default.name if default is not None else "") or ""
    return lambda p: names.get(p._p.style, default_name) if p._p.style else default_name


def _paragraph(c: Composer, p, style_name) -> None:
    style = style_name(p)
    m = _HEADING_STYLE.match(style.strip())
    text = p.text
    if not text.strip():
        c.gap()
        return
    if m:
        c.gap()
        c.add(text, "heading", level=int(m.group(1) or 1))
        c.gap()
    elif style.casefold().startswith(("list", "liste")):
        c.add(text, "list_item")
    else:
        c.add(text, "paragraph")
