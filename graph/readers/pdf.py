"""PDF minutes: the text layer of each page, running headers and footers removed
(graph/sources.py: the furniture rules), pages joined so a sentence running over a page
break stays one. A page's lines become paragraph blocks with their page number."""
from __future__ import annotations

import io
import re

from graph.readers import Read, ReadError


def page_texts(raw: bytes) -> list[str]:
    """The text of every page; :class:`ReadError` for an encrypted or broken file."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted:
            try:
                reader.decrypt("")
            except Exception:
                raise ReadError("encrypted PDF") from None
        return [(page.extract_text() or "") for page in reader.pages]
    except ReadError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise ReadError(f"unreadable PDF: {exc}") from None
    except Exception as exc:  # pypdf raises many kinds on damaged files
        raise ReadError(f"unreadable PDF: {type(exc).__name__}: {exc}") from None


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
