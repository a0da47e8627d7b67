"""Loading KLE titles from the user's own KLE-Emneplan XML file (none are shipped)."""
from __future__ import annotations

from pathlib import Path

import pytest

from graph.kle import KleFormatError, load_kle_titles

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "structure"


def test_element_form_maps_every_level_to_its_title():
    titles = load_kle_titles(FIXTURES / "kle-emneplan-mini.xml")
    assert titles == {
        "00": "Testhovedgruppe nul",
        "00.01": "Testgruppe et",
        "00.01.00": "Testemne et-nul",
        "00.01.10": "Testemne et-ti",  # whitespace inside the title is collapsed
        "81": "Testhovedgruppe 81",
    }
    assert list(titles) == sorted(titles)


def test_namespaced_attribute_form_with_last_level_numbers():
    titles = load_kle_titles(FIXTURES / "kle-emneplan-namespaced.xml")
    assert titles == {"24": "Prøvegruppe fireogtyve", "24.10": "Prøvegruppe ti", "24.10.05": "Prøveemne fem"}


def test_broken_or_foreign_xml_is_a_clear_error(tmp_path):
    broken = tmp_path / "broken.xml"
    broken.write_text("<KLE-Emneplan><Hovedgruppe>", encoding="utf-8")
    with pytest.raises(KleFormatError, match="not well-formed"):
        load_kle_titles(broken)
    foreign = tmp_path / "foreign.xml"
    foreign.write_text("<catalog><book id='1'><title>X</title></book></catalog>", encoding="utf-8")
    with pytest.raises(KleFormatError, match="no Hovedgruppe"):
        load_kle_titles(foreign)


def test_no_kle_titles_are_shipped_with_the_package():
    data = Path(__file__).resolve().parents[1] / "graph" / "data"
    assert not list(data.rglob("*kle*.xml")) and not list(data.rglob("*emneplan*"))
