"""Journal numbers (sagsnumre) in the KLE form ``NN.NN.NN-XNN-serial-YY``.

KLE (KL's emneplan) classifies every case by a subject code ``NN.NN.NN``
(main group, group, subject) and a handling facet (``A00``, ``P35``, ``G01``);
the journal number adds a running serial and a year. Minutes write them with
stray spaces, four-digit years or missing parts, so parsing is tolerant and
never raises on junk.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# Subject code: 2 digits, optionally followed by .NN and .NN (spaces tolerated).
# Facet: one letter + 2 digits. Serial: digits. Year: 2 or 4 digits.
_JOURNAL_RE = re.compile(
    r"""
    (?<![\d.])
    (?P<main>\d{2})
    (?:\s*\.\s*(?P<group>\d{2})
       (?:\s*\.\s*(?P<subject>\d{2}))?
    )?
    (?:\s*[-–]\s*(?P<facet>[A-ZÆØÅ]\s?\d{2}))?
    (?:\s*[-–]\s*(?P<serial>\d{1,7}))?
    (?:\s*[-–/]\s*(?P<year>\d{4}|\d{2}))?
    (?![\d.]*\d)
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class JournalNumber:
    """A parsed journal number. ``normalised`` is the canonical string
    ``NN.NN.NN-XNN-serial-YY`` with the parts that are present."""

    normalised: str
    subject_code: str  # "NN.NN.NN" (missing levels filled with "00")
    main_group: str  # "NN"
    group: str  # "NN.NN"
    action_facet: str | None  # "A00", "P35", "G20"
    serial: int | None
    year: int | None  # four digits
    verbatim: str  # the text the number was read from

    @property
    def parents(self) -> list[str]:
        """The KLE codes above the subject code: main group, then group."""
        return kle_parents(self.subject_code)


def parse_journal_number(text: str | None) -> JournalNumber | None:
    """Read a KLE journal number from ``text``; ``None`` when there is none.

    >>> j = parse_journal_number("00.01.00-A00-41-21")
    >>> j.normalised, j.subject_code, j.main_group, j.group, j.action_facet, j.serial, j.year
    ('00.01.00-A00-41-21', '00.01.00', '00', '00.01', 'A00', 41, 2021)
    >>> parse_journal_number("00.01.00 - A00 - 41 - 21").normalised
    '00.01.00-A00-41-21'
    >>> parse_journal_number("Sagsnr. 00.01.00-A00-41-2021").normalised
    '00.01.00-A00-41-21'
    >>> j = parse_journal_number("24.10.05-1-16")   # no facet
    >>> j.normalised, j.action_facet, j.serial, j.year
    ('24.10.05-1-16', None, 1, 2016)
    >>> parse_journal_number("81.04.00-A00-3").year is None   # no year
    True
    >>> parse_journal_number("27.69.48-G01-12-99").year
    1999
    >>> parse_journal_number("Mødelokale 915") is None
    True
    >>> parse_journal_number("12. maj 2016") is None
    True
    """
    if not text or not isinstance(text, str):
        return None
    for m in _JOURNAL_RE.finditer(text):
        if m.group("group") is None or (m.group("subject") is None and m.group("facet") is None):
            continue  # "12" or "12.05" alone is a date or a number, not a case
        if m.group("facet") is None and m.group("serial") is None:
            continue  # a bare "NN.NN.NN" is a KLE code, not a journal number
        if m.group("facet") is None and m.group("subject") is None:
            continue
        main = m.group("main")
        group = m.group("group")
        subject = m.group("subject") or "00"
        facet = m.group("facet").replace(" ", "") if m.group("facet") else None
        serial = int(m.group("serial")) if m.group("serial") else None
        year = _four_digit_year(m.group("year")) if m.group("year") else None
        if year is not None and serial is None:
            continue  # pragma: no cover - the pattern needs a serial before a year
        code = f"{main}.{group}.{subject}"
        parts = [code]
        if facet:
            parts.append(facet)
        if serial is not None:
            parts.append(str(serial))
        if year is not None:
            parts.append(f"{year % 100:02d}")
        return JournalNumber(
            normalised="-".join(parts),
            subject_code=code,
            main_group=main,
            group=f"{main}.{group}",
            action_facet=facet,
            serial=serial,
            year=year,
            verbatim=m.group(0).strip(),
        )
    return None


def find_journal_number(text: str) -> tuple[JournalNumber, int, int] | None:
    """Like :func:`parse_journal_number` but also gives the match offsets in ``text``.

    >>> j, s, e = find_journal_number("Sagsnr.: 00.01.00-A00-41-21 ")
    >>> "Sagsnr.: 00.01.00-A00-41-21 "[s:e]
    '00.01.00-A00-41-21'
    """
    j = parse_journal_number(text)
    if j is None:
        return None
    start = text.find(j.verbatim)
    return j, start, start + len(j.verbatim)


def kle_parents(code: str) -> list[str]:
    """The broader KLE codes of a code, from the top: main group, group.

    >>> kle_parents("00.01.00")
    ['00', '00.01']
    >>> kle_parents("24.10")
    ['24']
    >>> kle_parents("24")
    []
    >>> kle_parents("not a code")
    []
    """
    if not isinstance(code, str) or not re.fullmatch(r"\d{2}(\.\d{2}){0,2}", code.strip()):
        return []
    parts = code.strip().split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def _four_digit_year(text: str) -> int:
    """Two-digit years: 00-69 are 20xx, 70-99 are 19xx (KLE is from 1970s on)."""
    y = int(text)
    if len(text) == 4:
        return y
    return 2000 + y if y < 70 else 1900 + y
