"""Positions for the HTML explorer, computed once at build time: a time axis, not a hairball.

Each body gets a horizontal lane; its meetings stand in the lane at their date (one column per
month, left to right, shared by the bodies), each meeting's agenda items stacked under it in item
order, and an item's proposal, decision, attachments and treatments in a small cluster beside
the item. Cases sit in a band above the lanes, each at the mean column of the meetings that
treated it, so a case treated three times stands over its three treatments. Everything else
(people, posts, departments, organisations, policies, themes, ...) gets a band of its own type
below the lanes, each node at the mean column of what it is linked to. No physics, no
randomness: pure Python in O(n log n), the same graph gives the same positions.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> for n, t in [("m1", "Meeting"), ("m2", "Meeting"), ("b", "Body"), ("i1", "AgendaItem"), ("c", "Case")]:
...     G.add_node(n, type=t, label=n, props={"date": "2020-01-0" + n[-1]} if t == "Meeting" else {})
>>> for u, v, k in [("m1", "b", "meetingOf"), ("m2", "b", "meetingOf"), ("m1", "i1", "hasItem"), ("i1", "c", "concernsCase")]:
...     _ = G.add_edge(u, v, key=k)
>>> pos = time_axis_layout(G)
>>> pos["m1"][0] < pos["m2"][0], pos["i1"][0] == pos["m1"][0], pos["c"][1] < pos["m1"][1]
(True, True, True)
"""
from __future__ import annotations

from collections import defaultdict
from typing import Hashable

import networkx as nx

COLUMN = 120.0  # horizontal distance between two meeting dates
ROW = 40.0  # vertical distance between stacked nodes
LANE_GAP = ROW  # between two bodies' lanes, and between bands
NARROW_COLUMN = 30.0  # a meeting without items
MONTH_GAP = 20.0
ITEM_ROWS = 1.5
BAND_STEP = 30.0  # horizontal slot of a band
SPREAD = 6  # slots a band node may stand away from its x before it goes to a new row  # agenda items stand this many rows apart
SATELLITE_TYPES = ("Treatment", "Proposal", "Decision", "Attachment")  # drawn beside their item
SATELLITE_STEP = 12.0
SATELLITES_PER_ROW = 6
BAND_ORDER = ("Person", "Post", "Department", "Organisation", "Policy", "Network", "NetworkTheme",
              "Theme", "Meeting", "AgendaItem", "Treatment", "Proposal", "Decision", "Attachment",
              "Body", "SourceDocument")


def time_axis_layout(G: nx.MultiDiGraph) -> dict[Hashable, tuple[float, float]]:
    """``{node: (x, y)}`` with y growing downwards (screen convention)."""
    pos: dict[Hashable, tuple[float, float]] = {}
    types = {n: G.nodes[n].get("type") or "" for n in G}
    nbrs: dict[Hashable, list] = defaultdict(list)
    for u, v, k in sorted(G.edges(keys=True), key=lambda e: (str(e[0]), str(e[1]), str(e[2]))):
        if u != v:
            nbrs[u].append((k, v, True))
            nbrs[v].append((k, u, False))

    meetings = sorted((n for n in G if types[n] == "Meeting"), key=str)
    body_of = {}
    for m in meetings:
        bodies = sorted(str(v) for k, v, fwd in nbrs[m] if fwd and k == "meetingOf")
        body_of[m] = bodies[0] if bodies else ""
    dates = {m: _date_key(G.nodes[m]) for m in meetings}
    # One column per month: bodies have lanes of their own, so the meetings of different bodies
    # in one month share it; a body's several meetings of a month stand side by side in date
    # order. A meeting without items (one only referred to) takes a narrow slot.
    with_items = {m for m in meetings if any(k == "hasItem" and fwd for k, _, fwd in nbrs[m])}
    by_month: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for m in sorted(meetings, key=lambda m: (dates[m], str(m))):
        by_month[dates[m][:7]][body_of[m]].append(m)
    meeting_x, x = {}, 0.0
    for month in sorted(by_month):
        width = 0.0
        for ms in by_month[month].values():
            offset = 0.0
            for m in ms:
                meeting_x[m] = x + offset
                offset += COLUMN if m in with_items else NARROW_COLUMN
            width = max(width, offset)
        x += width + MONTH_GAP

    # Lanes: the bodies with most meetings first (the committee the minutes are of on top).
    lanes: dict[str, list] = defaultdict(list)
    for m in meetings:
        lanes[body_of[m]].append(m)
    lane_order = sorted(lanes, key=lambda b: (-len(lanes[b]), str(G.nodes[b].get("label", b)) if b in G else b))
    y = 0.0
    for b in lane_order:
        lane_rows = 1
        for m in lanes[b]:
            x = meeting_x[m]
            pos[m] = (x, y)
            items = sorted((v for k, v, fwd in nbrs[m] if fwd and k == "hasItem" and v not in pos),
                           key=lambda i: (_number(G.nodes[i]), str(i)))
            row = 1
            for i in items:
                pos[i] = (x, y + row * ROW)
                row += ITEM_ROWS * _place_satellites(i, x, y + row * ROW, nbrs, types, pos)
            row += _place_satellites(m, x, y + row * ROW, nbrs, types, pos, only=("Treatment",))
            lane_rows = max(lane_rows, row)
        if b in G and b not in pos:
            left = min(pos[m][0] for m in lanes[b]) - COLUMN
            pos[b] = (left, y)
        y += lane_rows * ROW + LANE_GAP
    lanes_bottom = y

    # Cases above the lanes (stacked upwards), the other types in bands below.
    cases = [n for n in G if types[n] == "Case" and n not in pos]
    _band(cases, -LANE_GAP, -1, nbrs, pos)
    rest = defaultdict(list)
    for n in G:
        if n not in pos:
            rest[types[n]].append(n)
    order = sorted(rest, key=lambda t: (BAND_ORDER.index(t) if t in BAND_ORDER else len(BAND_ORDER), t))
    y = lanes_bottom
    for t in order:
        rows = _band(rest[t], y, +1, nbrs, pos)
        y += rows * ROW + LANE_GAP
    return pos


