"""The one graph built from the sample: counts, traceability, chains, stability."""
from __future__ import annotations

from collections import defaultdict

import networkx as nx

from graph.export.nodelink import networkx_kwargs
from graph.pipeline import build


def _of_type(G, t):
    return sorted(n for n, d in G.nodes(data=True) if d["type"] == t)


def _treatments(result):
    """Journal number → meeting dates, straight from the parsed structure (not the graph)."""
    from graph.journal import parse_journal_number

    by_case = defaultdict(set)
    for m in result.minutes:
        for item in m.items:
            if item.journal_number:
                by_case[parse_journal_number(item.journal_number).normalised].add(m.date)
    return by_case


def test_sample_graph_has_36_agenda_items_in_five_meetings(sample_graph):
    assert len(_of_type(sample_graph, "AgendaItem")) == 36
    documented = [n for n in _of_type(sample_graph, "Meeting") if not sample_graph.nodes[n]["props"]["referencedOnly"]]
    assert len(documented) == 5


def test_every_node_and_edge_quotes_its_source_exactly(sample_result):
    G = sample_result.graph
    texts = {d.doc_id: d.text for d in sample_result.documents}
    for node, data in G.nodes(data=True):
        if data["type"] == "SourceDocument":
            continue  # the document is its own source
        assert data["sources"], f"{node} has no source"
        for span in data["sources"]:
            assert texts[span.doc][span.start:span.end] == span.quote
    for u, v, k, data in G.edges(keys=True, data=True):
        assert data["sources"], f"edge {u} -{k}-> {v} has no source"
        for span in data["sources"]:
            assert texts[span.doc][span.start:span.end] == span.quote


def test_case_treated_at_several_meetings_forms_a_backward_revisits_chain(sample_result):
    G = sample_result.graph
    multi = {jn: days for jn, days in _treatments(sample_result).items() if len(days) > 1}
    assert multi, "the sample has cases treated at more than one meeting"
    for jn in multi:
        case = next(n for n in _of_type(G, "Case") if G.nodes[n]["label"] == jn)
        items = [u for u, _, k in G.in_edges(case, keys=True) if k == "concernsCase"]
        for item in items:
            for _, earlier, k in G.out_edges(item, keys=True):
                if k == "revisits":
                    assert G.nodes[earlier]["props"]["date"] < G.nodes[item]["props"]["date"]
        # every treatment but those at the first meeting revisits something
        first = min(G.nodes[i]["props"]["date"] for i in items)
        later = [i for i in items if G.nodes[i]["props"]["date"] > first]
        assert later and all(any(k == "revisits" for _, _, k in G.out_edges(i, keys=True)) for i in later)


def test_meetings_of_a_body_are_chained_by_followed_by_in_date_order(sample_graph):
    G = sample_graph
    edges = [(u, v) for u, v, k in G.edges(keys=True) if k == "followedBy"]
    assert len(edges) == 4  # five documented meetings of one body
    for u, v in edges:
        assert G.nodes[u]["props"]["date"] < G.nodes[v]["props"]["date"]


def test_case_is_decided_in_a_meeting_only_when_its_decision_settles_it(sample_graph):
    G = sample_graph
    for case in _of_type(G, "Case"):
        for _, meeting, k in G.out_edges(case, keys=True):
            if k != "decidedIn":
                continue
            items = [i for _, i, kk in G.out_edges(meeting, keys=True) if kk == "hasItem"
                     and G.has_edge(i, case, key="concernsCase")]
            outcomes = {G.nodes[d]["props"].get("outcome") for i in items
                        for _, d, kk in G.out_edges(i, keys=True) if kk == "hasDecision"}
            assert outcomes & {"approved", "decided"}


def test_kle_subject_codes_have_broader_chain_to_main_group(sample_graph):
    G = sample_graph
    for theme in _of_type(G, "Theme"):
        code = G.nodes[theme]["props"]["kleCode"]
        broader = [v for _, v, k in G.out_edges(theme, keys=True) if k == "broader"]
        if "." in code:
            assert [G.nodes[b]["props"]["kleCode"] for b in broader] == [code.rsplit(".", 1)[0]]
        else:
            assert broader == []


def test_same_input_builds_the_same_graph_twice(sample_graph):
    again = build().graph
    dump = lambda G: nx.node_link_data(G, **networkx_kwargs())  # noqa: E731
    a, b = dump(sample_graph), dump(again)
    assert a["nodes"] == b["nodes"] and a["edges"] == b["edges"]


