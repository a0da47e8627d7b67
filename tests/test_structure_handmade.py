"""Minutes of other bodies and municipalities, header variants, title splitting and bad input."""
from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest

from graph.model import SourceDocument
from graph.sources import default_corpus, read_sources
from graph.structure import (
    NotMinutesError,
    find_date,
    find_section,
    find_time,
    heading_role,
    is_toc_heading,
    parse_minutes,
    split_title,
    toc_mismatches,
)

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "structure"


def _doc(text: str, doc_id: str = "test.txt") -> SourceDocument:
    return SourceDocument(doc_id=doc_id, path=Path(doc_id), text=text, encoding="utf-8",
                          sha256=hashlib.sha256(text.encode()).hexdigest())


def _fixture(name: str):
    docs, problems = read_sources([FIXTURES / name])
    assert problems == []
    return parse_minutes(docs[0])


def _assert_spans(m):
    for it in m.items:
        for s in [it.title_span, it.span, it.journal_span, it.proposer_span,
                  *[x.span for x in it.sections], *[x.heading_span for x in it.sections],
                  *[b.span for b in it.bilag], *[n.span for n in it.names]]:
            if s is not None:
                assert m.doc.text[s.start:s.end] == s.quote


# --------------------------------------------------------------------- another body, a DAGSORDEN


def test_dagsorden_of_a_school_committee_header():
    m = _fixture("skoleudvalg-dagsorden.txt")
    assert m.kind == "DAGSORDEN"
    assert m.body == "Børne- og Skoleudvalget"
    assert m.date == date(2021, 9, 14)
    assert m.start_time == "16:30"
    assert m.place == "Rådhuset, mødelokale 2"
    assert m.header_span is not None and m.header_span.quote.startswith("DAGSORDEN")


def test_dagsorden_items_titles_names_and_slots():
    m = _fixture("skoleudvalg-dagsorden.txt")
    assert [it.number for it in m.items] == [1, 2, 3, 4]
    first, second, closed, last = m.items
    assert first.prefix is None and first.core_title == "Godkendelse af dagsorden"
    assert second.prefix == "BSU - "
    assert second.core_title == "Skolestruktur 2022"
    assert second.time_slot == "17.00-17.30"
    assert [(n.name, n.role) for n in second.names] == [
        ("Hanne Lund", "presenter"), ("Peter Ibsen", "presenter"), ("Karen Madsen", "participant")]
    assert closed.closed and closed.sections == [] and closed.journal_number == "17.20.00-G01-12-21"
    assert last.journal_number is None and not last.closed
    _assert_spans(m)


def test_dagsorden_sections_in_their_own_order_and_subheading_kept_in_text():
    m = _fixture("skoleudvalg-dagsorden.txt")
    item = m.items[1]
    assert [s.heading for s in item.sections] == [
        "Kort om sagen",  # unknown to the list, but clearly a heading opening the item
        "Sagsbeskrivelse", "Økonomiske konsekvenser", "Høring", "Indstilling",
        "Beslutning i Børne- og Skoleudvalget den 14-09-2021", "Bilag"]
    assert "Elevtal og prognoser" in item.section("Sagsbeskrivelse").text
    assert find_section(item, "decision").text == "Udvalget besluttede at sende forslaget i høring."
    assert item.proposer == "Direktøren for Børn og Unge"
    assert [b.text for b in item.bilag] == ["Forslag til ny skolestruktur.pdf", "Elevtalsprognose 2021-2030"]


def test_journal_number_with_spaces_and_four_digit_year_is_normalised():
    m = _fixture("skoleudvalg-dagsorden.txt")
    item = m.items[1]
    assert item.journal_number == "17.01.00-P20-3-21"
    assert item.journal_span.quote == "17.01.00 - P20 - 3 - 2021"


def test_case_number_outside_kle_is_kept_verbatim():
    m = _fixture("skoleudvalg-dagsorden.txt")
    assert m.items[0].journal_number == "21/4711"
    assert m.items[0].proposer == "Forvaltningen"


def test_markdown_toc_with_punkt_labels_matches_items():
    m = _fixture("skoleudvalg-dagsorden.txt")
    assert [(e.title, e.page) for e in m.toc] == [
        ("Punkt 1: Godkendelse af dagsorden", 2),
        ("BSU - Skolestruktur 2022 v. Hanne Lund og Peter Ibsen (Karen Madsen deltager) (kl. 17.00-17.30)", 3),
        ("Lukket punkt", 5),
        ("Eventuelt", 6)]
    assert toc_mismatches(m) == []
    assert m.warnings == []


