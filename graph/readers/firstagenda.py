"""FirstAgenda publication JSON (``/api/agenda/dagsorden/{id}`` of a ``dagsordener.<kommune>.dk``
site): a meeting with its body, date, place, participants (with absence) and agenda items
(number, title, case number, HTML text, attachments), mapped onto a :class:`MeetingRecord`.

Field names are the API's (Danish and English side by side in the same object); each is read
from the first of its names that is present, so older and newer API versions both read.
"""
from __future__ import annotations

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


def to_record(data: dict) -> MeetingRecord:
    meeting = data.get("Moede") or {}
    body = _get(data.get("Udvalg") or {}, "Navn", "Name")
    day, time = _meeting_date(_get(meeting, "Dato", "MeetingBeginUtc"))
    people = [Participant(str(p.get("Name") or p.get("Navn") or "").strip(),
                          absent=bool(p.get("Absent") or p.get("ParticipationCancelled")))
              for p in meeting.get("Moededeltagere") or [] if (p.get("Name") or p.get("Navn"))]
    items = []
    for it in data.get("Dagsordenpunkter") or []:
        fields = []
        for f in it.get("Felter") or []:
            html = f.get("Html") or f.get("Tekst") or ""
            fields.append((str(f.get("Navn") or "").strip(), html))
        attachments = [str(_get(b, "Navn", "Name", default="")).strip()
                       for b in sorted(it.get("Bilag") or [], key=lambda b: b.get("Order", 0))]
        number = str(_get(it, "Punktnummer", "Number", default="0")).strip()
        items.append(RecordItem(
            number=int(number) if number.isdigit() else len(items) + 1,
            title=str(_get(it, "Navn", "Caption", default="")).strip(),
            case_number=_get(it, "SagsNummer", "CaseNumber"),
            fields=fields,
            attachments=[a for a in attachments if a],
        ))
    items.sort(key=lambda i: i.number)
    kind_word = str(_get(meeting, "Navn", default="")).casefold()
    kind = "DAGSORDEN" if "dagsorden" in kind_word else ("REFERAT" if "referat" in kind_word else None)
    return MeetingRecord(body=body, date=day, kind=kind, start_time=time, place=_get(meeting, "Sted"),
                         participants=people, items=items, source_format=NAME)
