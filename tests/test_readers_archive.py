"""City-archive case records (graph/readers/archive.py): ``N_decisions.json`` with its
``N_metadata.json`` and ``N_files.json``.

The corpus tests build the real Aarhus archive records in ../shared/corpus (skipped when absent)
and compare with what the test itself reads from the JSON; the handmade tests write small
invented records into a temporary folder.
"""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from graph.pipeline import build
from graph.readers import ReadError, read_bytes
from graph.readers.archive import claimed_by_decisions, looks_like_decisions, looks_like_part
from graph.structure.history import same_body

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
AARHUS = CORPUS / "aarhus-byraadsarkiv"
needs_corpus = pytest.mark.skipif(not AARHUS.is_dir(), reason=f"development corpus not found at {AARHUS}")


def _load(path: Path):
    return json.loads(path.read_text(encoding="utf-8-sig"))


def _expected(decisions_path: Path) -> dict:
    """The meeting (latest decision), the earlier decisions, case number and attachments, read
    straight from the JSON."""
    prefix = decisions_path.name[:-len("_decisions.json")]
    decisions = sorted(_load(decisions_path), key=lambda d: date.fromisoformat(d["date"][:10]))
    meta = decisions_path.with_name(prefix + "_metadata.json")
    files = decisions_path.with_name(prefix + "_files.json")
    return {
        "body": decisions[-1]["fora_name"],
        "date": date.fromisoformat(decisions[-1]["date"][:10]),
        "earlier": [(d["fora_name"], date.fromisoformat(d["date"][:10])) for d in decisions[:-1]],
        "all": [(d["fora_name"], date.fromisoformat(d["date"][:10])) for d in decisions],
        "case_id": _load(meta)["case_id"] if meta.is_file() else None,
        "attachments": [f["filename"].strip() for f in _load(files)] if files.is_file() else [],
    }


@pytest.fixture(scope="module")
def aarhus():
    if not AARHUS.is_dir():
        pytest.skip(f"development corpus not found at {AARHUS}")
    return build([AARHUS])


# --- the Aarhus archive records ---------------------------------------------------------------

@needs_corpus
def test_every_file_of_the_archive_folder_is_accounted_for(aarhus):
    read = {d.doc_id: d for d in aarhus.documents}
    problems = {p.path: p for p in aarhus.problems}
    for path in sorted(AARHUS.glob("*.json")):
        name = path.name
        prefix = name.split("_", 1)[0]
        decisions = path.with_name(f"{prefix}_decisions.json")
        if name.endswith("_decisions.json"):
            assert name in read and problems.get(name) is None, name
            assert read[name].reader == "archive"
        elif decisions.is_file():
            assert name not in read
            assert problems[name].severity == "belongs-to-export"
            assert decisions.name in problems[name].reason and "case record part" in problems[name].reason
        else:
            assert name not in read
            assert problems[name].reason == (
                f"archive case record without decisions ({decisions.name}): nothing to build")


@needs_corpus
def test_minutes_of_each_record_are_its_latest_decision_with_the_earlier_ones_as_history(aarhus):
    by_id = {m.doc.doc_id: m for m in aarhus.minutes}
    paths = sorted(AARHUS.glob("*_decisions.json"))
    assert paths
    for path in paths:
        exp = _expected(path)
        m = by_id[path.name]
        assert (m.body, m.date, m.kind) == (exp["body"], exp["date"], "REFERAT")
        assert len(m.items) == 1
        item = m.items[0]
        assert item.journal_number == exp["case_id"]
        if exp["case_id"]:
            assert exp["case_id"] in item.title
        assert [(h.body, h.date) for h in item.history] == exp["earlier"]
        assert [b.text for b in item.bilag] == exp["attachments"]


@needs_corpus
def test_the_case_has_a_treatment_for_every_decision(aarhus):
    G = aarhus.graph
    for path in sorted(AARHUS.glob("*_decisions.json")):
        exp = _expected(path)
        if not exp["case_id"]:
            continue
        case = next(n for n, d in G.nodes(data=True)
                    if d["type"] == "Case" and d["props"].get("journalNumber") == exp["case_id"])
        treatments = [u for u, _, k in G.in_edges(case, keys=True) if k == "treatmentOf"]
        assert all(G.nodes[t]["type"] == "Treatment" for t in treatments)
        found = []
        for t in treatments:
            body = next((v for _, v, k in G.out_edges(t, keys=True) if k == "treatedBy"), None)
            found.append((G.nodes[body]["label"] if body else None, G.nodes[t]["props"]["date"]))
        for want_body, want_date in set(exp["all"]):
            assert any(d == want_date and same_body(b, want_body) for b, d in found), (want_body, want_date)
        assert len(treatments) == len(set(exp["all"]))


