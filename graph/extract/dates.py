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
from bisect import bisect_left
from datetime import date, timedelta
from functools import lru_cache

from graph.extract.scan import digit_starts, finditer_at
from graph.extract.text import LOOK_BACK, UPPER, Segment, sentence_at, stem
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
    pat, cell = _date_patterns(tuple(sorted(months, key=len, reverse=True)))
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
            try:
                out.append((m.start(), m.end(), doc_date + timedelta(days=delta), False))
            except OverflowError:  # a meeting dated 31-12-9999: its "på tirsdag" has no date
                continue
    return out


@lru_cache(maxsize=8)
def _date_patterns(months: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The day-and-month date, and the table cell broken over lines, for these month names."""
    mon = "|".join(months)
    date_re = re.compile(rf"(?i)\b(\d{{1,2}})\.?(?:\s*og\s*(\d{{1,2}})\.?)?\s?({mon})\b(?:\s+(\d{{4}}))?")
    # (possessive "\s*+": the month starts with a letter, so the blank run is all taken anyway; a
    # backtracking "\s*" before "\n?[ \t]*" was quadratic in a long run of blanks)
    cell = re.compile(rf"(?m)^(\d{{1,2}})\.[ \t]+[{UPPER}]\w+(?:[ \t]*\n\s*+\n?[ \t]*| )({mon})[ \t]*$", flags=re.IGNORECASE)
    return date_re, cell


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
    body_starts = [t[0] for t in local_bodies]
    # Per sentence, what does not depend on the date: many dates in one long sentence must not each
    # read the whole sentence (that was quadratic). (s0, s1) -> has a meeting word; s0 -> offsets.
    meeting_said: dict[tuple[int, int], bool] = {}
    first_kept: dict[int, tuple[int, int]] = {}
    newlines = _newlines(text)
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
        k = bisect_left(newlines, a)
        line0 = newlines[k - 1] + 1 if k else 0
        if text[line0:line0 + 1] == "|":  # a table row is one context: date cell, then what happens
            s0, s1 = line0, (newlines[k] if k < len(newlines) else len(text))
        sent = (bisect_left(body_starts, s0), bisect_left(body_starts, s1))  # the sentence's bodies
        chosen = _bodies_for(text, a, b, s0, local_bodies, body_starts, sent)
        names = [c.attrs.get("canonical") or c.surface for c in chosen]
        if not names:
            names = _body_in_compound(text, s0, a, vocab)
        if not names:
            if (s0, s1) not in meeting_said:
                sentence = text[s0:s1].casefold()
                meeting_said[s0, s1] = any(re.search(rf"\b{re.escape(w)}", sentence) for w in meeting_words)
            if s0 not in first_kept:
                first_kept[s0] = (_skip(text, s0, len(text), " -–\t"), _skip(text, s0, len(text), None))
            dashes_end, blank_end = first_kept[s0]
            # text[s0:a] is only blanks and dashes, or only "den" ("line_start")
            last = _skip_back_blank(text, blank_end, a)
            line_start = dashes_end >= a or (last - blank_end == 3 and text[blank_end:last].lower() == "den")
            if meeting_said[s0, s1] or line_start:
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


@lru_cache(maxsize=64)
def _newlines(text: str) -> list[int]:
    """Offsets of the line breaks of ``text``, to find a position's line by binary search."""
    return [m.start() for m in re.finditer("\n", text)]


def _skip(text: str, i: int, end: int, chars: str | None) -> int:
    """The first offset from ``i`` (before ``end``) whose character is not in ``chars`` (None: blank)."""
    if chars is None:
        while i < end and text[i].isspace():
            i += 1
    else:
        while i < end and text[i] in chars:
            i += 1
    return i


def _skip_back_blank(text: str, lo: int, i: int) -> int:
    while i > lo and text[i - 1].isspace():
        i -= 1
    return i


# "... på byrådsmødet den": the compound word and at most three words after it, up to the date. It
# starts where a word starts (as its leftmost match did), and it is searched for only within
# LOOK_BACK characters before the date, not in all of the sentence before it (quadratic).
_MEETING_COMPOUND = re.compile(r"(?<!\w)(\w+?)s?-?møde(?:t|rne)?\b\W+(?:\w+\W+){0,3}$", re.IGNORECASE)


def _body_in_compound(text: str, s0: int, a: int, vocab: Vocabulary) -> list[str]:
    """A listed body named inside a compound with "møde" in ``text[s0:a]`` (the sentence before a
    date): "på byrådsmødet den ..." -> Byrådet."""
    lo = max(s0, a - LOOK_BACK)
    if "møde" not in text[lo:a].casefold():
        return []
    m = _MEETING_COMPOUND.search(text, lo, a)
    if not m or len(m.group(1)) < 2:
        return []
    prefix = stem(m.group(1))
    for n in vocab.names_of("Body"):
        if any(stem(f) == prefix for f in (n.canonical, *n.aliases)):
            return [n.canonical]
    return []


_OG_BETWEEN = re.compile(r"\s+og\s+(?:i\s+)?")
_OG_AFTER = re.compile(r"\s+og\s+")
_MARKUP = re.compile(r"</?\w+[^>]*>|\|")
# A body named after a date is within four words of it; with table markup between (which counts for
# nothing) that is still well within this many characters. A date does not look further, so many
# dates before one far body do not each read all the text up to it (quadratic).
AFTER_REACH = 1000


def _bodies_for(text: str, a: int, b: int, s0: int, bodies: list, starts: list[int],
                sent: tuple[int, int]) -> list[Mention]:
    """The body or bodies a date belongs to: nearest before it in the clause, or right after it.

    ``bodies[sent[0]:sent[1]]`` are those of the date's sentence, in order of their starts
    ``starts``; each is looked up by binary search, never by reading all of the sentence's."""
    lo, hi = sent
    i_a, i_b = bisect_left(starts, a, lo, hi), bisect_left(starts, b, lo, hi)
    inside = [t for t in bodies[i_a:i_b] if t[1] <= b]
    if inside:
        return [t[2] for t in inside]
    before = (bodies[k] for k in range(i_a - 1, lo - 1, -1) if bodies[k][1] <= a)  # nearest first, no copy
    pick = []
    last = next(before, None)
    if last is not None and not _words_at_most(text, s0, a, 1):
        if _words_at_most(text, last[1], a, 8) and text.find(",", last[1], a) < 0:
            pick = [last]  # nearest first while it grows, turned round below
            # "ØU og KB på tirsdag": bodies joined by "og" share the date
            for t in before:
                if t[1] <= pick[-1][0] and _OG_BETWEEN.fullmatch(text, t[1], pick[-1][0]):
                    pick.append(t)
                else:
                    break
            pick.reverse()
    if not pick and i_b < hi:
        first = bodies[i_b]
        if first[0] - b <= AFTER_REACH:
            gap = _MARKUP.sub(" ", text[b:first[0]])  # table markup is no distance
            if len(gap.split()) <= 4 and not re.search(r"[,.;]", gap):
                pick = [first]
                for k in range(i_b + 1, hi):
                    t = bodies[k]
                    if pick[-1][1] <= t[0] and _OG_AFTER.fullmatch(text, pick[-1][1], t[0]):
                        pick.append(t)
                    else:
                        break
    return [t[2] for t in pick]


def _words_at_most(text: str, lo: int, hi: int, n: int) -> bool:
    """``len(text[lo:hi].split()) <= n``, read backwards from ``hi`` and only as far as needed."""
    i, words = hi, 0
    while True:
        while i > lo and text[i - 1].isspace():
            i -= 1
        if i <= lo:
            return True
        words += 1
        if words > n:
            return False
        while i > lo and not text[i - 1].isspace():
            i -= 1


MONEY = re.compile(r"\b\d{1,3}(?:[.\s]\d{3})*(?:,\d+)?(?:\s?[-–]\s?\d{1,3}(?:[.\s]\d{3})*(?:,\d+)?)?\s?(?:(?:mio|mia|mill)\.\s?|millioner\s|milliarder\s)?kr\.?", re.IGNORECASE)


@across_wraps
def money_amounts(seg: Segment) -> list[Mention]:
    """MoneyAmount mentions of one segment: "12 mio. kr.", "250.000 kr.", "2-3 mia. kr."."""
    out = []
    for m in MONEY.finditer(seg.text):
        surface = m.group().rstrip(".") + ("." if m.group().endswith("kr.") else "")
        out.append(Mention("MoneyAmount", surface, seg.span(m.start(), m.start() + len(surface)), attrs={}))
    return out
