"""End to end on minutes the tool has never seen: a fictional municipality (Egebæk Kommune),
two committees, a DAGSORDEN and two REFERATER with different layouts (tests/fixtures/unseen/).

The folder is built through the CLI (`referatgraf build DIR -o OUT`); the expectations below
are what the handmade minutes say (their annotation), not output copied from a run.
"""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import rdflib
from typer.testing import CliRunner

from graph.cli import app
from graph.pipeline import build

UNSEEN = Path(__file__).parent / "fixtures" / "unseen"
BASE = "https://w3id.org/referatgraf/id/"
RG = rdflib.Namespace("https://w3id.org/referatgraf/ontology#")

BSU = "egebaek-bsu-referat-2025-03-11.txt"
TMU_AGENDA = "egebaek-tmu-dagsorden-2025-01-14.txt"
TMU_MINUTES = "egebaek-tmu-referat-2025-02-11.txt"

# What each handmade document says: kind, body, date, and its items (number, core title, journal number).
DOCUMENTS = {
    BSU: ("REFERAT", "Børne- og Skoleudvalget", date(2025, 3, 11), [
        (1, "Godkendelse af dagsorden", "17.00.00-A00-2-25"),
        (2, "Ny skolestruktur i Nørreby skoledistrikt", "17.01.00-P20-4-24"),
        (3, "Status på inklusionsindsatsen", "17.02.00-G01-1-25"),
        (4, "Grønne skolegårde", "17.01.10-G01-3-25"),
        (5, "Lukket punkt", None),
        (6, "Eventuelt", None),
    ]),
    TMU_AGENDA: ("DAGSORDEN", "Teknik- og Miljøudvalget", date(2025, 1, 14), [
        (1, "Godkendelse af dagsorden", "05.00.00-A00-1-25"),
        (2, "Klimatilpasning af Møllebækken", "06.02.00-P20-7-24"),
        (3, "Vintertjeneste 2024/25", "05.01.12-G01-2-24"),
        (4, "Eventuelt", None),
    ]),
    TMU_MINUTES: ("REFERAT", "Teknik- og Miljøudvalget", date(2025, 2, 11), [
        (1, "Godkendelse af dagsorden", "05.00.00-A00-4-25"),
        (2, "Klimatilpasning af Møllebækken", "06.02.00-P20-7-24"),
        (3, "Trafiksikkerhed ved Nørreby Skole", "05.13.00-P20-1-25"),
        (4, "Eventuelt", None),
    ]),
}
SHARED_CASE = "06.02.00-P20-7-24"  # treated at both Teknik- og Miljøudvalget meetings

runner = CliRunner()


def _meeting(body_slug: str, day: str) -> str:
    return f"{BASE}meeting/{body_slug}/{day}"


BSU_MEETING = _meeting("borne-og-skoleudvalget", "2025-03-11")
TMU_EARLY = _meeting("teknik-og-miljoudvalget", "2025-01-14")
TMU_LATE = _meeting("teknik-og-miljoudvalget", "2025-02-11")


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("unseen-out")
    result = runner.invoke(app, ["build", str(UNSEEN), "-o", str(out), "--format", "ttl,csv"])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def G():
    result = build([UNSEEN])
    assert not result.problems, result.problems
    return result.graph


@pytest.fixture(scope="module")
def report(out_dir) -> dict:
    return json.loads((out_dir / "report.json").read_text(encoding="utf-8"))


def _edges(G, node, rel, out=True):
    edges = G.out_edges(node, keys=True, data=True) if out else G.in_edges(node, keys=True, data=True)
    return [(u, v, d) for u, v, k, d in edges if k == rel]


def _by_label(G, kind: str) -> dict[str, str]:
    return {d["label"]: n for n, d in G.nodes(data=True) if d["type"] == kind}


# ----------------------------------------------------------------------------- documents and meetings

def test_every_unseen_document_is_read_without_problems_or_warnings(report):
    inputs = {e["path"]: e for e in report["inputs"]}
    assert set(inputs) == set(DOCUMENTS)
    for name, (kind, body, day, items) in DOCUMENTS.items():
        entry = inputs[name]
        assert entry["status"] == "read"
        assert (entry["kind"], entry["body"], entry["date"], entry["items"]) == (kind, body, day.isoformat(), len(items))
        assert entry["warnings"] == [], name
    assert report["problems"] == []


