"""Bad input and bad usage end in one `error: …` line and the documented exit code, never a
traceback; odd files (names that are not UTF-8, stray NUL bytes, UTF-16 / UTF-32, hidden files,
other formats) are read or accounted for in report.json."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph import __version__
from graph.cli import app

runner = CliRunner()

MINUTES = """REFERAT Chefforum d. 17-03-2016

Mødedato Torsdag d. 17. marts 2016 kl. 09:00

Punkt 1: CF - Budget

00.01.00-A00-29-16

Indstilling

Direktøren indstiller,

1. at budgettet godkendes.

Beslutning

Godkendt.
"""


def _invoke(*args: str):
    result = runner.invoke(app, list(args))
    assert "Traceback" not in result.output, result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


@pytest.fixture
def minutes(tmp_path) -> Path:
    path = tmp_path / "m.txt"
    path.write_text(MINUTES, encoding="utf-8")
    return path


def _report(out: Path) -> dict:
    return json.loads((out / "report.json").read_text(encoding="utf-8"))


def test_an_alias_file_not_in_utf8_is_a_usage_error_naming_the_line(tmp_path, minutes):
    aliases = tmp_path / "a.tsv"
    aliases.write_bytes("Body\tØkonomiudvalget\tØU\n".encode("utf-8") + b"Body\tKultur\xff\n")
    result = _invoke("build", str(minutes), "--aliases", str(aliases), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert f"{aliases}:2: not UTF-8" in result.output


def test_an_alias_row_without_tabs_is_an_error_not_ignored(tmp_path, minutes):
    aliases = tmp_path / "a.tsv"
    aliases.write_text("Body\tØkonomiudvalget\nBody Kulturudvalget\n", encoding="utf-8")
    result = _invoke("build", str(minutes), "--aliases", str(aliases), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert f"{aliases}:2: no tab" in result.output


def test_validate_of_truncated_turtle_names_the_line(tmp_path, minutes):
    assert _invoke("build", str(minutes), "-o", str(tmp_path / "out"), "--format", "ttl").exit_code == 0
    ttl = (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")
    broken = tmp_path / "broken.ttl"
    broken.write_text(ttl[: len(ttl) // 2].rsplit("<", 1)[0] + "<https://exa", encoding="utf-8")
    result = _invoke("validate", str(broken))
    assert result.exit_code == 1
    assert "is not valid TURTLE: line" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_validate_prints_shacl_paths_as_written_not_as_emoji(tmp_path):
    data = tmp_path / "m.ttl"
    data.write_text("@prefix rg: <https://w3id.org/referatgraf/ontology#> .\n"
                    "<https://example.org/m> a rg:Meeting .\n", encoding="utf-8")
    result = _invoke("validate", str(data))
    assert result.exit_code == 1
    assert "rg:date:" in result.output


def test_show_with_a_file_that_is_not_a_graph_says_so(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("# not a graph\n", encoding="utf-8")
    result = _invoke("show", "Jette", "--graph", str(readme))
    assert result.exit_code == 2
    assert "is not the graph.json of a referatgraf build" in result.output


@pytest.mark.parametrize("args", [["show", ""], ["show", "   "], ["path", "", "x"]])
def test_an_empty_name_is_a_usage_error(args):
    result = _invoke(*args)
    assert result.exit_code == 2
    assert "error: an empty name" in result.output


def test_version_prints_the_package_version():
    result = _invoke("--version")
    assert result.exit_code == 0
    assert result.output.strip() == f"referatgraf {__version__}"


@pytest.mark.parametrize("base", ["not-an-iri", "https://exa mple.org/", "<https://x/>"])
def test_a_base_that_is_not_an_absolute_iri_is_a_usage_error(tmp_path, minutes, base):
    result = _invoke("build", str(minutes), "--base", base, "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "is not an absolute IRI" in result.output
    assert not (tmp_path / "out").exists()


def test_a_file_name_that_is_not_utf8_is_read_under_an_escaped_name(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    name = os.fsdecode(b"bad-\xff.txt")
    (folder / name).write_text(MINUTES, encoding="utf-8")
    result = _invoke("build", str(folder), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    [entry] = _report(tmp_path / "out")["inputs"]
    assert entry["path"] == "bad-\\xff.txt" and entry["status"] == "read"


def test_markup_in_a_folder_or_file_name_is_printed_as_text(tmp_path):
    folder = tmp_path / "in"
    (folder / "[").mkdir(parents=True)
    (folder / "[" / "].txt").write_text("", encoding="utf-8")
    (folder / "m.txt").write_text(MINUTES, encoding="utf-8")
    result = _invoke("build", str(folder), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0
    assert "[/].txt: empty file" in result.output


def test_every_file_of_a_folder_is_in_the_report_hidden_and_other_formats_as_ignored(tmp_path):
    folder = tmp_path / "in"
    (folder / ".git").mkdir(parents=True)
    (folder / ".git" / "config.txt").write_text("x", encoding="utf-8")
    (folder / ".notes.txt").write_text(MINUTES, encoding="utf-8")
    (folder / "scan.png").write_bytes(b"\x89PNG\r\n")
    (folder / "m.txt").write_text(MINUTES, encoding="utf-8")
    result = _invoke("build", str(folder), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0
    inputs = {e["path"]: e for e in _report(tmp_path / "out")["inputs"]}
    assert {p: e["status"] for p, e in inputs.items()} == {
        ".git/": "ignored", ".notes.txt": "ignored", "scan.png": "ignored", "m.txt": "read"}
    assert "'.png'" in inputs["scan.png"]["reason"]
    assert _report(tmp_path / "out")["summary"]["files_ignored"] == 3
    assert "ignored: 3 file(s)" in result.output


@pytest.mark.parametrize("encode, encoding", [
    (lambda t: t.encode("utf-16-le"), "utf-16-le"),
    (lambda t: t.encode("utf-16-be"), "utf-16-be"),
    (lambda t: t.encode("utf-32"), "utf-32"),
    (lambda t: t.encode("utf-32-le"), "utf-32-le"),
    (lambda t: t.encode("utf-16"), "utf-16"),
])
def test_wide_unicode_with_or_without_a_byte_order_mark_is_read(tmp_path, encode, encoding):
    path = tmp_path / "m.txt"
    path.write_bytes(encode(MINUTES))
    result = _invoke("build", str(path), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    [entry] = _report(tmp_path / "out")["inputs"]
    assert (entry["status"], entry["encoding"], entry["items"]) == ("read", encoding, 1)


def test_a_stray_nul_byte_is_removed_with_a_warning_not_the_whole_document_dropped(tmp_path):
    path = tmp_path / "m.txt"
    data = MINUTES.encode("utf-8")
    path.write_bytes(data[:40] + b"\x00" + data[40:])
    result = _invoke("build", str(path), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0
    [entry] = _report(tmp_path / "out")["inputs"]
    assert entry["status"] == "read" and entry["items"] == 1
    assert "1 NUL byte removed" in entry["warnings"]


def test_binary_data_is_still_refused(tmp_path):
    path = tmp_path / "m.txt"
    path.write_bytes(bytes(range(256)) * 20)
    result = _invoke("build", str(path), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "binary file" in result.output


def test_a_broken_pdf_prints_only_the_tools_own_message(tmp_path, minutes):
    import subprocess
    import sys

    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj\n<<")
    (tmp_path / "cut.pdf").write_bytes(MINUTES.encode("utf-8")[:200])
    done = subprocess.run([sys.executable, "-m", "graph", "build", str(tmp_path / "broken.pdf"), str(tmp_path / "cut.pdf"),
                           str(minutes), "-o", str(tmp_path / "out")], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    lines = [ln for ln in done.stderr.splitlines() if ln.strip()]
    assert [ln for ln in lines if "broken.pdf" in ln] == ["error: broken.pdf: unreadable PDF: Failed to load document (PDFium: Data format error)."]
    assert all(ln.startswith(("error:", "warning", "built", "ignored:")) for ln in lines), lines


@pytest.mark.parametrize("args, words", [  # click's own wording differs between releases: its words, our frame
    (["build", "--nope"], ("no such option", "--nope", "(see: referatgraf build --help)")),
    (["bogus"], ("no such command", "bogus", "(see: referatgraf --help)")),
    (["path", "a"], ("missing argument", "'b'", "(see: referatgraf path --help)")),
    (["build", "--kle", "/no/such/kle.xml"], ("invalid value for '--kle'", "does not exist", "(see: referatgraf build --help)")),
])
def test_usage_errors_of_the_command_line_are_one_error_line_and_exit_2(args, words):
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "graph", *args], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), done.stderr
    assert all(w in lines[0].lower() for w in words), done.stderr


def test_referatgraf_alone_prints_the_help():
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "graph"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "Usage: referatgraf" in done.stdout and "build" in done.stdout
