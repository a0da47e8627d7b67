"""Departments, bodies and outside organisations.

Rules, not lists: municipal departments are written as capitalised names joined
by "&" ("Økonomi & Stab", "By, Kultur & Fritid") or named after a post word
("Direktøren for By, Kultur, Miljø og Beskæftigelse") or a unit word
("Sekretariat for Politik & Ledelse"); bodies end in -udvalg, -råd, -forum,
-bestyrelse, -gruppe; organisations carry a cue word (Universitet, -fonden,
Foreningen af ...) or are unknown acronyms. The data files add aliases and
abbreviations (graph/data/bodies.tsv, departments.tsv, organisations.tsv).
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache

from graph.extract.scan import SPACE_TAIL, SUSPENDED_TAIL, compound_starts, cue_positions, ends_like, finditer_at, may_contain
from graph.extract.text import CAP_WORD, CASE_ODD, LOOK_BACK, LOWER, NAME_WORDS, UPPER, Segment, is_sentence_start
from graph.extract.vocab import Named, Vocabulary
from graph.extract.wraps import across_wraps
from graph.model import Mention

CAP = rf"[{UPPER}][{LOWER}]+(?:-[{UPPER}{LOWER}]+)?"
# At most NAME_WORDS more words in a list of names (see graph.extract.text.NAME_WORDS: an unbounded
# repetition made a line of 20,000 "Punkt, " quadratic).
_MORE = f"{{0,{NAME_WORDS}}}"
# "Økonomi & Stab", "By, Kultur, Miljø & Beskæftigelse": the "&" makes it a unit name.
AMP_NAME = re.compile(rf"\b{CAP}(?:, {CAP}){_MORE}(?: {CAP})? & {CAP}(?: {CAP})?\b")
# Suspended compounds ("Børne-, Unge- og Kulturudvalget"): the words ending in "-" share the
# last word's tail, so they are one name with it, never a name of their own.
_SUSPENDED_PART = rf"[{UPPER}{LOWER}][{LOWER}]+-"
SUSPENDED_NAME = rf"[{UPPER}][{LOWER}]+-(?:, {_SUSPENDED_PART}){_MORE},? (?:og|eller) [{UPPER}{LOWER}][{LOWER}]+\b"
# The same with "og" (only trusted after a post or unit word, or before "indstiller").
UNIT_NAME = rf"(?:{SUSPENDED_NAME}|{CAP}(?:, {CAP}){_MORE}(?: (?:&|og) {CAP}(?: {CAP})?)?)"
OG_CAP = re.compile(rf" og [{UPPER}]")  # needed by the "X og Y" rules
SUSPENDED_HEAD = re.compile(rf"(?<![\w-])[{UPPER}][{LOWER}]+-(?:, {_SUSPENDED_PART}){_MORE} (?:og|eller) $")
SUSPENDED_REST = re.compile(rf"-(?:, {_SUSPENDED_PART}){_MORE},? (?:og|eller) [{UPPER}{LOWER}][{LOWER}]+(?:-[{UPPER}{LOWER}]+)?\b")
# Capitalised words joined by spaces, as names of organisations run ("Danmarks Tekniske Universitet").
CAP_RUN = rf"{CAP}(?: {CAP}){_MORE}"
_FOR_AFTER = re.compile(r"\s+for\b")
_LIST_GLUE = re.compile(r" (?:samt|og) |, ")
_CAP_BEFORE = re.compile(rf"({CAP}) $")
_ORG_OBJECT = re.compile(rf" (?:(?:af|for) )?({CAP_RUN})")
_SUSPENDED_BEFORE = re.compile(rf"\b[{UPPER}][{LOWER}]+- (?:og|eller) $")
ACRONYM = re.compile(rf"(?<![\w-])([{UPPER}]{{2,6}})(?:-({CAP}))?(?:'s|’s|s)?(?![\w])")


def whole_compound(text: str, a: int, b: int) -> tuple[int, int]:
    """Widen ``text[a:b]`` to the whole suspended compound it is part of: "Børne" in
    "Børne- og Skoleudvalget" becomes the full name, as does "Kulturudvalget" in
    "Børne-, Unge- og Kulturudvalget"."""
    if text.startswith("-", b):
        m = SUSPENDED_REST.match(text, b)
        if m:
            b = m.end()
    if ends_like(SUSPENDED_TAIL, text, a, 10):
        m = SUSPENDED_HEAD.search(text, max(0, a - 200), a)
        if m:
            a = m.start()
    return a, b


def is_body_name(name: str, suffixes: frozenset[str]) -> bool:
    """True if the last word of ``name`` ends in a body suffix ("Teknik- og Miljøudvalget",
    "Ældrerådet"), allowing Danish endings; "med" counts only as written "MED"."""
    last = re.split(r"[\s-]+", name.strip())[-1]
    bare = re.sub(r"(?:en|et|n|s|ets|ens|ns)$", "", last)
    for word in (last, bare):
        low = word.casefold()
        if any(low.endswith(suf) and len(low) > len(suf) for suf in suffixes if suf != "med") or word.endswith("MED"):
            return True
    return False


@lru_cache(maxsize=256)
def _alt(words: frozenset[str]) -> str:
    """An alternation of ``words``, longest first; cached, since the cue sets are fixed per vocabulary."""
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


MUNICIPALITY_NAMES = 50


def own_municipality(text: str) -> str | None:
    """The municipality that wrote the minutes: the place most often written "X Kommune",
    counting its web domain ("x.dk") too, since minutes link to their own sites."""
    score: Counter[str] = Counter()
    for m in re.finditer(rf"\b({CAP})s? [Kk]ommunes?\b", text) if "ommune" in text else ():
        score[m.group(1)] += 2
    low = text.casefold()
    # Each name is then counted all over the text: only the MUNICIPALITY_NAMES written most often as
    # "X Kommune" are (minutes name a handful; a document naming thousands of places is no minutes,
    # and counting each of them in all of its text was quadratic).
    for name in sorted(score, key=lambda n: (-score[n], n))[:MUNICIPALITY_NAMES]:
        score[name] += low.count(name.casefold())
        if name.casefold() + ".dk" in low and re.search(rf"\b{re.escape(name.casefold())}\.dk\b", low):
            score[name] += 3
    if not score:
        return None
    return sorted(score.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


def initials(name: str) -> str:
    """Initials of the capitalised words of a name: "Økonomi & Stab" -> "ØS"."""
    return "".join(w[0] for w in re.findall(CAP_WORD, name))


@across_wraps
def find_named(seg: Segment, named: list[Named] | NameIndex) -> list[Mention]:
    """Occurrences of listed names: aliases case-insensitively and inflected, abbreviations exactly.

    ``named`` may be given compiled (:func:`name_index`), to search many segments for the same names.
    """
    index = named if isinstance(named, NameIndex) else name_index(tuple(named))
    out: list[Mention] = []
    text = seg.text
    # Most names occur nowhere in a segment: find the places where any of them can start, and try
    # only the names whose first letter is there, only there.
    starts = index.starts_in(seg)
    candidates = index.candidates(text, starts)
    # With many names and places (a document naming thousands of things, each learned and looked
    # for everywhere), trying every name at every place is quadratic: then each name is tried only
    # where its own first word is written.
    own = index.starts_by_name(seg, starts) if len(candidates) * len(starts) > PER_NAME_STARTS else None
    for k in candidates:
        n = index.named[k]
        at = None if k in index.scan_all else (starts if own is None else own.get(k, []))
        if at == []:
            continue  # its first word is nowhere here
        for form in (n.canonical, *n.aliases):
            if not form:
                continue
            parts = _form_parts(form) if at is not None and seg.aligned else None
            if parts is None:  # (the regex: compiled on first use)
                found = ((m.start(), m.end()) for m in finditer_at(_form_regex(form), text, at))
            else:
                found = _form_matches(text, seg.folded, at, *parts)
            for a, b in found:
                out.append(Mention(n.kind, text[a:b], seg.span(a, b), attrs=_named_attrs(n)))
        for ab in n.abbreviations:
            for m in finditer_at(_abbreviation_regex(ab), text, at):
                out.append(Mention(n.kind, m.group(), seg.span(m.start(), m.end()), attrs=_named_attrs(n)))
    return out


PER_NAME_STARTS = 256  # (names x places) from which each name is tried at its own places only


@dataclass(frozen=True)
class NameIndex:
    """Names compiled for :func:`find_named`: their first words, and which can start with which letter."""

    named: tuple[Named, ...]
    # first words matched in any case (case-folded), or exactly; None if casefold() cannot stand in
    first_words: tuple[tuple[str, ...], tuple[str, ...]] | None
    by_letter: dict[str, frozenset[int]]  # case-folded first letter -> indices into ``named``
    scan_all: frozenset[int]  # names to try everywhere (a blank form, or a letter casefold cannot sort)

    def starts_in(self, seg: Segment) -> list[int]:
        """Places where one of the names can start: one of their first words (in any case) is there,
        after a character that is not part of a word. All places where a name matches, and a few more."""
        if self.first_words is None or not seg.aligned:
            return [m.start() for m in self.starts_regex.finditer(seg.text)]
        if sum(map(len, self.first_words)) > FIND_EACH_MAX:
            # many words: one regex scan beats a substring search per word; on the case-folded text
            # it need not ignore case, which halves its time ("\u0345" is the one character that is
            # not part of a word but folds to one: there the regex reads the text itself)
            if "\u0345" in seg.text:
                return [m.start() for m in self.starts_regex.finditer(seg.text)]
            return [m.start() for m in self.folded_starts_regex.finditer(seg.folded)]
        text, found = seg.text, set()
        folded, exact = self.first_words
        for words, where in ((folded, seg.folded), (exact, text)):
            for w in words:
                i = where.find(w)
                while i >= 0:
                    if i == 0 or not (text[i - 1].isalnum() or text[i - 1] in "_-"):  # (?<![\w-])
                        found.add(i)
                    i = where.find(w, i + 1)
        return sorted(found)

    @cached_property
    def starts_regex(self) -> re.Pattern:
        return _name_starts(self.named)

    @cached_property
    def folded_starts_regex(self) -> re.Pattern:
        """Like starts_regex, for the case-folded text (all first words case-folded)."""
        folded, exact = self.first_words
        words = set(folded) | {w.casefold() for w in exact}
        return re.compile(r"(?<![\w-])(?=" + _trie(words) + ")") if words else re.compile(r"(?!)")

    @cached_property
    def first_word_table(self) -> tuple[tuple[int, ...], dict[str, tuple[int, ...]], dict[str, tuple[int, ...]]] | None:
        """(lengths of the first words, case-folded first word -> names, exact first word -> names);
        None where casefold() cannot stand in for the regexes (see :attr:`first_words`)."""
        if self.first_words is None:
            return None
        folded: dict[str, set[int]] = {}
        exact: dict[str, set[int]] = {}
        for k, n in enumerate(self.named):
            if k not in self.scan_all:
                for w, ignore_case in _first_words(n):
                    (folded if ignore_case else exact).setdefault(w.casefold() if ignore_case else w, set()).add(k)
        lengths = tuple(sorted({len(w) for w in folded} | {len(w) for w in exact}))
        return (lengths, {w: tuple(sorted(ks)) for w, ks in folded.items()},
                {w: tuple(sorted(ks)) for w, ks in exact.items()})

    def starts_by_name(self, seg: Segment, starts: list[int]) -> dict[int, list[int]] | None:
        """For each name (not of ``scan_all``): those of ``starts`` where one of its first words is
        written, in order; a name's patterns begin with a first word, so it matches only there.
        None where the case-folded text cannot tell (the caller then tries every start)."""
        table = self.first_word_table
        if table is None or not seg.aligned:
            return None
        lengths, folded_words, exact_words = table
        text, folded = seg.text, seg.folded
        out: dict[int, list[int]] = {}
        for i in starts:
            for size in lengths:
                for k in folded_words.get(folded[i:i + size], ()) + exact_words.get(text[i:i + size], ()):
                    at = out.setdefault(k, [])
                    if not at or at[-1] != i:
                        at.append(i)
        return out

    def candidates(self, text: str, starts: list[int]) -> list[int]:
        """Indices of the names that can match at one of ``starts``, in the order of ``named``."""
        if any(text[i] in CASE_ODD for i in starts):
            return list(range(len(self.named)))
        found = set(self.scan_all)
        for i in starts:
            found |= self.by_letter.get(text[i].casefold(), frozenset())
        return sorted(found)


FIND_EACH_MAX = 24  # up to this many first words, NameIndex.starts_in searches for each one


@lru_cache(maxsize=64)
def name_index(named: tuple[Named, ...]) -> NameIndex:
    """Compile ``named`` once for :func:`find_named`."""
    by_letter: dict[str, set[int]] = {}
    scan_all = set()
    words = {(w, ignore_case) for n in named for w, ignore_case in _first_words(n)}
    for k, n in enumerate(named):
        for word, _ in _first_words(n):
            if not word or word[0] in CASE_ODD:
                scan_all.add(k)
            else:
                by_letter.setdefault(word[0].casefold(), set()).add(k)
    first_words = None if any(not _foldable(w) for w, _ in words) else (
        tuple(sorted({w.casefold() for w, ignore_case in words if ignore_case})),
        tuple(sorted({w for w, ignore_case in words if not ignore_case})))
    return NameIndex(named, first_words,
                     {c: frozenset(ks) for c, ks in by_letter.items()}, frozenset(scan_all))


def _foldable(word: str) -> bool:
    """True if casefold() finds ``word`` wherever a case-insensitive regex does (see graph.extract.scan)."""
    return bool(word) and not any(ch in word for ch in CASE_ODD)


def _form_pattern(form: str) -> str:
    # "Økonomi og Stab" = "Økonomi & Stab"; any run of spaces between words
    body = r"\s+".join("(?:&|og)" if t in ("&", "og") else re.escape(t) for t in form.split())
    return rf"(?<![\w§-]){body}(?:en|et|n|s|'s|’s|ets|ens)?(?![\w])"


def _abbreviation_pattern(ab: str) -> str:
    return rf"(?<![\w-]){re.escape(ab)}(?:'s|’s|s)?(?![\w])"


@lru_cache(maxsize=4096)
def _form_regex(form: str) -> re.Pattern:
    return re.compile(_form_pattern(form), 0 if form.isupper() else re.IGNORECASE)  # "KL" is not "kl."


@lru_cache(maxsize=4096)
def _abbreviation_regex(ab: str) -> re.Pattern:
    return re.compile(_abbreviation_pattern(ab))


def _name_patterns(n: Named) -> tuple[re.Pattern, ...]:
    """Compiled patterns of a name's forms, then of its abbreviations, in the order they are searched."""
    return tuple([_form_regex(f) for f in (n.canonical, *n.aliases) if f] + [_abbreviation_regex(ab) for ab in n.abbreviations])


