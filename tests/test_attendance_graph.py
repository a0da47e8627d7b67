"""Attendance in the graph: who attended, who was absent, who chaired, who did not take part in an
item; one person node for the header's name and an item's first name; show, SPARQL, SHACL, HTML."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph.cli import app
from graph.export.html import render_html
from graph.export.rdf import to_rdf, to_turtle, triples
from graph.query.sparql import read_query, run_query
from graph.query.timeline import attendance
from graph.validate import validate

FIXTURES = Path(__file__).parent / "fixtures" / "attendance"


@pytest.fixture(scope="module")
def built():
    from graph.pipeline import build

    return build([FIXTURES])


def _person(G, name: str) -> str:
    return next(n for n, d in G.nodes(data=True) if d["type"] == "Person" and d["label"] == name)


def _meeting(G, day: str) -> str:
    return next(n for n, d in G.nodes(data=True) if d["type"] == "Meeting" and str(d["props"]["date"]) == day)


def _people(G, meeting: str, rel: str) -> set[str]:
    return {G.nodes[v]["label"] for _, v, k in G.out_edges(meeting, keys=True) if k == rel}


def test_members_and_others_attend_and_afbud_is_absent_only(built):
    G = built.graph
    september = _meeting(G, "2024-09-10")
    assert _people(G, september, "attendee") == {"Karen Vinther", "Mikkel Lund", "Signe Rask", "Lise Krogh",
                                                 "Jesper Mølgaard", "Frederik Holst"}
    assert _people(G, september, "absentee") == {"Thomas Bjerregaard"}
    october = _meeting(G, "2024-10-08")
    assert "Thomas Bjerregaard" in _people(G, october, "attendee")
    assert _people(G, october, "absentee") == set()


def test_formand_chairs_and_the_list_props_are_on_the_edge(built):
    G = built.graph
    meeting = _meeting(G, "2024-09-10")
    assert _people(G, meeting, "chairedBy") == {"Karen Vinther"}
    edge = G.edges[meeting, _person(G, "Mikkel Lund"), "attendee"]
    assert edge["props"] == {"attendanceLabel": "Medlemmer", "partyLetter": "V", "memberFunction": "næstformand"}
    (span,) = edge["sources"]
    assert span.quote == "Mikkel Lund" and span.doc.endswith("2024-09-10.txt")


def test_recused_members_are_linked_to_their_item(built):
    G = built.graph
    recused = {(G.nodes[u]["props"]["number"], G.nodes[v]["label"]) for u, v, k in G.edges(keys=True) if k == "recused"}
    assert recused == {(2, "Mikkel Lund"), (3, "Signe Rask")}


def test_header_name_and_first_name_presenter_are_one_person(built):
    G = built.graph
    karen = _person(G, "Karen Vinther")
    presented = [u for u, _, k in G.in_edges(karen, keys=True) if k == "presentedBy"]
    assert len(presented) == 1 and G.nodes[presented[0]]["props"]["date"].isoformat() == "2024-10-08"
    assert not [n for n, d in G.nodes(data=True) if d["type"] == "Person" and d["label"] in ("Karen", "Jesper")]
    jesper = _person(G, "Jesper Mølgaard")
    assert any(k == "presentedBy" for _, _, k in G.in_edges(jesper, keys=True))


def test_attendance_timeline_of_a_person(built):
    G = built.graph
    rows = attendance(G, _person(G, "Thomas Bjerregaard"))
    assert [(r["date"], r["roles"]) for r in rows] == [("2024-09-10", ["absent"]), ("2024-10-08", ["attended"])]
    mikkel = attendance(G, _person(G, "Mikkel Lund"))
    assert mikkel[0]["recused"] == [2] and mikkel[0]["party"] == "V"
    assert attendance(G, _meeting(G, "2024-09-10")) == []


def test_show_cli_lists_meetings_attended_and_absent():
    runner = CliRunner()
    result = runner.invoke(app, ["show", "Thomas Bjerregaard", "-s", str(FIXTURES), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output[result.output.index("{"):])
    assert [(r["date"], r["roles"], r["label"]) for r in data["attendance"]] == [
        ("2024-09-10", ["absent"], "Afbud"), ("2024-10-08", ["attended"], "Til stede")]
    table = runner.invoke(app, ["show", "Signe Rask", "-s", str(FIXTURES)], env={"COLUMNS": "200"})
    assert table.exit_code == 0 and "not in item 3" in table.output and "attendance" in table.output


def test_attendance_query_answers_who_attended_and_who_was_absent(built):
    result = run_query(read_query("attendance"), to_turtle(triples(built.graph)).encode())
    rows = [dict(zip(result.variables, row)) for row in result.rows]
    absent = [(r["date"], r["name"], r["list"], r["party"]) for r in rows if r["role"] == "absent"]
    assert absent == [("2024-09-10", "Thomas Bjerregaard", "Afbud", "C")]
    attended = {(r["date"], r["name"]) for r in rows if r["role"] == "attended"}
    assert len(attended) == 6 + 6
    chair = [r for r in rows if r["function"] == "formand"]
    assert {r["name"] for r in chair} == {"Karen Vinther"} and len(chair) == 2


def test_graph_with_attendance_still_conforms_to_the_shapes(built):
    result = validate(to_rdf(built.graph))
    assert result.conforms, result.violations


def test_html_renders_the_attendance_edges(built):
    page = render_html(built.graph)
    for rel in ("attendee", "absentee", "chairedBy", "recused"):
        assert rel in page


def test_votes_against_and_reservations_are_person_to_item_edges(built):
    G = built.graph
    stands = {(G.nodes[u]["label"], k, G.nodes[v]["props"]["number"]) for u, v, k in G.edges(keys=True)
              if k in ("votedAgainst", "madeReservation")}
    assert stands == {("Lise Krogh", "votedAgainst", 2), ("Signe Rask", "madeReservation", 2)}


def test_a_persons_timeline_says_how_they_stood_on_the_decision(built):
    from graph.query.timeline import timeline

    G = built.graph
    (entry,) = [e for e in timeline(G, _person(G, "Lise Krogh")) if e["item"] == 2]
    assert "voted against" in entry["roles"]


def test_a_post_in_a_member_list_is_held_by_its_name_with_both_quoted(tmp_path):
    from graph.pipeline import build

    text = ("Referat\nDirektionen\nMødedato: 4. marts 2021\n\n"
            "Deltagere: Kommunaldirektør Peter Lund, Sekretariatschef Anne-Mette Hansen, "
            "Lars Holm (økonomichef), Eva Berg (formand)\n\n"
            "Punkt 1: Budget 2022\nSagsfremstilling\nBudgettet blev gennemgået.\nBeslutning\nGodkendt.\n")
    (tmp_path / "direktionen.txt").write_text(text, encoding="utf-8")
    G = build([tmp_path]).graph
    held = {}
    for u, v, k, d in G.edges(keys=True, data=True):
        if k == "holdsPost":
            (span,) = d["sources"]
            assert text[span.start:span.end] == span.quote
            held[G.nodes[u]["label"]] = (G.nodes[v]["label"], span.quote)
    assert held == {
        "Peter Lund": ("Kommunaldirektør", "Kommunaldirektør Peter Lund"),
        "Anne-Mette Hansen": ("Sekretariatschef", "Sekretariatschef Anne-Mette Hansen"),
        "Lars Holm": ("Økonomichef", "Lars Holm (økonomichef"),
    }  # the chair is the body's (memberFunction), not a post of its own here
