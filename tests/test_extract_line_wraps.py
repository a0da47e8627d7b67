"""Sentence starts in typeset (PDF) text: a line break that only wraps a paragraph is a space for
sentence logic, while one-paragraph-per-line text keeps every line break as a boundary."""
from __future__ import annotations

from pathlib import Path

import pytest

from graph.extract import extract_item_text
from graph.extract.text import is_sentence_start, line_wraps
from graph.extract.wraps import unwrapped_text
from graph.sources import default_corpus, read_sources
from graph.structure import parse_minutes

FIXTURES = Path(__file__).parent / "fixtures"

# One typeset paragraph as a PDF text layer gives it: a line break at the end of every line.
WRAPPED = "\n".join([
    "Projektforslaget omfatter et regnvandsbassin ved Engvej og lokal afledning af",
    "regnvand fra veje og skolegårde. Vejchef Anders Krogh har koordineret arbejdet",
    "med Børn og Kultur, så omlægningen af skolegårdene kan ske samtidig. Projektet",
    "understøtter Egebæk Kommunes Klimaplan 2030 og den kommende",
    "Spildevandsplan 2026-2030, som Byrådet vedtager til efteråret.",
])
UNWRAPPED = WRAPPED.replace("\n", " ")  # the same offsets


def _at(text: str, word: str) -> int:
    return text.index(word)


def test_lower_case_word_after_a_wrap_is_mid_sentence():
    text = "Vejchef Anders Krogh har koordineret arbejdet\nmed Børn og Kultur, så det kan ske samtidig."
    assert not is_sentence_start(text, _at(text, "med"))
    assert text.index("\n") in line_wraps(text)


def test_capitalised_word_after_a_full_width_line_is_mid_sentence():
    text = ("Projektet understøtter Egebæk Kommunes Klimaplan 2030 og den kommende\n"
            "Spildevandsplan 2026-2030, som vedtages til efteråret i Byrådet.")
    assert not is_sentence_start(text, _at(text, "Spildevandsplan"))


def test_line_break_after_a_sentence_end_at_a_blank_line_or_before_a_list_item_is_a_boundary():
    after_stop = "Udvalget godkendte indstillingen efter en kort drøftelse af økonomien.\nTina Bech stemte imod."
    blank = "Omlægningen af skolegårdene kan ske samtidig med anlægsarbejdet ved\n\nProjektet understøtter planen."
    listed = "Direktøren for Teknik og Miljø indstiller, at udvalget beslutter\n1. at projektet godkendes"
    assert is_sentence_start(after_stop, _at(after_stop, "Tina"))
    assert is_sentence_start(blank, _at(blank, "Projektet"))
    assert is_sentence_start(listed, _at(listed, "1."))
    assert line_wraps(after_stop) == line_wraps(blank) == line_wraps(listed) == frozenset()


def test_headings_labels_and_table_rows_keep_their_line_breaks():
    text = ("Punkt 1 Godkendelse af dagsorden\nSagsnr.: 19/1234\n"
            "Projektforslag, Møllebækken\nTidsplan for anlægsarbejdet\n"
            "TMU - Godkendelse af dagsorden.....\t2\nTMU - Klimatilpasning af Møllebækken.....\t3\n"
            "Borgmesteren indstiller, at dagsordenen og de to bilag til punktet godkendes\n"
            "Beslutning i Byrådet")
    assert line_wraps(text) == frozenset()
    for word in ("Sagsnr", "Tidsplan", "TMU - Klima", "Beslutning"):
        assert is_sentence_start(text, _at(text, word)), word


def test_a_wrapped_paragraph_gives_the_mentions_of_the_unwrapped_one():
    def mentions(text):
        return [(m.kind, " ".join(m.surface.split()), m.span.start, m.span.end) for m in extract_item_text(text)]

    assert mentions(WRAPPED) == mentions(UNWRAPPED)
    assert "Børn og Kultur" in [surface for kind, surface, _, _ in mentions(WRAPPED) if kind == "Department"]


def test_every_break_inside_one_typeset_paragraph_is_a_wrap():
    wraps = line_wraps(WRAPPED)
    assert sorted(wraps) == [i for i, ch in enumerate(WRAPPED) if ch == "\n"]
    assert not is_sentence_start(WRAPPED, _at(WRAPPED, "Spildevandsplan"))


