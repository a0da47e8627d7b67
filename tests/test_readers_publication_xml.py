"""SBSYS and eDoc (Fujitsu) publication XML (graph/readers/publication_xml.py).

The corpus tests read the real exports in ../shared/corpus (skipped when absent) and compare the
parse with what the test itself reads from the XML with ElementTree; the handmade tests write
small invented exports of both formats.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path

import pytest

from graph.readers import ReadError
from graph.readers.publication_xml import UNKNOWN, claimed_files, read_publication_xml
from graph.sources import read_document
from graph.structure import parse_minutes

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
EDOC_NS = "http://www.fujitsu.dk/agenda/xml/schemas/2009/03/31/"


def _corpus_files() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted(CORPUS.glob("sbsys-publication/*/Publication*.xml")) + sorted(
        CORPUS.glob("edoc-fujitsu-middelfart/*/*/*.xml"))


CORPUS_FILES = _corpus_files()
needs_corpus = pytest.mark.skipif(not CORPUS_FILES, reason=f"development corpus not found at {CORPUS}")


# --- what the test reads from the XML itself ------------------------------------------------

def _strip(root: ET.Element) -> ET.Element:
    for e in root.iter():
        if isinstance(e.tag, str):
            e.tag = e.tag.rsplit("}", 1)[-1]
    return root


def _t(el, path: str) -> str:
    return ((el.findtext(path) if el is not None else None) or "").strip()


def _ws(text: str) -> str:
    return " ".join(text.split())


def expected(path: Path) -> dict:
    """Reader name, body, date, items (number, title, case number, closed, attachment titles)
    and referenced file paths, read straight from the XML."""
    root = _strip(ET.fromstring(path.read_bytes()))
    if root.tag == "Publication":
        agenda = root.find("Agendas/Agenda")
        when = datetime.strptime(_t(agenda, "Meeting/When"), "%d-%m-%Y %H:%M:%S")
        items = []
        for it in agenda.findall("Items/Item"):
            encl = sorted(it.findall("Enclosures/Enclosure"), key=lambda e: int(_t(e, "Number") or 0))
            items.append({"number": int(_t(it, "Number")), "title": _ws(_t(it, "Caption")),
                          "case": _t(it, "Case/Number") or None, "closed": _t(it, "IsPublic") != "True",
                          "bilag": [_ws(_t(e, "Name")) for e in encl]})
        refs = [_t(e, "InstantiationFilePathRelative") for e in root.iter("Enclosure")]
        return {"reader": "sbsys", "body": _t(agenda, "Committee/Name"), "date": when.date(),
                "time": when.strftime("%H:%M"), "place": _t(agenda, "Meeting/Where"),
                "items": sorted(items, key=lambda i: i["number"]), "refs": refs}
    meeting = root.find("Committee/Meeting")
    when = datetime.strptime(_t(meeting, "MeetingDateTime"), "%d-%m-%Y %H:%M")
    items = []
    for el in meeting.findall("Agenda/AgendaElements/AgendaElement"):
        hi = el.find("HandlingItem")
        att = sorted(hi.findall("Attachments/Attachment"), key=lambda a: int(_t(a, "AttachmentNumber") or 0))
        items.append({"number": int(_t(hi, "SerialNo")), "title": _ws(_t(hi, "Title")),
                      "case": _t(hi, "CaseNumber") or None, "closed": _t(el, "AccessIsPublic") == "false",
                      "bilag": [_ws(_t(a, "Title")) for a in att]})
    refs = [_t(a, "Link") for a in root.iter("Attachment")]
    return {"reader": "edoc", "body": _t(root, "Committee/Name"), "date": when.date(),
            "time": when.strftime("%H:%M"), "place": _t(meeting, "MeetingLocation"),
            "items": sorted(items, key=lambda i: i["number"]), "refs": refs}


def _on_disk(base: Path, refs: list[str]) -> set[Path]:
    """The referenced files that exist under ``base`` (names compared without case)."""
    wanted = {"/".join(p for p in r.replace("\\", "/").split("/") if p).casefold() for r in refs if r}
    return {f for f in base.rglob("*") if f.is_file() and f.relative_to(base).as_posix().casefold() in wanted}


# --- the corpus ----------------------------------------------------------------------------

@needs_corpus
@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_corpus_export_reads_as_its_format(path: Path):
    want = expected(path)
    doc, problem = read_document(path)
    assert doc is not None, problem
    assert problem is None or problem.severity == "warning"
    assert doc.reader == want["reader"]
    m = parse_minutes(doc)
    assert m.body == want["body"]
    assert m.date == want["date"]
    assert m.start_time == want["time"]
    assert (m.place or "") == want["place"]
    got = [(it.number, it.title, it.journal_number, it.closed) for it in m.items]
    assert got == [(i["number"], i["title"], i["case"], i["closed"]) for i in want["items"]]
    assert [[b.text for b in it.bilag] for it in m.items] == [i["bilag"] for i in want["items"]]


@needs_corpus
@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_corpus_claimed_files_are_the_referenced_files_beside_it(path: Path):
    want = expected(path)
    claimed = claimed_files(path, path.read_bytes())
    assert set(claimed) == _on_disk(path.parent, want["refs"])
    assert len(claimed) == len(set(claimed))
    assert all(p.is_file() and path.parent in p.parents for p in claimed)
    # every PDF in an enclosure / attachment folder beside the export is one it references
    pdfs = {f for f in path.parent.glob("*/*") if f.suffix.lower() == ".pdf"}
    assert pdfs <= set(claimed)


@needs_corpus
def test_corpus_item_texts_are_sections():
    """Every item field with words becomes a section under the field's name."""
    for path in CORPUS_FILES:
        doc, _ = read_document(path)
        m = parse_minutes(doc)
        root = _strip(ET.fromstring(path.read_bytes()))
        names = {_ws(_t(f, "Caption")) for f in root.iter("ItemField") if _t(f, "Content")}
        names |= {_ws(_t(c, "Title")) for c in root.iter("CasePresentation") if _t(c, "Content")}
        headings = {s.heading for it in m.items for s in it.sections}
        assert names - {""} <= headings, path.name