# What a form's pattern (_form_pattern) has after its words: an ending, then no word character.
_FORM_END = {True: re.compile(r"(?:en|et|n|s|'s|’s|ets|ens)?(?![\w])", re.IGNORECASE),
             False: re.compile(r"(?:en|et|n|s|'s|’s|ets|ens)?(?![\w])")}


@lru_cache(maxsize=65536)
def _form_parts(form: str) -> tuple[tuple[str | None, ...], bool] | None:
    """A form's words as :func:`_form_matches` compares them (None: "&" or "og"), case-folded
    unless the form is in capitals, and whether case is ignored; None where casefold() cannot
    stand in for the case-insensitive regex (a letter that folds to two, or "İ", "ı")."""
    ignore_case = not form.isupper()
    words: list[str | None] = []
    for t in form.split():
        if t in ("&", "og"):
            words.append(None)
        elif ignore_case:
            folded = t.casefold()
            if len(folded) != len(t) or any(ch in t for ch in CASE_ODD):
                return None
            words.append(folded)
        else:
            words.append(t)
    return (tuple(words), ignore_case) if words else None


def _form_matches(text: str, folded: str, starts: list[int], words: tuple[str | None, ...],
                  ignore_case: bool) -> Iterator[tuple[int, int]]:
    """What ``finditer_at(_form_regex(form), text, starts)`` finds, without compiling a regex per
    name: a document naming ten thousand things has ten thousand names to look for, and each
    regex took longer to compile than the text to read. The regex, part by part: no word
    character, "§" or "-" before; the words (case-folded, on the case-folded text ``folded`` of
    the same length) with white space between; an ending and no word character after."""
    src = folded if ignore_case else text
    size, end = len(text), 0
    for i in starts:
        if i < end or (i > 0 and (text[i - 1].isalnum() or text[i - 1] in "_§-")):
            continue
        p = i
        for n, w in enumerate(words):
            if n:
                q = p
                while q < size and text[q].isspace():
                    q += 1
                if q == p:
                    break
                p = q
            if w is None:
                if text.startswith("&", p):
                    p += 1
                elif src.startswith("og", p):
                    p += 2
                else:
                    break
            elif src.startswith(w, p):
                p += len(w)
            else:
                break
        else:
            m = _FORM_END[ignore_case].match(text, p)
            if m:
                end = m.end()
                yield i, end


