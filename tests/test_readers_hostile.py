"""Damaged and odd structured files (found by fuzzing) are read or reported, never a crash that
ends the build; a reader's or an extractor's bug costs one document's part, not the build."""
from __future__ import annotations

import io
import time

import pytest

from graph.sources import read_document, read_sources

MINUTES = ("REFERAT Chefforum d. 17-03-2016\n\nMødedato Torsdag d. 17. marts 2016 kl. 09:00\n\n"
           "Punkt 1: CF - Budget\n\n00.01.00-A00-29-16\n\nIndstilling\n\nDirektøren indstiller,\n\n"
           "1. at budgettet godkendes.\n\nBeslutning\n\nGodkendt.\n")

SBSYS = ('<Publication><Agendas><Agenda><Committee><Name>Udvalget</Name></Committee><Meeting><When>04-03-2024 08:00:00'
         '</When></Meeting><Items><Item><Number>{n}</Number><Caption>Budget</Caption></Item></Items></Agenda></Agendas>'
         '</Publication>')
EDOC = ('<Root xmlns="http://www.fujitsu.dk/agenda/xml/schemas/2009/03/31/"><Committee><Name>Udvalget</Name><Meeting>'
        '<MeetingDateTime>04-03-2024 08:00</MeetingDateTime><Agenda><Type>Referat</Type><AgendaElements><AgendaElement>'
        '<HandlingItem><SerialNo>{n}</SerialNo><Title>Budget</Title></HandlingItem></AgendaElement></AgendaElements>'
        '</Agenda></Meeting></Committee></Root>')