# --------------------------------------------------------------------- another header form, a REFERAT


def test_referat_with_sentence_header_and_kl_9_00():
    m = _fixture("oekonomiudvalg-referat.txt")
    assert (m.kind, m.body, m.date, m.start_time, m.place) == (
        "REFERAT", "Økonomiudvalget", date(2022, 2, 3), "09:00", "Byrådssalen, Rådhuset")
    assert [e.title for e in m.toc] == ["Budgetopfølgning pr. 31. december 2021", "Salg af grund på Vestervej",
                                        "Lukket"]
    assert m.warnings == []


def test_referat_items_without_prefix_and_other_headings():
    m = _fixture("oekonomiudvalg-referat.txt")
    one, two, three = m.items
    assert one.prefix is None and one.core_title == "Budgetopfølgning pr. 31. december 2021"
    assert one.journal_number == "00.30.10-A00-12-21"
    assert [s.heading for s in one.sections] == ["Resumé", "Sagsfremstilling", "Bevillingsmæssige konsekvenser",
                                                 "Beslutning"]
    # no Indstilling heading: the paragraph that opens with "X indstiller" still names the proposer
    assert one.proposer == "Administrationen"
    assert [s.heading for s in two.sections] == ["Baggrund", "Indstilling", "Lovgrundlag", "Tidsplan", "Beslutning"]
    assert two.proposer == "Borgmesteren"
    assert three.closed and three.journal_number == "00.01.00-A00-1-22"
    _assert_spans(m)


# --------------------------------------------------------------------- pieces


@pytest.mark.parametrize("title, prefix, core, slot, names", [
    ("CF - Onboarding af ledere v. Søren (Bente Poulsen deltager) (13:55-14:15)",
     "CF - ", "Onboarding af ledere", "13:55-14:15", [("Søren", "presenter"), ("Bente Poulsen", "participant")]),
    ("KB - Temadrøftelse v. René, Birgit og Susanne (14:45-15:45)",
     "KB - ", "Temadrøftelse", "14:45-15:45", [("René", "presenter"), ("Birgit", "presenter"),
                                               ("Susanne", "presenter")]),
    ("Orientering om budget (10.00-10.30)", None, "Orientering om budget", "10.00-10.30", []),
    ("ØU - Status (13:15)", "ØU - ", "Status", "13:15", []),
    ("Status ved årsskiftet", None, "Status ved årsskiftet", None, []),
    # a place after "ved" in the subject, then the presenter: the marker nearest the end counts
    ("Trafiksikkerhed ved Nørreby Skole v. Anne-Mette Holm", None, "Trafiksikkerhed ved Nørreby Skole", None,
     [("Anne-Mette Holm", "presenter")]),
    ("Trafiksikkerhed ved Nørreby Skole", None, "Trafiksikkerhed ved Nørreby Skole", None, []),
    ("Strategi for Budget 2024 (Ole Hansen og Eva Berg deltagere)", None, "Strategi for Budget 2024", None,
     [("Ole Hansen", "participant"), ("Eva Berg", "participant")]),
    ("Temaer - Tæller tal i byen", None, "Temaer - Tæller tal i byen", None, []),
])
def test_title_is_split_into_prefix_core_slot_and_names(title, prefix, core, slot, names):
    text = f"Punkt 1: {title}"
    doc = _doc(text)
    got_prefix, got_core, got_slot, got_names = split_title(doc, title, len("Punkt 1: "))
    assert (got_prefix, got_core, got_slot) == (prefix, core, slot)
    assert [(n.name, n.role) for n in got_names] == names
    for n in got_names:
        assert text[n.span.start:n.span.end] == n.name


def test_dates_times_and_headings_vocabulary():
    assert find_date("Mødedato Onsdag d. 29. januar 2020 kl. 13:15")[0] == date(2020, 1, 29)
    assert find_date("d. 05-01-2017")[0] == date(2017, 1, 5)
    assert find_date("3.2.2022")[0] == date(2022, 2, 3)
    assert find_date("den 31. februar 2020") is None
    assert find_time("kl. 16.30") == "16:30" and find_time("kl 9") == "09:00"
    assert find_time("19.05.2016") is None
    assert heading_role("Beslutning i Økonomiudvalget") == "decision"
    assert heading_role("Sagsbeskrivelse") == "case" and heading_role("Videre proces") == "process"
    assert heading_role("Dagsorden - 09. maj 2016") is None
    assert is_toc_heading("Innholdsfortegnelse") and is_toc_heading("Indholdsfortegnelse:")
    assert not is_toc_heading("Indstilling")