@lru_cache(maxsize=64)
def _name_starts(named: tuple[Named, ...]) -> re.Pattern:
    """Places where one of the names can start: its first word is there (case as its pattern has it).

    A superset of the places where a name's whole pattern matches, so trying only these loses nothing.
    """
    folded = {w for n in named for w, ignore_case in _first_words(n) if ignore_case}
    exact = {w for n in named for w, ignore_case in _first_words(n) if not ignore_case}
    if "" in folded | exact:
        return re.compile("")
    alts = ([f"(?i:{_trie(folded)})"] if folded else []) + ([f"(?:{_trie(exact)})"] if exact else [])
    return re.compile(r"(?<![\w-])(?=" + "|".join(alts) + ")") if alts else re.compile(r"(?!)")


@lru_cache(maxsize=4096)
def _first_words(n: Named) -> tuple[tuple[str, bool], ...]:
    """(first word, case-insensitive?) of each form and abbreviation of a name, as find_named reads them."""
    out = []
    for form in (n.canonical, *n.aliases):
        words = form.split() or [""]  # a blank form (not in any data file) matches anywhere
        first = ("&", "og") if words[0] in ("&", "og") else (words[0],)
        out += [(w, not form.isupper()) for w in first if form]
    return tuple(out + [(ab, False) for ab in n.abbreviations])


