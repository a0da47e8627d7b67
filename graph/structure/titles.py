"""What an agenda item's title says besides its subject: a prefix ("B - "),
a time slot ("(13:55-14:15)"), presenters ("v. Ida") and participants
("(Ida Holm deltager)"), whether the item is closed ("Lukket punkt"), and
whether it is a standing item ("Eventuelt"). Word lists from graph/data."""
from __future__ import annotations

import re
from functools import lru_cache

from graph import datafiles
from graph.model import NameRef, SourceDocument

_PREFIX_RE = re.compile(r"^(?P<p>[A-ZÆØÅ§][A-ZÆØÅ0-9§&.]{0,9}\s+[-–]\s+)(?=\S)")
_SLOT_RE = re.compile(
    r"\s*\(\s*(?:kl\.?\s*)?(?P<slot>\d{1,2}[:.]\d{2}(?:\s*[-–]\s*\d{1,2}[:.]\d{2})?)\s*\)\s*$", re.IGNORECASE)
_SLOT_KL_RE = re.compile(r"\s+kl\.\s*(?P<slot>\d{1,2}[:.]\d{2}(?:\s*[-–]\s*\d{1,2}[:.]\d{2})?)\s*$", re.IGNORECASE)
_NAME_SPLIT = re.compile(r"\s*,\s*|\s+og\s+|\s*&\s*")
_NAME_OK = re.compile(r"^[A-ZÆØÅÉÜÖÄ][\w'’.\-]*(?:\s+[A-ZÆØÅÉÜÖÄa-zæøå][\w'’.\-]*){0,4}$")


@lru_cache(maxsize=None)
def _participant_re() -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in sorted(datafiles.lines("participant_words.txt"), key=len, reverse=True))
    return re.compile(
        rf"\s*\(\s*(?:(?P<names>[^()]+?)\s+(?:{words})|(?:{words})\s*:?\s+(?P<names2>[^()]+?))\s*\)\s*$",
        re.IGNORECASE)


@lru_cache(maxsize=None)
def _presenter_re() -> re.Pattern[str]:
    markers = "|".join(re.escape(w) for w in sorted(datafiles.lines("presenter_markers.txt"), key=len, reverse=True))
    return re.compile(rf"\s+(?P<marker>{markers})\s+", re.IGNORECASE)


PRESENTER_TRIES = 4  # markers tried, from the right: "Status ved Nørreby Skole v. Anne Holm" has two


def _presenters(rest: str) -> list[tuple[int, str, int, str]]:
    """(start of the marker's space, marker, start of the names, the names) for the last few
    presenter markers in ``rest``, rightmost first; the names run to the end, without brackets."""
    found = [m for m in _presenter_re().finditer(rest) if m.start() > 0]
    out = []
    for m in reversed(found[-PRESENTER_TRIES:]):
        names = rest[m.end():].rstrip()
        if names and "(" not in names and ")" not in names:
            out.append((m.start(), m.group("marker"), m.end(), names))
    return out


def _names_start_with_first_names(refs: list[NameRef]) -> bool:
    """Every name begins with a known first name: "ved Jonas Friis", not "ved Nørreby Skole"."""
    first = set(datafiles.lines("first_names.txt"))
    return all(r.name.split()[0].split("-")[0] in first for r in refs)


def _split_names(doc: SourceDocument, text: str, offset: int, role: str) -> list[NameRef] | None:
    """Names of "René, Birgit og Susanne" as NameRefs; None if any part is not name-like."""
    refs = []
    pos = 0
    for part in _NAME_SPLIT.split(text):
        idx = text.find(part, pos)
        pos = idx + len(part)
        name = part.strip()
        if not name:
            continue
        if not _NAME_OK.match(name) or any(ch.isdigit() for ch in name):
            return None
        s = offset + idx + (len(part) - len(part.lstrip()))
        refs.append(NameRef(name=name, role=role, span=doc.span(s, s + len(name))))
    return refs or None


def split_title(doc: SourceDocument, title: str, offset: int) -> tuple[str | None, str, str | None, list[NameRef]]:
    """Split an item title into ``(prefix, core_title, time_slot, names)``.

    ``offset`` is where ``title`` starts in ``doc.text``; names get spans there.
    Trailing parts are peeled off right to left: time slot "(13:55-14:15)",
    participants "(Ida Holm deltager)", presenters "v. Ida".
    """
    prefix = None
    m = _PREFIX_RE.match(title)
    start = 0
    if m:
        prefix = m.group("p")
        start = m.end()
    end = len(title)
    slot = None
    presenters: list[NameRef] = []
    participants: list[NameRef] = []
    changed = True
    while changed:
        changed = False
        rest = title[start:end]
        if slot is None and (sm := (_SLOT_RE.search(rest) or _SLOT_KL_RE.search(rest))):
            slot = sm.group("slot")
            end = start + sm.start()
            changed = True
            continue
        pm = _participant_re().search(rest)
        if pm:
            key = "names" if pm.group("names") else "names2"
            refs = _split_names(doc, pm.group(key), offset + start + pm.start(key), "participant")
            if refs:
                participants = refs + participants
                end = start + pm.start()
                changed = True
                continue
        for at, marker, names_at, names in ([] if presenters else _presenters(rest)):
            refs = _split_names(doc, names, offset + start + names_at, "presenter")
            # A bare preposition marker ("ved") also names places ("Trafiksikkerhed ved Nørreby
            # Skole"); only abbreviations ("v.") and phrases ("oplæg ved") are unambiguous.
            if refs and marker.isalpha() and not _names_start_with_first_names(refs):
                refs = None
            if refs:
                presenters = refs
                end = start + at
                changed = True
                break
    core = title[start:end].strip()
    return prefix, core, slot, presenters + participants


def is_closed_title(core: str) -> bool:
    """"Lukket", "Lukket punkt: Salg af ejendom", "Salg af ejendom (Lukket punkt)"."""
    key = core.strip().rstrip(".").strip().casefold()
    for w, labelled, bracketed in _closed_words():
        if key == w or labelled.match(key) or bracketed.search(key):
            return True
    return False


@lru_cache(maxsize=None)
def _closed_words() -> tuple[tuple[str, re.Pattern[str], re.Pattern[str]], ...]:
    """Each word of closed_item_titles.txt (longest first) with its patterns "Lukket punkt:" and "(Lukket)"."""
    words = sorted((c.casefold() for c in datafiles.lines("closed_item_titles.txt")), key=len, reverse=True)
    return tuple((w, re.compile(rf"{re.escape(w)}\s*[:\-–]"), re.compile(rf"\(\s*{re.escape(w)}\s*\)$")) for w in words)


def is_standing_item(title: str) -> bool:
    """True when ``title`` is a standing agenda item of graph/data/standing_items.txt: equal to
    one, or starting with one followed by a space or punctuation (a word boundary).

    >>> is_standing_item("Eventuelt"), is_standing_item("Evt."), is_standing_item("Godkendelse af dagsorden og referat")
    (True, True, True)
    >>> is_standing_item("Referatskabelon for udvalgene"), is_standing_item("Meddelelsesbog")
    (False, False)
    """
    key = re.sub(r"\s+", " ", title).strip().casefold()
    for word in _standing_items():
        if key == word or (key.startswith(word) and not key[len(word)].isalnum()):
            return True
    return False


@lru_cache(maxsize=None)
def _standing_items() -> tuple[str, ...]:
    return tuple(re.sub(r"\s+", " ", w).casefold() for w in datafiles.lines("standing_items.txt"))
