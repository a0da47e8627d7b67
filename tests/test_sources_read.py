"""Reading inputs: files, folders, globs, encodings, PDFs and bad files reported by name."""
from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from graph.sources import default_corpus, read_sources

SAMPLE_NAME = "chefforum-2016-05-19.txt"


def _sample_path() -> Path:
    return next(default_corpus().rglob(SAMPLE_NAME))


def _make_pdf(pages: list[str]) -> bytes:
    """A minimal PDF with one line of ASCII text per page (empty string: no text)."""
    objs = ["<< /Type /Catalog /Pages 2 0 R >>"]
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(len(pages)))
    objs.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>")
    font = 3 + 2 * len(pages)
    for i, text in enumerate(pages):
        content = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET" if text else ""
        objs.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {4 + 2 * i} 0 R "
                    f"/Resources << /Font << /F1 {font} 0 R >> >> >>")
        objs.append(f"<< /Length {len(content)} >>\nstream\n{content}\nendstream")
    objs.append("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out = b"%PDF-1.4\n"
    offsets = []
    for k, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += f"{k} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{off:010d} 00000 n \n".encode() for off in offsets)
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def test_default_corpus_holds_the_five_sample_minutes():
    docs, problems = read_sources([default_corpus()])
    assert problems == []
    assert len(docs) == 5
    assert all(d.doc_id.startswith("albertslund-chefforum/") for d in docs)
    assert [d.doc_id for d in docs] == sorted(d.doc_id for d in docs)
    assert all(d.encoding == "utf-8" and len(d.sha256) == 64 for d in docs)


def test_folder_is_read_recursively_and_other_extensions_are_listed_as_ignored(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "b.txt").write_text("Punkt 1: B", encoding="utf-8")
    (tmp_path / "sub" / "a.md").write_text("Punkt 1: A", encoding="utf-8")
    (tmp_path / "sub" / "notes.odt").write_bytes(b"PK\x03\x04")
    docs, problems = read_sources([tmp_path])
    assert [d.doc_id for d in docs] == ["b.txt", "sub/a.md"]
    assert [(p.path, p.severity) for p in problems] == [("sub/notes.odt", "ignored")]


def test_single_file_gets_its_file_name_as_doc_id():
    docs, problems = read_sources([_sample_path()])
    assert [d.doc_id for d in docs] == [SAMPLE_NAME]
    assert problems == []


def test_glob_ids_are_relative_to_the_folder_before_the_wildcard(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "m1.txt").write_text("Punkt 1: A", encoding="utf-8")
    (tmp_path / "x" / "m2.txt").write_text("Punkt 1: B", encoding="utf-8")
    docs, problems = read_sources([str(tmp_path / "x" / "*.txt")])
    assert [d.doc_id for d in docs] == ["m1.txt", "m2.txt"]
    assert problems == []


def test_same_file_named_twice_is_read_once(tmp_path):
    f = tmp_path / "m.txt"
    f.write_text("Punkt 1: A", encoding="utf-8")
    docs, problems = read_sources([tmp_path, f, str(tmp_path / "*.txt")])
    assert [d.doc_id for d in docs] == ["m.txt"]
    assert problems == []


def test_two_folders_with_the_same_file_name_keep_both(tmp_path):
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "m.txt").write_text(f"Punkt 1: {name}", encoding="utf-8")
    docs, _ = read_sources([tmp_path / "a", tmp_path / "b"])
    assert len(docs) == 2
    assert len({d.doc_id for d in docs}) == 2
    assert {d.text for d in docs} == {"Punkt 1: a", "Punkt 1: b"}


def test_ids_of_same_named_files_do_not_depend_on_the_order_of_the_folders(tmp_path):
    for name in ("d1", "d2"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "m.txt").write_text(f"Punkt 1: {name}", encoding="utf-8")
    forward, _ = read_sources([tmp_path / "d1", tmp_path / "d2"])
    backward, _ = read_sources([tmp_path / "d2", tmp_path / "d1"])
    ids = {d.text: d.doc_id for d in forward}
    assert ids == {d.text: d.doc_id for d in backward}
    # both are qualified alike with their folder: neither keeps the bare name
    assert ids == {"Punkt 1: d1": "d1/m.txt", "Punkt 1: d2": "d2/m.txt"}


