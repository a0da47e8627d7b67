"""City-archive case records (the Aarhus Stadsarkiv minutes archive): one case as a group of
JSON files sharing a numeric prefix ``N``:

``N_decisions.json``
    the case's decisions, a list of ``{"date", "title", "fora_name", "meeting_id", ...}`` where
    ``title`` is the decision text and ``fora_name`` the body that made it;
``N_metadata.json``
    ``{"source", "case_id", "note"}``: the case number;
``N_files.json``
    the attachments, a list of ``{"filename", "href", ...}``.

The decisions file is read as minutes, its siblings with it (:func:`claimed_by_decisions`, so a
folder build reports them as part of the record). The record maps onto ONE
:class:`MeetingRecord`: the meeting of the latest decision (body, date), with one item, the case,
whose decision is that latest decision and whose "Sagsforløb" lists every earlier decision as an
entry ("Udvalg: …", "Dato: …", the decision text), so the case-history stage
(graph/structure/history.py) turns them into the case's earlier treatments.

A metadata or files part without its decisions file has nothing to build from: reading it raises
:class:`ReadError` saying which file is missing.
"""
from __future__ import annotations

import re

import html
import json
from datetime import date
from pathlib import Path

from graph.readers import Read, ReadError, record_read
from graph.readers.record import MeetingRecord, RecordItem, labels

NAME = "archive"

DECISIONS = "_decisions.json"
METADATA = "_metadata.json"
FILES = "_files.json"
_PARTS = (METADATA, FILES)

DECISION_FIELD = "Beslutning"  # headings.tsv: decision
HISTORY_FIELD = "Sagsforløb"  # headings.tsv: history
BODY_LABEL = "Udvalg"  # history_labels.tsv: body
DATE_LABEL = "Dato"  # history_labels.tsv: date


# --- recognising the parts -------------------------------------------------------------------

def looks_like_decisions(data: object) -> bool:
    """A list of decisions, each a dict with a date, a body (``fora_name``) and a text (``title``).

    >>> looks_like_decisions([{"date": "2018-09-03", "fora_name": "Magistraten", "title": "Godkendt."}])
    True
    >>> looks_like_decisions([]), looks_like_decisions([{"filename": "Bilag", "href": "x"}])
    (False, False)
    """
    return (isinstance(data, list) and bool(data)
            and all(isinstance(d, dict) and {"date", "fora_name", "title"} <= d.keys() for d in data))


def looks_like_part(data: object) -> bool:
    """The metadata of a case record (a dict with ``case_id``) or its attachment list (dicts with
    ``filename`` and ``href``).

    >>> looks_like_part({"source": "eDocAgenda", "case_id": "18/039871"})
    True
    >>> looks_like_part([{"filename": "Indstilling", "href": "https://example.org/1.pdf"}])
    True
    >>> looks_like_part({"Dagsordenpunkter": []}), looks_like_part([])
    (False, False)
    """
    if isinstance(data, dict):
        return "case_id" in data
    return (isinstance(data, list) and bool(data)
            and all(isinstance(d, dict) and {"filename", "href"} <= d.keys() for d in data))


def _prefix(path: Path, suffix: str) -> str | None:
    name = path.name
    return name[:-len(suffix)] if name.lower().endswith(suffix) and len(name) > len(suffix) else None


def _part_prefix(path: Path) -> str | None:
    for suffix in _PARTS:
        prefix = _prefix(path, suffix)
        if prefix is not None:
            return prefix
    return None


def claimed_by_decisions(path: Path) -> list[Path]:
    """The sibling ``N_metadata.json`` and ``N_files.json`` of a decisions file that exist."""
    prefix = _prefix(path, DECISIONS)
    if prefix is None:
        return []
    return [p for p in (path.with_name(prefix + s) for s in _PARTS) if p.is_file()]


def part_reason(path: Path | None) -> str:
    """Why a metadata or files part is not read on its own."""
    prefix = _part_prefix(path) if path is not None else None
    expected = f"{prefix}{DECISIONS}" if prefix is not None else f"N{DECISIONS}"
    if path is not None and prefix is not None and path.with_name(expected).is_file():
        return f"part of the archive case record {expected}: read with it, not as minutes"
    return f"archive case record without decisions ({expected}): nothing to build"