def test_bilag_lines_that_look_like_headings_stay_bilag():
    text = ("REFERAT Kulturudvalget d. 01-02-2022\n\nPunkt 1: Godkendelse\n\n00.01.00-A00-1-22\n\n"
            "Beslutning\n\nGodkendt.\n\nBilag\n\nDagsorden - 09. maj 2021\n\nReferat fra seneste møde\n")
    m = parse_minutes(_doc(text))
    assert [s.heading for s in m.items[0].sections] == ["Beslutning", "Bilag"]
    assert [b.text for b in m.items[0].bilag] == ["Dagsorden - 09. maj 2021", "Referat fra seneste møde"]


def test_markdown_headings_and_bold_section_headings_are_understood():
    text = ("# Referat Teknik- og Miljøudvalget 12. marts 2019\n\n## Punkt 1: Vejplan\n\n"
            "**Indstilling**\n\nTeknik og Miljø indstiller, at planen godkendes.\n\n**Beslutning**\n\nGodkendt.\n")
    m = parse_minutes(_doc(text, "md.md"))
    assert m.body == "Teknik- og Miljøudvalget" and m.date == date(2019, 3, 12)
    item = m.items[0]
    assert item.title == "Vejplan"
    assert [s.heading for s in item.sections] == ["Indstilling", "Beslutning"]
    assert item.proposer == "Teknik og Miljø"
    _assert_spans(m)


# --------------------------------------------------------------------- bad input


def test_text_that_is_not_minutes_raises_not_minutes_error():
    with pytest.raises(NotMinutesError) as err:
        parse_minutes(_doc("Opskrift på æblekage\n\nTag 4 æbler og 100 g smør.\n\nBag i 40 minutter.\n"))
    assert "Punkt" in err.value.reason


def test_truncated_minutes_parse_complete_items_and_warn(tmp_path):
    sample = next(default_corpus().rglob("chefforum-2020-01-29.txt"))
    full_text = sample.read_text(encoding="utf-8")
    cut = full_text.index("Punkt 6:") + 400  # in the middle of item 6
    truncated = tmp_path / "truncated.txt"
    truncated.write_text(full_text[:cut], encoding="utf-8")
    docs, problems = read_sources([truncated, sample])
    assert problems == []
    full, part = (parse_minutes(d) for d in sorted(docs, key=lambda d: d.doc_id != sample.name))
    assert len(part.items) == 6
    for a, b in zip(part.items[:5], full.items[:5]):
        assert (a.title, a.journal_number, [s.heading for s in a.sections], a.proposer, [x.text for x in a.bilag]) \
            == (b.title, b.journal_number, [s.heading for s in b.sections], b.proposer, [x.text for x in b.bilag])
    assert any("truncated" in w for w in part.warnings)
    assert not any("truncated" in w for w in full.warnings)


def test_toc_that_disagrees_with_items_is_reported():
    text = ("REFERAT Chefgruppen d. 01-02-2022\n\nIndholdsfortegnelse\n\nAG - Budget.....\t2\nAG - Evt.....\t3\n\n"
            "Punkt 1: AG - Budgetrevision\n\n00.30.00-A00-1-22\n\nBeslutning\n\nDrøftet.\n\n"
            "Punkt 2: AG - Evt.\n\nBeslutning\n\nIntet.\n")
    m = parse_minutes(_doc(text))
    assert [e.title for e in m.toc] == ["AG - Budget", "AG - Evt"]
    problems = toc_mismatches(m)
    assert len(problems) == 1 and "AG - Budgetrevision" in problems[0]
    assert problems[0] in m.warnings


def test_item_section_finds_variants_of_a_standard_heading():
    m = _fixture("skoleudvalg-dagsorden.txt")
    item = m.items[1]
    assert item.section("Beslutning").heading == "Beslutning i Børne- og Skoleudvalget den 14-09-2021"
    assert item.section("beslutning") is item.section("Beslutning")
    assert item.section("Sagsbeskrivelse").heading == "Sagsbeskrivelse"
    assert m.items[0].section("Bilag") is None


# --------------------------------------------------------------------- text as it comes out of a PDF


