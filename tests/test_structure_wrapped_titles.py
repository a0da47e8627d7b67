"""Agenda item titles (and table-of-contents entries) that PDF typesetting wrapped onto the next
line read like the same minutes with one heading per line: titles, presenters, time slots,
journal numbers and sections agree, and every span quotes the text as written."""
from __future__ import annotations

import hashlib
import textwrap
from pathlib import Path

from graph.model import SourceDocument
from graph.structure import parse_minutes
from graph.structure.wrapped_titles import joined, looks_cut

# One paragraph per line, as a .txt export has it. Invented people, bodies and subjects.
UNWRAPPED = """REFERAT
Teknik- og Miljøudvalget
Mødedato: 4. marts 2031 kl. 16:00
Mødested: Byrådssalen

Indholdsfortegnelse
TMU - Godkendelse af dagsorden (16:00).....\t2
TMU - Orientering om status på renoveringen af svømmehallen i Nordby v. Kaj Holm (16:05-16:20).....\t3
TMU - Trafiksikkerhedsplan for skolevejene i Vestkvarteret v. Lone Berg og Tue Rask (16:20-16:50).....\t4
TMU - Byggesag om tilbygning til plejecentret ved åen v. Kaj Holm (Mia Dahl deltager) (16:50-17:10).....\t5
TMU - Eventuelt.....\t6

Punkt 1: TMU - Godkendelse af dagsorden (16:00)
00.01.00-A00-1-31
Beslutning
Udvalget godkendte dagsordenen uden bemærkninger, og mødet blev afviklet som planlagt fra start til slut.
Punkt 2: TMU - Orientering om status på renoveringen af svømmehallen i Nordby v. Kaj Holm (16:05-16:20)
82.06.02-G01-3-30
Sagsfremstilling
Renoveringen af svømmehallen er forsinket med tre måneder, fordi leverandøren af de nye bassinfiltre har haft problemer med produktionen, og udvalget orienteres derfor om den reviderede tidsplan.
Beslutning
Udvalget tog orienteringen til efterretning og bad om en ny status på næste møde i udvalget.
Punkt 3: TMU - Trafiksikkerhedsplan for skolevejene i Vestkvarteret v. Lone Berg og Tue Rask (16:20-16:50)
05.13.00-P15-2-31
Indstilling
Forvaltningen indstiller, at udvalget godkender trafiksikkerhedsplanen for skolevejene med de foreslåede hastighedsdæmpende tiltag.
Beslutning
Godkendt.
Punkt 4: TMU - Byggesag om tilbygning til plejecentret ved åen v. Kaj Holm (Mia Dahl deltager) (16:50-17:10)
02.34.02-P19-5-31
Sagsfremstilling
Plejecentret ønsker at bygge en tilbygning med otte nye boliger mod åen, og sagen kræver dispensation fra lokalplanens bestemmelser om byggefelter og bygningshøjde.
Beslutning
Udvalget meddelte dispensation på de vilkår, som forvaltningen har foreslået i sagsfremstillingen.
Punkt 5: TMU - Eventuelt
Beslutning
Intet.
"""


def _doc(text: str, doc_id: str = "wrapped.txt") -> SourceDocument:
    return SourceDocument(doc_id=doc_id, path=Path(doc_id), text=text, encoding="pdf",
                          sha256=hashlib.sha256(text.encode()).hexdigest())


def _typeset(text: str, width: int = 80) -> str:
    """The text as PDF extraction gives it: every line longer than the page width wrapped."""
    return "\n".join(textwrap.fill(line, width, break_long_words=False, break_on_hyphens=False) if line else ""
                     for line in text.split("\n"))


def _items(m):
    return [(it.number, it.title, it.prefix, it.core_title, it.time_slot, [(n.name, n.role) for n in it.names],
             it.journal_number, it.closed, [s.heading for s in it.sections]) for it in m.items]


def _assert_spans_quote_text(m):
    text = m.doc.text
    for it in m.items:
        assert text[it.title_span.start:it.title_span.end] == it.title_span.quote
        assert joined(it.title_span.quote) == it.title
        for ref in it.names:
            assert joined(ref.span.quote) == ref.name
    for entry in m.toc:
        assert joined(entry.span.quote) == entry.title


def test_typeset_text_really_wraps_the_long_headings():
    wrapped = _typeset(UNWRAPPED)
    assert "v. Kaj\nHolm" in wrapped or "v.\nKaj Holm" in wrapped or "Holm\n(16:05-16:20)" in wrapped
    assert wrapped.count("\n") > UNWRAPPED.count("\n") + 8


def test_wrapped_headings_give_the_titles_presenters_slots_and_journal_numbers_of_the_unwrapped_text():
    plain, wrapped = parse_minutes(_doc(UNWRAPPED)), parse_minutes(_doc(_typeset(UNWRAPPED)))
    assert _items(wrapped) == _items(plain)
    item3 = wrapped.items[2]
    assert item3.time_slot == "16:20-16:50"
    assert [(n.name, n.role) for n in item3.names] == [("Lone Berg", "presenter"), ("Tue Rask", "presenter")]
    assert "\n" in item3.title_span.quote  # the span covers the heading as written, over its line break
    _assert_spans_quote_text(wrapped)


