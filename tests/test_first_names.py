"""graph/data/first_names.txt: from sources whose licence fits referatgraf's MIT licence, and
built the way scripts/build_first_names.py says."""
from __future__ import annotations

import importlib.util
import os
import re
from pathlib import Path

import pytest

from graph import datafiles

ROOT = Path(__file__).resolve().parents[1]
NAMES = ROOT / "graph" / "data" / "first_names.txt"


def _script():
    spec = importlib.util.spec_from_file_location("build_first_names", ROOT / "scripts" / "build_first_names.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _header() -> str:
    return "".join(line for line in NAMES.read_text(encoding="utf-8").splitlines(keepends=True)
                   if line.startswith("#"))


def test_the_names_list_comes_from_mit_licensed_sources_and_says_so():
    """It said it was derived from gender-guesser's GNU FDL dictionary, which an MIT project cannot ship."""
    header = _header()
    assert "GNU" not in header and "FDL" not in header and "gender-guesser" not in header
    assert "MIT licence" in header and "Permission is hereby granted" in header
    for source in ("Faker", "Copyright (c) 2012 Daniele Faraglia", "@faker-js/faker", "referatgraf contributors"):
        assert source in header, source


def test_no_dependency_on_gender_guesser_is_left():
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert "gender-guesser" not in pyproject and "gender_guesser" not in pyproject
    assert "gender_guesser" not in (ROOT / "scripts" / "build_first_names.py").read_text(encoding="utf-8")


def test_the_project_has_the_mit_licence_its_metadata_names():
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert re.search(r'^license = "MIT"$', pyproject, re.M) and text.startswith("MIT License")
    assert "Copyright (c) 2026 referatgraf contributors" in text and "Permission is hereby granted" in text


def test_the_list_is_sorted_unique_names():
    names = datafiles.lines("first_names.txt")
    assert list(names) == sorted(set(names)) and len(names) > 1000
    assert all(re.fullmatch(r"[^\W\d_][^\W\d_ -]*(?:[- ][^\W\d_]+)*", n) and n[0].isupper() for n in names)


def test_danish_names_are_in_and_danish_words_are_not():
    names = set(datafiles.lines("first_names.txt"))
    script = _script()
    assert {"Jette", "Søren", "Mads", "Knud", "Bjarke", "Vibeke", "Ahmed", "Fatima", "Mehmet"} <= names
    assert set(script.HAND_ADDED) <= names
    assert not names & script.NOT_NAMES
    assert not names & {"Til", "Del", "Juni", "Levin", "Holm"}  # "Til stede:", "Del 2", a month, surnames here


def test_clean_keeps_capitalised_names_only():
    assert _script().clean({"Anne-Mette", "Hans Peter", "Hans-J.", "Del", "de", "Knud"}) == \
        ["Anne-Mette", "Hans Peter", "Knud"]


def _faker_js() -> Path | None:
    folder = os.environ.get("REFERATGRAF_FAKER_JS")
    return Path(folder) if folder and (Path(folder) / "package.json").is_file() else None


@pytest.mark.skipif(importlib.util.find_spec("faker") is None or _faker_js() is None,
                    reason="rebuilding needs Faker (pip) and @faker-js/faker (npm; REFERATGRAF_FAKER_JS=its folder)")
def test_the_script_rebuilds_the_shipped_list(tmp_path):
    out = tmp_path / "first_names.txt"
    assert _script().main(["--faker-js", str(_faker_js()), "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == NAMES.read_text(encoding="utf-8")
