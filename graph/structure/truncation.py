"""Signs that a minutes file was cut short: more TOC entries than items, a last
item without the decision the others have, ending mid-sentence, or empty."""
from __future__ import annotations

import re

from graph.model import Minutes
from graph.sources import is_page_mark
from graph.structure.headings import find_section, heading_role
from graph.structure.titles import is_standing_item
from graph.structure.toc import item_entries


def truncation_warnings(m: Minutes) -> list[str]:
    """A warning for each sign that ``m`` (with at least one item) may be truncated."""
    out: list[str] = []
    toc = item_entries(m.toc)
    if toc and len(toc) > len(m.items):
        out.append("the document may be truncated: the table of contents lists more items than were found")
    last = m.items[-1]
    decided = [it for it in m.items[:-1] if not it.closed and find_section(it, "decision")]
    if not last.closed and decided and find_section(last, "decision") is None and m.kind != "DAGSORDEN":
        out.append(f"the document may be truncated: the last item (Punkt {last.number}) has no decision")
    tail = last.sections[-1] if last.sections else None
    if tail is not None and heading_role(tail.heading) != "attachments" and tail.text:
        lines = [ln for ln in tail.text.split("\n") if ln.strip() and not is_page_mark(ln)]
        final_line = lines[-1] if lines else ""
        if len(final_line.split()) >= 6 and re.search(r"[\w,\-–]$", final_line):
            out.append(f"the document may be truncated: the last item (Punkt {last.number}) ends mid-sentence")
    # an empty "Eventuelt" (a standing item) at the end is normal, in a dagsorden above all
    if (not last.closed and not last.sections and last.journal_number is None
            and not is_standing_item(last.core_title or last.title)):
        out.append(f"the document may be truncated: the last item (Punkt {last.number}) is empty")
    return out
