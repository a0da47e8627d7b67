"""Extraction on handmade minutes of invented municipalities and committees (tests/fixtures/extract/):
other people, departments, policies, bodies and dates than the sample, so the rules are not fitted to it."""
from __future__ import annotations

from pathlib import Path

import pytest

from graph.extract import decision_outcome, extract_minutes, load_vocabulary
from graph.sources import read_sources
from graph.structure import parse_minutes

FIXTURES = Path(__file__).parent / "fixtures" / "extract"


def _minutes(name):
    docs, problems = read_sources([FIXTURES / name])
    assert not problems
    return parse_minutes(docs[0])


@pytest.fixture(scope="module")
def bsu():
    m = _minutes("bsu-2021-09-14.txt")
    return m, extract_minutes(m)


@pytest.fixture(scope="module")
def tmu():
    m = _minutes("tmu-2022-03-08.txt")
    return m, extract_minutes(m)


def _surfaces(mentions, kind, item=None):
    return {m.surface for m in mentions if m.kind == kind and (item is None or m.item == item)}


def test_full_names_first_names_and_names_after_a_post_are_persons(bsu, tmu):
    assert _surfaces(bsu[1], "Person") == {"Mads", "Lone", "Karen Ostenfeld Lund", "Kim Skov", "Ole", "Birthe Kjær"}
    assert {"Lise-Lotte Dam", "Jens Villadsen", "Maria Holt", "Poul Erik Hansen", "Susanne Bang"} <= _surfaces(tmu[1], "Person")


def test_posts_with_their_units(bsu, tmu):
    posts = {m.surface: m.attrs for m in bsu[1] if m.kind == "Post"}
    assert posts["Direktøren for Børn & Unge"]["unit"] == "Børn & Unge"
    assert posts["Chefen for Skole & Dagtilbud"]["role"] == "chef"
    assert posts["borgmester Birthe Kjær"]["holder"] == "Birthe Kjær"
    assert "Formanden Susanne Bang" in _surfaces(tmu[1], "Post")


def test_departments_by_ampersand_post_unit_word_and_institution_word(bsu, tmu):
    deps = _surfaces(bsu[1], "Department")
    assert {"Børn & Unge", "Skole & Dagtilbud", "Sekretariat for Byudvikling", "Tandplejen", "sundhedsplejen"} <= deps
    assert "Børn og Unge" in deps  # the "og" spelling of a known "&" name
    assert {"Teknik og Miljø", "Center for Klima og Natur", "Trafik & Veje"} <= _surfaces(tmu[1], "Department")


def test_own_body_is_found_by_its_agenda_label_but_not_in_the_label(bsu):
    minutes, mentions = bsu
    own = [m for m in mentions if m.kind == "Body" and m.attrs.get("canonical") == "Børne- og Skoleudvalget"]
    assert {m.surface for m in own} == {"BSU"}
    assert all(m.span.start > minutes.items[m.item - 1].title_span.end for m in own)


def test_organisations_by_cue_word_definition_and_acronym(bsu, tmu):
    orgs = _surfaces(bsu[1], "Organisation")
    assert {"Aarhus Universitet", "Danmarks Evalueringsinstitut", "EVA", "Undervisningsministeriet"} <= orgs
    eva = [m for m in bsu[1] if m.surface == "EVA"]
    assert {m.attrs.get("canonical") for m in eva} == {"Danmarks Evalueringsinstitut"}
    assert {"HOFOR", "Region Hovedstaden", "Vejdirektoratet"} <= _surfaces(tmu[1], "Organisation")


def test_own_municipality_is_not_an_organisation(bsu):
    assert not [m for m in bsu[1] if m.kind == "Organisation" and "Nørreby" in m.surface]


def test_policies_by_head_word_and_strategi_for(bsu, tmu):
    assert {"Skolepolitik 2022-2025", "Skolepolitikken", "strategi for inkluderende fællesskaber",
            "Dagtilbudspolitik"} <= _surfaces(bsu[1], "Policy")
    pol = _surfaces(tmu[1], "Policy")
    assert {"Klimaplan 2030", "Klimastrategien", "Bæredygtighedspolitik"} <= pol
    assert not any("handleplan" in p or "tidsplan" in p for p in pol)


def test_meeting_references_deadlines_and_bodies(bsu):
    refs = {(m.item, m.attrs["date"], m.attrs["body"]) for m in bsu[1] if m.kind == "MeetingReference"}
    assert refs == {
        (1, "2021-08-10", "Børne- og Skoleudvalget"),
        (2, "2021-09-21", "Økonomiudvalget"),
        (2, "2021-09-28", "Byrådet"),
        (2, "2021-11-09", "Børne- og Skoleudvalget"),
        (3, "2021-06-03", "Børne- og Skoleudvalget"),
    }
    assert {m.attrs["date"] for m in bsu[1] if m.kind == "Deadline"} == {"2021-11-01"}


def test_money(bsu):
    assert _surfaces(bsu[1], "MoneyAmount") == {"2,5 mio. kr.", "350.000 kr."}


def test_decisions_of_another_committee(bsu, tmu):
    assert [decision_outcome(i).outcome for i in bsu[0].items] == ["approved", "decided", "noted", "noted"]
    assert [decision_outcome(i).outcome for i in tmu[0].items] == ["approved", "approved", "noted", "noted"]


def test_user_alias_file_adds_a_body(tmp_path, tmu):
    extra = tmp_path / "aliases.tsv"
    extra.write_text("Organisation\tTrafikselskabet Movia\tMovia\t\n", encoding="utf-8")
    ms = extract_minutes(tmu[0], load_vocabulary(extra_aliases=extra))
    movia = [m for m in ms if m.surface == "Movia"]
    assert movia and {m.attrs["canonical"] for m in movia} == {"Trafikselskabet Movia"}


@pytest.fixture(scope="module")
def oeu():
    m = _minutes("oeu-2021-05-18.txt")
    return m, extract_minutes(m)


def test_name_after_a_body_name_and_a_first_name_that_is_also_a_word(oeu):
    persons = _surfaces(oeu[1], "Person")
    assert {"Grethe Olsen", "Per Kristensen", "Anne Grethe Madsen", "Lars Bo Nielsen", "Hanne Sørensen"} <= persons


def test_body_inside_a_meeting_compound_dates_its_meeting(oeu):
    refs = {(m.attrs["date"], m.attrs["body"]) for m in oeu[1] if m.kind == "MeetingReference"}
    assert ("2021-06-22", "Byrådet") in refs      # "På byrådsmødet den 22. juni 2021"
    assert ("2021-05-27", "Kommunekontaktrådet") in refs  # "KKR-mødet den 27. maj"


def test_compound_of_a_work_plan_word_can_still_be_a_policy(oeu):
    pol = _surfaces(oeu[1], "Policy")
    assert "Klimahandleplanen" in pol and "hidtidige værdighedspolitik" not in pol


def test_committee_recommendation_is_approval(oeu):
    assert decision_outcome(oeu[0].items[2]).outcome == "approved"