# --- reading -----------------------------------------------------------------------------------

def _sibling(path: Path, suffix: str) -> tuple[object | None, str | None]:
    """The parsed JSON of a sibling part, or ``(None, doubt)`` when it is there but unreadable."""
    prefix = _prefix(path, DECISIONS)
    if prefix is None:
        return None, None
    p = path.with_name(prefix + suffix)
    if not p.is_file():
        return None, None
    try:
        return json.loads(p.read_bytes().decode("utf-8-sig")), None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return None, f"{p.name} not read ({exc})"


def _date(text: object) -> date | None:
    if not isinstance(text, str) or len(text) < 10:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def _clean(value: object) -> str:
    return str(value).strip() if value is not None else ""


def _lines_html(text: str) -> str:
    """Plain text as HTML, one ``<div>`` per non-blank line (each its own block)."""
    return "".join(f"<div>{html.escape(ln.strip(), quote=False)}</div>"
                   for ln in text.splitlines() if ln.strip())


def read_decisions(raw: bytes, path: Path) -> Read:
    """An archive case record, read from its decisions file and the siblings beside it.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "7_metadata.json").write_text('{"case_id": "24/000123"}')
    >>> raw = json.dumps([{"date": "2024-03-04", "fora_name": "Byrådet", "title": "Godkendt."},
    ...                   {"date": "2024-02-20", "fora_name": "Økonomiudvalget", "title": "Anbefalet."}]).encode()
    >>> r = read_decisions(raw, d / "7_decisions.json")
    >>> r.reader, r.meta["body"], str(r.meta["date"])
    ('archive', 'Byrådet', '2024-03-04')
    >>> print(r.text[r.text.index("Punkt"):])
    Punkt 7: Sag 24/000123
    Sagsnr.: 24/000123
    <BLANKLINE>
    Beslutning
    Godkendt.
    <BLANKLINE>
    Sagsforløb
    Udvalg: Økonomiudvalget
    Dato: 20.02.2024
    Anbefalet.
    <BLANKLINE>
    """
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReadError(f"not valid JSON ({exc})") from None
    if not looks_like_decisions(data):
        raise ReadError("not an archive case record's decisions (a list of 'date', 'fora_name', 'title')")
    doubts: list[str] = []
    meta, doubt = _sibling(path, METADATA)
    doubts += [doubt] if doubt else []
    files, doubt = _sibling(path, FILES)
    doubts += [doubt] if doubt else []

    case_number = _clean(meta.get("case_id")) if isinstance(meta, dict) else ""
    case_number = case_number or None
    attachments = [_clean(f.get("filename")) for f in files if isinstance(f, dict)] if isinstance(files, list) else []

    # by date, file order kept among equal dates; an undated decision counts as the earliest
    decisions = sorted(data, key=lambda d: _date(d.get("date")) or date.min)
    latest, earlier = decisions[-1], decisions[:-1]
    history = ""
    for d in earlier:
        when = _date(d.get("date"))
        history += f"<div>{BODY_LABEL}: {html.escape(_clean(d.get('fora_name')), quote=False)}</div>"
        if when is not None:
            history += f"<div>{DATE_LABEL}: {when.strftime('%d.%m.%Y')}</div>"
        history += _lines_html(_clean(d.get("title")))
    fields = [(DECISION_FIELD, _lines_html(_clean(latest.get("title"))))]
    if history:
        fields.append((HISTORY_FIELD, history))
    # the archive gives no item number; the record's own number keeps two cases treated at the
    # same meeting apart (it is the archive's record id, not the meeting's item number)
    record_no = re.match(r"\d+", path.stem)
    item = RecordItem(
        number=int(record_no.group(0)) if record_no else 1,
        title=f"{labels()['case_title']} {case_number or path.stem}",
        case_number=case_number,
        fields=fields,
        attachments=[a for a in attachments if a],
    )
    record = MeetingRecord(body=_clean(latest.get("fora_name")) or None, date=_date(latest.get("date")),
                           kind="REFERAT", items=[item], source_format=NAME)
    read = record_read(record, NAME)
    if doubts:
        read.warning = "; ".join(doubts)
    return read