def test_meetings_have_the_body_date_and_kind_of_their_header(G):
    for name, (kind, body, day, _) in DOCUMENTS.items():
        meetings = [n for n, d in G.nodes(data=True) if d["type"] == "Meeting"
                    and any(G.nodes[v]["label"] == name for _, v, _ in _edges(G, n, "documentedIn"))]
        assert len(meetings) == 1, name
        m = meetings[0]
        assert G.nodes[m]["props"]["date"] == day
        assert G.nodes[m]["props"]["documentKind"] == kind
        bodies = [G.nodes[v]["label"] for _, v, _ in _edges(G, m, "meetingOf")]
        assert bodies == [body]


def test_header_with_dato_tid_sted_labels_gives_time_and_place(G):
    props = G.nodes[TMU_LATE]["props"]
    assert props["startTime"] == "16:00"
    assert props["place"] == "Nørreby Skole, personalerummet"
    assert G.nodes[BSU_MEETING]["props"]["place"] == "Egebæk Rådhus, mødelokale 3"


def test_every_item_has_its_number_title_and_journal_number(G):
    for name, (_, _, _, items) in DOCUMENTS.items():
        meeting = {BSU: BSU_MEETING, TMU_AGENDA: TMU_EARLY, TMU_MINUTES: TMU_LATE}[name]
        got = []
        for _, item, _ in _edges(G, meeting, "hasItem"):
            p = G.nodes[item]["props"]
            got.append((p["number"], p["coreTitle"], p.get("journalNumber")))
        assert sorted(got) == items, name


def test_items_numbered_without_prefix_keep_the_whole_title(G):
    # "3. Trafiksikkerhed ved Nørreby Skole": "ved" here names a place, not a presenter
    item = f"{TMU_LATE}/item/3"
    assert G.nodes[item]["props"]["title"] == "Trafiksikkerhed ved Nørreby Skole"
    assert not _edges(G, item, "presentedBy")
    assert "Nørreby Skole" not in _by_label(G, "Person")


def test_closed_item_has_no_sections_case_or_mentions(G):
    item = f"{BSU_MEETING}/item/5"
    assert G.nodes[item]["props"]["closed"] is True
    assert list(G.out_edges(item)) == []


def test_dagsorden_items_have_proposals_but_no_decisions(G):
    items = [v for _, v, _ in _edges(G, TMU_EARLY, "hasItem")]
    assert items
    assert not any(_edges(G, i, "hasDecision") for i in items)
    assert _edges(G, f"{TMU_EARLY}/item/2", "hasProposal")


def test_decisions_have_the_outcome_their_sentence_says(G):
    approved = G.nodes[f"{BSU_MEETING}/item/2/decision"]["props"]
    assert approved["outcome"] == "approved"
    noted = G.nodes[f"{BSU_MEETING}/item/3/decision"]
    assert noted["props"]["outcome"] == "noted"
    assert "taget til efterretning" in noted["sources"][0].quote
    # the decision heading may come first (Beslutning before Indstilling): still found
    assert G.nodes[f"{TMU_LATE}/item/2/decision"]["props"]["outcome"] == "approved"


def test_bilag_lines_become_attachments(G):
    labels = sorted(G.nodes[v]["label"] for _, v, _ in _edges(G, f"{BSU_MEETING}/item/2", "referencesBilag"))
    assert labels == ["Notat om elevtal og prognose 2025-2035", "Skitseforslag til udbygning af Nørreby Skole"]


# ----------------------------------------------------------------------------- cases across documents

def test_case_treated_at_both_meetings_has_revisits_edge_from_later_to_earlier(G):
    edges = _edges(G, f"{TMU_LATE}/item/2", "revisits")
    assert [v for _, v, _ in edges] == [f"{TMU_EARLY}/item/2"]
    assert not _edges(G, f"{TMU_EARLY}/item/2", "revisits")
    case = f"{BASE}case/{SHARED_CASE}"
    docs = {s.doc for s in G.nodes[case]["sources"]}
    assert docs == {TMU_AGENDA, TMU_MINUTES}
    # decided only where the Beslutning is, not at the agenda-only meeting
    assert [v for _, v, _ in _edges(G, case, "decidedIn")] == [TMU_LATE]


def test_past_meeting_reference_points_to_the_meeting_that_exists(G):
    edges = _edges(G, f"{TMU_LATE}/item/2", "refersToMeeting")
    assert [v for _, v, _ in edges] == [TMU_EARLY]
    assert "14. januar 2025" in edges[0][2]["sources"][0].quote


def test_past_reference_without_year_takes_the_year_of_the_meeting(G):
    # "på udvalgets møde den 4. februar" in minutes of 11 March 2025
    earlier = _meeting("borne-og-skoleudvalget", "2025-02-04")
    assert [v for _, v, _ in _edges(G, f"{BSU_MEETING}/item/2", "refersToMeeting")] == [earlier]
    assert G.nodes[earlier]["props"]["referencedOnly"] is True


