"""The Greve FirstAgenda JSON (285 meetings, 2022-2024) builds into exactly the meetings, items,
case numbers, attachments and participants the JSON states, and its cases' paths through the
bodies are the ones the JSON implies. Every expected value is computed here from the JSON itself,
with the standard library, never with referatgraf's readers. Texts are compared with runs of white
space as one space (the readers fold them; "Bilag 1 -  Køn" is "Bilag 1 - Køn")."""
from __future__ import annotations

import json
from collections import defaultdict

import pytest
from typer.testing import CliRunner

from shared_corpus import GREVE, needs

pytestmark = needs(GREVE)


def _ws(text: str) -> str:
    return " ".join(text.split())


def _json_meetings() -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(GREVE.glob("*.json"))]


class _Build:
    """The build result under a short name: pytest prints fixture values in a failure's
    traceback, and the repr of a whole BuildResult (every document's text) runs into gigabytes."""

    def __init__(self, result):
        self.graph, self.problems, self.documents, self.minutes = (result.graph, result.problems,
                                                                   result.documents, result.minutes)

    def __repr__(self) -> str:
        return f"<build of {len(self.documents)} documents>"


@pytest.fixture(scope="module")
def greve():
    from graph.pipeline import build

    return _Build(build([GREVE]))


def _out(G, node, rel):
    return [v for _, v, k in G.out_edges(node, keys=True) if k == rel]


def _meetings_in_build(G) -> dict[tuple[str, str], str]:
    out = {}
    for n, d in G.nodes(data=True):
        if d["type"] == "Meeting" and not d["props"].get("referencedOnly"):
            body = _out(G, n, "meetingOf")[0]
            out[(G.nodes[body]["label"], d["props"]["date"].isoformat())] = n
    return out


def test_every_document_is_read_by_the_firstagenda_reader(greve):
    assert not greve.problems
    assert {d.reader for d in greve.documents} == {"firstagenda"}
    assert len(greve.minutes) == len(list(GREVE.glob("*.json")))


def test_the_graph_has_exactly_the_json_meetings_items_case_numbers_and_attachments(greve):
    G = greve.graph
    meetings = _meetings_in_build(G)
    expected_meetings = {(m["Udvalg"]["Navn"], m["Moede"]["Dato"][:10]) for m in _json_meetings()}
    assert sorted(meetings) == sorted(expected_meetings)
    wrong = []  # (meeting, item, what, got, want): collected, so a failure prints only these
    for m in _json_meetings():
        node = meetings[(m["Udvalg"]["Navn"], m["Moede"]["Dato"][:10])]
        items = {G.nodes[i]["props"]["number"]: i for i in _out(G, node, "hasItem")}
        want = {int(it["Punktnummer"]): it for it in m["Dagsordenpunkter"]}
        if sorted(items) != sorted(want):
            wrong.append((node, None, "items", sorted(items), sorted(want)))
            continue
        for number, it in want.items():
            title = G.nodes[items[number]]["props"]["title"]
            cases = [G.nodes[c]["props"]["journalNumber"] for c in _out(G, items[number], "concernsCase")]
            titles = sorted(G.nodes[a]["label"] for a in _out(G, items[number], "referencesBilag"))
            for what, got, exp in (("title", title, _ws(it["Navn"])),
                                   ("case", cases, [it["SagsNummer"]] if it["SagsNummer"] else []),
                                   ("bilag", titles, sorted({_ws(b["Navn"]) for b in it["Bilag"] or []
                                                             if b["Navn"].strip()}))):
                if got != exp:
                    wrong.append((node, number, what, got, exp))
    assert wrong[:10] == [] and len(wrong) == 0


def test_participants_and_their_absence_are_the_json_ones(greve):
    G = greve.graph
    meetings = _meetings_in_build(G)
    wrong = []
    for m in _json_meetings():
        node = meetings[(m["Udvalg"]["Navn"], m["Moede"]["Dato"][:10])]
        want_absent = {_ws(p["Name"]) for p in m["Moede"]["Moededeltagere"] if p["Absent"] or p["ParticipationCancelled"]}
        want_present = {_ws(p["Name"]) for p in m["Moede"]["Moededeltagere"]} - want_absent
        present = {G.nodes[p]["label"] for p in _out(G, node, "attendee")}
        absent = {G.nodes[p]["label"] for p in _out(G, node, "absentee")}
        if (present, absent) != (want_present, want_absent):
            wrong.append((node, sorted(present ^ want_present), sorted(absent ^ want_absent)))
    assert wrong[:10] == [] and len(wrong) == 0


def test_cases_at_several_meetings_and_bodies_are_as_many_as_the_json_says(greve):
    meetings, bodies = defaultdict(set), defaultdict(set)
    for m in _json_meetings():
        for it in m["Dagsordenpunkter"]:
            if it["SagsNummer"]:
                meetings[it["SagsNummer"]].add((m["Udvalg"]["Navn"], m["Moede"]["Dato"]))
                bodies[it["SagsNummer"]].add(m["Udvalg"]["Navn"])
    from graph.query.timeline import treatments

    G = greve.graph
    got_meetings = got_bodies = 0
    for case, d in G.nodes(data=True):
        if d["type"] != "Case":
            continue
        # the treatments under an item of the build (a case history may add others, of other case numbers)
        steps = [t for t in treatments(G, case) if "item" in t["known_from"]]
        got_meetings += len({t["meeting_iri"] for t in steps}) > 1
        got_bodies += len({t["body"] for t in steps}) > 1
    assert got_meetings == sum(1 for v in meetings.values() if len(v) > 1)
    assert got_bodies == sum(1 for v in bodies.values() if len(v) > 1)


def test_show_lists_every_treatment_of_a_case_in_time_order_with_body_and_item(greve, tmp_path):
    from graph.cli import app
    from graph.export.nodelink import write_json

    # a case the JSON has at the most bodies
    seen = defaultdict(list)
    for m in _json_meetings():
        for it in m["Dagsordenpunkter"]:
            if it["SagsNummer"]:
                seen[it["SagsNummer"]].append((m["Moede"]["Dato"][:10], m["Udvalg"]["Navn"], int(it["Punktnummer"])))
    case = max(sorted(seen), key=lambda c: (len({b for _, b, _ in seen[c]}), len(seen[c])))
    write_json(greve.graph, tmp_path / "graph.json")
    res = CliRunner().invoke(app, ["show", case, "--graph", str(tmp_path), "--json"])
    assert res.exit_code == 0, res.output
    steps = [t for t in json.loads(res.stdout)["treatments"] if "item" in t["known_from"]]
    assert [(t["date"], t["body"], t["item"]) for t in steps] == sorted(seen[case])
