"""IRIs that users saved keep working when more documents arrive.

Most IRIs are natural keys that cannot move (a meeting's body and day, a journal number). A
resolved entity's IRI comes from its label, the name most of its mentions use, and that can
change when new minutes bring more mentions ("Cykelpolitikken" becomes "Cykelpolitik"). So a
build writes ``identities.json`` beside its exports: for each entity, the places it was read
from (document and offsets) and the older IRIs it already answers to. The next build into the
same folder reads it: an entity whose places were another IRI's last time gets that IRI as
``owl:sameAs`` (kept in ``G.graph["sameAs"]``, new → old IRIs, exported by the RDF view).

>>> import networkx as nx
>>> old = nx.MultiDiGraph(); _ = old.add_node("id/policy/a", type="Policy", sources=[("d", 1, 5)])
>>> new = nx.MultiDiGraph(); _ = new.add_node("id/policy/b", type="Policy", sources=[("d", 1, 5)])
>>> link_identities(new, ledger(old))
{'id/policy/b': ['id/policy/a']}
"""
from __future__ import annotations

import json
from pathlib import Path

from graph.builder import ENTITY_KINDS

FILE = "identities.json"


def _anchors(data: dict) -> list[str]:
    return sorted({f"{s[0]}\t{s[1]}\t{s[2]}" if isinstance(s, tuple) else f"{s.doc}\t{s.start}\t{s.end}"
                   for s in data.get("sources") or ()})


def ledger(G) -> dict:
    """What the next build needs to keep this one's IRIs: entity IRI → its places and old IRIs."""
    same = G.graph.get("sameAs", {})
    return {"entities": {n: {"at": _anchors(d), "sameAs": same.get(n, [])}
                         for n, d in sorted(G.nodes(data=True)) if d.get("type") in ENTITY_KINDS}}


def read_ledger(out_dir: str | Path) -> dict:
    """The previous build's ledger in ``out_dir``; an empty one when there is none or it is damaged."""
    try:
        data = json.loads((Path(out_dir) / FILE).read_text(encoding="utf-8"))
        return data if isinstance(data.get("entities"), dict) else {"entities": {}}
    except (OSError, ValueError, AttributeError):
        return {"entities": {}}


def link_identities(G, previous: dict) -> dict[str, list[str]]:
    """Give every entity of ``G`` the IRIs it had before (``G.graph["sameAs"]``); returns that map.

    An old IRI that is still a node of ``G`` is that node's own; one that is gone goes to the
    node that now holds most of its places (ties: the first IRI), with the old IRIs it carried.
    """
    by_anchor: dict[str, str] = {}
    for iri, data in G.nodes(data=True):
        if data.get("type") in ENTITY_KINDS:
            for a in _anchors(data):
                by_anchor[a] = iri
    same: dict[str, set[str]] = {}
    for old, entry in sorted(previous.get("entities", {}).items()):
        if old in G:
            if entry.get("sameAs"):
                same.setdefault(old, set()).update(x for x in entry["sameAs"] if x not in G)
            continue
        votes: dict[str, int] = {}
        for a in entry.get("at", []):
            if a in by_anchor:
                votes[by_anchor[a]] = votes.get(by_anchor[a], 0) + 1
        if votes:
            heir = sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
            same.setdefault(heir, set()).update([old, *(x for x in entry.get("sameAs", []) if x not in G)])
    out = {n: sorted(olds) for n, olds in sorted(same.items()) if olds}
    G.graph["sameAs"] = out
    return out


def write_ledger(G, path: str | Path) -> Path:
    from graph.atomic import write_text

    return write_text(Path(path), json.dumps(ledger(G), ensure_ascii=False, indent=0, sort_keys=True) + "\n")
