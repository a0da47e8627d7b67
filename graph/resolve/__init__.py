"""Cross-document resolution: mentions of all documents -> one :class:`Entity` per real thing.

Every merge records its evidence and a confidence. The rules, one module each:

* :mod:`~graph.resolve.keys`: bodies, departments, organisations and networks whose
  surface forms agree after normalisation (case, whitespace, "&" = "og", genitive, one
  definite ending: "Chefforums" = "chefforum"; "version 3 af X" = "X version 3") are one
  entity; a listed alias or abbreviation (graph/data/*.tsv, a user alias file, or one
  defined in brackets in the text) is keyed by the canonical name it stands for.
* :mod:`~graph.resolve.persons`: a first name alone joins the only full name with that
  first name in minutes of the same body; two different full names never merge.
* :mod:`~graph.resolve.posts`: one post per post word and department, a chair-type post
  one per body (the meeting's body when the text names none); a post next to a name yields a
  dated :class:`Holds` fact.
* :mod:`~graph.resolve.policy_names`: spellings of one policy name (articles, endings,
  year ranges, place qualifiers, "plan for X" = "Xplan").
* :mod:`~graph.resolve.policy_references`: anaphora and apposition within one document.
* :mod:`~graph.resolve.units`: "Xsekretariatet" = "sekretariatet for X".
* :mod:`~graph.resolve.variants`: spelling variants one letter apart (never persons).
* :mod:`~graph.resolve.networks`: a network theme belongs to its network.

:mod:`~graph.resolve.merging` joins the linked groups and keeps confidence and evidence;
:mod:`~graph.resolve.resolution` holds what :func:`resolve` returns.
"""
from __future__ import annotations

from collections import Counter, defaultdict

from graph.model import Entity, Mention, Minutes
from graph.resolve.keys import group_key, mention_key
from graph.resolve.merging import Cluster, GroupKey, group_labels, merge_groups
from graph.resolve.networks import link_themes
from graph.resolve.persons import resolve_persons
from graph.resolve.policy_names import policy_name_links
from graph.resolve.policy_references import policy_anaphora, policy_apposition
from graph.resolve.posts import resolve_posts
from graph.resolve.resolution import Holds, Resolution
from graph.resolve.units import unit_compound_links
from graph.resolve.variants import spelling_links

__all__ = ["ENTITY_KINDS", "Holds", "Resolution", "resolve"]

ENTITY_KINDS = ("Body", "Department", "Organisation", "Policy", "Network", "NetworkTheme", "Post", "Person")


def resolve(mentions_by_doc: dict[str, list[Mention]], minutes_by_doc: dict[str, Minutes]) -> Resolution:
    """One entity per real-world thing across all documents, in a deterministic order."""
    body_of = {doc: (m.body or "") for doc, m in minutes_by_doc.items()}
    date_of = {doc: (m.date.isoformat() if m.date else None) for doc, m in minutes_by_doc.items()}
    all_mentions = [m for doc in sorted(mentions_by_doc) for m in mentions_by_doc[doc] if m.kind in ENTITY_KINDS]
    groups, canon, persons, posts = _group_by_name(all_mentions)

    labels = group_labels(groups, canon)
    links = policy_name_links(groups) + unit_compound_links(groups, labels) + spelling_links(groups, labels)
    clusters = merge_groups(groups, canon, labels, links)
    text_of = {doc: m.doc.text for doc, m in minutes_by_doc.items()}
    policy_apposition(clusters, text_of)
    policy_anaphora(clusters, text_of)

    entities: dict[tuple[str, str], Entity] = {}
    by_mention: dict[tuple, Entity] = {}
    by_surface: dict[tuple[str, str], Entity] = {}
    _add_cluster_entities(clusters, entities, by_mention, by_surface)
    resolve_persons(persons, body_of, entities, by_mention, by_surface)
    holds = resolve_posts(posts, date_of, entities, by_mention, by_surface, body_of)
    link_themes(entities)

    ordered = sorted(entities.values(), key=lambda e: (e.kind, e.key))
    for e in ordered:
        e.mentions.sort(key=lambda m: (m.span.doc, m.span.start, m.span.end))
    holds.sort(key=lambda h: (h.date or "", h.person.key, h.post.key, h.span))
    return Resolution(ordered, holds, by_mention, by_surface)


def _group_by_name(mentions: list[Mention]):
    """Mentions grouped by (kind, grouping key) with the canonical name of each group that has
    one; persons and posts apart, for their own rules."""
    groups: dict[GroupKey, list[Mention]] = defaultdict(list)
    canon: dict[GroupKey, str] = {}
    persons: list[Mention] = []
    posts: list[Mention] = []
    for m in mentions:
        if m.kind == "Person":
            persons.append(m)
            continue
        if m.kind == "Post":
            posts.append(m)
            continue
        c = m.attrs.get("canonical")
        key = (m.kind, group_key(m.kind, m.surface, c))
        groups[key].append(m)
        if c:
            canon.setdefault(key, c)
    return groups, canon, persons, posts


def _add_cluster_entities(clusters: list[Cluster], entities: dict, by_mention: dict, by_surface: dict) -> None:
    """One entity per cluster that kept mentions; a bare surface form names the entity most
    of its mentions went to."""
    votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for c in clusters:
        if not c.mentions:  # every mention went to a more specific policy (anaphora)
            continue
        e = Entity(c.kind, c.label, c.label, list(c.mentions), c.confidence, list(c.evidence))
        entities[(c.kind, c.gkeys[0])] = e
        for m in c.mentions:
            by_mention[mention_key(m)] = e
            votes[(c.kind, group_key(c.kind, m.surface))][(c.kind, c.gkeys[0])] += 1
            votes[(c.kind, group_key(c.kind, m.surface, m.attrs.get("canonical")))][(c.kind, c.gkeys[0])] += 1
    for skey, counts in votes.items():
        by_surface[skey] = entities[sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]]
