"""Posts over time: one post per post word and department; a post written next to a name
("kommunaldirektør Birthe Kjær") becomes a dated :class:`Holds` fact.

A chair-type post word (cue ``role_per_body``: formand, næstformand, ...) names one post per
body, not per municipality: "Formanden for Børne- og Skoleudvalget" names the body, and a bare
"formanden" (or "formanden for udvalget") in the minutes of Teknik- og Miljøudvalget means that
committee's chair. Such a post is keyed by its body and records it as ``postOf``.
"""
from __future__ import annotations

from collections import defaultdict

from graph.extract.text import norm_name
from graph.extract.vocab import load_vocabulary
from graph.model import Entity, Mention
from graph.resolve.keys import group_key, majority_label, mention_key
from graph.resolve.resolution import Holds


def resolve_posts(posts: list[Mention], date_of: dict, entities: dict, by_mention: dict, by_surface: dict,
                  body_of: dict | None = None) -> list[Holds]:
    """One :class:`Entity` per post into ``entities`` (and the lookups); returns the dated holdings.

    ``body_of`` maps a document id to the body whose minutes it is (chair-type posts need it).
    """
    vocab = load_vocabulary()
    per_body, anaphors = vocab.cue("role_per_body"), vocab.cue("body_anaphor")
    body_of = body_of or {}
    groups: dict[str, list[Mention]] = defaultdict(list)
    dept_of: dict[str, str] = {}
    body_key_of: dict[str, str] = {}
    own_body: set[str] = set()  # keys whose body is the meeting's, not written in the mention
    unit_entity: dict[str, Entity] = {}
    body_at = _body_mentions(entities)
    for m in posts:
        role = m.attrs.get("role") or norm_name(m.surface)
        unit = m.attrs.get("unit")
        if unit and unit.strip().casefold() in anaphors:
            unit = None  # "formanden for udvalget": the body whose minutes these are
        # a body name read only in part as the unit ("Formanden for Børne|- og Skoleudvalget")
        longer = body_at.get((m.span.doc, m.span.end - len(unit))) if unit else None
        if unit:
            dept = longer or by_surface.get(("Department", group_key("Department", unit))) \
                or by_surface.get(("Organisation", group_key("Organisation", unit))) \
                or by_surface.get(("Body", group_key("Body", unit)))
            unit_label = dept.key if dept else unit
            key = f"{role} for {unit_label}"
            if dept is not None and dept.kind == "Department":
                dept_of[key] = dept.key
                unit_entity[key] = dept
            elif (dept is not None and dept.kind == "Body") or (dept is None and role in per_body):
                body_key_of[key] = unit_label  # a chair chairs a body, named or not found as one
        elif role in per_body or m.attrs.get("unit"):
            body = _body_key(body_of.get(m.span.doc), by_surface)
            if body:
                key = f"{role} for {body}"
                body_key_of[key] = body
                own_body.add(key)
            else:  # no body known: the chair of these minutes' body, whichever it is
                key = f"{role} i {m.span.doc}"
        else:
            key = role
        groups[key].append(m)
    holds: list[Holds] = []
    surface_keys: dict[tuple[str, str], set[str]] = defaultdict(set)
    for key, ms in sorted(groups.items()):
        plain = [m for m in ms if not m.attrs.get("holder")]
        dept = unit_entity.get(key)
        if dept is not None:  # where the unit is spelt two ways, the label spells it like the department
            plain = [m for m in plain if _unit_spelt_as(m, dept)] or plain
        label = majority_label([m.surface for m in (plain or ms)]) if plain else key
        if key in body_key_of and (key in own_body or any(m.attrs.get("holder") or m.attrs.get("unit") for m in ms)):
            # "Formanden" alone would not tell two committees' chairs apart in a view; the body
            # as the Body is spelt
            label = f"{majority_label([m.surface.split()[0] for m in (plain or ms)])} for {body_key_of[key]}"
        label = label[0].upper() + label[1:]
        attrs = {"postIn": dept_of[key]} if key in dept_of else {}
        if key in body_key_of:
            attrs["postOf"] = body_key_of[key]
        surfaces = sorted({m.surface for m in ms})
        evidence = [f"{' = '.join(surfaces)}: same post word and unit"] if len(surfaces) > 1 else []
        if key in own_body:
            evidence.append(f"a chair-type post in minutes of {body_key_of[key]}: that body's post")
        confidence = 1.0
        units = sorted({m.attrs["unit"] for m in ms if m.attrs.get("unit")})
        if dept is not None and dept.confidence < 1 and len({norm_name(u) for u in units}) > 1:
            confidence = dept.confidence  # the post is one only as surely as its unit is one
            evidence.append(f"units {' = '.join(repr(u) for u in units)} are one department "
                            f"('{dept.key}', confidence {dept.confidence})")
        e = Entity("Post", key, label, list(ms), confidence, evidence, attrs)
        entities[("Post", key)] = e
        for m in ms:
            by_mention[mention_key(m)] = e
            skey = ("Post", group_key("Post", m.surface))
            by_surface[skey] = e
            surface_keys[skey].add(key)
            holder = m.attrs.get("holder")
            if holder:
                person = by_surface.get(("Person", group_key("Person", holder)))
                if person is not None:
                    day = date_of.get(m.span.doc)
                    holds.append(Holds(person, e, day, m.span))
                    e.attrs.setdefault("holders", []).append({"person": person.key, "date": day})
    for skey, keys in surface_keys.items():
        if len(keys) > 1:  # "Formanden" of two bodies: the bare word alone names neither
            del by_surface[skey]
    for e in entities.values():
        if e.kind == "Post" and "holders" in e.attrs:
            e.attrs["holders"] = sorted({(h["date"] or "", h["person"]) for h in e.attrs["holders"]})
            e.attrs["holders"] = [{"date": d or None, "person": p} for d, p in e.attrs["holders"]]
    return holds


def _body_mentions(entities: dict) -> dict[tuple[str, int], Entity]:
    """(document, start offset) of every Body mention → its entity."""
    return {(m.span.doc, m.span.start): e for e in entities.values() if e.kind == "Body" for m in e.mentions}


def _body_key(body: str | None, by_surface: dict) -> str | None:
    """The meeting's body as the resolved Body entity names it (one spelling for both), else as written."""
    if not body:
        return None
    entity = by_surface.get(("Body", group_key("Body", body)))
    return entity.key if entity is not None else body


def _unit_spelt_as(m: Mention, dept: Entity) -> bool:
    unit = m.attrs.get("unit")
    return bool(unit) and norm_name(unit) == norm_name(dept.key)
