"""Hang guards: every per-document stage is linear in the document, whatever it holds.

Each test builds a document of one hostile kind that took the parse, extract or resolve stage
minutes before (a regex that backtracked over a long token or run of words, a loop over all
items per item, a count from the start of a list per name), runs the stages in a fresh process
with a generous time limit (the fixed code needs a few seconds; speed itself is measured by
benchmarks/bench_hostile_inputs.py), and checks that the result is right too.
"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

LIMIT = 30  # seconds per document, where the quadratic code took minutes

HEADER = "REFERAT Chefforum d. 17-03-2016\n\nMødedato Torsdag d. 17. marts 2016 kl. 09:00\n\nMødested Mødelokale 915\n\n"

# Runs in the child process: parse, extract (and resolve) one file; prints a JSON summary.
STAGES = r"""
import json, sys
from pathlib import Path
from graph.extract import extract_minutes
from graph.model import SourceDocument
from graph.structure import parse_minutes

path = Path(sys.argv[1])
doc = SourceDocument("hostile", path, path.read_text(encoding="utf-8"), "utf-8", "")
minutes = parse_minutes(doc)
mentions = extract_minutes(minutes)
out = {
    "items": [[it.number, it.title, [s.heading for s in it.sections]] for it in minutes.items],
    "attendance": [[e.name, e.role, e.party, e.item] for e in minutes.attendance],
    "mentions": [[m.kind, m.surface, m.attrs.get("date"), m.attrs.get("body")] for m in mentions],
}
if "--resolve" in sys.argv:
    from graph.resolve import resolve

    resolution = resolve({"hostile": mentions}, {"hostile": minutes})
    out["entities"] = [[e.kind, e.key, len(e.mentions)] for e in resolution.entities]