def test_one_paragraph_per_line_minutes_have_no_wraps():
    docs, _ = read_sources([str(default_corpus()), str(FIXTURES / "extract"), str(FIXTURES / "unseen")])
    sections = [s.text for doc in docs for item in parse_minutes(doc).items for s in item.sections]
    assert len(docs) >= 10 and len(sections) > 50
    assert [t for t in sections if line_wraps(t)] == []


# Handmade minutes whose names, typeset on an A5 page (tests/test_unseen_pdf.py), fall on line wraps.
MINUTES_WITH_NAMES_AT_WRAPS = """REFERAT Miljøudvalget d. 03-06-2025

Mødedato Tirsdag d. 3. juni 2025 kl. 16:00

Punkt 1: MU - Godkendelse af dagsorden

Beslutning

Godkendt.

Punkt 2: MU - Ny affaldsordning i boligområderne

Indstilling

Direktøren for Teknik og Miljø indstiller, at udvalget godkender den nye ordning.

Sagsfremstilling

Forvaltningen har i foråret gennemført en høring om den nye ordning, og Jonas Winther har bidraget med erfaringer fra skolerne.

Erfaringerne er samlet i et længere notat, som er udarbejdet af Sekretariatet for Børn og Unge i maj.

Høringen har også omfattet de lokale foreninger, og forslaget støttes af Danske Patientorganisationer.

Ordningen er i løbet af foråret drøftet grundigt med både Social- og Boligstyrelsen og med flere andre parter, som alle støtter forslaget.

Projektet er en del af den fælles plan for affald, og det indgår i den strategi for grøn omstilling i hele kommunen.

Sagen blev drøftet grundigt på mødet i april og forelægges derefter Klima- og Teknikudvalget på næste møde.

Beslutning

Godkendt. Udvalget drøftede sagen kort, og den nyligt ansatte Kultur- og fritidschef Sofie Dam orienterede om de kommende arrangementer i byens parker.
"""
# (kind, name) that the PDF splits at a line wrap
SPLIT_NAMES = [
    ("Person", "Jonas Winther"),
    ("Department", "Sekretariatet for Børn og Unge"),
    ("Organisation", "Danske Patientorganisationer"),
    ("Organisation", "Social- og Boligstyrelsen"),
    ("Policy", "strategi for grøn omstilling"),
    ("Body", "Klima- og Teknikudvalget"),
    ("Post", "Kultur- og fritidschef Sofie Dam"),
]


def _minutes_mentions(path: Path):
    from graph.extract import extract_minutes
    from graph.sources import read_document

    doc, problem = read_document(path)
    assert problem is None
    return doc, extract_minutes(parse_minutes(doc))


def _txt_and_pdf_mentions(tmp_path, stem: str, text: str, footer: str):
    """Mentions of handmade minutes read as .txt and as the same minutes rendered to PDF."""
    pytest.importorskip("fpdf", reason="fpdf2 (test extra) renders the PDF")
    from test_unseen_pdf import render_pdf

    txt = tmp_path / f"{stem}.txt"
    txt.write_text(text, encoding="utf-8")
    pdf = render_pdf(txt, tmp_path / f"{stem}.pdf", footer)
    _, from_txt = _minutes_mentions(txt)
    pdf_doc, from_pdf = _minutes_mentions(pdf)
    assert pdf_doc.encoding == "pdf"
    return from_txt, from_pdf


def _key(ms):
    return sorted((m.item, m.kind, m.surface) for m in ms)


def test_names_split_by_a_pdf_line_wrap_give_the_mentions_of_the_txt(tmp_path):
    from_txt, from_pdf = _txt_and_pdf_mentions(tmp_path, "mu-referat-2025-06-03", MINUTES_WITH_NAMES_AT_WRAPS,
                                               "Miljøudvalget 03.06.2025")
    assert _key(from_pdf) == _key(from_txt)
    # every name really is split in the PDF text, and found there whole
    quotes = {(m.kind, m.surface): m.span.quote for m in from_pdf}
    for kind, name in SPLIT_NAMES:
        assert (kind, name) in quotes, (kind, name)
        assert "\n" in quotes[(kind, name)] and quotes[(kind, name)].replace("\n", " ") == name