def test_same_named_files_in_same_named_folders_are_qualified_further_up(tmp_path):
    for top in ("x", "y"):
        (tmp_path / top / "2021").mkdir(parents=True)
        (tmp_path / top / "2021" / "m.txt").write_text(f"Punkt 1: {top}", encoding="utf-8")
    (tmp_path / "z").mkdir()
    (tmp_path / "z" / "other.txt").write_text("Punkt 1: z", encoding="utf-8")
    docs, _ = read_sources([tmp_path / "y" / "2021", tmp_path / "z", tmp_path / "x" / "2021"])
    assert {d.text: d.doc_id for d in docs} == {
        "Punkt 1: x": "x/2021/m.txt", "Punkt 1: y": "y/2021/m.txt", "Punkt 1: z": "other.txt"}


def test_a_file_named_by_a_folder_and_by_itself_gets_the_same_id_in_either_order(tmp_path):
    (tmp_path / "sub").mkdir()
    f = tmp_path / "sub" / "m.txt"
    f.write_text("Punkt 1: A", encoding="utf-8")
    first, _ = read_sources([tmp_path, f])
    second, _ = read_sources([f, tmp_path])
    assert [d.doc_id for d in first] == [d.doc_id for d in second] == ["m.txt"]


def test_progress_is_called_once_per_file(tmp_path):
    for n in range(3):
        (tmp_path / f"{n}.txt").write_text("Punkt 1: x", encoding="utf-8")
    seen: list[str] = []
    read_sources([tmp_path], progress=seen.append)
    assert sorted(seen) == ["0.txt", "1.txt", "2.txt"]


def test_cp1252_copy_decodes_to_the_same_text_as_utf8(tmp_path):
    original = _sample_path().read_text(encoding="utf-8")
    legacy = tmp_path / "legacy.txt"
    legacy.write_bytes(original.encode("cp1252"))
    docs, problems = read_sources([legacy, _sample_path()])
    by_id = {d.doc_id: d for d in docs}
    assert problems == []
    assert by_id["legacy.txt"].encoding == "cp1252"
    assert by_id["legacy.txt"].text == by_id[SAMPLE_NAME].text


def test_utf8_bom_copy_decodes_without_the_bom(tmp_path):
    original = _sample_path().read_text(encoding="utf-8")
    bom = tmp_path / "bom.txt"
    bom.write_bytes(b"\xef\xbb\xbf" + original.encode("utf-8"))
    docs, problems = read_sources([bom])
    assert problems == []
    assert docs[0].encoding == "utf-8-sig"
    assert docs[0].text == original
    assert not docs[0].text.startswith("\ufeff")


def test_crlf_line_ends_and_decomposed_letters_are_normalised(tmp_path):
    f = tmp_path / "crlf.txt"
    f.write_bytes(unicodedata.normalize("NFD", "Mødested 915\r\nPunkt 1: Å\rx").encode("utf-8"))
    docs, _ = read_sources([f])
    assert docs[0].text == "Mødested 915\nPunkt 1: Å\nx"
    assert unicodedata.is_normalized("NFC", docs[0].text)


def test_empty_and_whitespace_only_files_are_problems(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b" \n\r\n\t")
    docs, problems = read_sources([tmp_path])
    assert docs == []
    assert sorted((Path(p.path).name, p.reason) for p in problems) == [
        ("blank.txt", "empty file"), ("empty.txt", "empty file")]


def test_binary_files_are_problems(tmp_path):
    (tmp_path / "nul.txt").write_bytes(b"PK\x03\x04\x00\x00binary")
    (tmp_path / "ctrl.txt").write_bytes(bytes(range(1, 9)) * 20)
    docs, problems = read_sources([tmp_path])
    assert docs == []
    assert sorted((Path(p.path).name, p.reason) for p in problems) == [
        ("ctrl.txt", "binary file"), ("nul.txt", "binary file")]


