"""Single extraction rules on short strings (graph.extract.extract_item_text and helpers)."""
from __future__ import annotations

from datetime import date

from graph.extract import extract_item_text, load_vocabulary
from graph.extract.dates import meeting_references
from graph.extract.text import Segment, norm_name


def _kinds(text, kind):
    return [m.surface for m in extract_item_text(text) if m.kind == kind]


def _refs(text, doc_date, own="Byrådet"):
    vocab = load_vocabulary()
    bodies = [m for m in extract_item_text(text) if m.kind == "Body"]
    seg = Segment("t", 0, text, "Sagsfremstilling")
    return [(m.kind, m.attrs.get("date"), m.attrs.get("body")) for m in meeting_references(seg, vocab, doc_date, own, bodies)]


def test_capitalised_word_written_lower_case_elsewhere_is_no_name():
    assert _kinds("Vi dyrker urban farming. Strategi for Urban Farming i byen.", "Person") == []


def test_first_name_in_a_title_case_name_is_no_person():
    assert _kinds("Der startes fire netværk plus Bo I Byen, som kører videre.", "Person") == []


def test_name_glued_to_an_institution_is_no_person():
    assert _kinds("Uddannelsen tages på Professionshøjskolen Absalon.", "Person") == []


def test_two_full_names_in_a_row():
    assert _kinds("Karin Holm Jensen og Bo Nielsen deltog.", "Person") == ["Karin Holm Jensen", "Bo Nielsen"]


def test_a_post_word_before_a_hyphenated_first_name_names_its_holder():
    posts = [m for m in extract_item_text("Sekretariatschef Anne-Mette Hansen orienterede. Økonomichef Lars Holm supplerede.")
             if m.kind == "Post"]
    assert [(m.attrs["role"], m.attrs.get("holder")) for m in posts] == [
        ("sekretariatschef", "Anne-Mette Hansen"), ("økonomichef", "Lars Holm")]


def test_generic_and_plural_posts_are_not_posts():
    assert _kinds("Cheferne og lederne drøftede det med referencelederen for temaet.", "Post") == []


def test_template_post_without_unit_is_not_a_post():
    assert _kinds("Direktøren for... indstiller,", "Post") == []


def test_unique_post_in_genitive_is_a_post():
    assert _kinds("Det nævnes i borgmesterens brev.", "Post") == ["borgmesterens"]


def test_bare_anaphor_is_not_a_policy():
    assert _kinds("Planen og strategien og politikken blev drøftet.", "Policy") == []


def test_body_by_suffix_and_generic_lower_case_group_is_not():
    assert _kinds("Ældrerådet og ressourcegruppen mødes.", "Body") == ["Ældrerådet"]


def test_paragraph_17_committee_is_a_body():
    assert _kinds("Sagen drøftes i §17.4 Udvalget for Grøn Omstilling.", "Body") == ["§17.4 Udvalget for Grøn Omstilling"]


def test_missing_year_is_taken_nearest_the_meeting_date():
    assert _refs("Som opfølgning på mødet i Byrådet den 21. november.", date(2020, 1, 29)) == [
        ("MeetingReference", "2019-11-21", "Byrådet")]


def test_weekday_is_the_next_such_day():
    assert _refs("Der er ekstraordinært ØU og KB på tirsdag.", date(2017, 1, 5)) == [
        ("MeetingReference", "2017-01-10", "Økonomiudvalget"), ("MeetingReference", "2017-01-10", "Kommunalbestyrelsen")]


def test_deadline_and_period_are_not_meetings():
    got = _refs("Svar sendes senest den 3. maj. Forberedelse 3. - 17. august. Møde d. 23. maj kl. 12.", date(2021, 4, 1))
    assert got == [("Deadline", "2021-05-03", None), ("Deadline", "2021-05-23", None)]


def test_this_meeting_is_not_a_reference():
    assert _refs("Byrådet behandler sagen den 4. marts.", date(2021, 3, 4)) == []


def test_normalisation_merges_inflected_and_ampersand_forms():
    assert norm_name("Idrætspolitikken") == norm_name("Idrætspolitik")
    assert norm_name("Økonomi og Stabs") == norm_name("Økonomi & Stab")
    assert norm_name("KB's") == norm_name("KB")
    assert norm_name("Chefforums") == norm_name("chefforum")