def _trie(words: set[str]) -> str:
    """A regex matching any of ``words``, branching on one letter at a time (much faster than a flat
    alternation of a hundred words). Where a word ends, what follows is not checked: a prefix is enough."""
    root: dict = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_node(root)


def _trie_node(node: dict) -> str:
    if "" in node:
        return ""
    alts = [re.escape(ch) + _trie_node(child) for ch, child in sorted(node.items())]
    return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"


def _named_attrs(n: Named) -> dict:
    return {"canonical": n.canonical, "listed": True} if n.listed else {"canonical": n.canonical}


@across_wraps
def find_departments(seg: Segment, vocab: Vocabulary) -> list[Mention]:
    text = seg.text
    out: list[Mention] = []

    body_suffixes = vocab.cue("body_suffix")

    def add(a: int, b: int, why: str) -> None:
        a, b = whole_compound(text, a, b)
        if why != "unit-head" and is_body_name(text[a:b], body_suffixes):
            return  # "Formanden for Børne- og Skoleudvalget": a body (find_bodies), not a department
        out.append(Mention("Department", text[a:b], seg.span(a, b), attrs={"rule": why}))

    # Each rule first checks that the words its regex needs are in the segment at all: most
    # segments lack them, and a regex scan costs far more than a substring test.
    for m in AMP_NAME.finditer(text) if " & " in text else ():
        a = m.start()
        # "Sekretariat for Netværksstrukturen og Økonomi & Stab": the "&" name starts after "og".
        add(a, m.end(), "amp")
    roles = vocab.cue("role_head") | vocab.cue("role_unique")
    role_re = rf"\b(?i:{_alt(roles)})(?:en|ens)?\s+(?:for|i)\s+({UNIT_NAME})"
    role_at = cue_positions(seg, roles) if may_contain(seg, roles, r"(?:en|ens)?\s+(?:for|i)\s") else []
    for m in finditer_at(role_re, text, role_at):
        if m.group(1)[0].isupper():
            add(m.start(1), m.end(1), "post")
    # "Økonomi og Stab indstiller" / "Økonomi og Stab foreslår" at a sentence start.
    proposes = "indstiller" in text or "foreslår" in text
    for m in re.finditer(rf"({UNIT_NAME})(?:s)?\s+(?:indstiller|foreslår)\b", text) if proposes else ():
        if is_sentence_start(text, m.start()) and (" og " in m.group(1) or " & " in m.group(1)):
            add(m.start(1), m.end(1), "proposer")
    heads = vocab.cue("unit_head")
    head_re = rf"\b((?i:{_alt(heads)})(?:et|en)?)\s+for\s+({CAP}(?:(?: og | & |, | ){CAP})*|[{LOWER}]+)"
    head_at = cue_positions(seg, heads) if may_contain(seg, heads, r"(?:et|en)?\s+for\s") else []
    for m in finditer_at(head_re, text, head_at):
        name = m.group(2)
        if name[0].islower() and not m.group(1)[0].islower():
            continue  # "Sekretariat for netværk": lower-case object only after a definite lower-case head
        if name[0].islower() and not m.group(1).casefold().endswith(("et", "en")):
            continue
        cut = re.search(r" og (?=[^&]* & )", name)  # "... for X og Økonomi & Stab" names two units
        end = m.start(2) + (cut.start() if cut else len(name))
        add(m.start(1), end, "unit-head")
    # a word's casefold() is part of the segment's, so a suffix absent there is in no word
    suffixes = [suf for suf in vocab.cue("unit_suffix") if suf in seg.folded]
    bare_forbidden = heads
    words = finditer_at(rf"\b[{UPPER}{LOWER}]+\b", text, compound_starts(seg, frozenset(suffixes)))
    for m in words if suffixes else ():
        w = m.group()
        low = w.casefold()
        for suf in suffixes:
            idx = low.rfind(suf)
            if idx < 0 or low[idx + len(suf):] not in ("", "en", "et", "n", "s", "ens", "ets", "ts", "ns"):
                continue
            compound = idx > 0
            if w[0].islower():
                if not low[idx + len(suf):].startswith(("en", "et", "n")) or (not compound and suf in bare_forbidden):
                    continue
                if _FOR_AFTER.match(text, m.end()):
                    continue  # handled by the unit-head rule
            elif not compound and suf in bare_forbidden:
                continue
            add(m.start(), m.end(), "unit-suffix")
            break
    # "fra Teknik og Miljø", "med Børn og Kultur": capitalised "X og Y" after a preposition names a unit
    # (Danish capitalises names only); a policy word at the end makes it a policy instead.
    policy_heads = tuple(vocab.cue("policy_suffix"))
    named_ends = tuple(vocab.cue("body_suffix") | vocab.cue("org_suffix"))
    for m in re.finditer(rf"\b(?:fra|med|hos|til|i) ({CAP}(?:, {CAP}){_MORE} og {CAP})\b(?! {CAP})", text) if OG_CAP.search(text) else ():
        words = [w for w in re.split(r",? og |, ", m.group(1))]
        if any(re.sub(r"(?:en|et|n|s|ne|erne)$", "", w.casefold()).endswith(named_ends) for w in words):
            continue  # "med Handicaprådet og Danske Handicaporganisationer": two other names
        if not m.group(1).casefold().endswith(policy_heads) and not is_sentence_start(text, m.start()):
            add(m.start(1), m.end(1), "prep-og")
    # Municipal institutions written as names: "Solbakkeskolen", "Nørreby Skole", "Kirkevængets Skole".
    inst_words = vocab.cue("institution_word")
    org_heads = vocab.cue("org_head")
    inst_here = any(w in seg.folded for w in inst_words)
    for m in re.finditer(rf"\b(?:({CAP}) )?({CAP})\b", text) if inst_here else ():
        word = m.group(2)
        low = word.casefold()
        if not any(w in low for w in inst_words) or not re.search(rf"(?:{_alt(inst_words)})(?:n|en|et)?$", low):
            continue
        if any(h in low for h in org_heads):
            continue  # "Professionshøjskolen" is an outside organisation
        bare = any(low == w + end for w in inst_words for end in ("", "n", "en", "et"))
        if bare and not m.group(1):
            continue  # "Skolen" alone is generic
        a = m.start(1) if (m.group(1) and bare) else m.start(2)
        if m.group(1) and bare and is_sentence_start(text, m.start(1)) and m.group(1) in ("Den", "Det", "En", "Et"):
            continue
        add(a, m.end(2), "institution-name")
    # An institution word before its name: "Botilbud Engvang", "Plejecenter Solgården".
    inst_forms = _inflected(inst_words | vocab.cue("institution_plural"))
    before_name = any(w in seg.folded for w in inst_words | vocab.cue("institution_plural"))
    for m in re.finditer(rf"\b([{UPPER}][{LOWER}]+) ({CAP})\b", text) if before_name else ():
        if m.group(1).casefold() in inst_forms:
            add(m.start(), m.end(), "institution-name")
    # Names in brackets after plural institution words: "daginstitutioner (Lindegården og Damgården)".
    inst = vocab.cue("institution_plural")
    in_brackets = "(" in text and may_contain(seg, inst)
    for m in re.finditer(rf"\b(?:{_alt(inst)})\s*\(([^)]*)\)", text, flags=re.IGNORECASE) if in_brackets else ():
        for w in re.finditer(CAP, m.group(1)):
            a = m.start(1) + w.start()
            add(a, a + len(w.group()), "institution")
    return out


