"""The extraction vocabulary comes from data files only, and a bad user alias row fails loudly."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph import datafiles, ontology
from graph.cli import app
from graph.extract import extract_item_text
from graph.extract.vocab import AliasFileError, alias_kinds, load_vocabulary, read_alias_file

STRUCTURE = Path(__file__).resolve().parent / "fixtures" / "structure"


def test_alias_kinds_are_ontology_classes():
    ont = ontology.load()
    assert set(alias_kinds()) == {"Body", "Department", "Network", "Organisation", "Policy"}
    assert all(ont.cls(k).name == k for k in alias_kinds())


def test_unknown_alias_kind_names_file_line_and_known_kinds(tmp_path):
    f = tmp_path / "aliases.tsv"
    f.write_text("# my aliases\n\nBody\tBørneudvalget\tBU-udvalget\tBU\nBodyy\tSkoleudvalget\t\tSU\n", encoding="utf-8")
    with pytest.raises(AliasFileError) as err:
        read_alias_file(f)
    msg = str(err.value)
    assert f"{f}:4:" in msg and "'Bodyy'" in msg
    assert all(k in msg for k in alias_kinds())


def test_user_alias_rows_are_read_with_their_kind(tmp_path):
    f = tmp_path / "aliases.tsv"
    f.write_text("Policy\tGrøn plan\tden grønne plan|grønplanen\n  # indented comment\nNetwork\tNetværk Vest\n",
                 encoding="utf-8")
    got = [(n.kind, n.canonical, n.aliases) for n in read_alias_file(f)]
    assert got == [("Policy", "Grøn plan", ("den grønne plan", "grønplanen")), ("Network", "Netværk Vest", ())]
    vocab = load_vocabulary(f)
    assert vocab.named[0].canonical == "Grøn plan"


def test_build_cli_reports_bad_alias_kind_and_exits_2(tmp_path):
    f = tmp_path / "aliases.tsv"
    f.write_text("Udvalg\tSkoleudvalget\n", encoding="utf-8")
    source = sorted(STRUCTURE.glob("*.txt"))[0]
    result = CliRunner().invoke(app, ["build", str(source), "--aliases", str(f), "--out", str(tmp_path / "out"),
                                      "--format", "ttl"])
    assert result.exit_code == 2, result.output
    assert "aliases.tsv:1" in result.output and "'Udvalg'" in result.output
    assert not (tmp_path / "out" / "graph.ttl").exists()


def test_months_and_first_names_come_from_the_data_files():
    vocab = load_vocabulary()
    assert vocab.months == {name.casefold(): int(num) for name, num in datafiles.rows("danish_months.tsv")}
    assert vocab.first_names == frozenset(datafiles.lines("first_names.txt"))
    # read once per process: a second vocabulary shares the very same sets
    assert load_vocabulary().first_names is vocab.first_names


def test_weekday_cues_keep_the_file_order_monday_first():
    days = load_vocabulary().cue_list("weekday")
    assert len(days) == 7 and days[date(2024, 1, 1).weekday()] == "mandag" and days[6] == "søndag"


def test_cue_list_holds_the_same_words_as_the_cue_set():
    vocab = load_vocabulary()
    for category in vocab.cues:
        assert frozenset(vocab.cue_list(category)) == vocab.cue(category), category


def test_deadline_word_ending_from_the_data_file_makes_a_deadline():
    assert "fristen" in load_vocabulary().cue_list("deadline_suffix")
    from graph.extract.dates import meeting_references
    from graph.extract.text import Segment

    text = "Høringsfristen er den 3. marts 2025."
    seg = Segment("t", 0, text, "Sagsfremstilling")
    refs = meeting_references(seg, load_vocabulary(), date(2025, 1, 10), None, [])
    assert [(m.kind, m.attrs["date"]) for m in refs] == [("Deadline", "2025-03-03")]


def test_body_abbreviation_learned_with_the_body_words_of_the_data_file():
    # "råd" is a body_suffix word: "IR" is learned as the initials of "Idrætsrådet" (not a listed body)
    assert "råd" in load_vocabulary().cue_list("body_suffix")
    text = "Sagen behandles i Idrætsrådet. IR holder møde i april."
    bodies = [(m.surface, m.attrs.get("canonical")) for m in extract_item_text(text) if m.kind == "Body"]
    assert ("IR", "Idrætsrådet") in bodies
