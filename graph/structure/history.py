"""A case's earlier treatments, read from an item: the entries of its case-history section
("Sagsforløb", "Sagens forløb", "Tidligere beslutninger": heading roles "history" in
graph/data/headings.tsv) and the decision sections of other bodies or dates ("Beslutning i
Økonomiudvalget den 21-09-2016" in the Byråd's minutes of 06-10-2016). Only the decision of this
meeting's date stays the item's decision; the others become :class:`Treatment` s.

An entry is either labelled fields ("Udvalg: …", "Dato: …", "Punktnummer: …";
graph/data/history_labels.tsv), a new entry starting where a field repeats, or one line naming a
date and a body ("09-05-2022 Økonomiudvalget", "Økonomiudvalget den 21. september 2016, pkt. 7");
the lines that follow, up to the next entry, are its remark.

>>> from graph.model import SourceDocument, AgendaItem, Section
>>> text = "Sagsforløb\\nUdvalg: Økonomiudvalget\\nDato: 15.09.2025\\nPunktnummer: 7\\nAnbefalet.\\nUdvalg: Byrådet\\nDato: 25.09.2025\\nGodkendt."
>>> doc = SourceDocument("d", None, text, "utf-8", "")
>>> sec = Section("Sagsforløb", text[11:], doc.span(11, len(text)), doc.span(0, 10))
>>> [(t.body, str(t.date), t.number, t.text) for t in history_entries(doc, sec)]
[('Økonomiudvalget', '2025-09-15', 7, 'Anbefalet.'), ('Byrådet', '2025-09-25', None, 'Godkendt.')]
"""
from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from graph import datafiles
from graph.model import AgendaItem, Minutes, Section, SourceDocument, Treatment
from graph.structure.dates import find_date
from graph.structure.headings import heading_role, section_role
from graph.structure.lines import split_lines

_NUMBER_ALONE = re.compile(r"^(?:punkt|pkt\.?|punktnummer)\s*(\d{1,4})\s*[.,]?$", re.IGNORECASE)
_NUMBER = re.compile(r"(?:punkt|pkt\.?|punktnummer|nr\.?)\s*(\d{1,4})\b", re.IGNORECASE)
_FILLER = re.compile(r"^(?:[-–,:.;/()]|\s|den\b|d\.|kl\.\s*\d{1,2}[.:]\d{2}|møde(?:t)?\b|i\b|fra\b|beslutning\b)+|"
                     r"(?:[-–,:.;/()]|\s|den\b|d\.|kl\.\s*\d{1,2}[.:]\d{2}|møde(?:t)?\b|i\b)+$", re.IGNORECASE)


@lru_cache(maxsize=1)
def _labels() -> tuple[tuple[str, str], ...]:
    return tuple(sorted(((r[0], r[1]) for r in datafiles.rows("history_labels.tsv")), key=lambda r: -len(r[0])))


def _label(text: str) -> tuple[str, str, int] | None:
    for label, field in _labels():
        if text[:len(label)].casefold() == label.casefold():
            m = re.match(r"\s*:\s*", text[len(label):])
            if m:
                return field, text[len(label) + m.end():].strip(), len(label) + m.end()
    return None


def entry_head(text: str) -> tuple[str, date, int | None] | None:
    """``(body, date, item number)`` of a line that opens a case-history entry by naming a date
    and a body, nothing more.

    >>> entry_head("09-05-2022 Økonomiudvalget")[:2]
    ('Økonomiudvalget', datetime.date(2022, 5, 9))
    >>> entry_head("Økonomiudvalget den 21. september 2016, pkt. 7")
    ('Økonomiudvalget', datetime.date(2016, 9, 21), 7)
    >>> entry_head("Udvalget besluttede den 3. maj 2022 at udsætte sagen.") is None
    True
    """
    if len(text) > 120 or text.rstrip().endswith((".", "!", "?")) and not re.search(r"\d\.$", text.strip()):
        return None
    d = find_date(text)
    if d is None:
        return None
    rest = text[:d[1]] + " " + text[d[2]:]
    number = None
    n = _NUMBER.search(rest)
    if n:
        number = int(n.group(1))
        rest = rest[:n.start()] + " " + rest[n.end():]
    body = _FILLER.sub("", rest.strip()).strip()
    body = re.sub(r"\s+", " ", body)
    if not body or not body[0].isupper() or len(body.split()) > 6 or re.search(r"[.!?]$", body):
        return None
    return body, d[0], number