def test_capitalised_pair_after_a_preposition_is_a_unit():
    deps = _kinds("Vejchef Anders Krogh fra Teknik og Miljø har koordineret arbejdet med Børn og Kultur.", "Department")
    assert deps == ["Teknik og Miljø", "Børn og Kultur"]


def test_capitalised_pair_at_a_sentence_start_or_with_a_policy_word_is_not_a_unit():
    assert _kinds("Tryghed og Trivsel er et spor. Det står i Vision og Strategi.", "Department") == []


def test_named_schools_are_municipal_institutions_but_a_bare_school_is_not():
    deps = _kinds("Eleverne fra Kirkevængets Skole flytter til Solbakkeskolen. Skolen udbygges.", "Department")
    assert deps == ["Kirkevængets Skole", "Solbakkeskolen"]


def test_unlisted_body_abbreviation_is_learned_from_the_body_name():
    ms = extract_item_text("Sagen er drøftet i Direktionsforum. DF anbefaler den.")
    df = [m for m in ms if m.surface == "DF"]
    assert [(m.kind, m.attrs.get("canonical")) for m in df] == [("Body", "Direktionsforum")]


def test_capitalised_plan_keeps_its_object():
    assert _kinds("Lokalplan for Havnen blev sendt i høring.", "Policy") == ["Lokalplan for Havnen"]


def test_adopted_is_approved_but_expected_adoption_is_not():
    from graph.extract.decisions import rules

    def outcome(text):
        return next((o for o, p in rules() if p.search(text)), "other")

    assert outcome("Vedtaget.") == "approved"
    assert outcome("Byrådet vedtog forslaget.") == "approved"
    assert outcome("Politikken forventes vedtaget i 4. kvartal.") == "other"
    assert outcome("Taget til orientering.") == "noted"


def test_suspended_compound_belongs_to_the_body_or_organisation_name():
    got = [(m.kind, m.surface) for m in extract_item_text("Sagen går til Klima- og Naturudvalget og Slots- og Kulturstyrelsen.")
           if m.kind in ("Body", "Organisation")]
    assert got == [("Body", "Klima- og Naturudvalget"), ("Organisation", "Slots- og Kulturstyrelsen")]


def test_deadline_word_a_few_words_before_the_date():
    assert _refs("Ansøgningsfristen er den 1. december 2024.", date(2024, 10, 2)) == [("Deadline", "2024-12-01", None)]


def test_institution_word_before_its_name_and_two_names_joined_by_og():
    ms = extract_item_text("Arbejdet skete i dialog med Handicaprådet og Danske Handicaporganisationer og Botilbud Engvang.")
    assert [m.surface for m in ms if m.kind == "Department"] == ["Botilbud Engvang"]
    assert [m.surface for m in ms if m.kind == "Organisation"] == ["Danske Handicaporganisationer"]


def test_strategy_object_may_contain_af():
    assert _kinds("Den ses med kommunens strategi for bekæmpelse af ensomhed.", "Policy") == ["strategi for bekæmpelse af ensomhed"]


def test_suspended_compound_is_one_body_name_not_a_department():
    # "Børne- og Skoleudvalget": "Børne-" shares the tail of the next word, so it is no unit of its own
    text = "Formanden for Børne- og Skoleudvalget deltog. Sagen kommer fra Kultur- og Fritidsudvalget."
    assert _kinds(text, "Department") == []
    assert _kinds(text, "Body") == ["Børne- og Skoleudvalget", "Kultur- og Fritidsudvalget"]
    assert _kinds(text, "Post") == ["Formanden for Børne- og Skoleudvalget"]


def test_suspended_list_of_several_words_is_one_name():
    text = "Direktøren for Teknik-, Miljø- og Klimaudvalget deltog."
    assert _kinds(text, "Body") == ["Teknik-, Miljø- og Klimaudvalget"]
    assert _kinds(text, "Department") == []


def test_suspended_compound_ending_in_a_unit_word_stays_a_department():
    assert _kinds("Sagen går til Børne- og Ungeforvaltningen.", "Department") == ["Børne- og Ungeforvaltningen"]
