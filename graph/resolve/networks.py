"""Networks: each network theme is placed in the network it is mentioned with."""
from __future__ import annotations


def link_themes(entities: dict) -> None:
    """Network themes belong to the network most mentioned in the same documents."""
    networks = [e for e in entities.values() if e.kind == "Network"]
    for e in entities.values():
        if e.kind != "NetworkTheme":
            continue
        docs = {m.span.doc for m in e.mentions}
        scored = sorted(((sum(1 for m in n.mentions if m.span.doc in docs), n.key) for n in networks), key=lambda t: (-t[0], t[1]))
        if scored and scored[0][0] > 0:
            e.attrs["partOfNetwork"] = scored[0][1]