def decision_heading(heading: str) -> tuple[str | None, date | None]:
    """``(body, date)`` named by a decision heading ("Beslutning i Byrådet den 06-10-2016",
    "Økonomiudvalgets beslutning den 03.05.2021"); None for what it does not name.

    >>> decision_heading("Beslutning i Byrådet den 06-10-2016")
    ('Byrådet', datetime.date(2016, 10, 6))
    >>> decision_heading("Økonomiudvalgets beslutning den 03.05.2021")
    ('Økonomiudvalget', datetime.date(2021, 5, 3))
    >>> decision_heading("Beslutning")
    (None, None)
    """
    d = find_date(heading)
    rest = heading[:d[1]] if d else heading
    body = None
    m = re.match(r"^\s*beslutning(?:er)?\s+(?:i|fra|af)\s+(?P<b>.+?)\s*(?:den|d\.)?\s*[-–,:]?\s*$", rest, re.IGNORECASE)
    g = re.match(r"^\s*(?P<b>[A-ZÆØÅ].*?)s\s+beslutning(?:er)?\b", rest)
    if m:
        body = m.group("b")
    elif g:
        body = g.group("b")
    return (body.strip() if body else None), (d[0] if d else None)


def history_entries(doc: SourceDocument, section: Section) -> list[Treatment]:
    """The treatments listed in a case-history section, each with the span of its lines."""
    base = section.span.start
    entries: list[dict] = []
    cur: dict | None = None
    for ln in split_lines(section.text):
        if ln.blank:
            continue
        s, e = base + ln.start, base + ln.end
        lab = _label(ln.text)
        if lab is not None and lab[0] in ("body", "date", "number"):
            field, value, _ = lab
            if cur is None or field in cur["fields"] or cur["remark"]:
                cur = {"fields": {}, "remark": [], "start": s, "end": e}
                entries.append(cur)
            cur["fields"][field] = value
            cur["end"] = e
            continue
        more = _NUMBER_ALONE.match(ln.text)
        if more and cur is not None and not cur["remark"] and cur["fields"].get("number") is None:
            cur["fields"]["number"] = int(more.group(1))  # "punkt 11" wrapped (or paged) onto its own line
            cur["end"] = e
            continue
        head = entry_head(ln.text)
        if head is not None:
            cur = {"fields": {"body": head[0], "date": head[1], "number": head[2]}, "remark": [],
                   "start": s, "end": e}
            entries.append(cur)
            continue
        if cur is not None:
            cur["remark"].append((s, e))
            cur["end"] = e
    out = []
    for ent in entries:
        f = ent["fields"]
        when = f.get("date")
        if isinstance(when, str):
            found = find_date(when)
            when = found[0] if found else None
        number = f.get("number")
        if isinstance(number, str):
            digits = re.search(r"\d{1,4}", number)
            number = int(digits.group(0)) if digits else None
        if not f.get("body") and when is None:
            continue
        remark = doc.text[ent["remark"][0][0]:ent["remark"][-1][1]] if ent["remark"] else ""
        out.append(Treatment(body=f.get("body") or None, date=when, number=number, text=remark,
                             span=doc.span(ent["start"], ent["end"])))
    return out


def add_case_history(m: Minutes) -> None:
    """Fill every item's ``history`` and mark other bodies' decision sections as history."""
    for item in m.items:
        item.history = []
        decisions = [s for s in item.sections if heading_role(s.heading) == "decision"]
        own = _own_decision(m, decisions)
        for sec in decisions:
            if sec is own:
                continue
            body, when = decision_heading(sec.heading)
            if body is None and when is None:
                continue
            sec.role = "history"
            item.history.append(Treatment(body=body, date=when, number=None, text=sec.text,
                                          span=m.doc.span(sec.heading_span.start, sec.span.end), kind="decision"))
        for sec in item.sections:
            if section_role(sec) == "history" and heading_role(sec.heading) == "history":
                item.history.extend(history_entries(m.doc, sec))
        item.history.sort(key=lambda t: (t.date or date.min, t.span.start))


def _own_decision(m: Minutes, decisions: list[Section]) -> Section | None:
    """This meeting's decision among an item's decision sections: the one dated this meeting's
    date; else the one naming no other date; else, when all are dated otherwise, none."""
    if not decisions:
        return None
    named = [(s, *decision_heading(s.heading)) for s in decisions]
    if m.date is not None:
        for s, _, when in named:
            if when == m.date:
                return s
    undated = [s for s, body, when in named if when is None and (body is None or same_body(body, m.body))]
    if undated:
        return undated[-1]
    if m.date is None:
        return decisions[-1]
    return None


def same_body(a: str | None, b: str | None) -> bool:
    """Loosely the same body: "Byrådet" and "Byråd 2022-2025", "Økonomiudvalgets" and "Økonomiudvalget"."""
    if not a or not b:
        return False
    def key(x: str) -> str:
        x = re.sub(r"[\d\s–-]+$", "", x.casefold()).strip()
        return re.sub(r"(ets|et|ens|en|s)$", "", x)
    return key(a) == key(b) or key(a).startswith(key(b)) or key(b).startswith(key(a))
