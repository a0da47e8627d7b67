"""Dated references: other meetings (MeetingReference), deadlines (Deadline), money (MoneyAmount).

A day-and-month date is a meeting unless words around it make it a deadline or
start date ("inden", "senest", "pr.", "kl. 12"), a period ("3. - 17. august"),
or it is this very meeting. A missing year is the one that puts the date
nearest the document date; a weekday ("på tirsdag") is the next such day.
The body is the one named next to the date in the same sentence, else the
meeting's own body when the sentence speaks of a meeting or minutes.
Dates and amounts split by a PDF line wrap ("den 12.\\nseptember", "12 mio.\\nkr.") are read
with the wrap as a space (graph.extract.wraps), their span quotes verbatim.
"""
from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache

from graph.extract.scan import digit_starts, finditer_at
from graph.extract.text import UPPER, Segment, sentence_at, stem
from graph.extract.vocab import Vocabulary
from graph.extract.wraps import across_wraps
from graph.model import Mention


DIGIT = re.compile(r"\d")


def _full_months(vocab: Vocabulary) -> dict[str, int]:
    return _longest_names(tuple(vocab.months.items()))


@lru_cache(maxsize=8)
def _longest_names(months: tuple[tuple[str, int], ...]) -> dict[str, int]:
    longest: dict[int, str] = {}
    for name, num in months:
        if len(name) > len(longest.get(num, "")):
            longest[num] = name
    return {name: num for num, name in longest.items()}


def _nearest(day: int, month: int, ref: date) -> date | None:
    best = None
    for year in (ref.year - 1, ref.year, ref.year + 1):
        try:
            d = date(year, month, day)
        except ValueError:
            continue
        if best is None or abs((d - ref).days) < abs((best - ref).days):
            best = d
    return best


def find_dates(seg: Segment, vocab: Vocabulary, doc_date: date | None) -> list[tuple[int, int, date, bool]]:
    """(start, end, date, explicit_year) of day+month dates; ranges are skipped."""
    text = seg.text
    out = []
    if not DIGIT.search(text) and not (doc_date and "på " in text):
        return out  # every date below has a number in it, but "på tirsdag"
    months = _full_months(vocab)
    mon = "|".join(sorted(months, key=len, reverse=True))
    pat = re.compile(rf"(?i)\b(\d{{1,2}})\.?(?:\s*og\s*(\d{{1,2}})\.?)?\s?({mon})\b(?:\s+(\d{{4}}))?")
    # (the regexes are tried only where they can start: at a number, at a line starting with one)
    at_lines = digit_starts(text, line_start=True)
    for m in finditer_at(pat, text, digit_starts(text)):
        if re.search(r"\d\.?\s*[-–]\s*$", text[max(0, m.start() - 6):m.start()]):
            continue  # "3. - 17. august": a period
        if re.match(r"\s*[-–]\s*\d", text[m.end(1):m.end(1) + 5]) and not m.group(2):
            continue
        month = months[m.group(3).casefold()]
        for g in (1, 2):
            if not m.group(g):
                continue
            day = int(m.group(g))
            if m.group(4):
                try:
                    d = date(int(m.group(4)), month, day)
                except ValueError:
                    continue
            elif doc_date:
                d = _nearest(day, month, doc_date)
                if d is None:
                    continue
            else:
                continue
            out.append((m.start(), m.end(), d, bool(m.group(4))))
    # A table cell broken over lines: "30. Chefforum" / "august" (the word between names the body);
    # read as one line where PDF text wraps it.
    cell = re.compile(rf"(?m)^(\d{{1,2}})\.[ \t]+[{UPPER}]\w+(?:[ \t]*\n\s*\n?[ \t]*| )({mon})[ \t]*$", flags=re.IGNORECASE)
    for m in finditer_at(cell, text, at_lines):
        if doc_date:
            d = _nearest(int(m.group(1)), months[m.group(2).casefold()], doc_date)
            if d:
                out.append((m.start(), m.end(), d, False))
    # Numeric day.month at a line start in a timeline: "07.05 – Beslutning om ..."
    if doc_date:
        for m in finditer_at(r"(?m)^(\d{2})\.(\d{2})\s+[–-]\s", text, at_lines):
            d = _nearest(int(m.group(1)), int(m.group(2)), doc_date) if 1 <= int(m.group(2)) <= 12 else None
            if d:
                out.append((m.start(), m.start() + 5, d, False))
        # A weekday: "på tirsdag" is the next such day after the meeting.
        days = vocab.cue_list("weekday")  # Monday first, as date.weekday() counts
        if not any(day in text for day in days):
            return out
        for m in re.finditer(rf"\bpå ({'|'.join(days)})\b", text):
            wd = days.index(m.group(1))
            delta = (wd - doc_date.weekday()) % 7 or 7
            out.append((m.start(), m.end(), doc_date + timedelta(days=delta), False))
    return out


