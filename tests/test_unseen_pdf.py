"""The PDF path end to end: handmade minutes rendered to PDF at test time (fpdf2, a core font,
a running page footer, pages that break inside an item) must read like the .txt they came from;
a corrupted PDF in a folder is reported by name and the rest is built."""
from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph.cli import app
from graph.sources import read_document

fpdf = pytest.importorskip("fpdf", reason="fpdf2 (test extra) renders the PDF fixtures")

UNSEEN = Path(__file__).parent / "fixtures" / "unseen"
TMU_MINUTES = UNSEEN / "egebaek-tmu-referat-2025-02-11.txt"
runner = CliRunner()


def render_pdf(txt: Path, pdf_path: Path, footer: str, header: str | None = None) -> Path:
    """Typeset a text file as a PDF: one paragraph per line, blank lines as space, a page footer
    "<footer> - Side N", a running ``header`` line atop every page if given, and a small page
    so items run across page breaks."""

    class Minutes(fpdf.FPDF):
        def header(self):
            if header:
                self.set_font("Helvetica", size=8)
                self.cell(0, 6, header, align="C", new_x="LMARGIN", new_y="NEXT")
                self.ln(2)

        def footer(self):
            self.set_y(-12)
            self.set_font("Helvetica", size=8)
            self.cell(0, 8, f"{footer} - Side {self.page_no()}", align="C")

    pdf = Minutes(format=(148, 210))  # A5 in mm
    pdf.set_auto_page_break(True, margin=16)
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    for line in txt.read_text(encoding="utf-8").splitlines():
        if line.strip():
            pdf.multi_cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")  # Latin-1 core font: æøå are fine
        else:
            pdf.ln(3)
    pdf.output(str(pdf_path))
    return pdf_path


