"""The same unseen minutes as other municipalities' systems write them (line endings, encodings,
Unicode forms, markdown, header and numbering styles) are read as the same items; a dagsorden
and a referat of one meeting become one meeting."""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from graph.pipeline import build
from graph.sources import read_document
from graph.structure import parse_minutes

UNSEEN = Path(__file__).parent / "fixtures" / "unseen"
TMU_MINUTES = UNSEEN / "egebaek-tmu-referat-2025-02-11.txt"
TEXT = TMU_MINUTES.read_text(encoding="utf-8")


def _markdown(t: str) -> str:
    t = re.sub(r"(?m)^(\d+\. )", r"## \1", t)
    return re.sub(r"(?m)^(Beslutning|Indstilling|Sagsfremstilling|Økonomi|Bilag)$", r"### \1", t)


def _punkt_numbering_and_sagsnr(t: str) -> str:
    t = re.sub(r"(?m)^(\d+)\. ", r"Punkt \1 ", t)
    return t.replace("05.13.00-P20-1-25", "Sagsnr.: 25/1187")


VARIANTS = {
    "crlf.txt": lambda: TEXT.replace("\n", "\r\n").encode("utf-8"),
    "bom.txt": lambda: b"\xef\xbb\xbf" + TEXT.encode("utf-8"),
    "windows.txt": lambda: TEXT.encode("cp1252"),
    "decomposed.txt": lambda: unicodedata.normalize("NFD", TEXT).encode("utf-8"),
    "nbsp.txt": lambda: TEXT.replace("Dato: ", "Dato:\u00a0").replace("Beslutning\n", "Beslutning \n").encode("utf-8"),
    "referat.md": lambda: _markdown(TEXT).encode("utf-8"),
    "long-date.txt": lambda: TEXT.replace("Dato: 11.02.2025", "Dato: Tirsdag den 11. februar 2025")
                                 .replace("Tid: 16:00 - 18:15", "Tid: Kl. 16.00").encode("utf-8"),
    "punkt.txt": lambda: _punkt_numbering_and_sagsnr(TEXT).encode("utf-8"),
}


def _items(path: Path):
    doc, problem = read_document(path)
    assert problem is None, problem
    m = parse_minutes(doc)
    return m, [(i.number, i.core_title, i.journal_number, [s.heading for s in i.sections], i.proposer) for i in m.items]


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_variant_of_the_minutes_reads_as_the_same_items(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(VARIANTS[name]())
    original, expected = _items(TMU_MINUTES)
    minutes, got = _items(path)
    assert (minutes.kind, minutes.body, minutes.date, minutes.start_time) == \
        (original.kind, original.body, original.date, original.start_time)
    if name == "punkt.txt":  # a case number outside KLE, kept as written
        expected = [(n, t, "25/1187" if j == "05.13.00-P20-1-25" else j, s, p) for n, t, j, s, p in expected]
    assert got == expected
    assert minutes.warnings == []


def test_dagsorden_and_referat_of_one_meeting_become_one_meeting(tmp_path):
    (tmp_path / "referat.txt").write_text(TEXT, encoding="utf-8")
    # the agenda sent out before the meeting: same items, no Beslutning yet
    agenda = re.sub(r"\nBeslutning\n\n.*?(?=\n\n(?:Indstilling|Sagsfremstilling|\d+\. |$))", "",
                    TEXT.replace("Referat\n", "Dagsorden\n", 1), flags=re.S)
    (tmp_path / "dagsorden.txt").write_text(agenda, encoding="utf-8")
    result = build([tmp_path])
    assert not result.problems
    G = result.graph
    meetings = [n for n, d in G.nodes(data=True) if d["type"] == "Meeting" and not d["props"].get("referencedOnly")]
    assert len(meetings) == 1
    assert sorted(G.nodes[meetings[0]]["props"]["documentKind"]) == ["DAGSORDEN", "REFERAT"]
    assert sum(1 for _, d in G.nodes(data=True) if d["type"] == "AgendaItem") == 4
    assert not [1 for u, v, k in G.edges(keys=True) if k == "revisits"]  # an item does not revisit itself
    item = f"{meetings[0]}/item/2"
    assert {s.doc for s in G.nodes[item]["sources"]} == {"referat.txt", "dagsorden.txt"}
