"""Policies referred to by another wording in the running text of one document.

* anaphora: a definite form ("Skolepolitikken", "den grønne omstillingsplan") or a
  "strategi for X" phrase is the only more specific policy of the same head in that
  document ("Skolepolitik 2025-2028"; 0.8, phrase 0.7); with two candidates, or a year of
  its own after it ("Skolepolitikken fra 2017"), it stays apart;
* apposition: a definite noun right before a quoted title ('kommuneplanstrategien
  "Plan 2030"') is that title (0.9); a name before "- udkast til <policy>" is its name (0.8).
"""
from __future__ import annotations

import re
from collections import defaultdict

from graph.model import Mention
from graph.resolve.merging import Cluster, move_mentions
from graph.resolve.policy_names import policy_name


def _is_definite_in_text(m: Mention, text_of: dict[str, str]) -> bool:
    """"den grønne omstillingsplan": the article before the span makes the mention definite."""
    text = text_of.get(m.span.doc) or ""
    before = text[max(0, m.span.start - 5): m.span.start].casefold()
    return m.span.start <= len(text) and bool(re.search(r"(?:^|\s)(?:den|det)\s+$", before))


def _version_after(m: Mention, text_of: dict[str, str]) -> str:
    """A year written right after a bare name: "Skolepolitikken fra 2017", "planen af 2019", "Planen (2019)"."""
    text = text_of.get(m.span.doc) or ""
    after = re.match(r"\s+(?:fra|af)\s+(\d{4})\b|\s*\((\d{4})\)", text[m.span.end:m.span.end + 12])
    return (after.group(1) or after.group(2)) if after else ""


def policy_apposition(clusters: list[Cluster], text_of: dict[str, str]) -> None:
    """A definite policy noun right before a quoted title is that title:
    'kommuneplanstrategien "Plan for Nordby 2030"'; a name right before "- udkast til" or
    "- forslag til" a policy is that policy's name: 'Grøn By - udkast til klimaplan 2030'."""
    owner = {id(m): c for c in clusters if c.kind == "Policy" for m in c.mentions}
    by_doc: dict[str, list[Mention]] = defaultdict(list)
    for c in clusters:
        if c.kind == "Policy":
            for m in c.mentions:
                by_doc[m.span.doc].append(m)
    moves = []
    for doc, ms in sorted(by_doc.items()):
        ms.sort(key=lambda m: (m.span.start, m.span.end))
        text = text_of.get(doc) or ""
        for a, b in zip(ms, ms[1:]):
            between = text[a.span.end:b.span.start] if text else ""
            if owner[id(a)] is owner[id(b)]:
                continue
            if re.fullmatch(r"\s*[\"«“„]\s*", between) and policy_name(a.surface).definite:
                moves.append((owner[id(a)], owner[id(b)], doc, 0.9,
                              f"apposition: '{a.surface}' = '{b.surface}' in {doc}: a definite policy noun before its quoted title"))
            elif re.fullmatch(r"[\"”»]?\s*[-–]\s*(?:udkast|forslag)\s+til\s+", between, flags=re.IGNORECASE):
                moves.append((owner[id(a)], owner[id(b)], doc, 0.8,
                              f"apposition: '{a.surface}' = '{b.surface}' in {doc}: a name before '- udkast til' the policy"))
    for src, dst, doc, conf, reason in moves:
        move_mentions(src, dst, doc, conf, reason)


def _more_specific(cand: tuple, src: tuple) -> bool:
    """``cand`` names what ``src`` names, with more words in front or a version: "X 2024-2026" for "X".
    Words joined by "og" in front make a combined policy ("strategi for Y og X"), not a more specific one."""
    (cw, cv), (sw, sv) = cand, src
    front = cw[:len(cw) - len(sw)]
    return (cand != src and len(cw) >= len(sw) and cw[len(cw) - len(sw):] == sw and (not sv or sv == cv)
            and "og" not in front)


def policy_anaphora(clusters: list[Cluster], text_of: dict[str, str]) -> None:
    """A definite or 'strategi for X' form in a document is the only more specific policy there."""
    policies = [c for c in clusters if c.kind == "Policy"]
    in_doc: dict[str, list[tuple[Cluster, list[Mention]]]] = defaultdict(list)
    for c in policies:
        per_doc: dict[str, list[Mention]] = defaultdict(list)
        for m in c.mentions:
            per_doc[m.span.doc].append(m)
        for doc, ms in sorted(per_doc.items()):
            in_doc[doc].append((c, ms))
    moves = []
    for doc, entries in sorted(in_doc.items()):
        for c, ms in entries:
            names = {m.surface: policy_name(m.surface) for m in ms}
            definite = any(n.definite for n in names.values()) or any(_is_definite_in_text(m, text_of) for m in ms)
            phrase = any(n.phrase for n in names.values())
            if not (definite or phrase):
                continue
            # "Skolepolitikken fra 2017" names its own (older) version in the text after it
            own = {(n.compound[0], n.compound[1] or _version_after(m, text_of))
                   for m in ms for n in (names[m.surface],)}
            cands = [(d, dm) for d, dm in entries if d is not c
                     and any(_more_specific(policy_name(m.surface).compound, o) for m in dm for o in own)]
            if len(cands) != 1:  # none, or two versions it could be: kept apart
                continue
            target = cands[0][0]
            conf = 0.8 if definite else 0.7
            form = "definite form" if definite else "'for' phrase"
            trigger = sorted(s for s, n in names.items() if n.definite) or sorted(names)
            reason = (f"anaphora: '{trigger[0]}' = '{target.label}' in {doc}: "
                      f"{form}, the only more specific policy of this name in the document")
            moves.append((c, target, doc, conf, reason))
    for src, dst, doc, conf, reason in moves:
        move_mentions(src, dst, doc, conf, reason)