def test_missing_unsupported_and_unreadable_inputs_are_named(tmp_path):
    (tmp_path / "minutes.docx").write_bytes(b"PK")  # a Word file's zip signature, nothing after it
    (tmp_path / "minutes.odt").write_bytes(b"PK")
    (tmp_path / "dir.txt").mkdir()  # a folder that looks like a file
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    docs, problems = read_sources([
        tmp_path / "nope.txt", tmp_path / "minutes.docx", tmp_path / "minutes.odt", tmp_path / "dangling.txt",
        str(tmp_path / "*.pdf")])
    reasons = {Path(p.path).name: p.reason for p in problems}
    assert docs == []
    assert reasons["nope.txt"] == "file not found"
    assert reasons["minutes.docx"].startswith("unreadable Word file")
    assert "unsupported file type '.odt'" in reasons["minutes.odt"]
    assert reasons["dangling.txt"] == "broken symbolic link"
    assert "no readable files" in reasons["*.pdf"] and ".pdf" in reasons["*.pdf"]
    _, problems = read_sources([tmp_path])
    reasons = {Path(p.path).name: p.reason for p in problems}
    assert reasons["dangling.txt"] == "broken symbolic link"


def test_pdf_pages_are_joined_by_a_blank_line(tmp_path):
    f = tmp_path / "m.pdf"
    f.write_bytes(_make_pdf(["Punkt 1: Godkendelse af dagsorden", "Beslutning"]))
    docs, problems = read_sources([f])
    assert problems == []
    assert docs[0].encoding == "pdf"
    assert docs[0].text == "Punkt 1: Godkendelse af dagsorden\n\nBeslutning"


def test_pdf_without_text_layer_is_a_problem(tmp_path):
    f = tmp_path / "scan.pdf"
    f.write_bytes(_make_pdf(["", ""]))
    docs, problems = read_sources([f])
    assert docs == []
    assert [(Path(p.path).name, p.reason) for p in problems] == [("scan.pdf", "no text layer (scanned PDF?)")]


def test_damaged_pdf_is_a_problem_not_a_crash(tmp_path):
    f = tmp_path / "broken.pdf"
    f.write_bytes(b"%PDF-1.4\nthis is not really a pdf")
    docs, problems = read_sources([f])
    assert docs == []
    assert problems[0].path.endswith("broken.pdf")
    assert problems[0].reason


@pytest.mark.parametrize("folder_input", [True, False])
def test_problem_dicts_name_path_severity_and_reason(tmp_path, folder_input):
    (tmp_path / "empty.txt").write_bytes(b"")
    _, problems = read_sources([tmp_path if folder_input else tmp_path / "empty.txt"])
    d = problems[0].as_dict()
    assert d["path"].endswith("empty.txt") and d["severity"] == "error" and d["reason"] == "empty file"


def test_unreadable_file_reports_the_os_reason(tmp_path, monkeypatch):
    f = tmp_path / "locked.txt"
    f.write_text("Punkt 1: A", encoding="utf-8")
    real = Path.read_bytes

    def deny(self):
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", deny)
    docs, problems = read_sources([tmp_path])
    assert docs == []
    assert [(Path(p.path).name, p.reason) for p in problems] == [("locked.txt", "cannot read file: Permission denied")]


def test_page_number_lines_are_recognised_by_the_words_of_the_data_file():
    from graph.datafiles import rows
    from graph.sources import is_page_mark

    words = {role: [w for w, r in rows("page_markers.txt") if r == role] for role in ("page", "of")}
    assert words["page"] and words["of"]
    for page in words["page"]:
        assert is_page_mark(f"{page} 2")
        assert is_page_mark(f"Byrådet 12.03.2019 - {page} 2 / 9")
        for of in words["of"]:
            assert is_page_mark(f"{page.upper()} 2 {of} 9")
    assert not is_page_mark("Sidevej 2 af 9")
    assert not is_page_mark("Side 2 i bilaget")
