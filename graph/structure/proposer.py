"""The proposer of an agenda item: who "indstiller" (recommends) the decision."""
from __future__ import annotations

import re

from graph.model import AgendaItem, SourceDocument
from graph.structure.headings import find_section

_PROPOSER_RE = re.compile(r"^(?P<who>[^\n]{2,160}?)\s+indstiller\b", re.MULTILINE)
_NOT_PROPOSER = re.compile(r"^(det|der|vi|man|hermed|som)$", re.IGNORECASE)


def find_proposer(doc: SourceDocument, item: AgendaItem) -> None:
    """Set ``item.proposer`` (and its span) to the subject of "X indstiller" opening the
    Indstilling section; without such a section, of a paragraph of the item that opens with "X indstiller"."""
    proposal = find_section(item, "proposal")
    if proposal is not None:
        candidates = [(proposal.span.start, proposal.text.split("\n", 1)[0])]
    else:
        candidates = [(s.span.start, s.text) for s in item.sections]
    for base, text in candidates:
        for pm in _PROPOSER_RE.finditer(text):
            who = pm.group("who").strip()
            if _NOT_PROPOSER.match(who) or (proposal is None and (not who[0].isupper() or len(who) > 80)):
                continue
            ps = base + pm.start("who") + (len(pm.group("who")) - len(pm.group("who").lstrip()))
            item.proposer = who
            item.proposer_span = doc.span(ps, ps + len(who))
            return