def test_planned_revisit_points_to_a_referenced_only_future_meeting(G):
    edges = _edges(G, f"{BSU_MEETING}/item/3", "plannedRevisit")
    future = _meeting("borne-og-skoleudvalget", "2025-05-06")
    assert [v for _, v, _ in edges] == [future]
    assert G.nodes[future]["props"]["referencedOnly"] is True
    assert "6. maj 2025" in edges[0][2]["sources"][0].quote
    assert [v for _, v, _ in _edges(G, future, "meetingOf")] == [f"{BASE}body/borne-og-skoleudvalget"]


def test_meetings_of_the_same_body_follow_each_other(G):
    assert [v for _, v, _ in _edges(G, TMU_EARLY, "followedBy")] == [TMU_LATE]


# ----------------------------------------------------------------------------- entities with source quotes

def test_proposer_is_the_post_that_indstiller(G):
    for item, post in ((f"{BSU_MEETING}/item/2", "Direktøren for Børn og Kultur"),
                       (f"{TMU_LATE}/item/3", "Direktøren for Teknik og Miljø")):
        edges = _edges(G, item, "proposedBy")
        assert [G.nodes[v]["label"] for _, v, _ in edges] == [post]
        assert edges[0][2]["sources"][0].quote == post
    dept = [G.nodes[v]["label"] for _, v, _ in _edges(G, f"{BASE}post/direktor-for-born-og-kultur", "postIn")]
    assert dept == ["Børn og Kultur"]


def test_person_in_apposition_gets_the_post_and_is_found_in_both_committees(G):
    persons = _by_label(G, "Person")
    mette = persons["Mette Lund"]
    posts = [(G.nodes[v]["label"], d["sources"][0].quote) for _, v, d in _edges(G, mette, "holdsPost")]
    assert posts == [("Skolechef", "Skolechef Mette Lund")]
    docs = {s.doc for s in G.nodes[mette]["sources"]}
    assert docs == {BSU, TMU_MINUTES}
    for s in G.nodes[mette]["sources"]:
        assert "Mette Lund" in s.quote


def test_presenter_after_v_is_a_person(G):
    edges = _edges(G, f"{BSU_MEETING}/item/3", "presentedBy")
    assert [G.nodes[v]["label"] for _, v, _ in edges] == ["Jonas Friis"]
    assert edges[0][2]["sources"][0].quote == "Jonas Friis"


def test_people_named_in_decisions_are_found(G):
    persons = _by_label(G, "Person")
    for name in ("Kasper Dahl", "Tina Bech", "Birgitte Holm", "Anders Krogh"):
        assert name in persons, name


def test_policies_are_found_with_their_periods_and_quotes(G):
    policies = _by_label(G, "Policy")
    for label in ("Skolepolitik 2024-2028", "sammenhængende børne- og ungepolitik", "Klimaplan 2030",
                  "Trafiksikkerhedsplan 2023-2027", "Spildevandsplan 2026-2030"):
        assert label in policies, (label, sorted(policies))
        for s in G.nodes[policies[label]]["sources"]:
            assert s.quote.casefold() == label.casefold()
    klimaplan = policies["Klimaplan 2030"]
    assert {s.doc for s in G.nodes[klimaplan]["sources"]} == set(DOCUMENTS)


def test_bodies_departments_and_companies_are_found(G):
    assert {"Børne- og Skoleudvalget", "Teknik- og Miljøudvalget", "Byrådet"} <= set(_by_label(G, "Body"))
    assert {"Børn og Kultur", "Teknik og Miljø"} <= set(_by_label(G, "Department"))
    orgs = _by_label(G, "Organisation")
    assert "Egebæk Forsyning A/S" in orgs
    assert {s.doc for s in G.nodes[orgs["Egebæk Forsyning A/S"]]["sources"]} == set(DOCUMENTS)


def test_money_amounts_are_kept_on_the_item(G):
    amounts = G.nodes[f"{BSU_MEETING}/item/2"]["props"]["moneyAmount"]
    amounts = amounts if isinstance(amounts, list) else [amounts]
    assert "18,5 mio. kr." in amounts and "3,2 mio. kr." in amounts


def test_every_source_quote_is_the_text_at_its_offsets(G):
    texts = {name: (UNSEEN / name).read_text(encoding="utf-8") for name in DOCUMENTS}
    spans = [s for _, d in G.nodes(data=True) for s in d["sources"]]
    spans += [s for _, _, d in G.edges(data=True) for s in d.get("sources", [])]
    assert len(spans) > 100
    for s in spans:
        assert texts[s.doc][s.start:s.end] == s.quote