# --- handmade exports --------------------------------------------------------------------------

SBSYS_XML = """\ufeff<?xml version="1.0" encoding="utf-8"?>
<Publication>
  <PublicationTypeAsValue>2</PublicationTypeAsValue>
  <PublicationTypeAsEnum>Minutes</PublicationTypeAsEnum>
  <RelativeEnclosureOutputPath>Enclosures</RelativeEnclosureOutputPath>
  <Agendas>
    <Agenda ID="7">
      <Name>Ordinært møde</Name>
      <Meeting ID="3">
        <Members>
          <MeetingMember ID="1"><ParticipationStatusAsValue>1</ParticipationStatusAsValue>
            <Name>Rune  Kvist (B)</Name><MeetingMemberRolesList>Formand</MeetingMemberRolesList></MeetingMember>
          <MeetingMember ID="2"><ParticipationStatusAsValue>2</ParticipationStatusAsValue>
            <ParticipationStatusAsText>Absent</ParticipationStatusAsText><Name>Sofie Lund</Name></MeetingMember>
        </Members>
        <When>07-11-2031 09:15:00</When>
        <Where>Mødelokale Syd</Where>
      </Meeting>
      <Committee ID="4"><Name>Fritidsudvalget</Name></Committee>
      <Items>
        <Item ID="11">
          <Caption>Ny  svømmehal</Caption>
          <Case ID="5"><Number>18.15.00-G01-4-31</Number><NumberAndTitle>18.15.00-G01-4-31 - Svømmehal</NumberAndTitle></Case>
          <Enclosures>
            <Enclosure ID="91" ItemID="11"><Name>Skitseprojekt</Name><Number>1</Number>
              <InstantiationFileName>1.pdf</InstantiationFileName>
              <InstantiationFilePathRelative>Enclosures\\1.pdf</InstantiationFilePathRelative></Enclosure>
            <Enclosure ID="92" ItemID="11"><Name>Tidsplan</Name><Number>2</Number>
              <InstantiationFileName>2.pdf</InstantiationFileName>
              <InstantiationFilePathRelative>Enclosures\\2.pdf</InstantiationFilePathRelative></Enclosure>
          </Enclosures>
          <IsPublic>True</IsPublic>
          <Fields>
            <ItemField ID="1"><Caption>Sagsfremstilling</Caption><FieldTypeAsEnum>Html</FieldTypeAsEnum>
              <HasContent>True</HasContent><Index>1</Index>
              <Content><![CDATA[<p>\n\tSvømmehallen er <strong>nedslidt</strong> og skal erstattes.</p>]]></Content></ItemField>
            <ItemField ID="2"><Caption>Tidligere behandling</Caption><FieldTypeAsEnum>Multiline</FieldTypeAsEnum>
              <HasContent>True</HasContent><Index>2</Index>
              <Content>Fritidsudvalget 3. maj 2031\nByrådet 20. maj 2031</Content></ItemField>
            <ItemField ID="3"><Caption>Økonomi</Caption><FieldTypeAsEnum>Html</FieldTypeAsEnum>
              <HasContent>False</HasContent><Index>3</Index><Content /></ItemField>
            <ItemField ID="4"><Caption>Beslutning</Caption><FieldTypeAsEnum>Html</FieldTypeAsEnum>
              <HasContent>True</HasContent><Index>4</Index><IsFeedback>True</IsFeedback>
              <Content><![CDATA[<p>Godkendt.</p>]]></Content></ItemField>
          </Fields>
          <Members>
            <ItemMember ID="5"><ParticipationStatusAsValue>4</ParticipationStatusAsValue><Name>Rune Kvist (B)</Name></ItemMember>
          </Members>
        </Item>
        <Item ID="12">
          <Caption>Personalesag</Caption>
          <Case ID="0"><Number /><NumberAndTitle> - </NumberAndTitle></Case>
          <IsPublic>False</IsPublic>
          <Fields />
        </Item>
      </Items>
    </Agenda>
  </Agendas>
</Publication>
"""