print(json.dumps(out))
"""


def stages(tmp_path, text: str, resolve: bool = False) -> dict:
    """The parse of ``text`` (and its mentions, entities) from a child process, within LIMIT seconds."""
    path = tmp_path / "hostile.txt"
    path.write_text(text, encoding="utf-8")
    cmd = [sys.executable, "-c", STAGES, str(path)] + (["--resolve"] if resolve else [])
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=LIMIT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"the stages took more than {LIMIT} s on a document of {len(text):,} characters: not linear")
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


def one_item(body: str, title: str = "CF - Budget") -> str:
    return (HEADER + f"Punkt 1: {title}\n\n00.01.00-A00-29-16\n\nIndstilling\n\nDirektøren indstiller,\n\n"
            f"1. at budgettet godkendes.\n\nSagsfremstilling\n\n{body}\n\nBeslutning\n\nGodkendt.\n")


def kinds(out: dict, kind: str) -> list[str]:
    return [m[1] for m in out["mentions"] if m[0] == kind]


def test_long_token_is_no_file_name(tmp_path):
    # \S*_\S* (underscore-joined file names) retried every position of a token without "_"
    token = "á" + "\u0301" * 100_000 + "|" * 150_000
    out = stages(tmp_path, one_item(f"Økonomi & Stab har lavet {token} med Børn & Unge, se Forslag_til_Budgetplan_2019.pdf."))
    assert [it[2] for it in out["items"]] == [["Indstilling", "Sagsfremstilling", "Beslutning"]]
    assert kinds(out, "Department") == ["Økonomi & Stab", "Børn & Unge"]  # before and after the token
    assert not any("_" in m[1] for m in out["mentions"])  # a file name is no text


def test_ten_thousand_items_all_found(tmp_path):
    # each item measured all lines and searched all items; numbers stopped at 999
    items = "".join(f"Punkt {n}: CF - Sag {n}\n\nIndstilling\n\nDirektøren indstiller,\n\n1. at sagen godkendes.\n\n"
                    f"Beslutning\n\nGodkendt.\n\n" for n in range(1, 10_001))
    out = stages(tmp_path, HEADER + items)
    numbers = [it[0] for it in out["items"]]
    wrong = [(k, n) for k, n in enumerate(numbers, 1) if k != n][:5]
    assert len(numbers) == 10_000 and not wrong, (len(numbers), wrong)
    assert out["items"][999] == [1000, "CF - Sag 1000", ["Indstilling", "Beslutning"]]
    assert out["items"][-1][:2] == [10_000, "CF - Sag 10000"]


def test_run_of_capitalised_words(tmp_path):
    # "(?:Cap Cap ...)?" before an organisation's suffix or company form, and "(?:Cap )+- plan",
    # tried at each word of the run, ran to its end and back
    run = "Punkt " * 20_000
    out = stages(tmp_path, one_item(f"Oversigt: {run}slut. Her har Egebæk Forsyning A/S og "
                                    "Idrætsfonden læst Mere Vækst - planstrategi 2019."))
    orgs = kinds(out, "Organisation")
    assert "Egebæk Forsyning A/S" in orgs and "Idrætsfonden" in orgs
    assert "Mere Vækst - planstrategi 2019" in kinds(out, "Policy")


def test_comma_list_of_capitalised_words(tmp_path):
    # "Cap(?:, Cap)* & Cap" (a department named with "&"), tried at each word of the list
    listed = "Punkt, " * 20_000
    out = stages(tmp_path, one_item(f"Listen {listed}slut. By, Kultur & Fritid og Økonomi & Stab indstiller."))
    departments = kinds(out, "Department")
    assert "By, Kultur & Fritid" in departments and "Økonomi & Stab" in departments


def test_attendance_list_of_eighty_thousand_names(tmp_path):
    # each name counted the brackets from the start of the list; each entry searched all items
    names = ["Anne Jensen (A)", "Bo Hansen (V)", "Åse Ørum (Ø)", "Søren Ærø-Østergaard (B)", "Ib Holm (C)"]
    members = ", ".join(names * 16_000)
    recused = " og ".join(["Jette Lund (V)", "Ole Berg (B)"] * 1_000)
    out = stages(tmp_path, HEADER.replace("Mødested", f"Medlemmer: {members}\n\nMødested")
                 + f"Punkt 1: CF - Budget\n\n00.01.00-A00-29-16\n\nBeslutning\n\nInhabil: {recused}\n\nGodkendt.\n")
    present = [a for a in out["attendance"] if a[1] == "present"]
    away = [a for a in out["attendance"] if a[1] == "recused"]
    assert (len(present), len(away)) == (80_000, 2_000)
    assert present[:2] == [["Anne Jensen", "present", "A", None], ["Bo Hansen", "present", "V", None]]
    assert present[-1] == ["Ib Holm", "present", "C", None]
    assert away[0] == ["Jette Lund", "recused", "V", 1] and away[-1] == ["Ole Berg", "recused", "B", 1]


def test_heading_words_repeated_in_a_theme(tmp_path):
    # spelling variants spelt out the words before and after each word of a 20,000-word name
    line = "Beslutning i " * 20_000 + "Chefforum"
    out = stages(tmp_path, HEADER + "Punkt 1: CF - Kvalificering af netværkstemaer\n\n00.01.00-A00-29-16\n\n"
                 "Sagsfremstilling\n\nDrøftet.\n\nBilag\n\nEnsomhed hos ældre\n\nDeleøkonomi\n\n"
                 f"{line}\n\nFundraising\n", resolve=True)
    themes = [k for kind, k, _ in out["entities"] if kind == "NetworkTheme"]
    long = [k for k in themes if k.startswith("Beslutning i")]
    assert len(themes) == 4 and {"Ensomhed hos ældre", "Deleøkonomi", "Fundraising"} <= set(themes)
    assert len(long) == 1 and long[0] == line


def test_many_dates_in_one_sentence(tmp_path):
    # each date read all of its sentence (slices, word counts, a search per meeting word)
    dates = "den 12. marts og " * 5_000
    out = stages(tmp_path, one_item(f"Chefforum mødes {dates}til sidst den 19. maj."))
    refs = [m for m in out["mentions"] if m[0] == "MeetingReference"]
    assert len(refs) == 5_001
    assert {m[2] for m in refs} == {"2016-03-12", "2016-05-19"}


def made_up_name(n: int) -> str:
    """The n-th of many different capitalised words ("Ba", "De", ..., "Bade", ...)."""
    out = ""
    while True:
        n, r = divmod(n, 14)
        out += "bdfghklmnprstv"[r] + "aeiou"[r % 5]
        if n == 0:
            return out.capitalize()


def test_thousands_of_distinct_names(tmp_path):
    # every name learned in a document was looked for at every place any of them could start (and
    # got a regex compiled), and its bracket definition was searched for in all of the text
    pairs = [(made_up_name(2 * k), made_up_name(2 * k + 1)) for k in range(6_000)]
    body = "".join(f"{a} & {b} ({a[0]}{b[0]}) samarbejder med {a}fonden. " for a, b in pairs)
    out = stages(tmp_path, one_item(body))
    departments = set(kinds(out, "Department"))
    assert {d for d in departments if " & " in d} == {f"{a} & {b}" for a, b in pairs}
    assert {"BD", "TV"} <= departments  # the abbreviations in brackets, learned
    assert set(kinds(out, "Organisation")) >= {f"{a}fonden" for a, _ in pairs}


def test_blank_lines_before_a_name(tmp_path):
    # "is it a sentence start?" searched all the text before a word, backtracking over its blank lines
    body = "Indledning." + "\n" * 100_000 + "Sagen kommer fra Teknik og Miljø og Børn og Kultur."
    out = stages(tmp_path, one_item(body))
    assert "Teknik og Miljø" in kinds(out, "Department")
