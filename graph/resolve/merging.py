"""Merge bookkeeping: groups of mentions that rules link become clusters (union-find), and
every merge or move keeps the lowest confidence and the evidence of the rules that made it."""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from graph.model import Mention
from graph.resolve.keys import majority_label

GroupKey = tuple[str, str]  # (kind, grouping key)


@dataclass
class Cluster:
    """Groups of mentions found to be one thing; becomes one :class:`Entity`."""

    kind: str
    gkeys: list[str]  # group keys, sorted; the first names the cluster
    mentions: list[Mention]
    label: str
    confidence: float = 1.0
    evidence: list[str] = field(default_factory=list)


class Link(NamedTuple):
    """Two groups of the same kind that a rule says are one thing."""

    a: GroupKey
    b: GroupKey
    confidence: float
    reason: str


def group_label(kind: str, ms: list[Mention], canonical: str | None) -> str:
    label = majority_label([m.surface for m in ms], canonical)
    v = re.match(r"(?i)version (\d+) af (.+)", label)
    if v:  # "version 3 af X" is labelled like its siblings: "X version 3"
        label = f"{v.group(2)} version {v.group(1)}"
    return label


def group_labels(groups: dict[GroupKey, list[Mention]], canon: dict[GroupKey, str]) -> dict[GroupKey, str]:
    """The label of every group, for the links' evidence notes and the clusters' names."""
    return {k: group_label(k[0], ms, canon.get(k)) for k, ms in groups.items()}


def _group_evidence(ms: list[Mention], canonical: str | None) -> list[str]:
    surfaces = sorted({m.surface for m in ms})
    if len(surfaces) < 2:
        return []
    why = ("alias or abbreviation of a listed name, or of a name defined in the same document"
           if canonical else "same name after normalising case, '&'/'og', genitive and definite endings")
    return [f"{' = '.join(surfaces)}: {why}"]


def merge_groups(groups: dict[GroupKey, list[Mention]], canon: dict[GroupKey, str],
                 labels: dict[GroupKey, str], links: list[Link]) -> list[Cluster]:
    """Join the groups that ``links`` link (union-find); a cluster's confidence is that of its
    weakest link, its evidence every link's reason."""
    parent = {k: k for k in groups}

    def find(k):
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    used: list[Link] = []
    for link in sorted(links):
        ra, rb = find(link.a), find(link.b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
            used.append(link)
    members: dict[GroupKey, list[GroupKey]] = defaultdict(list)
    for k in sorted(groups):
        members[find(k)].append(k)
    clusters: dict[GroupKey, Cluster] = {}
    for root, keys in sorted(members.items()):
        ms = [m for k in keys for m in groups[k]]
        # the most mentioned group names the whole; ties go to the longer, then the first name
        best = sorted(keys, key=lambda k: (-len(groups[k]), -len(labels[k]), labels[k]))[0]
        evidence = [ev for k in keys for ev in _group_evidence(groups[k], canon.get(k))]
        clusters[root] = Cluster(root[0], [k[1] for k in keys], ms, labels[best], 1.0, evidence)
    for link in used:
        c = clusters[find(link.a)]
        c.confidence = min(c.confidence, link.confidence)
        c.evidence.append(link.reason)
    return [clusters[r] for r in sorted(clusters)]


def move_mentions(src: Cluster, dst: Cluster, doc: str, confidence: float, reason: str) -> None:
    """The mentions of ``src`` in document ``doc`` are ``dst`` (anaphora, apposition)."""
    moving = [m for m in src.mentions if m.span.doc == doc]
    if not moving:
        return
    src.mentions = [m for m in src.mentions if m.span.doc != doc]
    dst.mentions += moving
    dst.confidence = min(dst.confidence, confidence)
    dst.evidence.append(reason)
    if not src.mentions:  # src is gone: its own merges are now part of dst's story
        dst.confidence = min(dst.confidence, src.confidence)
        dst.evidence += src.evidence
