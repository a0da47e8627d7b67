"""Calendar dates and clock times as Danish minutes write them
("4. marts 2021", "04-03-2021", "kl. 9.00"); month names from graph/data."""
from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from graph import datafiles


@lru_cache(maxsize=None)
def _months() -> dict[str, int]:
    return {row[0].casefold(): int(row[1]) for row in datafiles.rows("danish_months.tsv")}


def _month_alternation() -> str:
    names = sorted(_months(), key=len, reverse=True)
    return "|".join(re.escape(n) for n in names)


@lru_cache(maxsize=None)
def _date_patterns() -> tuple[re.Pattern[str], ...]:
    months = _month_alternation()
    return (
        re.compile(r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?!\d)"),
        re.compile(r"(?<![\d.])(?P<d>\d{1,2})[-./](?P<m>\d{1,2})[-./](?P<y>\d{4}|\d{2})(?![\d])"),
        re.compile(r"(?<![\d./])(?P<d>\d{1,2})/(?P<m>\d{1,2})\s+(?P<y>\d{4})(?!\d)"),  # "5/5 2020"
        re.compile(rf"(?<!\d)(?P<d>\d{{1,2}})\.?\s*(?P<mn>{months})\.?,?\s+(?P<y>\d{{4}})(?!\d)", re.IGNORECASE),
    )


def find_date(text: str) -> tuple[date, int, int] | None:
    """The first calendar date written in ``text`` with its offsets.

    Understands "04-03-2021", "04.03.2021", "2021-03-04" and "4. marts 2021".

    >>> find_date("Torsdag d. 4. marts 2021 kl. 09:00")[0]
    datetime.date(2021, 3, 4)
    >>> find_date("REFERAT Økonomiudvalget d. 04-03-2021")[0]
    datetime.date(2021, 3, 4)
    >>> find_date("Dato: 2019-03-04")[0], find_date("kl. 9.00") is None
    (datetime.date(2019, 3, 4), True)
    """
    best: tuple[date, int, int] | None = None
    for pat in _date_patterns():
        for m in pat.finditer(text):
            try:
                month = int(m.group("m")) if "mn" not in pat.groupindex or m.group("mn") is None \
                    else _months()[m.group("mn").casefold()]
                year = int(m.group("y"))
                if year < 100:
                    year += 2000 if year < 70 else 1900
                found = date(year, month, int(m.group("d")))
            except (ValueError, KeyError):
                continue
            if best is None or m.start() < best[1]:
                best = (found, m.start(), m.end())
            break
    return best


_KL_TIME = re.compile(r"\bkl\.?\s*(\d{1,2})(?:[:.](\d{2}))?(?!\d)", re.IGNORECASE)
_BARE_TIME = re.compile(r"(?<![\d.:])(\d{1,2})[:.](\d{2})(?![\d.:]\d)")


def find_time(text: str) -> str | None:
    """The first clock time in ``text`` as "HH:MM" ("kl. 9.00" → "09:00").

    >>> find_time("Torsdag d. 19. maj 2016 kl. 09:00"), find_time("kl. 16.30"), find_time("Tid: 9:15-11:00")
    ('09:00', '16:30', '09:15')
    """
    candidates = []
    m = _KL_TIME.search(text)
    if m:
        candidates.append((m.start(), m.group(1), m.group(2) or "00"))
    stripped = text
    d = find_date(text)
    if d:  # a date such as 19.05.2016 must not be read as a time
        stripped = text[: d[1]] + " " * (d[2] - d[1]) + text[d[2]:]
    m = _BARE_TIME.search(stripped)
    if m:
        candidates.append((m.start(), m.group(1), m.group(2)))
    for _, hh, mm in sorted(candidates):
        if int(hh) < 24 and int(mm) < 60:
            return f"{int(hh):02d}:{mm}"
    return None
