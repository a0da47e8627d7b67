"""Sentence starts in typeset (PDF) text: a line break that only wraps a paragraph is a space for
sentence logic, while one-paragraph-per-line text keeps every line break as a boundary."""
from __future__ import annotations

from pathlib import Path

import pytest

from graph.extract import extract_item_text
from graph.extract.text import is_sentence_start, line_wraps
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


def test_names_split_by_a_pdf_line_wrap_give_the_mentions_of_the_txt(tmp_path):
    pytest.importorskip("fpdf", reason="fpdf2 (test extra) renders the PDF")
    from test_unseen_pdf import render_pdf

    txt = tmp_path / "mu-referat-2025-06-03.txt"
    txt.write_text(MINUTES_WITH_NAMES_AT_WRAPS, encoding="utf-8")
    pdf = render_pdf(txt, tmp_path / "mu-referat-2025-06-03.pdf", "Miljøudvalget 03.06.2025")
    _, from_txt = _minutes_mentions(txt)
    pdf_doc, from_pdf = _minutes_mentions(pdf)
    assert pdf_doc.encoding == "pdf"

    def key(ms):
        return sorted((m.item, m.kind, m.surface) for m in ms)

    assert key(from_pdf) == key(from_txt)
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
