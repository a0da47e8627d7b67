"""Posts (roles): "Kommunaldirektøren", "Afdelingschefen for Økonomi & Stab",
"direktør i FADL", "leder til familiehuset", "kommunaldirektør Birthe Kjær".

A post word alone names a post only if the post is unique in a municipality
(kommunaldirektør, borgmester) and is definite; other post words need the unit
they belong to. Plural and generic uses ("cheferne", "ledere") are not posts.
"""
from __future__ import annotations


from graph.extract.scan import LETTERS, compound_starts, cue_positions, finditer_at, may_contain
from graph.extract.text import LOWER, UPPER, Segment, stem
from graph.extract.units import UNIT_NAME, _alt
from graph.extract.vocab import Vocabulary
from graph.extract.wraps import across_wraps
from graph.model import Mention

CAP = rf"[{UPPER}][{LOWER}]+"
NAME_WORD = rf"{CAP}(?:-{CAP})?"  # a name's word, hyphenated ones too ("Anne-Mette")


@across_wraps
def find_posts(seg: Segment, vocab: Vocabulary) -> list[Mention]:
    text = seg.text
    out: list[Mention] = []
    unique = vocab.cue("role_unique")
    heads = vocab.cue("role_head") | unique
    if not may_contain(seg, heads):
        return out  # every rule below needs a post word
    units = vocab.cue("unit_suffix")
    # Post word + for/i/til + unit: a named department, an acronym, or a definite unit word.
    unit_re = rf"({UNIT_NAME}|[{UPPER}]{{2,6}}\b|[{LOWER}]*(?:{_alt(units)})(?:et|en|n)|[{LOWER}]*(?:udvalget|rådet|bestyrelsen))"
    # compounds of a post word count ("Skolechefen for ...", "Centerchefen for ...")
    pat = rf"(?<![\w-])([{UPPER}{LOWER}]*(?i:{_alt(heads)})(?:en|ens)?)\s+(for|i|til)\s+{unit_re}"
    # (each rule is tried only where a post word is, at the start of the word that holds it)
    starts = compound_starts(seg, heads)
    for m in finditer_at(pat, text, starts) if may_contain(seg, heads, r"(?:en|ens)?\s+(?:for|i|til)\s") else ():
        word, unit = m.group(1), m.group(3)
        if unit[0].islower() and m.group(2) == "i":
            continue
        role = _role(word, heads)
        out.append(Mention("Post", m.group(), seg.span(m.start(), m.end()),
                           attrs={"role": role, "unit": unit, "canonical": f"{role} for {unit}"}))
    # A unique post, definite ("Kommunaldirektøren", "kommunaldirektørens"); a chair-type one too
    # ("Formanden"): the resolver makes it the chair of the body whose minutes these are.
    definite = unique | vocab.cue("role_per_body")
    for m in finditer_at(rf"\b((?i:{_alt(definite)})(?:en|ens))\b", text, cue_positions(seg, definite)):
        role = _role(m.group(1), heads)
        out.append(Mention("Post", m.group(), seg.span(m.start(), m.end()), attrs={"role": role, "canonical": role}))
    # A post word in apposition to a name: "kommunaldirektør Birthe Kjær".
    apposition = rf"(?<![\w-])((?:[{UPPER}{LOWER}]+- og )?[{UPPER}{LOWER}]*(?i:{_alt(heads)})(?:en)?)\s+({NAME_WORD}(?: {NAME_WORD}){{1,3}})"
    starts = _with_suspended(text, starts)
    for m in finditer_at(apposition, text, starts) if may_contain(seg, heads, r"(?:en)?\s") else ():
        first = m.group(2).split()[0]
        if not (vocab.is_first_name(first) or vocab.is_first_name(first.split("-")[0])):
            continue
        role = _role(m.group(1), heads)
        out.append(Mention("Post", m.group(), seg.span(m.start(), m.end()),
                           attrs={"role": role, "canonical": role, "holder": m.group(2)}))
    return out


def function_posts(minutes, vocab: Vocabulary) -> list[Mention]:
    """Posts a member list gives its names ("Kommunaldirektør Peter Lund", "Lars Holm
    (økonomichef)"): a Post mention with the person as holder, spanning post word and name.

    Chair-type functions (formand, næstformand) are left to the body's membership, and a function
    whose words cannot be found beside the name is not used: every fact keeps its place."""
    per_body = vocab.cue("role_per_body")
    heads = (vocab.cue("role_head") | vocab.cue("role_unique")) - per_body
    text = minutes.doc.text
    out = []
    for e in minutes.attendance:
        words = (e.function or "").split()
        if not words or len(words) > 4:
            continue
        word = words[0].strip(",.:;()").casefold()
        if word in per_body or not any(h in word for h in heads) or word.endswith(("erne", "ere")):
            continue  # not a post word, or a plural ("cheferne")
        line_start = text.rfind("\n", 0, e.span.start) + 1
        line_end = text.find("\n", e.span.end)
        line_end = len(text) if line_end < 0 else line_end
        at = text.rfind(e.function, max(line_start, e.span.start - 80), e.span.start)
        if at < 0:
            at = text.find(e.function, e.span.end, min(line_end, e.span.end + 80))
        if at < 0:
            continue
        start, end = min(at, e.span.start), max(at + len(e.function), e.span.end)
        role = _role(word, heads)
        out.append(Mention("Post", text[start:end], minutes.doc.span(start, end), e.item,
                           {"role": role, "canonical": role, "holder": e.name, "rule": "attendance function"}))
    return out


def _with_suspended(text: str, starts: list[int] | None) -> list[int] | None:
    """``starts`` and, before each, the start of a suspended compound ending there ("Børne- og |skolechef")."""
    if starts is None:
        return None
    out = set(starts)
    for a in starts:
        if text.endswith("- og ", 0, a) and a > 5 and text[a - 6] in LETTERS:
            b = a - 6
            while b > 0 and text[b - 1] in LETTERS:
                b -= 1
            out.add(b)
    return sorted(out)


def _role(word: str, heads: frozenset[str]) -> str:
    """The post word in lower case without its ending: "Afdelingschefen" -> "afdelingschef"."""
    low = word.casefold()
    for h in sorted(heads, key=len, reverse=True):
        i = low.find(h)
        if i >= 0:
            return low[: i + len(h)]
    return stem(word)