def test_overlapping_corpora_give_the_same_iris_for_shared_things(sample_result):
    files = sorted(d.path for d in sample_result.documents)
    first = build(files[:3]).graph
    second = build(files[2:]).graph
    shared = set(first) & set(second)
    meeting_of_third = {n for n in shared if first.nodes[n]["type"] == "Meeting"}
    assert meeting_of_third, "the shared document's meeting has one IRI in both builds"
    items_first = {n for n in first if first.nodes[n]["type"] == "AgendaItem"}
    items_second = {n for n in second if second.nodes[n]["type"] == "AgendaItem"}
    assert items_first & items_second  # the shared document's items
    assert items_first | items_second == set(_of_type(sample_result.graph, "AgendaItem"))


MINI = """{kind} {body} d. 04-03-2021

Mødedato Torsdag d. 4. marts 2021 kl. 16:00

Mødested Rådhuset, mødelokale 2

Punkt 1: Godkendelse af dagsorden

00.01.00-A00-1-21

{section}

{text}
"""


def test_minutes_headed_by_an_alias_of_a_body_are_that_bodys_meeting(tmp_path):
    (tmp_path / "a.txt").write_text(MINI.format(kind="DAGSORDEN", body="Teknisk Udvalg", section="Indstilling",
                                                text="Forvaltningen indstiller, at dagsordenen godkendes."), encoding="utf-8")
    (tmp_path / "b.txt").write_text(MINI.format(kind="REFERAT", body="Teknik- og Miljøudvalget", section="Beslutning",
                                                text="Udvalget godkendte dagsordenen."), encoding="utf-8")
    G = build([tmp_path]).graph
    meetings = [n for n in _of_type(G, "Meeting") if not G.nodes[n]["props"]["referencedOnly"]]
    assert len(meetings) == 1 and len(_of_type(G, "Body")) == 1
    assert sorted(G.nodes[meetings[0]]["props"]["documentKind"]) == ["DAGSORDEN", "REFERAT"]


def test_two_documents_disagreeing_on_a_value_keep_the_referats_and_report_it(tmp_path):
    for name, kind, place in (("a.txt", "DAGSORDEN", "Rådhuset"), ("b.txt", "REFERAT", "Byens Hus")):
        text = MINI.format(kind=kind, body="Teknisk Udvalg", section="Beslutning", text="Godkendt.")
        (tmp_path / name).write_text(text.replace("Rådhuset, mødelokale 2", place), encoding="utf-8")
    result = build([tmp_path])
    meeting = next(n for n in _of_type(result.graph, "Meeting"))
    assert result.graph.nodes[meeting]["props"]["place"] == "Byens Hus"
    assert any("place" in w and "Rådhuset" in w for w in result.warnings)


def test_a_meeting_referenced_before_its_own_minutes_are_read_is_documented_without_a_conflict(sample_result):
    G = sample_result.graph
    assert not any("referencedOnly" in w for w in sample_result.warnings)
    documented = {(m.body, m.date) for m in sample_result.minutes}
    for n, d in G.nodes(data=True):
        if d["type"] == "Meeting":
            body = next((G.nodes[v]["label"] for _, v, k in G.out_edges(n, keys=True) if k == "meetingOf"), None)
            assert d["props"]["referencedOnly"] == ((body, d["props"]["date"]) not in documented)


def test_every_source_span_carries_the_sentence_that_holds_its_quote(sample_result):
    G = sample_result.graph
    spans = [s for _, d in G.nodes(data=True) for s in d["sources"]] + \
            [s for _, _, d in G.edges(data=True) for s in d["sources"]]
    assert spans
    for s in spans:
        folded = " ".join(s.quote.split())
        assert s.sentence, s
        assert folded in s.sentence or s.sentence.startswith("…"), (s.quote, s.sentence)


def test_a_post_holder_keeps_every_date_the_minutes_state_it(tmp_path):
    for name, day in (("a.txt", "04-03-2021"), ("b.txt", "08-04-2021")):
        text = MINI.format(kind="REFERAT", body="Teknisk Udvalg", section="Beslutning",
                           text="Vejchef Ida Holm orienterede. Udvalget godkendte dagsordenen.")
        d, m, y = day.split("-")
        months = {"03": "marts", "04": "april"}
        text = text.replace("04-03-2021", day).replace("4. marts 2021", f"{int(d)}. {months[m]} {y}")
        (tmp_path / name).write_text(text, encoding="utf-8")
    G = build([tmp_path]).graph
    held = [d["props"]["date"] for u, v, k, d in G.edges(keys=True, data=True) if k == "holdsPost"]
    assert held == [["2021-03-04", "2021-04-08"]]
