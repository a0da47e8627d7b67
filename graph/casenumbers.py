"""Case numbers (sagsnumre) of every scheme: KLE journal numbers (``00.01.00-A00-41-21``, read by
:mod:`graph.journal`) and the schemes of case systems that are not KLE-keyed (``EMN-2025-012345``,
``2019-001234``, ``16/12345``, ``21-014448``), listed in graph/data/case_number_schemes.tsv, with
the labels that name a case number or a document number (case_number_labels.tsv).

Only KLE numbers carry a subject code; the others are kept as written, with their scheme.

>>> classify_case_number("21-014448"), classify_case_number("EMN-2025-000123")
(('21-014448', 'yy-dash'), ('EMN-2025-000123', 'emn'))
>>> classify_case_number("00.01.00 - A00 - 41 - 21")
('00.01.00-A00-41-21', 'kle')
>>> find_case_number("Sagsnr.: 2019-001234")[:2], find_case_number("Dok.nr.: 2019-045678")
(('2019-001234', 'year-serial'), None)
>>> find_case_number("EMN-2025-000123")[:2], find_case_number("Budget 2019-2022")
(('EMN-2025-000123', 'emn'), None)
"""
from __future__ import annotations

import re
from functools import lru_cache

from graph import datafiles
from graph.journal import find_journal_number


@lru_cache(maxsize=1)
def _schemes() -> tuple[tuple[str, re.Pattern[str]], ...]:
    out = []
    for row in datafiles.rows("case_number_schemes.tsv"):
        if row[0] != "kle":
            out.append((row[0], re.compile(rf"(?<![\w/.-])(?:{row[1]})(?![\w/]|[.-]\d)")))
    return tuple(out)


@lru_cache(maxsize=1)
def _labels() -> tuple[re.Pattern[str], dict[str, str]]:
    roles: dict[str, str] = {}
    alts = []
    for label, role in datafiles.rows("case_number_labels.tsv"):
        key = _label_key(label)
        roles[key] = role
        alts.append(r"\s*".join(re.escape(ch) for ch in label.replace(" ", "")))
    alts.sort(key=len, reverse=True)
    return re.compile(rf"^(?P<label>{'|'.join(alts)})(?![a-zæøå])\.?\s*:?\s*", re.IGNORECASE), roles


def _label_key(label: str) -> str:
    return re.sub(r"[\s.]", "", label).casefold()


def label_at(text: str) -> tuple[str, int] | None:
    """``(role, value offset)`` when ``text`` opens with a case- or document-number label.

    >>> label_at("Sags nr.: 16/1234"), label_at("Dok.nr. 2019-1"), label_at("Sagen handler om")
    (('case', 10), ('document', 8), None)
    """
    pattern, roles = _labels()
    m = pattern.match(text)
    if not m:
        return None
    return roles.get(_label_key(m.group("label")), "case"), m.end()


def classify_case_number(value: str) -> tuple[str, str | None]:
    """``(normalised value, scheme)`` of a number a format states as the case number; a value of
    no known scheme is kept as written with scheme None."""
    value = value.strip()
    found = find_journal_number(value)
    if found and found[2] - found[1] >= len(value) - 1:
        return found[0].normalised, "kle"
    for scheme, pattern in _schemes():
        if pattern.fullmatch(value):
            return value, scheme
    return value, None


def find_case_number(text: str) -> tuple[str, str, int, int] | None:
    """``(value, scheme, start, end)`` of the case number on a line under an item heading: after a
    case-number label, or alone on the line. A document number ("Dok.nr.") is never one."""
    offset = 0
    label = label_at(text)
    if label is not None:
        if label[0] == "document":
            return None
        offset = label[1]
    rest = text[offset:]
    found = find_journal_number(rest)
    if found and (label or len(rest) <= 40):
        j, s, e = found
        return j.normalised, "kle", offset + s, offset + e
    for scheme, pattern in _schemes():
        m = pattern.search(rest)
        if m and (label is not None or not rest[:m.start()].strip() and len(rest.strip()) <= 40):
            return m.group(0), scheme, offset + m.start(), offset + m.end()
    return None