def test_a_name_split_by_a_wrap_keeps_exact_offsets_and_a_verbatim_quote():
    text = ("Ordningen er i løbet af foråret drøftet grundigt med både Social- og\n"
            "Boligstyrelsen og med flere andre parter. Forvaltningen har i foråret\n"
            "gennemført en høring om den nye ordning i hele kommunen, og Jonas\n"
            "Winther har bidraget med erfaringer fra skolerne i området.")
    found = {(m.kind, m.surface): m for m in extract_item_text(text)}
    for kind, name in (("Organisation", "Social- og Boligstyrelsen"), ("Person", "Jonas Winther")):
        m = found[(kind, name)]
        assert m.span.quote == text[m.span.start:m.span.end]
        assert "\n" in m.span.quote


def test_a_paragraph_boundary_does_not_join_a_name():
    # "Jonas" ends a heading-like short line; "Winther" starts the next paragraph
    text = "Deltagere: Mette Holm og Jonas\nWinther Gruppen har sendt et høringssvar om den nye ordning i kommunen."
    assert text.index("\n") not in line_wraps(text)
    surfaces = [m.surface for m in extract_item_text(text) if m.kind == "Person"]
    assert "Jonas Winther" not in surfaces


# --- dates and money at a wrap: a period that ends no sentence, a year on the next line ---

def test_a_line_ending_in_an_ordinal_day_before_a_lower_case_month_wraps():
    text = ("Projektet blev drøftet for første gang i udvalget på det ordinære møde den 12.\n"
            "september og igen den 27. august 2024.")
    assert line_wraps(text) == {text.index("\n")}
    assert unwrapped_text(text) == text.replace("\n", " ")


def test_a_line_ending_in_an_amount_abbreviation_before_lower_case_wraps():
    text = ("Renoveringen af bassinet og omklædningsrummene er nu opgjort til i alt 12 mio.\n"
            "kr. inklusive moms, som afholdes inden for den afsatte ramme.")
    assert line_wraps(text) == {text.index("\n")}


def test_a_full_width_line_ending_in_a_word_goes_on_with_a_number():
    text = ("Sagen forelægges Økonomiudvalget til beslutning på mødet den 24. september\n"
            "2024, hvorefter den sendes videre til endelig godkendelse i Byrådet.")
    assert line_wraps(text) == {text.index("\n")}


def test_sentence_ends_numbered_items_and_labels_before_numbers_stay_boundaries():
    numbered = "Beslutning: Indstillingen blev godkendt uden bemærkninger fra udvalgets medlemmer.\n2. Punkt"
    year_after_stop = "Beslutning: Indstillingen blev godkendt uden bemærkninger fra udvalgets medlemmer.\n2025 bliver"
    lower_after_stop = "Beslutning: Indstillingen blev godkendt uden bemærkninger fra udvalgets medlemmer.\nog så videre"
    list_number = "Udvalget behandlede sagen om den nye ordning for affald på mødet i juni og godkendte:\n12.\nseptember"
    short_label = "Budget\n2025\nDen samlede ramme for anlægsarbejdet i boligområderne er uændret i forhold til sidste år."
    for text in (numbered, year_after_stop, lower_after_stop, list_number, short_label):
        assert line_wraps(text) == frozenset(), text
    assert is_sentence_start(numbered, _at(numbered, "2. Punkt"))


def test_a_short_line_ending_in_an_ordinal_day_is_no_wrap():
    # a body-text line ends at the page margin: a short one ending "den 12." closed its paragraph
    text = ("Mødet holdes den 12.\nseptember er afsat til det årlige seminar, hvor udvalget drøfter budgettet for\n"
            "de kommende år sammen med forvaltningen og de lokale foreninger i kommunen.")
    assert text.index("\n") not in line_wraps(text)


def test_breaks_after_an_ampersand_or_a_spaced_dash_wrap():
    ampersand = "2. Uddannelse og beskæftigelse - Skoler & Uddannelse samt Borger &\nArbejdsmarked"
    dash = "Udvalget præsenteres for kommuneplanstrategien \"Mere By -\nplanstrategi 2019\" og verdensmålene."
    assert line_wraps(ampersand) == {ampersand.index("\n")}
    assert line_wraps(dash) == {dash.index("\n")}


