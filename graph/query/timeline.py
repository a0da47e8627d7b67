"""Timelines: every meeting that treated a case, or every item a person (or policy, body …) appears in.

>>> import networkx as nx
>>> from datetime import date
>>> G = nx.MultiDiGraph()
>>> G.add_node("m", type="Meeting", label="Forum 2021-01-01", props={"date": date(2021, 1, 1)}, sources=[])
>>> G.add_node("i", type="AgendaItem", label="Punkt 1", props={"number": 1, "title": "T"}, sources=[])
>>> G.add_node("c", type="Case", label="00.01.00-A00-1-21", props={}, sources=[])
>>> G.add_edge("m", "i", key="hasItem"); G.add_edge("i", "c", key="concernsCase")
'hasItem'
'concernsCase'
>>> [e["meeting"] for e in timeline(G, "c")]
['Forum 2021-01-01']
"""
from __future__ import annotations

from collections import defaultdict

import networkx as nx

# How an item relates to the node whose timeline is asked for (edge key → English verb).
ITEM_ROLES = {
    "concernsCase": "treated",
    "presentedBy": "presented",
    "participant": "took part",
    "recused": "did not take part",
    "proposedBy": "proposed",
    "mentions": "mentioned",
}

# Person → AgendaItem edges (a member's stand on the decision) → English words.
PERSON_ITEM_ROLES = {"votedAgainst": "voted against", "madeReservation": "made a reservation"}


def _meeting_of(G: nx.MultiDiGraph, item: str) -> str | None:
    return next((u for u, _, k in G.in_edges(item, keys=True) if k == "hasItem"), None)


def _out(G: nx.MultiDiGraph, node: str, rel: str) -> list[str]:
    return sorted(v for _, v, k in G.out_edges(node, keys=True) if k == rel)


def _related_items(G: nx.MultiDiGraph, node: str) -> dict[str, set[str]]:
    """Items linked to ``node``, with how; for a person also items proposed by a post they held."""
    roles: dict[str, set[str]] = defaultdict(set)
    for u, _, k in G.in_edges(node, keys=True):
        if G.nodes[u]["type"] == "AgendaItem" and k in ITEM_ROLES:
            roles[u].add(ITEM_ROLES[k])
    kind = G.nodes[node]["type"]
    if kind == "Meeting":
        for item in _out(G, node, "hasItem"):
            roles[item].add("on the agenda")
    if kind == "Theme":  # items of the cases filed under this subject or any narrower one
        broader = nx.DiGraph([(u, v) for u, v, k in G.edges(keys=True) if k == "broader"])
        themes = {node} | (nx.ancestors(broader, node) if node in broader else set())
        for theme in themes:
            for case, _, k in G.in_edges(theme, keys=True):
                if k == "classifiedAs":
                    for item, _, kk in G.in_edges(case, keys=True):
                        if kk == "concernsCase":
                            roles[item].add(f"case {G.nodes[case]['label']}")
    if G.nodes[node]["type"] == "Person":
        for _, item, k in G.out_edges(node, keys=True):  # how the person stood on the item's decision
            if k in PERSON_ITEM_ROLES:
                roles[item].add(PERSON_ITEM_ROLES[k])
        for post in _out(G, node, "holdsPost"):
            held = {str(day) for d in G.get_edge_data(node, post).values() for day in d.get("props", {}).get("date", [])}
            for u, _, k in G.in_edges(post, keys=True):
                if k == "proposedBy" and G.nodes[u]["type"] == "AgendaItem":
                    item_date = G.nodes[u]["props"].get("date")
                    # Only where the holding is stated for that very meeting: posts change hands.
                    if item_date and item_date.isoformat() in held:
                        roles[u].add(f"proposed (as {G.nodes[post]['label']})")
    return roles


def timeline(G: nx.MultiDiGraph, node: str) -> list[dict]:
    """One entry per agenda item linked to ``node``, in meeting-date order.

    Each entry: date, meeting, body, item number and title, roles (how the node figures),
    decision outcome and text, proposer, bilag, and the source document.
    """
    entries = []
    for item, roles in _related_items(G, node).items():
        props = G.nodes[item]["props"]
        meeting = _meeting_of(G, item)
        mprops = G.nodes[meeting]["props"] if meeting else {}
        decision = next(iter(_out(G, item, "hasDecision")), None)
        dprops = G.nodes[decision]["props"] if decision else {}
        day = mprops.get("date") or props.get("date")
        entries.append({
            "date": day.isoformat() if day else None,
            "meeting": G.nodes[meeting]["label"] if meeting else None,
            "meeting_iri": meeting,
            "item": props.get("number"),
            "item_iri": item,
            "title": props.get("title"),
            "core_title": props.get("coreTitle") or props.get("title"),
            "roles": sorted(roles),
            "closed": bool(props.get("closed")),
            "decision_outcome": dprops.get("outcome"),
            "decision": " ".join(str(dprops.get("text", "")).split()) or None,
            "proposer": [G.nodes[p]["label"] for p in _out(G, item, "proposedBy")],
            "bilag": [G.nodes[a]["label"] for a in _out(G, item, "referencesBilag")],
            "revisits": [G.nodes[r]["props"].get("date").isoformat() for r in _out(G, item, "revisits")
                         if G.nodes[r]["props"].get("date")],
            "documents": sorted({s.doc for s in G.nodes[item]["sources"]}),
        })
    entries.sort(key=lambda e: (e["date"] or "", e["item"] or 0))
    return entries