HOSTILE = {
    "items-are-strings.json": b'{"Moede": {}, "Dagsordenpunkter": ["x"]}',
    "participant-is-a-string.json": b'{"Moede": {"Dato": "2024-03-04", "Moededeltagere": ["Anne Hansen"]}, "Dagsordenpunkter": []}',
    "meeting-is-a-string.json": b'{"Moede": "x", "Dagsordenpunkter": []}',
    "fields-are-strings.json": b'{"Moede": {"Dato": "2024-03-04"}, "Dagsordenpunkter": [{"Navn": "x", "Felter": ["x"]}]}',
    "html-is-an-object.json": b'{"Moede": {"Dato": "2024-03-04"}, "Dagsordenpunkter": [{"Navn": "x", '
                              b'"Felter": [{"Navn": "Beslutning", "Html": {"a": 1}}]}]}',
    "date-is-a-number.json": b'{"Moede": {"Dato": 1.5}, "Dagsordenpunkter": []}',
    "attachments-are-a-number.json": b'{"Moede": {"Dato": "2024-03-04"}, "Dagsordenpunkter": [{"Navn": "x", "Bilag": 5}]}',
    "attachments-are-strings.json": b'{"Moede": {"Dato": "2024-03-04"}, "Dagsordenpunkter": [{"Navn": "x", "Bilag": ["x"]}]}',
    "item-number-superscript.json": '{"Moede": {"Dato": "2024-03-04"}, "Dagsordenpunkter": [{"Punktnummer": "²", "Navn": "x"}]}'.encode(),
    "nested-deeply.json": b"[" * 100_000,
    "sbsys-number-superscript.xml": SBSYS.format(n="²").encode(),
    "edoc-number-superscript.xml": EDOC.format(n="²").encode(),
    "unknown-encoding.xml": b'<?xml version="1.0" encoding="bogus"?><Publication><Agendas/></Publication>',
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_damaged_structured_file_is_read_or_reported_never_raised(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(HOSTILE[name])
    doc, problem = read_document(path)
    assert doc is not None or problem is not None


def test_deep_json_and_unknown_xml_encodings_say_what_is_wrong(tmp_path):
    for name, reason in (("nested-deeply.json", "nested too deeply"), ("unknown-encoding.xml", "unknown encoding")):
        (tmp_path / name).write_bytes(HOSTILE[name])
        doc, problem = read_document(tmp_path / name)
        assert doc is None and reason in problem.reason


def test_a_superscript_item_number_is_not_taken_for_a_number(tmp_path):
    from graph.structure import parse_minutes

    for name in ("sbsys-number-superscript.xml", "edoc-number-superscript.xml", "item-number-superscript.json"):
        (tmp_path / name).write_bytes(HOSTILE[name])
        doc, _ = read_document(tmp_path / name)
        assert [it.number for it in parse_minutes(doc).items] == [1], name


def test_an_export_naming_an_attachment_path_too_long_for_the_disk_does_not_stop_the_folder(tmp_path):
    xml = SBSYS.format(n="1").replace("</Item>", f"<Enclosures><Enclosure><FileName>{'a' * 5000}.pdf</FileName>"
                                                "</Enclosure></Enclosures></Item>")
    (tmp_path / "export.xml").write_text(xml, encoding="utf-8")
    (tmp_path / "m.txt").write_text(MINUTES, encoding="utf-8")
    docs, problems = read_sources([tmp_path])
    assert "m.txt" in [d.doc_id for d in docs]


def test_a_reader_that_fails_costs_only_its_file(tmp_path, monkeypatch):
    import graph.readers.text as text_reader

    (tmp_path / "a.txt").write_text(MINUTES, encoding="utf-8")
    (tmp_path / "b.md").write_text(MINUTES, encoding="utf-8")
    real = text_reader.read_text
    monkeypatch.setattr(text_reader, "read_text", lambda raw: 1 / 0 if raw.startswith(b"REFERAT") and
                        monkeypatch_target.pop() else real(raw))
    monkeypatch_target = [False, True]  # the first file read fails, the second is read
    docs, problems = read_sources([tmp_path])
    assert len(docs) == 1
    assert [p.reason for p in problems] == ["could not be read (ZeroDivisionError: division by zero)"]


def test_an_extractor_that_fails_keeps_the_documents_items(tmp_path, monkeypatch):
    import graph.extract as extract
    from graph.pipeline import build

    (tmp_path / "m.txt").write_text(MINUTES, encoding="utf-8")
    monkeypatch.setattr(extract, "extract_minutes", lambda *a, **k: [][1])
    result = build([tmp_path])
    assert [d["type"] for _, d in result.graph.nodes(data=True)].count("AgendaItem") == 1
    [problem] = result.problems
    assert problem.severity == "warning" and "entity extraction failed (IndexError" in problem.reason


def test_a_word_file_of_many_paragraphs_reads_in_linear_time():
    import docx

    from graph.readers.docx import read_docx

    document = docx.Document()
    document.add_paragraph("REFERAT Chefforum d. 17-03-2016")
    document.add_heading("Punkt 1: Budget", level=2)
    for _ in range(8000):
        document.add_paragraph("Godkendt.")
    buf = io.BytesIO()
    document.save(buf)
    start = time.perf_counter()
    read = read_docx(buf.getvalue())
    # a hang guard, not a benchmark: python-docx's per-paragraph style lookup took 20 s here
    assert time.perf_counter() - start < 10
    assert read.text.count("Godkendt.") == 8000
    assert [read.text[b.start:b.end] for b in read.blocks if b.kind == "heading"] == ["Punkt 1: Budget"]


def test_a_heading_ending_in_thousands_of_dots_parses_in_linear_time(tmp_path):
    from graph.structure import parse_minutes

    path = tmp_path / "m.txt"
    path.write_text(MINUTES.replace("Punkt 1: CF - Budget", "Punkt 1: CF - Budget" + "." * 5000), encoding="utf-8")
    doc, _ = read_document(path)
    start = time.perf_counter()
    minutes = parse_minutes(doc)
    # a hang guard, not a benchmark: the table-of-contents pattern was cubic here (over a minute)
    assert time.perf_counter() - start < 10
    assert [it.number for it in minutes.items] == [1]


def test_a_weekday_after_a_meeting_in_the_year_9999_is_no_crash(tmp_path):
    from graph.pipeline import build

    (tmp_path / "m.txt").write_text(MINUTES.replace("17-03-2016", "31-12-9999").replace(
        "17. marts 2016", "31. december 9999").replace("Godkendt.", "Godkendt. Vi mødes igen på tirsdag."), encoding="utf-8")
    result = build([tmp_path])
    assert not [p for p in result.problems if "extraction failed" in p.reason]
