"""Posts over time: one post per post word and department; a post written next to a name
("kommunaldirektør Birthe Kjær") becomes a dated :class:`Holds` fact."""
from __future__ import annotations

from collections import defaultdict

from graph.extract.text import norm_name
from graph.model import Entity, Mention
from graph.resolve.keys import group_key, majority_label, mention_key
from graph.resolve.resolution import Holds


def resolve_posts(posts: list[Mention], date_of: dict, entities: dict, by_mention: dict, by_surface: dict) -> list[Holds]:
    groups: dict[str, list[Mention]] = defaultdict(list)
    dept_of: dict[str, str] = {}
    unit_entity: dict[str, Entity] = {}
    for m in posts:
        role = m.attrs.get("role") or norm_name(m.surface)
        unit = m.attrs.get("unit")
        if unit:
            dept = by_surface.get(("Department", group_key("Department", unit))) \
                or by_surface.get(("Organisation", group_key("Organisation", unit)))
            unit_label = dept.key if dept else unit
            key = f"{role} for {unit_label}"
            if dept is not None and dept.kind == "Department":
                dept_of[key] = dept.key
                unit_entity[key] = dept
        else:
            key = role
        groups[key].append(m)
    holds: list[Holds] = []
    for key, ms in sorted(groups.items()):
        plain = [m for m in ms if not m.attrs.get("holder")]
        dept = unit_entity.get(key)
        if dept is not None:  # where the unit is spelt two ways, the label spells it like the department
            plain = [m for m in plain if _unit_spelt_as(m, dept)] or plain
        label = majority_label([m.surface for m in (plain or ms)]) if plain else key
        label = label[0].upper() + label[1:]
        attrs = {"postIn": dept_of[key]} if key in dept_of else {}
        surfaces = sorted({m.surface for m in ms})
        evidence = [f"{' = '.join(surfaces)}: same post word and unit"] if len(surfaces) > 1 else []
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
            by_surface[("Post", group_key("Post", m.surface))] = e
            holder = m.attrs.get("holder")
            if holder:
                person = by_surface.get(("Person", group_key("Person", holder)))
                if person is not None:
                    day = date_of.get(m.span.doc)
                    holds.append(Holds(person, e, day, m.span))
                    e.attrs.setdefault("holders", []).append({"person": person.key, "date": day})
    for e in entities.values():
        if e.kind == "Post" and "holders" in e.attrs:
            e.attrs["holders"] = sorted({(h["date"] or "", h["person"]) for h in e.attrs["holders"]})
            e.attrs["holders"] = [{"date": d or None, "person": p} for d, p in e.attrs["holders"]]
    return holds


def _unit_spelt_as(m: Mention, dept: Entity) -> bool:
    unit = m.attrs.get("unit")
    return bool(unit) and norm_name(unit) == norm_name(dept.key)