def test_pdf_text_without_blank_lines_and_colonless_items():
    m = _fixture("byraad-pdf-tekst.txt")
    assert (m.kind, m.body, m.date, m.start_time, m.place) == (
        "REFERAT", "Byrådet", date(2019, 3, 12), "17:00", "Byrådssalen")
    # "Punkt N Title page" lines of the table of contents are not taken for items
    assert [(e.title, e.page) for e in m.toc] == [
        ("Punkt 1 Godkendelse af dagsorden", 2), ("Punkt 2 Lokalplan for Havnen", 3),
        ("Punkt 3 Lukket punkt: Køb af ejendom", 5)]
    assert [it.title for it in m.items] == [
        "Godkendelse af dagsorden", "Lokalplan for Havnen", "Lukket punkt: Køb af ejendom"]
    one, two, three = m.items
    assert [s.heading for s in one.sections] == ["Indstilling", "Beslutning i Byrådet"]
    assert one.proposer == "Borgmesteren" and one.journal_number == "19/1234"
    # "Punkt 3 er behandlet ..." inside a section is a sentence, not an item heading
    assert "Punkt 3 er behandlet i Økonomiudvalget." in two.section("Sagsfremstilling").text
    assert two.proposer == "Teknik og Miljø"
    assert [b.text for b in two.bilag] == ["Lokalplan 1.23 Havnen"]  # the page footer is not a bilag
    assert three.closed and three.sections == [] and three.journal_number == "01.11.10-G01-2-19"
    assert m.warnings == []
    _assert_spans(m)


@pytest.mark.parametrize("header, body, day", [
    ("Referat fra Økonomiudvalgets møde den 5. maj 2020", "Økonomiudvalget", date(2020, 5, 5)),
    ("Dagsorden - Social- og Sundhedsudvalget - 05.05.2020", "Social- og Sundhedsudvalget", date(2020, 5, 5)),
    ("Ældrerådet - referat\n\nDato: 5/5 2020", "Ældrerådet", date(2020, 5, 5)),
    ("Beslutningsprotokol\n\nUdvalg: Plan- og Boligudvalget\nMødedato: 2020-05-05 kl. 8.15",
     "Plan- og Boligudvalget", date(2020, 5, 5)),
    ("Referat\nByrådet\nMødedato\n05.05.2020\nMødested:\nByrådssalen", "Byrådet", date(2020, 5, 5)),
])
def test_header_variants_name_body_and_date(header, body, day):
    m = parse_minutes(_doc(header + "\n\nPunkt 1: Godkendelse af dagsorden\n\nBeslutning\n\nGodkendt.\n"))
    assert m.body == body
    assert m.date == day
    assert m.header_span is not None and m.header_span.start == 0


def test_minutes_cut_in_the_last_decision_warn_of_truncation():
    text = ("REFERAT Kulturudvalget d. 01-02-2022\n\nPunkt 1: Godkendelse\n\nBeslutning\n\nGodkendt.\n\n"
            "Punkt 2: Eventuelt\n\nBeslutning\n\nFormanden orienterede om planerne for det nye bibliotek og om")
    m = parse_minutes(_doc(text))
    assert [it.number for it in m.items] == [1, 2]
    assert any("truncated" in w and "Punkt 2" in w for w in m.warnings)
    complete = parse_minutes(_doc(text + " tidsplanen.\n"))
    assert not any("truncated" in w for w in complete.warnings)


@pytest.mark.parametrize("name", ["chefforum-2016-03-17.txt", "chefforum-2023-08-03.txt"])
def test_any_prefix_of_a_sample_parses_with_valid_spans(name):
    full = next(default_corpus().rglob(name)).read_text(encoding="utf-8")
    for cut in range(1, len(full), 211):
        doc = _doc(full[:cut], name)
        try:
            m = parse_minutes(doc)
        except NotMinutesError:
            continue
        _assert_spans(m)


def test_items_numbered_without_punkt_and_lists_inside_them():
    m = _fixture("kulturudvalg-nummererede-punkter.txt")
    assert (m.kind, m.body, m.date, m.start_time, m.place) == (
        "DAGSORDEN", "Kultur- og Fritidsudvalget", date(2022, 6, 7), "15:00", "Mødelokale A")
    assert [(it.number, it.title) for it in m.items] == [
        (1, "Godkendelse af dagsorden"), (2, "Tilskud til foreninger 2023")]
    second = m.items[1]
    assert second.journal_number == "20.00.00-Ø40-5-22"
    assert [s.heading for s in second.sections] == ["Sagsfremstilling", "Beslutning"]
    # the numbered list inside the case text is not a run of new items
    assert second.section("Sagsfremstilling").text.endswith("1. At puljen forhøjes.\n2. At fristen flyttes.")
    assert m.warnings == []


