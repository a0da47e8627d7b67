"""Parse the structure of one minutes document: header, table of contents,
agenda items ("Punkt N: ..."), journal numbers, sections, proposer and bilag.

The parser works on lines and keeps character offsets into ``doc.text`` for
everything it returns, so that each fact can be traced back (``Span``).
Vocabulary (section headings, month names, header labels, ...) is read from
``graph/data``; nothing here knows a particular municipality or body.

The modules, in the order the parse uses them: ``lines`` (the line type),
``item_heads`` (where items start), ``header``, ``toc``, ``items`` (one item:
``titles``, ``sections``, ``proposer``; ``wrapped_titles`` reads a heading that PDF
typesetting wrapped), ``truncation`` and ``parse`` (the loop);
``headings`` and ``dates`` are vocabulary shared by several, ``as_dict`` the JSON view.
"""
from graph.structure.as_dict import minutes_as_dict
from graph.structure.dates import find_date, find_time
from graph.structure.headings import find_section, heading_role
from graph.structure.parse import NotMinutesError, parse_documents, parse_minutes, parse_sources
from graph.structure.titles import is_standing_item, split_title
from graph.structure.toc import is_toc_heading, toc_mismatches

__all__ = [
    "NotMinutesError",
    "find_date",
    "find_section",
    "find_time",
    "heading_role",
    "is_standing_item",
    "is_toc_heading",
    "minutes_as_dict",
    "parse_documents",
    "parse_minutes",
    "parse_sources",
    "split_title",
    "toc_mismatches",
]