# --- handmade records ------------------------------------------------------------------------

def _write(folder: Path, name: str, data) -> Path:
    p = folder / name
    p.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return p


DECISIONS = [
    {"date": "2031-05-20", "fora_name": "Kulturudvalget", "title": "Udvalget anbefaler forslaget.", "meeting_id": 2},
    {"date": "2031-04-02", "fora_name": "Teknisk Udvalg", "title": "Sendt i høring.\n\nFormanden tog forbehold.",
     "meeting_id": 1},
    {"date": "2031-06-11", "fora_name": "Plankomitéen", "title": "Taget til efterretning.", "meeting_id": 3},
    {"date": "2031-06-11", "fora_name": "Byrådet", "title": "Godkendt som indstillet.", "meeting_id": 4},
]


def test_handmade_record_reads_as_one_meeting_with_its_history(tmp_path):
    dec = _write(tmp_path, "7_decisions.json", DECISIONS)
    _write(tmp_path, "7_metadata.json", {"source": "eDocAgenda", "case_id": "31/004711", "note": "Opdigtet."})
    _write(tmp_path, "7_files.json", [{"filename": "Indstilling", "href": "https://example.org/a.pdf"},
                                      {"filename": "Bilag 1 Kort over Nordkvarteret", "href": "https://example.org/b.pdf"}])
    assert looks_like_decisions(DECISIONS) and not looks_like_part(DECISIONS)
    assert sorted(p.name for p in claimed_by_decisions(dec)) == ["7_files.json", "7_metadata.json"]

    r = read_bytes(dec.read_bytes(), dec)
    assert r.reader == "archive"
    # the last of the two decisions on the latest date is the meeting's
    assert (r.meta["body"], r.meta["date"], r.meta["kind"]) == ("Byrådet", date(2031, 6, 11), "REFERAT")
    assert "Punkt 7: Sag 31/004711" in r.text and "Sagsnr.: 31/004711" in r.text

    result = build([tmp_path])
    assert [p.path for p in result.problems if p.severity == "belongs-to-export"] == ["7_files.json",
                                                                                       "7_metadata.json"]
    (m,) = result.minutes
    (item,) = m.items
    assert item.journal_number == "31/004711"
    assert item.section("Beslutning").text.strip() == "Godkendt som indstillet."
    assert [(h.body, h.date, h.text) for h in item.history] == [
        ("Teknisk Udvalg", date(2031, 4, 2), "Sendt i høring.\nFormanden tog forbehold."),
        ("Kulturudvalget", date(2031, 5, 20), "Udvalget anbefaler forslaget."),
        ("Plankomitéen", date(2031, 6, 11), "Taget til efterretning."),
    ]
    assert [b.text for b in item.bilag] == ["Indstilling", "Bilag 1 Kort over Nordkvarteret"]
    G = result.graph
    treatments = [n for n, d in G.nodes(data=True) if d["type"] == "Treatment"]
    assert len(treatments) == 4
    assert {G.nodes[t]["props"]["date"] for t in treatments} == {date(2031, 4, 2), date(2031, 5, 20),
                                                                  date(2031, 6, 11)}


def test_record_without_metadata_is_titled_by_its_file(tmp_path):
    dec = _write(tmp_path, "12_decisions.json", DECISIONS[:2])
    r = read_bytes(dec.read_bytes(), dec)
    assert "Punkt 12: Sag 12_decisions" in r.text and "Sagsnr." not in r.text
    assert r.meta["body"] == "Kulturudvalget"


def test_parts_without_decisions_say_what_is_missing(tmp_path):
    meta = _write(tmp_path, "9_metadata.json", {"source": "eDocAgenda", "case_id": "31/000009"})
    files = _write(tmp_path, "9_files.json", [{"filename": "Notat", "href": "https://example.org/n.pdf"}])
    for p in (meta, files):
        with pytest.raises(ReadError) as err:
            read_bytes(p.read_bytes(), p)
        assert err.value.reason == "archive case record without decisions (9_decisions.json): nothing to build"
    result = build([tmp_path])
    assert not result.minutes
    assert {p.path for p in result.problems} == {"9_metadata.json", "9_files.json"}