@pytest.fixture(scope="module")
def tmu_pdf(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("pdf")
    return render_pdf(TMU_MINUTES, folder / "tmu-referat-2025-02-11.pdf", "Teknik- og Miljøudvalget 11.02.2025")


def _parse_json(path: Path) -> dict:
    result = runner.invoke(app, ["parse", str(path), "--json"])
    assert result.exit_code == 0, result.output
    (doc,) = json.loads(result.stdout)
    return doc


def _comparable(item: dict) -> tuple:
    return (item["number"], item["title"], item["core_title"], item["journal_number"], item["closed"],
            item["proposer"], tuple(item["sections"]), tuple(item["bilag"]))


def test_rendered_pdf_has_pages_and_a_text_layer(tmu_pdf):
    doc, problem = read_document(tmu_pdf)
    assert problem is None
    assert doc.encoding == "pdf"
    import pypdfium2

    from graph.readers.pdf import page_texts

    assert len(pypdfium2.PdfDocument(str(tmu_pdf))) >= 2  # the minutes run over more than one page
    assert "Møllebækken" in doc.text  # Danish letters survive the core font
    # the running footer is page furniture, not text of the minutes
    assert "Side 1" in page_texts(tmu_pdf.read_bytes())[0]
    assert "Side " not in doc.text


def test_pdf_and_txt_of_the_same_minutes_give_the_same_items(tmu_pdf):
    from_txt, from_pdf = _parse_json(TMU_MINUTES), _parse_json(tmu_pdf)
    assert from_pdf["kind"] == from_txt["kind"] == "REFERAT"
    assert from_pdf["meeting"] == from_txt["meeting"]
    assert [_comparable(i) for i in from_pdf["items"]] == [_comparable(i) for i in from_txt["items"]]
    assert len(from_pdf["items"]) == 4


def test_page_footers_are_neither_bilag_nor_a_truncation_warning(tmu_pdf):
    doc = _parse_json(tmu_pdf)
    assert doc["warnings"] == []
    assert not any("Side" in b for item in doc["items"] for b in item["bilag"])


def _build(folder: Path, out: Path) -> tuple[object, dict]:
    result = runner.invoke(app, ["build", str(folder), "-o", str(out), "--format", "ttl"])
    assert result.exit_code == 0, result.output
    return result, json.loads((out / "report.json").read_text(encoding="utf-8"))


def test_folder_with_the_pdf_builds_the_same_graph_as_with_the_txt(tmp_path, tmu_pdf):
    from graph.pipeline import build

    mixed = tmp_path / "mixed"
    mixed.mkdir()
    for txt in UNSEEN.glob("*.txt"):
        if txt != TMU_MINUTES:
            shutil.copy(txt, mixed / txt.name)
    shutil.copy(tmu_pdf, mixed / tmu_pdf.name)
    _, report = _build(mixed, tmp_path / "out")
    pdf_entry = next(e for e in report["inputs"] if e["path"] == tmu_pdf.name)
    assert (pdf_entry["status"], pdf_entry["encoding"], pdf_entry["items"]) == ("read", "pdf", 4)

    def facts(folder):
        G = build([folder]).graph
        nodes = {(d["type"], d["label"]) for _, d in G.nodes(data=True) if d["type"] != "SourceDocument"}
        edges = {(k, u, v) for u, v, k in G.edges(keys=True) if k not in ("documentedIn",)}
        return G, nodes, edges

    G_pdf, nodes_pdf, edges_pdf = facts(mixed)
    _, nodes_txt, edges_txt = facts(UNSEEN)
    assert nodes_pdf == nodes_txt
    assert {e for e in edges_pdf if e[0] != "mentions"} == {e for e in edges_txt if e[0] != "mentions"}
    assert {e for e in edges_pdf if e[0] == "mentions"} <= {e for e in edges_txt if e[0] == "mentions"}
    # the revisits chain runs from the PDF's item to the .txt agenda's item
    later = "https://w3id.org/referatgraf/id/meeting/teknik-og-miljoudvalget/2025-02-11/item/2"
    (edge,) = [d for _, _, k, d in G_pdf.out_edges(later, keys=True, data=True) if k == "revisits"]
    assert {s.doc for s in edge["sources"]} == {tmu_pdf.name, "egebaek-tmu-dagsorden-2025-01-14.txt"}


def test_spans_of_a_pdf_quote_its_extracted_text(tmu_pdf):
    from graph.pipeline import build

    result = build([tmu_pdf])
    text = result.documents[0].text
    spans = [s for _, d in result.graph.nodes(data=True) for s in d["sources"]]
    spans += [s for _, _, d in result.graph.edges(data=True) for s in d.get("sources", [])]
    assert len(spans) > 30
    for s in spans:
        assert text[s.start:s.end] == s.quote


def test_corrupted_pdf_is_reported_by_name_and_the_rest_is_built(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(UNSEEN / "egebaek-bsu-referat-2025-03-11.txt", folder / "bsu.txt")
    rng = random.Random(20250311)  # fixed seed: the same bytes every run
    (folder / "referat-scannet.pdf").write_bytes(bytes(rng.randrange(256) for _ in range(4096)))
    (folder / "halv.pdf").write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog")
    result, report = _build(folder, tmp_path / "out")
    status = {e["path"]: e for e in report["inputs"]}
    assert status["bsu.txt"]["status"] == "read" and status["bsu.txt"]["items"] == 6
    for bad in ("referat-scannet.pdf", "halv.pdf"):
        assert status[bad]["status"] == "skipped" and status[bad]["reason"], bad
        assert bad in result.output
    assert {p["path"] for p in report["problems"]} == {"referat-scannet.pdf", "halv.pdf"}
    assert report["counts"]["nodes"]["AgendaItem"] == 6
    assert (tmp_path / "out" / "graph.ttl").stat().st_size > 0


def test_pdf_line_wraps_lose_no_mentions(tmu_pdf):
    from graph.pipeline import build

    def mentions(src):
        G = build([src]).graph
        return sorted((u.rsplit("/item/", 1)[-1], G.nodes[v]["label"]) for u, v, k in G.edges(keys=True) if k == "mentions")

    assert mentions(tmu_pdf) == mentions(TMU_MINUTES)


def _latin1(text: str) -> str:
    """The text with what the core font cannot show (dashes, quotes) mapped to ASCII, for both copies."""
    import unicodedata

    ascii_for = {"–": "-", "—": "-", "’": "'", "‘": "'", "“": '"', "”": '"', "…": "...", "•": "-"}
    out = []
    for ch in text:
        if ord(ch) < 256:
            out.append(ch)
        else:
            out.append(ascii_for.get(ch) or unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode() or "?")
    return "".join(out)


def _title_facts(path: Path) -> tuple[list, list, int]:
    """(item title facts, TOC entries, how many item titles span a line break) of one file."""
    from graph.structure import parse_minutes

    doc, _ = read_document(path)
    m = parse_minutes(doc)
    for it in m.items:  # spans quote the text as written, line breaks included
        assert doc.text[it.title_span.start:it.title_span.end] == it.title_span.quote
        assert all(doc.text[n.span.start:n.span.end] == n.span.quote for n in it.names)
    items = [(it.number, it.title, it.core_title, it.time_slot, [(n.name, n.role) for n in it.names],
              it.journal_number, [s.heading for s in it.sections]) for it in m.items]
    return items, [(e.title, e.page) for e in m.toc], sum("\n" in it.title_span.quote for it in m.items)


def test_sample_minutes_rendered_to_pdf_keep_their_wrapped_item_titles(tmp_path):
    from graph.sources import default_corpus

    wrapped_titles = 0
    for txt in sorted(default_corpus().rglob("*.txt")):
        plain = tmp_path / txt.name
        plain.write_text(_latin1(txt.read_text(encoding="utf-8")), encoding="utf-8")
        pdf = render_pdf(plain, tmp_path / f"{txt.stem}.pdf", "Udvalget 01.01.2031")
        (items_pdf, toc_pdf, wrapped), (items_txt, toc_txt, _) = _title_facts(pdf), _title_facts(plain)
        assert (items_pdf, toc_pdf) == (items_txt, toc_txt), txt.name
        wrapped_titles += wrapped
    assert wrapped_titles >= 3  # the A5 page really wraps some headings, so the test shows something


# A running header on every page, the kind a reviewer's PDF had: it must not become the body.
RUNNING_HEADER = "Egebæk Kommune - Referat"


@pytest.fixture(scope="module")
def unseen_pdfs_with_header(tmp_path_factory) -> dict[Path, Path]:
    """Every unseen .txt rendered with a running header and a "<title> - Side N" footer."""
    folder = tmp_path_factory.mktemp("pdf_header")
    return {txt: render_pdf(txt, folder / f"{txt.stem}.pdf", "Egebæk Kommune 11.02.2025", RUNNING_HEADER)
            for txt in sorted(UNSEEN.glob("*.txt"))}


def test_running_header_is_dropped_from_the_pdf_text(unseen_pdfs_with_header):
    from graph.readers.pdf import page_texts

    for txt, pdf in unseen_pdfs_with_header.items():
        pages = page_texts(pdf.read_bytes())
        assert len(pages) >= 2 and all(RUNNING_HEADER in p for p in pages), txt.name
        doc, problem = read_document(pdf)
        assert problem is None
        assert RUNNING_HEADER not in doc.text and "Side " not in doc.text, txt.name


def test_running_header_pdf_gives_the_meetings_and_items_of_the_txt(unseen_pdfs_with_header):
    for txt, pdf in unseen_pdfs_with_header.items():
        from_txt, from_pdf = _parse_json(txt), _parse_json(pdf)
        assert from_pdf["meeting"]["body"] != "Egebæk Kommune"
        assert (from_pdf["kind"], from_pdf["meeting"]) == (from_txt["kind"], from_txt["meeting"]), txt.name
        assert [_comparable(i) for i in from_pdf["items"]] == [_comparable(i) for i in from_txt["items"]], txt.name


def test_running_header_pdfs_build_the_graph_of_the_txt(unseen_pdfs_with_header):
    from graph.pipeline import build

    def facts(sources):
        G = build(sources).graph
        nodes = {(d["type"], d["label"]) for _, d in G.nodes(data=True) if d["type"] != "SourceDocument"}
        edges = {(k, u, v) for u, v, k in G.edges(keys=True) if k != "documentedIn"}
        return nodes, edges

    nodes_pdf, edges_pdf = facts(list(unseen_pdfs_with_header.values()))
    nodes_txt, edges_txt = facts([UNSEEN])
    bodies = {label for kind, label in nodes_pdf if kind == "Body"}
    assert bodies and not any(label.endswith("Kommune") for label in bodies)
    assert nodes_pdf == nodes_txt  # no stray organisation or meeting from the header line
    assert edges_pdf == edges_txt  # the mentions too: nothing lost at the page breaks


@pytest.mark.parametrize("header", ["Egebæk Kommune", "Teknik- og Miljøudvalget"])
def test_page_one_title_line_repeated_as_running_header_keeps_the_body(tmp_path, header):
    # TMU's minutes open "Egebæk Kommune / Referat / Teknik- og Miljøudvalget": a header repeating
    # either title line stands above that line on page 1, and only the header goes
    pdf = render_pdf(TMU_MINUTES, tmp_path / "tmu.pdf", "Side", header)
    doc, _ = read_document(pdf)
    assert doc.text.startswith("Egebæk Kommune\nReferat\nTeknik- og Miljøudvalget\n")
    from_txt, from_pdf = _parse_json(TMU_MINUTES), _parse_json(pdf)
    assert from_pdf["meeting"] == from_txt["meeting"]
    assert from_pdf["meeting"]["body"] == "Teknik- og Miljøudvalget"
    assert [_comparable(i) for i in from_pdf["items"]] == [_comparable(i) for i in from_txt["items"]]


def test_sample_minutes_with_a_running_header_keep_meeting_items_and_toc(tmp_path):
    from graph.sources import default_corpus
    from graph.structure import parse_minutes

    for txt in sorted(default_corpus().rglob("*.txt")):
        plain = tmp_path / txt.name
        plain.write_text(_latin1(txt.read_text(encoding="utf-8")), encoding="utf-8")
        pdf = render_pdf(plain, tmp_path / f"{txt.stem}.pdf", "Udvalget 01.01.2031", "Nordby Kommune - Referat")
        assert _title_facts(pdf)[:2] == _title_facts(plain)[:2], txt.name
        (m_pdf, m_txt) = (parse_minutes(read_document(p)[0]) for p in (pdf, plain))
        assert (m_pdf.kind, m_pdf.body, m_pdf.date, m_pdf.place) == (m_txt.kind, m_txt.body, m_txt.date, m_txt.place)