def test_docstring_examples_of_the_parser_run():
    import doctest
    import importlib
    import pkgutil

    import graph.datafiles
    import graph.sources
    import graph.structure

    parser_modules = [importlib.import_module(f"graph.structure.{info.name}")
                      for info in pkgutil.iter_modules(graph.structure.__path__)]
    results = {m.__name__: doctest.testmod(m) for m in (*parser_modules, graph.sources, graph.datafiles)}
    assert all(r.failed == 0 for r in results.values()), results
    assert results["graph.sources"].attempted and results["graph.datafiles"].attempted
    assert sum(results[m.__name__].attempted for m in parser_modules) > 0


def test_a_dated_letter_is_not_minutes_but_an_agenda_without_items_is_kept_with_a_warning():
    with pytest.raises(NotMinutesError):
        parse_minutes(_doc("Dato: 2021-03-04\nSted: Rådhuset\n\nKære borger\n\nTak for din henvendelse.\n"))
    m = parse_minutes(_doc("DAGSORDEN Miljøudvalget d. 04-03-2021\n\nMødet er aflyst.\n"))
    assert m.items == [] and m.body == "Miljøudvalget"
    assert "no 'Punkt N:' agenda items found" in m.warnings


def test_a_short_sentence_under_the_heading_is_not_a_case_number():
    text = ("REFERAT Kulturudvalget d. 01-02-2022\n\nPunkt 1: Orientering\n\nSagen blev udsat.\n\n"
            "Beslutning\n\nTaget til efterretning.\n")
    item = parse_minutes(_doc(text)).items[0]
    assert item.journal_number is None
    assert item.sections[0].heading == "" and item.sections[0].text == "Sagen blev udsat."


def test_data_files_skip_blank_lines_and_comments_also_when_indented():
    from graph.datafiles import entry_lines, rows

    text = "# header comment\n\nSide\tpage\n   # indented comment\n\t# tab-indented comment\n  af\tof  \n"
    assert entry_lines(text) == ("Side\tpage", "  af\tof  ")
    # every vocabulary file reads without comment lines leaking in as entries
    assert all(not row[0].startswith("#") for row in rows("danish_months.tsv"))
    assert ("januar", "1") in rows("danish_months.tsv")


def test_parser_vocabulary_is_read_once_per_process():
    from graph import datafiles

    assert datafiles.lines("first_names.txt") is datafiles.lines("first_names.txt")
    assert datafiles.rows("headings.tsv") is datafiles.rows("headings.tsv")


def test_bilag_skip_page_footers_in_every_language_of_the_data_file():
    m = parse_minutes(_doc("REFERAT Miljøudvalget d. 04-03-2021\n\nPunkt 1: Ny sti\n\nBeslutning\n\nGodkendt.\n\n"
                           "Bilag\n\nKort over stien\nPage 2 of 3\nMiljøudvalget 04.03.2021 - Side 3 af 3\n"))
    assert [b.text for b in m.items[0].bilag] == ["Kort over stien"]


def test_a_referat_heading_over_one_long_line_without_date_or_items_is_not_minutes():
    text = "Referat\n\n" + " ".join(["Vi talte om mange ting og blev enige om at mødes igen senere."] * 200) + "\n"
    with pytest.raises(NotMinutesError) as exc:
        parse_minutes(_doc(text))
    assert "neither a meeting date nor any 'Punkt N:' agenda items" in exc.value.reason
    # the same heading with a meeting date, or with one agenda item, is minutes
    assert parse_minutes(_doc("Referat\n4. marts 2021\n\n" + text[9:])).date == date(2021, 3, 4)
    assert len(parse_minutes(_doc("Referat\n\nPunkt 1: Status\n\n" + text[9:])).items) == 1


def test_standing_item_titles_match_only_at_a_word_boundary():
    from graph.structure import is_standing_item

    assert is_standing_item("Eventuelt") and is_standing_item("EVENTUELT.")
    assert is_standing_item("Referat: godkendt uden bemærkninger")
    assert not is_standing_item("Referatskabelon for udvalgene")
    assert not is_standing_item("Eventueltilbud")


def test_an_empty_last_item_that_only_starts_like_a_standing_item_is_flagged_as_truncation():
    head = "REFERAT Miljøudvalget d. 04-03-2021\n\nPunkt 1: Ny sti\n\nBeslutning\n\nGodkendt.\n\n"
    standing = parse_minutes(_doc(head + "Punkt 2: Eventuelt\n"))
    assert not any("is empty" in w for w in standing.warnings)
    lookalike = parse_minutes(_doc(head + "Punkt 2: Referatskabelon for udvalgene\n"))
    assert "the document may be truncated: the last item (Punkt 2) is empty" in lookalike.warnings
