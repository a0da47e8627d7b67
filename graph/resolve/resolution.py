"""What resolution returns: the entities, the dated ``holds`` facts, and lookups from a
mention or a bare surface form to its entity."""
from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from graph.model import Entity, Mention, Span
from graph.resolve.keys import group_key, mention_key


class Holds(NamedTuple):
    """The text says ``person`` held ``post`` at the meeting on ``date``."""

    person: Entity
    post: Entity
    date: str | None
    span: Span


@dataclass
class Resolution:
    entities: list[Entity]
    holds: list[Holds]
    _by_mention: dict[tuple, Entity]
    _by_surface: dict[tuple[str, str], Entity]

    def entity_of(self, mention: Mention) -> Entity | None:
        """The entity a mention was resolved to (None for literals and meeting references)."""
        return self._by_mention.get(mention_key(mention))

    def lookup(self, kind: str, surface: str) -> Entity | None:
        """The entity a bare surface form of ``kind`` resolves to, if any (e.g. a presenter name)."""
        return self._by_surface.get((kind, group_key(kind, surface)))