def test_dates_and_amounts_split_by_a_wrap_keep_exact_offsets_and_verbatim_quotes():
    from datetime import date

    from graph.extract import load_vocabulary
    from graph.extract.dates import meeting_references, money_amounts
    from graph.extract.text import Segment

    text = ("Projektet blev drøftet for første gang i udvalget på det ordinære møde den 12.\n"
            "september. Renoveringen er nu opgjort til i alt 12 mio. kr., og fristen er senest\n"
            "den 1. oktober, hvorefter forvaltningen samler svarene fra alle de lokale 3 mio.\n"
            "kr. dyre foreninger til udvalgets næste ordinære møde den 29. oktober i år.")
    seg = Segment("doc", 500, text, "Sagsfremstilling")
    found = meeting_references(seg, load_vocabulary(), date(2024, 9, 10), "Kulturudvalget", [])
    found += money_amounts(seg)
    got = {(m.kind, m.surface): m for m in found}
    for kind, surface in (("MeetingReference", "12. september"), ("Deadline", "1. oktober"),
                          ("MoneyAmount", "3 mio. kr."), ("MeetingReference", "29. oktober")):
        m = got[(kind, surface)]
        assert m.span.quote == text[m.span.start - 500:m.span.end - 500]
        assert m.span.quote.replace("\n", " ") == surface
    assert "\n" in got[("MeetingReference", "12. september")].span.quote
    assert "\n" in got[("MoneyAmount", "3 mio. kr.")].span.quote
    assert got[("MeetingReference", "12. september")].attrs["date"] == "2024-09-12"


# Handmade minutes whose dates, amounts and a policy year, typeset on an A5 page
# (tests/test_unseen_pdf.py), fall on line wraps: "13.\naugust", "12 mio.\nkr.", "september\n2024",
# "Idrætsstrategi\n2030", "1.\noktober".
MINUTES_WITH_DATES_AT_WRAPS = """REFERAT Kulturudvalget d. 10-09-2024

Mødedato Tirsdag d. 10. september 2024 kl. 17:00

Punkt 1: KU - Godkendelse af dagsorden

Beslutning

Godkendt.

Punkt 2: KU - Renovering af svømmehallen

Indstilling

Direktøren for Kultur og Fritid indstiller, at udvalget godkender projektet.

Sagsfremstilling

Projektet blev drøftet for første gang i udvalget på det ordinære møde den 13. august og igen den 27. august 2024.

Renoveringen af bassinet og omklædningsrummene er nu opgjort til i alt 12 mio. kr. inklusive moms.

Sagen forelægges Økonomiudvalget til beslutning på mødet den 24. september 2024.

Renoveringen er et led i arbejdet med at nå målene i kommunens Idrætsstrategi 2030 for de kommende år.

Foreningerne kan indsende svar til forvaltningen, og fristen er senest den 1. oktober.

Beslutning

Godkendt.
"""
SPLIT_DATES = [
    ("MeetingReference", "13. august"),
    ("MoneyAmount", "12 mio. kr."),
    ("MeetingReference", "24. september 2024"),
    ("Policy", "Idrætsstrategi 2030"),
    ("Deadline", "1. oktober"),
]


def test_dates_and_money_split_by_a_pdf_line_wrap_give_the_mentions_of_the_txt(tmp_path):
    from_txt, from_pdf = _txt_and_pdf_mentions(tmp_path, "ku-referat-2024-09-10", MINUTES_WITH_DATES_AT_WRAPS,
                                               "Kulturudvalget 10.09.2024")
    assert _key(from_pdf) == _key(from_txt)
    # the dates resolve alike (day, year, body, direction)
    dated = ("MeetingReference", "Deadline")

    def dates(ms):
        return sorted((m.item, m.kind, m.surface, sorted(m.attrs.items())) for m in ms if m.kind in dated)

    assert dates(from_pdf) == dates(from_txt)
    quotes = {(m.kind, m.surface): m.span.quote for m in from_pdf}
    for kind, surface in SPLIT_DATES:
        assert (kind, surface) in quotes, (kind, surface)
        assert "\n" in quotes[(kind, surface)] and quotes[(kind, surface)].replace("\n", " ") == surface