def treatments(G: nx.MultiDiGraph, case: str) -> list[dict]:
    """A case's path through the bodies: every treatment, in time order, with body, date, item
    number, meeting, where it is known from (an item of the build, a case-history entry, another
    body's decision heading) and its text. Empty for a node that is no case.

    >>> import networkx as nx
    >>> from datetime import date
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("c", type="Case", label="21-000001", props={}, sources=[])
    >>> G.add_node("b", type="Body", label="Byrådet", props={}, sources=[])
    >>> G.add_node("m", type="Meeting", label="Byrådet 2022-01-10", props={"date": date(2022, 1, 10)}, sources=[])
    >>> G.add_node("t", type="Treatment", label="t", props={"date": date(2022, 1, 10), "number": 4,
    ...            "treatmentKind": "item"}, sources=[])
    >>> for v, k in (("c", "treatmentOf"), ("m", "treatedAt"), ("b", "treatedBy")): _ = G.add_edge("t", v, key=k)
    >>> [(t["date"], t["body"], t["item"]) for t in treatments(G, "c")]
    [('2022-01-10', 'Byrådet', 4)]
    """
    out = []
    for t, _, k in G.in_edges(case, keys=True):
        if k != "treatmentOf" or G.nodes[t]["type"] != "Treatment":
            continue
        props = G.nodes[t]["props"]
        meeting = next(iter(_out(G, t, "treatedAt")), None)
        body = next(iter(_out(G, t, "treatedBy")), None)
        item = next(iter(_out(G, t, "treatedAs")), None)
        kinds = props.get("treatmentKind") or []
        texts = props.get("text") or []
        day = props.get("date")
        out.append({
            "date": day.isoformat() if day else None,
            "body": G.nodes[body]["label"] if body else None,
            "item": props.get("number"),
            "meeting": G.nodes[meeting]["label"] if meeting else None,
            "meeting_iri": meeting,
            "item_iri": item,
            "in_build": bool(meeting and not G.nodes[meeting]["props"].get("referencedOnly")),
            "known_from": sorted(kinds if isinstance(kinds, list) else [kinds]),
            "text": " ".join(str(texts[0] if isinstance(texts, list) else texts).split()) if texts else None,
            "treatment_iri": t,
            "documents": sorted({s.doc for s in G.nodes[t]["sources"]}),
        })
    out.sort(key=lambda e: (e["date"] or "", e["body"] or "", e["item"] if e["item"] is not None else -1))
    return out


def meetings_of(entries: list[dict]) -> list[str]:
    """The distinct meetings of a timeline, in order."""
    seen: list[str] = []
    for e in entries:
        if e["meeting"] not in seen:
            seen.append(e["meeting"])
    return seen


# How a person figures at a meeting (Meeting → Person edge key → English word), from the header's lists.
MEETING_ROLES = {
    "attendee": "attended",
    "absentee": "absent",
    "chairedBy": "chaired",
}


def attendance(G: nx.MultiDiGraph, person: str) -> list[dict]:
    """The meetings a person is listed at, in date order: attended / absent / chaired, and the
    items they did not take part in ("Inhabil"), each with the list label, party and function.

    Each entry: date, meeting, meeting_iri, roles, label, party, function, recused (item numbers),
    documents. Empty for a node that is no person or is in no member list.
    """
    by_meeting: dict[str, dict] = {}

    def entry(meeting: str) -> dict:
        if meeting not in by_meeting:
            day = G.nodes[meeting]["props"].get("date")
            by_meeting[meeting] = {"date": day.isoformat() if day else None, "meeting": G.nodes[meeting]["label"],
                                   "meeting_iri": meeting, "roles": set(), "label": None, "party": None,
                                   "function": None, "recused": set(), "documents": set()}
        return by_meeting[meeting]

    for u, _, k, data in G.in_edges(person, keys=True, data=True):
        if k in MEETING_ROLES and G.nodes[u]["type"] == "Meeting":
            e = entry(u)
            e["roles"].add(MEETING_ROLES[k])
            props = data.get("props") or {}
            e["label"] = e["label"] or props.get("attendanceLabel")
            e["party"] = e["party"] or props.get("partyLetter")
            e["function"] = e["function"] or props.get("memberFunction")
            e["documents"] |= {s.doc for s in data.get("sources", [])}
        elif k == "recused" and G.nodes[u]["type"] == "AgendaItem":
            meeting = _meeting_of(G, u)
            if meeting:
                e = entry(meeting)
                e["recused"].add(G.nodes[u]["props"].get("number"))
                e["documents"] |= {s.doc for s in data.get("sources", [])}
    out = []
    for e in by_meeting.values():
        out.append({**e, "roles": sorted(e["roles"]), "recused": sorted(n for n in e["recused"] if n is not None),
                    "documents": sorted(e["documents"])})
    out.sort(key=lambda e: (e["date"] or "", e["meeting"]))
    return out