EDOC_XML = f"""<?xml version="1.0" encoding="utf-8"?>
<Root xmlns:edoc="{EDOC_NS}">
  <edoc:OutputTypeEnumName>Summary</edoc:OutputTypeEnumName>
  <edoc:Committee>
    <edoc:Name>Klimaudvalget</edoc:Name>
    <edoc:Meeting>
      <edoc:MeetingDateTime>14-02-2032 16:00</edoc:MeetingDateTime>
      <edoc:MeetingLocation>Rådhuset, lokale 2</edoc:MeetingLocation>
      <edoc:MeetingParticipants>
        <edoc:MeetingParticipant><edoc:Name>Ida  Holm </edoc:Name><edoc:RoleInMeeting>Formand</edoc:RoleInMeeting>
          <edoc:Participate>true</edoc:Participate></edoc:MeetingParticipant>
        <edoc:MeetingParticipant><edoc:Name>Ole Brink</edoc:Name><edoc:RoleInMeeting>Medlem</edoc:RoleInMeeting>
          <edoc:Participate>false</edoc:Participate></edoc:MeetingParticipant>
      </edoc:MeetingParticipants>
      <edoc:Agenda>
        <edoc:Type>Referat</edoc:Type>
        <edoc:AgendaElements>
          <edoc:AgendaElement>
            <edoc:AccessIsPublic>false</edoc:AccessIsPublic>
            <edoc:HandlingItem>
              <edoc:SerialNo>9</edoc:SerialNo>
              <edoc:Title>Lukket sag om grundkøb</edoc:Title>
              <edoc:CaseNumber>2032-000777</edoc:CaseNumber>
              <edoc:CasePresentations />
            </edoc:HandlingItem>
          </edoc:AgendaElement>
          <edoc:AgendaElement>
            <edoc:AccessIsPublic>true</edoc:AccessIsPublic>
            <edoc:HandlingItem>
              <edoc:SerialNo>8</edoc:SerialNo>
              <edoc:Title>Klimaplan  2033</edoc:Title>
              <edoc:NeutralTitle>Klimaplan</edoc:NeutralTitle>
              <edoc:CaseNumber>2031-004242</edoc:CaseNumber>
              <edoc:HandlingPlan>
                <edoc:Handling><edoc:Placement>Previous</edoc:Placement><edoc:CommitteeName>Teknikudvalget</edoc:CommitteeName>
                  <edoc:MeetingDate>10-01-2032 15:00</edoc:MeetingDate><edoc:Decision>Anbefalet.</edoc:Decision></edoc:Handling>
                <edoc:Handling><edoc:Placement>This</edoc:Placement><edoc:CommitteeName>Klimaudvalget</edoc:CommitteeName>
                  <edoc:MeetingDate>14-02-2032 16:00</edoc:MeetingDate><edoc:Decision>&lt;p&gt;Vedtaget.&lt;/p&gt;</edoc:Decision></edoc:Handling>
              </edoc:HandlingPlan>
              <edoc:CasePresentations>
                <edoc:CasePresentation><edoc:Title>Sagsbeskrivelse</edoc:Title>
                  <edoc:Content>Planen er klar.&lt;br /&gt;Den sendes i høring.</edoc:Content><edoc:IsDecision>false</edoc:IsDecision></edoc:CasePresentation>
                <edoc:CasePresentation><edoc:Title>Økonomi</edoc:Title><edoc:Content /><edoc:IsDecision>false</edoc:IsDecision></edoc:CasePresentation>
                <edoc:CasePresentation><edoc:Title>Indstilling</edoc:Title>
                  <edoc:Content>At planen vedtages.
At den offentliggøres.</edoc:Content><edoc:IsDecision>false</edoc:IsDecision></edoc:CasePresentation>
              </edoc:CasePresentations>
              <edoc:Attachments>
                <edoc:Attachment><edoc:AttachmentNumber>2</edoc:AttachmentNumber><edoc:Title>Høringsliste.docx</edoc:Title>
                  <edoc:Link>\\Attachments\\200-2.pdf</edoc:Link></edoc:Attachment>
                <edoc:Attachment><edoc:AttachmentNumber>1</edoc:AttachmentNumber><edoc:Title>Klimaplan.pdf</edoc:Title>
                  <edoc:Link>\\Attachments\\200-1.pdf</edoc:Link></edoc:Attachment>
              </edoc:Attachments>
            </edoc:HandlingItem>
          </edoc:AgendaElement>
        </edoc:AgendaElements>
      </edoc:Agenda>
    </edoc:Meeting>
  </edoc:Committee>
</Root>
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def _sections(item) -> dict[str, str]:
    return {s.heading: s.text for s in item.sections}


def test_handmade_sbsys(tmp_path: Path):
    path = _write(tmp_path, "Publication7.xml", SBSYS_XML)
    (tmp_path / "Enclosures").mkdir()
    (tmp_path / "Enclosures" / "1.PDF").write_bytes(b"%PDF-1.4")
    (tmp_path / "Enclosures" / "3.pdf").write_bytes(b"%PDF-1.4")  # not referenced: not claimed
    doc, problem = read_document(path)
    assert problem is None and doc.reader == "sbsys"
    m = parse_minutes(doc)
    assert (m.kind, m.body, str(m.date), m.start_time, m.place) == (
        "REFERAT", "Fritidsudvalget", "2031-11-07", "09:15", "Mødelokale Syd")
    header = [(a.name, a.role, a.function) for a in m.attendance if a.item is None]
    assert header == [("Rune Kvist", "present", "Formand"), ("Sofie Lund", "absent", None)]
    assert [(a.name, a.role, a.item) for a in m.attendance if a.item is not None] == [("Rune Kvist", "recused", 1)]
    # the export gives no item numbers: they are numbered in document order
    assert [(i.number, i.title, i.journal_number, i.closed) for i in m.items] == [
        (1, "Ny svømmehal", "18.15.00-G01-4-31", False), (2, "Personalesag", None, True)]
    first = m.items[0]
    sections = _sections(first)
    assert list(sections)[:3] == ["Sagsfremstilling", "Tidligere behandling", "Beslutning"]
    assert "Økonomi" not in sections  # an empty field is left out
    assert sections["Sagsfremstilling"] == "Svømmehallen er nedslidt og skal erstattes."
    assert sections["Tidligere behandling"] == "Fritidsudvalget 3. maj 2031\nByrådet 20. maj 2031"
    # (the composed item-level "Deltagere:" line still trails the last field: record.py's doing)
    assert sections["Beslutning"].splitlines()[0] == "Godkendt."
    assert [b.text for b in first.bilag] == ["Skitseprojekt", "Tidsplan"]
    assert claimed_files(path, path.read_bytes()) == [tmp_path / "Enclosures" / "1.PDF"]


def test_handmade_sbsys_item_numbers_from_the_export(tmp_path: Path):
    text = SBSYS_XML.replace("<Caption>Ny  svømmehal</Caption>", "<Number>4</Number><Caption>Ny  svømmehal</Caption>")
    text = text.replace("<Caption>Personalesag</Caption>", "<Number>3</Number><Caption>Personalesag</Caption>")
    m = parse_minutes(read_document(_write(tmp_path, "p.xml", text))[0])
    assert [(i.number, i.title) for i in m.items] == [(3, "Personalesag"), (4, "Ny svømmehal")]


def test_handmade_sbsys_draft_is_read_with_a_warning(tmp_path: Path):
    text = SBSYS_XML.replace("<PublicationTypeAsValue>2<", "<PublicationTypeAsValue>0<").replace(">Minutes<", ">Draft<")
    doc, problem = read_document(_write(tmp_path, "p.xml", text))
    assert doc is not None and doc.meta["kind"] == "DAGSORDEN"
    assert problem is not None and problem.severity == "warning" and "draft" in problem.reason


def test_handmade_edoc(tmp_path: Path):
    path = _write(tmp_path, "agenda.xml", EDOC_XML)
    (tmp_path / "Attachments").mkdir()
    for name in ("200-1.PDF", "200-2.PDF"):
        (tmp_path / "Attachments" / name).write_bytes(b"%PDF-1.4")
    doc, problem = read_document(path)
    assert problem is None and doc.reader == "edoc"
    m = parse_minutes(doc)
    assert (m.kind, m.body, str(m.date), m.start_time, m.place) == (
        "REFERAT", "Klimaudvalget", "2032-02-14", "16:00", "Rådhuset, lokale 2")
    assert [(a.name, a.role) for a in m.attendance] == [("Ida Holm", "present"), ("Ole Brink", "absent")]
    assert [(i.number, i.title, i.journal_number, i.closed) for i in m.items] == [
        (8, "Klimaplan 2033", "2031-004242", False), (9, "Lukket sag om grundkøb", "2032-000777", True)]
    plan = m.items[0]
    sections = _sections(plan)
    assert sections["Sagsbeskrivelse"] == "Planen er klar.\nDen sendes i høring."
    assert sections["Indstilling"] == "At planen vedtages.\nAt den offentliggøres."
    assert "Økonomi" not in sections
    assert sections["Beslutning"] == "Vedtaget."  # this meeting's decision (HandlingPlan, Placement This)
    assert "Teknikudvalget" in sections["Sagsforløb"] and "Anbefalet." in sections["Sagsforløb"]
    assert [b.text for b in plan.bilag] == ["Klimaplan.pdf", "Høringsliste.docx"]
    assert sorted(p.name for p in claimed_files(path, path.read_bytes())) == ["200-1.PDF", "200-2.PDF"]


def test_handmade_edoc_agenda_has_no_decision(tmp_path: Path):
    text = EDOC_XML.replace("<edoc:Type>Referat<", "<edoc:Type>Dagsorden<")
    m = parse_minutes(read_document(_write(tmp_path, "a.xml", text))[0])
    assert m.kind == "DAGSORDEN"
    assert "Beslutning" not in _sections(m.items[0])


def test_malformed_xml_gives_a_clear_reason(tmp_path: Path):
    doc, problem = read_document(_write(tmp_path, "broken.xml", "<Publication><Agendas></Publication>"))
    assert doc is None
    assert problem.reason.startswith("not well-formed XML (") and "line 1" in problem.reason
    with pytest.raises(ReadError, match="not well-formed XML"):
        read_publication_xml(b"")
    assert claimed_files(tmp_path / "broken.xml", b"<Publication>") == []


def test_other_xml_is_of_an_unknown_kind(tmp_path: Path):
    doc, problem = read_document(_write(tmp_path, "feed.xml", "<rss><channel><title>Nyheder</title></channel></rss>"))
    assert doc is None and problem.reason == UNKNOWN
    assert claimed_files(tmp_path / "feed.xml", b"<rss/>") == []


def test_edoc_publication_notice_is_not_an_agenda():
    notice = (f'<Root xmlns:edoc="{EDOC_NS}"><edoc:Notification><edoc:Publish>true</edoc:Publish>'
              "<edoc:PathToXml>\\a\\b.xml</edoc:PathToXml></edoc:Notification></Root>").encode()
    with pytest.raises(ReadError, match="eDoc publication notice"):
        read_publication_xml(notice)