def _place_satellites(anchor, x: float, y: float, nbrs, types, pos, only=SATELLITE_TYPES) -> int:
    """Put the unplaced proposal/decision/attachment/treatment neighbours of ``anchor`` to its
    right, in rows of :data:`SATELLITES_PER_ROW`; return how many rows they took (at least 1)."""
    sats = sorted({v for _, v, _ in nbrs[anchor] if types.get(v) in only and v not in pos},
                  key=lambda v: (only.index(types[v]), str(v)))
    for j, v in enumerate(sats):
        r, c = divmod(j, SATELLITES_PER_ROW)
        pos[v] = (x + 16.0 + c * SATELLITE_STEP, y + r * ROW * 0.4)
    rows = -(-len(sats) // SATELLITES_PER_ROW)
    return max(1, round(rows * 0.4 + 0.6))


def _band(nodes: list, y0: float, direction: int, nbrs, pos) -> int:
    """Place ``nodes`` in a band from ``y0`` (growing by ``direction``), each at the mean x of its
    placed neighbours (or spread evenly when it has none), stacked where they collide."""
    xs = {}
    lonely = []
    for n in nodes:
        placed = [pos[v][0] for _, v, _ in nbrs[n] if v in pos]
        if placed:
            xs[n] = sum(placed) / len(placed)
        else:
            lonely.append(n)
    span = max((p[0] for p in pos.values()), default=0.0)
    for j, n in enumerate(sorted(lonely, key=str)):
        xs[n] = (j * COLUMN / 2) % max(span, COLUMN)
    # Each node takes the free slot nearest its x: first in the band's first row (up to
    # SPREAD slots either side), then in the next rows, so a band spreads sideways before it grows.
    taken: set[tuple[int, int]] = set()
    rows = 0
    for n in sorted(xs, key=lambda n: (xs[n], str(n))):
        col = round(xs[n] / BAND_STEP)
        r = 0
        while True:
            free = next((col + d for d in _offsets(SPREAD) if (r, col + d) not in taken), None)
            if free is not None:
                break
            r += 1
        taken.add((r, free))
        rows = max(rows, r + 1)
        pos[n] = (free * BAND_STEP, y0 + direction * r * ROW)
    return rows


def _offsets(spread: int) -> list[int]:
    out = [0]
    for d in range(1, spread + 1):
        out += [d, -d]
    return out


def _date_key(data: dict) -> str:
    d = (data.get("props") or {}).get("date")
    return d.isoformat() if hasattr(d, "isoformat") else (str(d) if d is not None else "9999")


def _number(data: dict) -> float:
    n = (data.get("props") or {}).get("number")
    try:
        return float(n)
    except (TypeError, ValueError):
        return float("inf")


__all__ = ["time_axis_layout"]