@lru_cache(maxsize=8)
def _inflected(words: frozenset[str]) -> frozenset[str]:
    """The words, bare or with the ending -et, -en or -n ("skole", "skolen", ...)."""
    return frozenset(w + end for w in words for end in ("", "et", "en", "n"))


@across_wraps
def find_siblings(seg: Segment, found: list[Mention]) -> list[Mention]:
    """A single capitalised word listed between two departments is one too
    ("Skoler & Uddannelse, Dagtilbud samt Social & Familie")."""
    text = seg.text
    ends = {m.span.end - seg.start for m in found}
    starts = {m.span.start - seg.start for m in found}
    out = []
    for m in re.finditer(rf"(?<=, )({CAP})(?= (?:samt|og) |, )", text):
        if m.start() - 2 in ends:
            nxt = _LIST_GLUE.match(text, m.end()).end()
            if nxt in starts:
                out.append(Mention("Department", m.group(1), seg.span(m.start(), m.end()), attrs={"rule": "list"}))
    return out


@across_wraps
def find_bodies(seg: Segment, vocab: Vocabulary) -> list[Mention]:
    text = seg.text
    out: list[Mention] = []
    suffixes = vocab.cue("body_suffix")
    body_re = rf"(?<![\w§-])([{UPPER}{LOWER}]+(?i:{_alt(suffixes)}))(en|et|n|s|ets|ens|ns|'s)?(?![\w])"
    for m in finditer_at(body_re, text, compound_starts(seg, suffixes)):
        stem_ = m.group(1)
        low = stem_.casefold()
        suf = next(s for s in sorted(suffixes, key=len, reverse=True) if low.endswith(s))
        if len(low) - len(suf) < 3:
            continue  # a bare "udvalg", "Forum", "Med": not a name
        if suf == "med" and not stem_.endswith("MED"):
            continue  # "KommuneMED", not every word ending in -med
        if stem_[0].islower() and suf != "udvalg":
            continue  # lower-case compounds are generic ("ressourcegruppe"), except ad-hoc committees
        if stem_[0].islower() and not (m.group(2) in (None, "")):
            continue
        a = m.start()
        if stem_[0].isupper():  # "Klima- og Naturudvalget", "Børne-, Unge- og Kulturudvalget"
            a = whole_compound(text, a, m.end())[0]
        out.append(Mention("Body", text[a:m.end()], seg.span(a, m.end()), attrs={"rule": "suffix"}))
    # The §17 stk. 4 committees, named after the paragraph: "§17.4 Udvalget for Innovation i midtbyen".
    for m in re.finditer(rf"§\s?17(?:\.|, stk\. ?)4 ({CAP}(?: {CAP}| (?:i|for|om|og|af|til|på) [{UPPER}{LOWER}]+)*)", text) if "§" in text else ():
        out.append(Mention("Body", m.group(), seg.span(m.start(), m.end()), attrs={"rule": "§17.4"}))
    # "mødet i K29 den ...": whatever met is a body.
    for m in re.finditer(rf"\bmødet? i ([{UPPER}][\w]*\d[\w]*|[{UPPER}]{{2,}})\s+(?:den|d\.)\s+\d", text) if "møde" in text else ():
        out.append(Mention("Body", m.group(1), seg.span(m.start(1), m.end(1)), attrs={"rule": "met"}))
    return out