@across_wraps
def meeting_references(seg: Segment, vocab: Vocabulary, doc_date: date | None, own_body: str | None,
                       bodies: list[Mention]) -> list[Mention]:
    """MeetingReference and Deadline mentions of one segment; ``bodies`` are the Body mentions found in it."""
    text = seg.text
    out: list[Mention] = []
    before_cues = vocab.cue("deadline_before")
    after_cues = vocab.cue("deadline_after")
    deadline_suffixes = vocab.cue_list("deadline_suffix")
    meeting_words = vocab.cue("meeting_word")
    local_bodies = sorted(((b.span.start - seg.start, b.span.end - seg.start, b) for b in bodies), key=lambda t: t[0])
    for a, b, d, _explicit in find_dates(seg, vocab, doc_date):
        prev = text[max(0, a - 25):a].casefold().split()
        prev_words = [w.strip("(,") for w in prev[-3:]]
        if prev_words and prev_words[-1] in ("d.", "den") and len(prev_words) > 1:
            prev_words = prev_words[:-1]
        near_before = prev_words[-1:] if prev_words else []
        after = text[b:b + 8].casefold()
        deadline = any(w in before_cues for w in near_before) or any(after.lstrip().startswith(c) for c in after_cues)
        # "Ansøgningsfristen er den 1. december": a deadline word a few words before
        if not deadline and any(w.endswith(deadline_suffixes) or (w in before_cues and len(w) > 3)
                                for w in prev_words):
            deadline = True
        if deadline:
            out.append(Mention("Deadline", text[a:b], seg.span(a, b), attrs={"date": d.isoformat()}))
            continue
        s0, s1 = sentence_at(text, a)
        line0 = text.rfind("\n", 0, a) + 1
        if text[line0:line0 + 1] == "|":  # a table row is one context: date cell, then what happens
            line1 = text.find("\n", a)
            s0, s1 = line0, (len(text) if line1 < 0 else line1)
        sent_bodies = [t for t in local_bodies if s0 <= t[0] < s1]
        chosen = _bodies_for(text, a, b, s0, sent_bodies)
        names = [c.attrs.get("canonical") or c.surface for c in chosen]
        if not names:
            names = _body_in_compound(text[s0:a], vocab)
        if not names:
            sentence = text[s0:s1].casefold()
            line_start = text[s0:a].strip(" -–\t") == "" or re.match(r"(?i)den\s*$", text[s0:a].strip())
            if any(re.search(rf"\b{re.escape(w)}", sentence) for w in meeting_words) or line_start:
                names = [own_body]
            else:
                names = [None]
        for body in names:
            if d == doc_date and (body is None or body == own_body):
                continue  # this meeting itself
            direction = "past" if doc_date and d <= doc_date else "future"
            out.append(Mention("MeetingReference", text[a:b], seg.span(a, b),
                               attrs={"date": d.isoformat(), "body": body, "direction": direction}))
    return out


def _body_in_compound(before: str, vocab: Vocabulary) -> list[str]:
    """A listed body named inside a compound with "møde": "på byrådsmødet den ..." -> Byrådet."""
    m = re.search(r"(\w+?)s?-?møde(?:t|rne)?\b\W+(?:\w+\W+){0,3}$", before, flags=re.IGNORECASE)
    if not m or len(m.group(1)) < 2:
        return []
    prefix = stem(m.group(1))
    for n in vocab.names_of("Body"):
        if any(stem(f) == prefix for f in (n.canonical, *n.aliases)):
            return [n.canonical]
    return []


def _bodies_for(text: str, a: int, b: int, s0: int, sent_bodies: list) -> list[Mention]:
    """The body or bodies a date belongs to: nearest before it in the clause, or right after it."""
    inside = [t for t in sent_bodies if a <= t[0] and t[1] <= b]
    if inside:
        return [t[2] for t in inside]
    before = [t for t in sent_bodies if t[1] <= a]
    after = [t for t in sent_bodies if t[0] >= b]
    starts_sentence = len(text[s0:a].split()) <= 1
    pick = []
    if before and not starts_sentence:
        last = before[-1]
        gap = text[last[1]:a]
        if len(gap.split()) <= 8 and "," not in gap:
            pick = [last]
            # "ØU og KB på tirsdag": bodies joined by "og" share the date
            for t in reversed(before[:-1]):
                if re.fullmatch(r"\s+og\s+(?:i\s+)?", text[t[1]:pick[0][0]]):
                    pick.insert(0, t)
                else:
                    break
    if not pick and after:
        first = after[0]
        gap = re.sub(r"</?\w+[^>]*>|\|", " ", text[b:first[0]])  # table markup is no distance
        if len(gap.split()) <= 4 and not re.search(r"[,.;]", gap):
            pick = [first]
            for t in after[1:]:
                if re.fullmatch(r"\s+og\s+", text[pick[-1][1]:t[0]]):
                    pick.append(t)
                else:
                    break
    return [t[2] for t in pick]


MONEY = re.compile(r"\b\d{1,3}(?:[.\s]\d{3})*(?:,\d+)?(?:\s?[-–]\s?\d{1,3}(?:[.\s]\d{3})*(?:,\d+)?)?\s?(?:(?:mio|mia|mill)\.\s?|millioner\s|milliarder\s)?kr\.?", re.IGNORECASE)


@across_wraps
def money_amounts(seg: Segment) -> list[Mention]:
    """MoneyAmount mentions of one segment: "12 mio. kr.", "250.000 kr.", "2-3 mia. kr."."""
    out = []
    for m in MONEY.finditer(seg.text):
        surface = m.group().rstrip(".") + ("." if m.group().endswith("kr.") else "")
        out.append(Mention("MoneyAmount", surface, seg.span(m.start(), m.start() + len(surface)), attrs={}))
    return out
