"""PDF minutes: the text layer of each page, running headers and footers removed
(graph/sources.py: the furniture rules), pages joined so a sentence running over a page
break stays one.

The text comes from PDFium (pypdfium2): on Chromium-printed minutes it reads 322 pages/s against
pypdf's 17 and pdfplumber's 9, with the same or better word accuracy (99.3 % recall where soft
hyphens split pypdf's words; ``python benchmarks/bench_pdf_readers.py`` prints the comparison).
PDFium writes "\\r\\n" line ends and a hyphen at a line end as U+FFFE (or U+0002) with the line
break taken out; both are put back as "-" and a line break, and ligatures are expanded.
"""
from __future__ import annotations

import re

from graph.readers import Read, ReadError

# PDFium's marks for a hyphen at a line end whose break it removed
_HYPHEN_MARKS = re.compile("[\ufffe\x02]")
_LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
                            "\ufb05": "st", "\ufb06": "st"})


def normalise_page(text: str) -> str:
    """One page's text as PDFium gives it, in the form the parser reads.

    >>> normalise_page("Beskæftigelses\\ufffeog Erhvervsudvalget\\r\\nHo\\ufb00mann\\r\\n")
    'Beskæftigelses-\\nog Erhvervsudvalget\\nHoffmann\\n'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _HYPHEN_MARKS.sub("-\n", text)
    return text.translate(_LIGATURES).replace("\u00ad", "")


def page_texts(raw: bytes) -> list[str]:
    """The text of every page; :class:`ReadError` for an encrypted or broken file."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(raw)
    except pdfium.PdfiumError as exc:
        reason = str(exc)
        if "password" in reason.casefold():
            raise ReadError("encrypted PDF") from None
        raise ReadError(f"unreadable PDF: {reason}") from None
    except Exception as exc:  # damaged files raise more than PdfiumError
        raise ReadError(f"unreadable PDF: {type(exc).__name__}: {exc}") from None
    try:
        pages = []
        for page in pdf:
            textpage = page.get_textpage()
            pages.append(normalise_page(textpage.get_text_range()))
            textpage.close()
            page.close()
        return pages
    except Exception as exc:
        raise ReadError(f"unreadable PDF: {type(exc).__name__}: {exc}") from None
    finally:
        pdf.close()


_WRAPPED_NUMBER = re.compile(r"(?<=\d[-–])\n(?=\d)")


def read_pdf(raw: bytes) -> Read:
    from graph.sources import drop_page_marks, drop_running_lines, join_pages

    pages = page_texts(raw)
    text = join_pages([drop_page_marks(p, n) for n, p in enumerate(drop_running_lines(pages), 1)])
    # a date or number wrapped at its hyphen ("den 07-" / "09-2016") is one token again
    text = _WRAPPED_NUMBER.sub("", text)
    if not text.strip():
        raise ReadError("no text layer (scanned PDF?)")
    return Read(text=text, encoding="pdf", reader="pdf")
