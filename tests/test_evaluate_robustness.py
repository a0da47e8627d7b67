"""`referatgraf eval` on bad or partial input, null scores, and --diff: through the CLI runner."""
from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from graph.cli import app

FIXTURES = Path(__file__).parent / "fixtures" / "extract"
GOLD = FIXTURES / "gold"
BSU = "bsu-2021-09-14"
runner = CliRunner()


def _gold(name: str = BSU) -> dict:
    return json.loads((GOLD / f"{name}.json").read_text(encoding="utf-8"))


def _write(folder: Path, name: str, data) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _eval(*args):
    return runner.invoke(app, ["eval", *map(str, args)])


def _scores(*args) -> dict:
    result = _eval(*args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_missing_aliases_file_is_a_usage_error(tmp_path):
    result = _eval(GOLD, FIXTURES, "--aliases", tmp_path / "no-such-aliases.tsv")
    assert result.exit_code == 2
    assert "--aliases" in result.output and "does not" in result.output
    assert not isinstance(result.exception, FileNotFoundError)


def test_aliases_folder_is_a_usage_error(tmp_path):
    result = _eval(GOLD, FIXTURES, "--aliases", tmp_path)
    assert result.exit_code == 2


def test_malformed_gold_json_names_the_file_and_the_reason(tmp_path):
    _write(tmp_path, "broken.json", '{"source": "bsu-2021-09-14.txt", "items": [')
    result = _eval(tmp_path, FIXTURES)
    assert result.exit_code == 2
    assert "broken.json" in result.stderr and "not valid JSON" in result.stderr
    assert "line 1" in result.stderr
    assert result.stdout == ""


def test_gold_without_a_source_names_the_file(tmp_path):
    data = _gold()
    del data["source"]
    _write(tmp_path, "nosource.json", data)
    result = _eval(tmp_path, FIXTURES)
    assert result.exit_code == 2
    assert "nosource.json" in result.stderr and '"source"' in result.stderr


def test_gold_item_without_a_number_names_the_item(tmp_path):
    data = _gold()
    del data["items"][1]["number"]
    _write(tmp_path, "nonumber.json", data)
    result = _eval(tmp_path, FIXTURES)
    assert result.exit_code == 2
    assert "nonumber.json" in result.stderr and "items[1]" in result.stderr


def test_gold_whose_sources_are_not_in_the_corpus_names_each_and_exits_2():
    # The handmade gold's sources are not in the bundled sample corpus.
    result = _eval(GOLD)
    assert result.exit_code == 2
    for gold_file in sorted(GOLD.glob("*.json")):
        assert json.loads(gold_file.read_text(encoding="utf-8"))["source"] in result.stderr
    assert "not found" in result.stderr
    assert result.stdout == ""


def test_missing_corpus_path_names_the_sources_and_the_path(tmp_path):
    corpus = tmp_path / "no-such-corpus"
    result = _eval(GOLD, corpus, "--json")
    assert result.exit_code == 2
    assert f"{BSU}.txt" in result.stderr and "no-such-corpus" in result.stderr
    assert result.stdout == ""


def test_partly_found_gold_warns_about_the_missing_and_scores_the_rest(tmp_path):
    _write(tmp_path, f"{BSU}.json", _gold())
    elsewhere = dict(_gold(), source="a-meeting-nobody-has.txt")
    _write(tmp_path, "elsewhere.json", elsewhere)
    result = _eval(tmp_path, FIXTURES, "--json")
    assert result.exit_code == 0, result.output
    assert "warning" in result.stderr and "a-meeting-nobody-has.txt" in result.stderr
    assert f"{BSU}.txt" not in result.stderr.split("warning")[1]
    alone = _scores(GOLD / f"{BSU}.json", FIXTURES)
    # The missing document adds no support: its gold is left out, not scored as all missed.
    assert json.loads(result.stdout) == alone
    assert alone["persons"]["support"] == sum(len(it["persons"]) for it in _gold()["items"])


def test_gold_given_as_its_parent_folder_or_as_one_file(tmp_path):
    for name in (BSU, "kfu-2024-10-02"):
        _write(tmp_path / "municipality" / "committee", f"{name}.json", _gold(name))
    from_parent = _eval(tmp_path, FIXTURES, "--json")
    assert from_parent.exit_code == 0, from_parent.output
    assert "2 documents" in from_parent.stderr
    one_file = _eval(tmp_path / "municipality" / "committee" / f"{BSU}.json", FIXTURES, "--json")
    assert one_file.exit_code == 0, one_file.output
    assert "evaluated 1 document," in one_file.stderr
    assert json.loads(one_file.stdout)["title"]["support"] == len(_gold()["items"])


def test_summary_says_how_many_gold_files_documents_and_items():
    result = _eval(GOLD, FIXTURES)
    assert result.exit_code == 0, result.output
    n_files = len(list(GOLD.glob("*.json")))
    n_items = sum(len(json.loads(f.read_text(encoding="utf-8"))["items"]) for f in GOLD.glob("*.json"))
    assert f"{n_files} of {n_files} gold files" in result.stderr
    assert f"{n_items} items" in result.stderr


def test_field_without_gold_values_is_null_not_perfect():
    # The handmade gold annotates no networks, and the extractor finds none.
    scores = _scores(GOLD, FIXTURES)
    assert scores["networks"] == {"precision": None, "recall": None, "f1": None, "support": 0}
    table = _eval(GOLD, FIXTURES)
    row = next(line for line in table.stdout.splitlines() if "networks" in line)
    assert row.count("n/a") == 3 and "1.000" not in row


def test_spurious_predictions_without_gold_give_precision_zero(tmp_path):
    data = _gold()
    for item in data["items"]:
        item["persons"] = []
    _write(tmp_path, f"{BSU}.json", data)
    persons = _scores(tmp_path, FIXTURES)["persons"]
    assert persons == {"precision": 0.0, "recall": None, "f1": None, "support": 0}


def test_no_decision_outcomes_in_gold_is_null_accuracy(tmp_path):
    data = _gold()
    for item in data["items"]:
        item["decision_outcome"] = None
    _write(tmp_path, f"{BSU}.json", data)
    assert _scores(tmp_path, FIXTURES)["decision_outcome"]["f1"] is None


def test_default_json_has_only_the_field_scores():
    scores = _scores(GOLD, FIXTURES)
    assert "differences" not in scores
    assert all(set(s) == {"precision", "recall", "f1", "support"} for s in scores.values())


def _gold_with_errors(tmp_path: Path) -> Path:
    """The bsu gold with one invented person added to item 2 and one real person dropped from item 3."""
    data = _gold()
    data["items"][1]["persons"].append("Zacharias Ubekendt")
    data["items"][2]["persons"].remove("Ole")
    _write(tmp_path, f"{BSU}.json", data)
    return tmp_path


def test_diff_lists_missed_and_spurious_values_with_document_and_item(tmp_path):
    result = _eval(_gold_with_errors(tmp_path), FIXTURES, "--diff")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert any(line.startswith("persons") and "1 missed" in line and "1 spurious" in line for line in lines)
    assert any(f"{BSU}.txt item 2" in line and "missed" in line and "Zacharias Ubekendt" in line for line in lines)
    assert any(f"{BSU}.txt item 3" in line and "spurious" in line and "Ole" in line for line in lines)


def test_diff_of_a_perfect_run_lists_nothing():
    result = _eval(GOLD, FIXTURES, "--diff")
    assert result.exit_code == 0, result.output
    assert "missed" not in result.stdout and "spurious" not in result.stdout


def test_json_diff_adds_differences_beside_the_field_scores(tmp_path):
    gold = _gold_with_errors(tmp_path)
    plain = _scores(gold, FIXTURES)
    with_diff = _scores(gold, FIXTURES, "--diff")
    differences = with_diff.pop("differences")
    assert with_diff == plain
    assert {"source": f"{BSU}.txt", "item": 2, "field": "persons", "missed": ["Zacharias Ubekendt"], "spurious": []} in differences
    assert {"source": f"{BSU}.txt", "item": 3, "field": "persons", "missed": [], "spurious": ["Ole"]} in differences
    assert plain["persons"]["precision"] < 1.0 and plain["persons"]["recall"] < 1.0


def test_gold_value_of_the_wrong_type_names_the_field(tmp_path):
    data = _gold()
    data["items"][0]["persons"] = "Mads"
    _write(tmp_path, "wrongtype.json", data)
    result = _eval(tmp_path, FIXTURES)
    assert result.exit_code == 2
    assert "wrongtype.json" in result.stderr and "items[0].persons" in result.stderr


def test_gold_saved_with_a_byte_order_mark_is_read(tmp_path):
    (tmp_path / f"{BSU}.json").write_text(json.dumps(_gold(), ensure_ascii=False), encoding="utf-8-sig")
    assert _scores(tmp_path, FIXTURES) == _scores(GOLD / f"{BSU}.json", FIXTURES)


def test_eval_with_an_alias_row_of_unknown_kind_names_the_file_and_exits_2(tmp_path):
    from typer.testing import CliRunner

    from graph.cli import app

    aliases = tmp_path / "aliases.tsv"
    aliases.write_text("Bodyy\tByrådet\tBR\n", encoding="utf-8")
    gold = tmp_path / "g.json"
    gold.write_text('{"source": "chefforum-2016-03-17.txt", "items": []}', encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", str(gold), "--aliases", str(aliases)])
    assert result.exit_code == 2 and "aliases.tsv" in result.output