def test_wrapped_table_of_contents_entries_are_read_whole():
    plain, wrapped = parse_minutes(_doc(UNWRAPPED)), parse_minutes(_doc(_typeset(UNWRAPPED)))
    assert [(e.title, e.page) for e in wrapped.toc] == [(e.title, e.page) for e in plain.toc]
    assert len(wrapped.toc) == 5 and wrapped.warnings == plain.warnings == []
    _assert_spans_quote_text(wrapped)


def test_title_cut_after_presenter_marker_goes_on_with_the_name_and_time_slot():
    text = ("Punkt 1: Orientering v.\nAsta Krog (13:35-13:45)\n00.01.00-A00-1-31\nBeslutning\nTaget til efterretning.\n"
            "Punkt 2: Status på arbejdet v. Bo Lind (Eva Sand deltager)\n(13:45-13:55)\nSagsnr.: 31/123\nBeslutning\nGodkendt.\n")
    m = parse_minutes(_doc(text))
    first, second = m.items
    assert (first.title, first.time_slot, [n.name for n in first.names], first.journal_number) == (
        "Orientering v. Asta Krog (13:35-13:45)", "13:35-13:45", ["Asta Krog"], "00.01.00-A00-1-31")
    assert first.names[0].span.quote == "Asta Krog"
    assert (second.time_slot, [(n.name, n.role) for n in second.names], second.journal_number) == (
        "13:45-13:55", [("Bo Lind", "presenter"), ("Eva Sand", "participant")], "31/123")
    assert [s.heading for s in first.sections] == ["Beslutning"]
    _assert_spans_quote_text(m)


def test_heading_running_into_body_text_keeps_its_one_line_title():
    # A full-width heading followed by a paragraph (no journal number, no section heading) is no wrap.
    text = ("Punkt 1: Orientering om budgetopfølgningen for tredje kvartal i forvaltningen\n"
            "Forvaltningen orienterer om forbruget på de enkelte politikområder og om de\n"
            "forventede merudgifter på det specialiserede område i resten af året.\n"
            "Punkt 2: Eventuelt\nIntet.\n")
    m = parse_minutes(_doc(text))
    assert m.items[0].title == "Orientering om budgetopfølgningen for tredje kvartal i forvaltningen"
    assert m.items[0].sections[0].text.startswith("Forvaltningen orienterer")
    assert m.items[1].title == "Eventuelt"


def test_one_heading_per_line_text_is_never_joined():
    # .txt minutes: the widest line is a paragraph, so a heading is never near full width
    m = parse_minutes(_doc(UNWRAPPED))
    assert all("\n" not in it.title_span.quote for it in m.items)
    assert m.items[4].sections[0].heading == "Beslutning"


def test_looks_cut_needs_full_width_or_a_cutting_word():
    assert looks_cut("Punkt 3: Præsentation af planstrategien v. Lone Berg og", 500)
    assert looks_cut("Punkt 3: Præsentation af planstrategien for de næste fire år", 70)
    assert not looks_cut("Punkt 3: Præsentation af planstrategien for de næste fire år", 200)
    assert not looks_cut("Punkt 3: Præsentation af planstrategien for de næste fire år.", 70)
    assert looks_cut("Punkt 3: Onboarding af nye ledere v. Bo Lind (Eva Sand deltager)", 70, "(13:55-14:15)")
    assert not looks_cut("Punkt 3: Onboarding af nye ledere v. Bo Lind (Eva Sand deltager)", 70, "Sagsnr. 1")


def test_table_of_contents_row_wrapped_inside_its_title_cell_is_one_entry():
    text = ("DAGSORDEN\nKulturudvalget\nDato: 2031-05-06\nIndhold\n| Punkt | Side |\n|---|---|\n"
            "| Punkt 1: Godkendelse af dagsorden..... | 2 |\n"
            "| Punkt 2: Udlån af lokaler til foreninger v. Ib Kjær (Ane Lund\ndeltager)..... | 3 |\n"
            "Punkt 1: Godkendelse af dagsorden\nSagsnr.: 31/1\nBeslutning\nGodkendt.\n"
            "Punkt 2: Udlån af lokaler til foreninger v. Ib Kjær (Ane Lund\ndeltager)\nSagsnr.: 31/2\n"
            "Beslutning\nGodkendt.\n")
    m = parse_minutes(_doc(text))
    assert [(e.title, e.page) for e in m.toc] == [
        ("Punkt 1: Godkendelse af dagsorden", 2), ("Punkt 2: Udlån af lokaler til foreninger v. Ib Kjær (Ane Lund deltager)", 3)]
    assert [(n.name, n.role) for n in m.items[1].names] == [("Ib Kjær", "presenter"), ("Ane Lund", "participant")]
    assert m.warnings == []
    _assert_spans_quote_text(m)