@across_wraps
def find_organisations(seg: Segment, vocab: Vocabulary, municipality: str | None) -> list[Mention]:
    text = seg.text
    out: list[Mention] = []
    heads = vocab.cue("org_head")
    cap_run = CAP_RUN
    # as in find_departments, a regex is tried only where the words it needs are
    head_re = rf"\b([{UPPER}{LOWER}]*(?i:{_alt(heads)})(?:en|et|n|s)?)\b"
    for m in finditer_at(head_re, text, compound_starts(seg, heads)):
        head = m.group(1)
        if not head[0].isupper() and not head.casefold().startswith("kommune"):
            continue
        if any(re.search(rf"{b}(?:en|et|n|s)?$", head.casefold()) for b in vocab.cue("body_suffix")):
            continue  # "Kommunalbestyrelsen" is a body, not a "-styrelsen"
        a, b = m.start(), m.end()
        # (the word before, within LOOK_BACK characters: a longer "word" is none)
        before = ends_like(SPACE_TAIL, text, a, 2) and _CAP_BEFORE.search(text, max(0, a - LOOK_BACK), a)
        if before and not (head.casefold().startswith("kommune") and before.group(1).rstrip("s") == municipality):
            if not (is_sentence_start(text, before.start(1)) and before.group(1) in ("Den", "Det", "De")):
                a = before.start(1)
        after = _ORG_OBJECT.match(text, b)
        if after and not head.casefold().startswith("kommune"):
            b = after.end()
        if head.casefold().startswith("kommune"):
            if a == m.start():
                continue  # a bare "kommunen": the own municipality or generic
            place = text[a:m.start()].strip().rstrip("s")
            if place == municipality:
                continue
        if head.casefold().startswith("region") and b == m.end():
            continue
        if a == m.start() and b == m.end() and head.casefold() in heads:
            continue  # the bare cue word ("Foreningen") names nothing
        out.append(Mention("Organisation", text[a:b], seg.span(a, b), attrs={"rule": "org-head"}))
    for suf in (s for s in vocab.cue("org_suffix") if s in text):
        for m in re.finditer(rf"\b((?:{cap_run} )?[{UPPER}][{LOWER}]+{re.escape(suf)}(?:en|et)?)\b", text):
            a = m.start()
            last = m.group(1).split()[-1].casefold()
            if any(re.search(rf"{b}(?:en|et|n|s)?$", last) for b in vocab.cue("body_suffix")):
                continue  # "Kommunalbestyrelsen" is a body, not a "-styrelsen"
            sus = ends_like(SUSPENDED_TAIL, text, a, 10) and _SUSPENDED_BEFORE.search(text, max(0, a - LOOK_BACK), a)
            if sus:  # a suspended compound is part of the name: "Slots- og Kulturstyrelsen"
                a = sus.start()
            out.append(Mention("Organisation", text[a:m.end()], seg.span(a, m.end()), attrs={"rule": "org-suffix"}))
    # "Egebæk Forsyning A/S": a capitalised name before a company form names a company.
    for form in (f for f in vocab.cue("org_company_form") if f in text):
        for m in re.finditer(rf"\b({cap_run}) {re.escape(form)}(?![\w/])", text):
            out.append(Mention("Organisation", m.group(), seg.span(m.start(), m.end()), attrs={"rule": "company-form"}))
    return out


def find_acronyms(seg: Segment, vocab: Vocabulary, known: set[str], municipality: str | None) -> list[Mention]:
    """Unknown all-capital acronyms ("SEGES", "COOP", "UU-Vestegnen") name outside organisations."""
    out = []
    stop = vocab.cue("not_org")
    own = (municipality[0] + "K") if municipality else None
    for m in ACRONYM.finditer(seg.text):
        ac = m.group(1)
        if ac in stop or ac in known or ac == own:
            continue
        if m.group(2) and ac in known:
            continue
        out.append(Mention("Organisation", m.group(), seg.span(m.start(), m.end()), attrs={"rule": "acronym"}))
    return out
