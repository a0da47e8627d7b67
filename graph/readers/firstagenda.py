"""FirstAgenda publication JSON (``/api/agenda/dagsorden/{id}`` of a ``dagsordener.<kommune>.dk``
site): a meeting with its body, date, place, participants (with absence) and agenda items
(number, title, case number, HTML text, attachments), mapped onto a :class:`MeetingRecord`.

Field names are the API's (Danish and English side by side in the same object); each is read
from the first of its names that is present, so older and newer API versions both read.
"""
from __future__ import annotations

import re

from datetime import date

from graph.readers.record import MeetingRecord, Participant, RecordItem

NAME = "firstagenda"


def looks_like(data: object) -> bool:
    """A FirstAgenda agenda object: it has agenda items and a meeting.

    >>> looks_like({"Dagsordenpunkter": [], "Moede": {}}), looks_like({"case_id": "x"})
    (True, False)
    """
    return isinstance(data, dict) and isinstance(data.get("Dagsordenpunkter"), list) and "Moede" in data


def _get(obj: dict, *names, default=None):
    for n in names:
        v = obj.get(n) if isinstance(obj, dict) else None
        if v not in (None, ""):
            return v
    return default


def _meeting_date(text: str | None) -> tuple[date | None, str | None]:
    """Date and local time of an ISO timestamp as written ("2022-01-10T08:00:00+01:00" is 08:00
    local time: the offset is the municipality's own, so the wall-clock time is kept)."""
    if not text or len(text) < 10:
        return None, None
    try:
        day = date.fromisoformat(text[:10])
    except ValueError:
        return None, None
    clock = text[11:16]
    return day, clock if len(clock) == 5 and clock[2] == ":" and clock.replace(":", "").isdigit() else None


def _dicts(value) -> list[dict]:
    """The objects of a JSON list (an export with a string or number where a list of objects
    belongs yields none, rather than a crash)."""
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _text(value) -> str:
    return str(value).strip() if isinstance(value, (str, int, float)) and not isinstance(value, bool) else ""


def _order(value) -> float:
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else 0


def to_record(data: dict) -> MeetingRecord:
    meeting = data.get("Moede") if isinstance(data.get("Moede"), dict) else {}
    udvalg = data.get("Udvalg") if isinstance(data.get("Udvalg"), dict) else {}
    body = _text(_get(udvalg, "Navn", "Name")) or None
    day, time = _meeting_date(_text(_get(meeting, "Dato", "MeetingBeginUtc")))
    people = [Participant(_text(p.get("Name") or p.get("Navn")),
                          absent=bool(p.get("Absent") or p.get("ParticipationCancelled")))
              for p in _dicts(meeting.get("Moededeltagere")) if _text(p.get("Name") or p.get("Navn"))]
    items = []
    for it in _dicts(data.get("Dagsordenpunkter")):
        fields = []
        for f in _dicts(it.get("Felter")):
            html = f.get("Html") or f.get("Tekst") or ""
            fields.append((_text(f.get("Navn")), html if isinstance(html, str) else ""))
        attachments = [_text(_get(b, "Navn", "Name", default=""))
                       for b in sorted(_dicts(it.get("Bilag")), key=lambda b: _order(b.get("Order", 0)))]
        number = _text(_get(it, "Punktnummer", "Number", default="0"))
        case_number = _text(_get(it, "SagsNummer", "CaseNumber"))
        items.append(RecordItem(
            number=int(number) if re.fullmatch(r"[0-9]{1,9}", number) else len(items) + 1,  # not "²"
            title=_text(_get(it, "Navn", "Caption", default="")),
            case_number=case_number or None,
            fields=fields,
            attachments=[a for a in attachments if a],
        ))
    items.sort(key=lambda i: i.number)
    kind_word = _text(_get(meeting, "Navn", default="")).casefold()
    kind = "DAGSORDEN" if "dagsorden" in kind_word else ("REFERAT" if "referat" in kind_word else None)
    return MeetingRecord(body=body, date=day, kind=kind, start_time=time, place=_text(_get(meeting, "Sted")) or None,
                         participants=people, items=items, source_format=NAME)
