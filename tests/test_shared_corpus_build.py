"""Every file of the shared development corpus (four publishing systems, mixed in one folder tree)
is accounted for by one build: read by its reader, or reported as part of an export or as skipped
with a reason. Nothing crashes and nothing is lost."""
from __future__ import annotations

import json

from typer.testing import CliRunner

from shared_corpus import CORPUS, needs

pytestmark = needs(CORPUS)


def test_one_build_of_the_whole_corpus_accounts_for_every_file(tmp_path):
    from graph.cli import app

    res = CliRunner().invoke(app, ["build", str(CORPUS), "-o", str(tmp_path), "--format", "json", "--json"])
    assert res.exit_code == 0, res.output[-2000:]
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    files = sorted(p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*")
                   if p.is_file() and p.suffix.lower() in (".txt", ".md", ".pdf", ".html", ".htm", ".docx", ".json", ".xml"))
    inputs = {e["path"]: e for e in report["inputs"]}
    assert sorted(inputs) == files
    statuses = {e["status"] for e in inputs.values()}
    assert statuses <= {"read", "part of export", "skipped"}
    assert all(e.get("reason") for e in inputs.values() if e["status"] != "read")
    readers = {e["reader"] for e in inputs.values() if e["status"] == "read"}
    assert {"text", "firstagenda", "sbsys", "edoc", "archive"} <= readers
    crashed = [e for e in inputs.values() if "could not be parsed" in (e.get("reason") or "")]
    assert crashed == []
