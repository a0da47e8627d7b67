"""Running page headers and footers of PDFs are page furniture, not text of the minutes; the
title block on page 1 and lines of the minutes that happen to repeat near page edges stay.
The header parser never takes a municipality's name for the body."""
from __future__ import annotations

from pathlib import Path

from graph.model import SourceDocument
from graph.sources import drop_running_lines, join_pages, running_keys
from graph.structure import parse_minutes


def _page(n: int, body: str, header: str = "Byrådet 12.03.2019 - Referat", total: int = 4) -> str:
    return f"{header}\n{body}\nmere tekst på side {n}\nSide {n} af {total}"


def test_header_and_numbered_footer_repeating_on_every_page_are_dropped():
    pages = [_page(n, f"Tekst {n}") for n in range(1, 5)]
    assert running_keys(pages) == {"byrådet 12.03.2019 - referat", "side # af #"}
    assert drop_running_lines(pages) == [f"Tekst {n}\nmere tekst på side {n}" for n in range(1, 5)]


def test_titled_page_number_footer_matches_across_pages_and_goes_with_the_header_above_it():
    pages = [f"Udvalget\nUdvalget 11.02.2025 - Side {n}\nTekst {n}\nslut {n}" for n in range(1, 4)]
    assert "udvalget #.#.# - side #" in running_keys(pages)
    # on page 1 the header block goes too, as it carries the page number
    assert drop_running_lines(pages) == ["Tekst 1\nslut 1", "Tekst 2\nslut 2", "Tekst 3\nslut 3"]


def test_a_header_block_with_a_heading_word_inside_goes_but_a_heading_that_ends_it_stays():
    pages = [f"Udvalget\nReferat\nDato: 04.12.2012\nSide {n} af 3\nBeslutning\nTekst {n}" for n in range(1, 4)]
    assert drop_running_lines(pages) == [f"Beslutning\nTekst {n}" for n in range(1, 4)]


def test_header_on_fewer_than_half_of_the_pages_stays():
    pages = [_page(1, "A", "Kommune X"), _page(2, "B", "Andet"), _page(3, "C", "Tredje"), _page(4, "D", "Fjerde")]
    assert "kommune x" not in running_keys(pages)
    assert drop_running_lines(pages)[0].startswith("Kommune X\nA")


def test_a_single_page_has_no_running_lines():
    page = "Egebæk Kommune - Referat\nREFERAT\nUdvalget\nSide 1 af 1"
    assert running_keys([page]) == set()
    assert drop_running_lines([page]) == [page]


def test_page_one_title_that_differs_from_the_header_stays():
    pages = ["Egebæk Kommune - Referat\nEgebæk Kommune\nREFERAT\nUdvalget",
             "Egebæk Kommune - Referat\nmere", "Egebæk Kommune - Referat\nendnu mere"]
    assert drop_running_lines(pages)[0] == "Egebæk Kommune\nREFERAT\nUdvalget"


def test_page_one_title_repeated_by_the_header_right_below_it_is_kept_once():
    pages = ["Udvalget\nUdvalget\nREFERAT", "Udvalget\nmere", "Udvalget\nendnu mere"]
    assert drop_running_lines(pages) == ["Udvalget\nREFERAT", "mere", "endnu mere"]


def test_on_page_one_only_the_first_line_can_be_a_running_header():
    # page 1 without the header: its body line below REFERAT reads like the later pages' header
    pages = ["REFERAT\nUdvalget\nMødedato: 1. marts", "Udvalget\nmere", "Udvalget\nendnu mere"]
    assert drop_running_lines(pages)[0] == pages[0]


def test_repeating_lines_of_the_minutes_below_other_text_stay():
    # an item per page: the proposer's line opens the third line of every page, under text
    pages = [f"Punkt {n}: Sag {n}\n17.00.00-A00-{n}-25\nDirektøren for Børn og Kultur indstiller,\nat x"
             for n in range(1, 5)]
    assert drop_running_lines(pages) == pages


def test_sentences_headings_and_journal_numbers_at_page_edges_are_not_furniture():
    pages = [f"Beslutning\n00.01.00-A00-{n}-19\nPunkt {n}\nGodkendt." for n in range(1, 5)]
    assert running_keys(pages) <= {"beslutning"}  # a heading may repeat; alone at the edge it stays
    assert drop_running_lines(pages) == pages


def test_sentence_running_over_a_page_break_stays_one_paragraph():
    assert join_pages(["Han har arbejdet", "med Børn og Kultur."]) == "Han har arbejdet\nmed Børn og Kultur."
    assert join_pages(["Godkendt.", "Punkt 2"]) == "Godkendt.\n\nPunkt 2"
    assert join_pages(["A", "", "B"]) == "A\n\nB"  # an empty page adds nothing


def _minutes(text: str):
    return parse_minutes(SourceDocument(doc_id="m.txt", path=Path("m.txt"), text=text, encoding="utf-8", sha256=""))


def test_municipality_name_in_a_page_header_line_is_never_the_body():
    m = _minutes("Egebæk Kommune - Referat\nDato: 11.02.2025\n\n1. Godkendelse af dagsorden\n\nGodkendt.\n")
    assert m.kind == "REFERAT"
    assert m.body is None


def test_body_after_referat_wins_over_a_page_header_line():
    m = _minutes("Teknik- og Miljøudvalget - Referat\nREFERAT\nBørne- og Skoleudvalget\nDato: 11.02.2025\n\n"
                 "1. Godkendelse af dagsorden\n\nGodkendt.\n")
    assert (m.kind, m.body) == ("REFERAT", "Børne- og Skoleudvalget")
    assert str(m.date) == "2025-02-11"


def test_body_in_a_trailing_kind_title_is_still_read():
    m = _minutes("Økonomiudvalget - Referat\nDato: 04.03.2021\n\n1. Godkendelse af dagsorden\n\nGodkendt.\n")
    assert (m.kind, m.body) == ("REFERAT", "Økonomiudvalget")