# ----------------------------------------------------------------------------- CLI: show and path

def test_show_lists_both_meetings_of_the_shared_case_in_time_order(out_dir):
    result = runner.invoke(app, ["show", SHARED_CASE, "--sources", str(UNSEEN), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    timeline = data["timeline"]
    assert [e["date"] for e in timeline] == ["2025-01-14", "2025-02-11"]
    assert [e["meeting_iri"] for e in timeline] == [TMU_EARLY, TMU_LATE]
    assert [e["decision_outcome"] for e in timeline] == [None, "approved"]
    table = runner.invoke(app, ["show", SHARED_CASE, "--sources", str(UNSEEN)])
    assert table.exit_code == 0
    assert table.stdout.index("2025-01-14") < table.stdout.index("2025-02-11")


def test_path_connects_cases_of_different_committees_through_a_non_hub_node():
    a, b = "17.01.00-P20-4-24", "05.13.00-P20-1-25"  # school structure (BSU) and road safety (TMU)
    result = runner.invoke(app, ["path", a, b, "--sources", str(UNSEEN), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    path = data["paths"][0]
    assert path["hubs"] == []
    docs = {e["document"] for s in path["steps"] for e in s["evidence"]}
    assert docs == {BSU, TMU_MINUTES}
    # between the two items sits a shared entity named in both texts, not a meeting, body or theme
    middle = [n for n in path["nodes"] if n["type"] not in ("Case", "AgendaItem")]
    assert middle and not {n["type"] for n in middle} & {"Meeting", "Body", "Theme", "SourceDocument"}


def test_path_from_school_yards_to_the_stream_goes_through_a_shared_entity():
    result = runner.invoke(app, ["path", "17.01.10-G01-3-25", SHARED_CASE, "--sources", str(UNSEEN), "--json"])
    assert result.exit_code == 0, result.output
    path = json.loads(result.stdout)["paths"][0]
    assert path["hubs"] == []
    middle = {n["type"] for n in path["nodes"][2:-2]}
    assert middle and not middle & {"Meeting", "Body", "Theme", "SourceDocument"}


# ----------------------------------------------------------------------------- RDF

def test_turtle_parses_and_sparql_counts_every_item_written(out_dir):
    g = rdflib.Graph()
    g.parse(out_dir / "graph.ttl", format="turtle")
    rows = list(g.query("SELECT (COUNT(DISTINCT ?i) AS ?n) WHERE { ?i a rg:AgendaItem }", initNs={"rg": RG}))
    assert int(rows[0][0]) == sum(len(items) for *_, items in DOCUMENTS.values())
    closed = list(g.query("SELECT ?i WHERE { ?i a rg:AgendaItem ; rg:closed true }", initNs={"rg": RG}))
    assert [str(r[0]) for r in closed] == [f"{BSU_MEETING}/item/5"]
    revisits = list(g.query("SELECT ?a ?b WHERE { ?a rg:revisits ?b }", initNs={"rg": RG}))
    assert [(str(a), str(b)) for a, b in revisits] == [(f"{TMU_LATE}/item/2", f"{TMU_EARLY}/item/2")]


def test_sparql_cli_answers_on_the_unseen_build(out_dir):
    q = "SELECT ?d WHERE { ?m a rg:Meeting ; rg:date ?d ; rg:referencedOnly false } ORDER BY ?d"
    result = runner.invoke(app, ["sparql", q, "--data", str(out_dir), "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert [ln.strip() for ln in result.stdout.strip().splitlines()[1:]] == ["2025-01-14", "2025-02-11", "2025-03-11"]


def test_every_export_format_is_written_and_the_build_conforms_to_the_shapes(tmp_path):
    out = tmp_path / "all"
    result = runner.invoke(app, ["build", str(UNSEEN), "-o", str(out), "--format", "ttl,nt,jsonld,graphml,gexf,csv,html"])
    assert result.exit_code == 0, result.output
    for name in ("graph.ttl", "graph.nt", "graph.jsonld", "graph.graphml", "graph.gexf", "nodes.csv", "edges.csv",
                 "graph.html", "report.json"):
        assert (out / name).stat().st_size > 0, name
    assert "Møllebækken" in (out / "graph.html").read_text(encoding="utf-8")
    validation = runner.invoke(app, ["validate", str(out)])
    assert validation.exit_code == 0, validation.output
