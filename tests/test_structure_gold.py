"""The parse of the five bundled sample minutes agrees exactly with the hand-made gold structure."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.sources import default_corpus, read_sources
from graph.structure import parse_minutes

GOLD = Path(__file__).resolve().parents[2] / "shared" / "gold" / "albertslund-chefforum"


@pytest.fixture(scope="module")
def parsed():
    docs, problems = read_sources([default_corpus()])
    assert problems == []
    return {Path(d.doc_id).stem: parse_minutes(d) for d in docs}


def _gold_files() -> list[Path]:
    return sorted(GOLD.glob("*.json")) if GOLD.is_dir() else []


needs_gold = pytest.mark.skipif(not _gold_files(), reason=f"gold annotation folder {GOLD} is absent")


def test_sample_has_36_agenda_items(parsed):
    assert len(parsed) == 5
    assert sum(len(m.items) for m in parsed.values()) == 36


@needs_gold
@pytest.mark.parametrize("gold_file", _gold_files(), ids=lambda p: p.stem)
def test_meeting_header_and_toc_agree_with_gold(parsed, gold_file):
    gold = json.loads(gold_file.read_text(encoding="utf-8"))
    m = parsed[gold_file.stem]
    assert {
        "body": m.body,
        "date": m.date.isoformat() if m.date else None,
        "start_time": m.start_time,
        "place": m.place,
    } == gold["meeting"]
    assert [e.title for e in m.toc] == gold["toc"]


@needs_gold
@pytest.mark.parametrize("gold_file", _gold_files(), ids=lambda p: p.stem)
def test_every_item_agrees_with_gold(parsed, gold_file):
    gold = json.loads(gold_file.read_text(encoding="utf-8"))
    m = parsed[gold_file.stem]
    assert len(m.items) == len(gold["items"])
    for item, g in zip(m.items, gold["items"]):
        got = {
            "number": item.number,
            "title": item.title,
            "journal_number": item.journal_number,
            "closed": item.closed,
            "sections": [s.heading for s in item.sections],
            "proposer": item.proposer,
            "bilag": [b.text for b in item.bilag],
        }
        assert got == {k: g[k] for k in got}, f"item {item.number}"
        # presenters in the gold are the names of the title ("v. X" and "(X deltager)")
        assert [n.name for n in item.names] == g["presenters"], f"item {item.number}"


def test_every_span_indexes_the_document_text(parsed):
    count = 0
    for m in parsed.values():
        text = m.doc.text
        spans = [m.header_span] + [e.span for e in m.toc]
        for it in m.items:
            spans += [it.title_span, it.span, it.journal_span, it.proposer_span]
            spans += [s.span for s in it.sections] + [s.heading_span for s in it.sections]
            spans += [b.span for b in it.bilag] + [n.span for n in it.names]
        for s in spans:
            if s is None:
                continue
            assert s.doc == m.doc.doc_id
            assert text[s.start:s.end] == s.quote
            count += 1
    assert count >= 36 * 3  # at least title, item and one section span per item


def test_item_spans_tile_the_document_from_the_first_item(parsed):
    for m in parsed.values():
        for a, b in zip(m.items, m.items[1:]):
            assert a.span.end == b.span.start
        assert m.items[-1].span.end == len(m.doc.text)
        assert all(it.span.quote.startswith(f"Punkt {it.number}:") for it in m.items)


def test_closed_items_have_a_journal_number_but_no_sections(parsed):
    closed = [it for m in parsed.values() for it in m.items if it.closed]
    assert len(closed) == 2
    for it in closed:
        assert it.journal_number and it.sections == [] and it.proposer is None and it.bilag == []


def test_section_text_excludes_heading_and_keeps_subheadings(parsed):
    m = parsed["chefforum-2016-05-19"]
    item = m.items[3]
    case = item.section("Sagsfremstilling")
    assert case is not None and case.heading_span.quote == "Sagsfremstilling"
    assert not case.text.startswith("Sagsfremstilling")
    # a sub-heading inside the case description belongs to its text, not to a new section
    assert "\nForslag til justeringer af den tværgående kompetenceudviklingsplan\n" in case.text
    assert item.section("Økonomi") is not None


def test_sample_minutes_have_no_warnings_except_the_real_toc_difference(parsed):
    warnings = {k: m.warnings for k, m in parsed.items()}
    assert warnings["chefforum-2016-03-17"] == []
    assert warnings["chefforum-2020-01-29"] == []
    assert len(warnings["chefforum-2023-08-03"]) == 1
    assert "erhvervs politik" in warnings["chefforum-2023-08-03"][0]
