"""The explorer's quotes open their document: a page per source document beside graph.html
(graph/export/sources.py), with the quote marked at its offsets, in real headless Chromium."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.export import write_build
from graph.export.sources import page_name, render_source_page
from graph.model import SourceDocument
from graph.pipeline import build

try:
    from tests import browser
except ImportError:  # pragma: no cover - depends on how pytest was started
    import browser

pytestmark = pytest.mark.browser

HOSTILE = ("Referat\r\nMødedato 4. marts 2021\n🙂 </script><script>window.__pwned=1</script> <img src=x onerror=window.__pwned=2>\n"
           "Punkt 1: Godkendelse af dagsorden\nBeslutning\nGodkendt & så videre <b>fed</b>.\n")


@pytest.fixture(scope="module")
def sample_build(tmp_path_factory, sample_result) -> Path:
    out = tmp_path_factory.mktemp("sources")
    write_build(sample_result, out, ["html"])
    return out


def _mark(driver) -> dict:
    return driver.execute_script("""const m = document.getElementById('rg-quote'); if (!m) return null;
        const r = m.getBoundingClientRect();
        return {text: m.textContent, before: m.previousSibling ? m.previousSibling.textContent : '',
                visible: r.top >= 0 && r.bottom <= window.innerHeight, name: document.getElementById('rg-doc-name').textContent};""")


def test_every_document_gets_a_page_and_report_json_lists_the_folder(sample_build, sample_result):
    pages = sorted(p.name for p in (sample_build / "sources").iterdir())
    assert pages == sorted(page_name(d.doc_id) for d in sample_result.documents)
    report = json.loads((sample_build / "report.json").read_text(encoding="utf-8"))
    assert "sources" in json.dumps(report)
    # the page text is the document's text, character for character
    doc = sample_result.documents[0]
    page = (sample_build / "sources" / page_name(doc.doc_id)).read_text(encoding="utf-8")
    data = page.split('<script type="application/json" id="rg-doc-data">', 1)[1].split("</script>", 1)[0]
    assert json.loads(data)["text"] == doc.text


def test_a_quote_in_the_panel_opens_its_document_with_the_quote_marked(driver, sample_build, sample_result):
    from selenium.webdriver.common.by import By

    G = sample_result.graph
    texts = {d.doc_id: d.text for d in sample_result.documents}
    case = next(n for n, d in G.nodes(data=True) if d["type"] == "Decision" and d.get("sources"))
    span = G.nodes[case]["sources"][0]
    browser.open_file(driver, sample_build / "graph.html")
    driver.execute_script("window.referatgraf.select(arguments[0])", case)
    link = driver.find_element(By.CSS_SELECTOR, "#rg-panel-sources a.rg-source-open, #rg-panel-body a.rg-source-open")
    assert link.get_attribute("target") == "_blank"
    href = link.get_attribute("href")
    assert href.endswith(f"sources/{page_name(span.doc)}#{span.start}-{span.end}")
    driver.get(href)
    mark = _mark(driver)
    assert mark["text"] == texts[span.doc][span.start:span.end] == span.quote
    assert mark["before"] == texts[span.doc][:span.start]  # at its offsets, not a first match elsewhere
    assert mark["visible"] and mark["name"] == span.doc
    # the back link leads to the graph
    back = driver.find_element(By.LINK_TEXT, "the graph").get_attribute("href")
    assert back.endswith("/graph.html")
    assert browser.severe_console_messages(driver) == []


def test_a_hostile_document_page_shows_markup_as_text_and_marks_the_right_characters(driver, tmp_path):
    text = HOSTILE
    doc = SourceDocument("hostile/</script>.txt", tmp_path / "x.txt", text, "utf-8", "0" * 64)
    start = text.index("Godkendt")  # after an emoji (two UTF-16 units) and a \r: offsets count code points
    page = tmp_path / "page.html"
    page.write_text(render_source_page(doc, "2021-03-04", "<i>title</i>"), encoding="utf-8")
    driver.get(page.resolve().as_uri() + f"#{start}-{start + len('Godkendt')}")
    mark = _mark(driver)
    assert mark["text"] == "Godkendt" and mark["before"] == text[:start]
    assert mark["name"] == "hostile/</script>.txt"
    assert driver.execute_script("return document.getElementById('rg-doc-text').textContent") == text
    assert driver.execute_script("return document.getElementById('rg-doc-head').textContent") == "2021-03-04 · <i>title</i>"
    assert driver.execute_script("return window.__pwned === undefined && document.images.length === 0")
    driver.get(page.resolve().as_uri() + "#oops")  # a hash that is not a range: the whole text, nothing marked
    assert _mark(driver) is None


def test_a_built_folder_of_handmade_minutes_links_each_quote_to_its_page(driver, tmp_path):
    from selenium.webdriver.common.by import By

    src = tmp_path / "minutes"
    src.mkdir()
    (src / "møde.txt").write_text(HOSTILE, encoding="utf-8")
    result = build([src])
    out = tmp_path / "out"
    write_build(result, out, ["html"])
    (doc,) = result.documents
    assert (out / "sources" / page_name(doc.doc_id)).is_file()
    browser.open_file(driver, out / "graph.html")
    hrefs = driver.execute_script("""const rg = window.referatgraf, out = [];
        for (let i = 0; i < rg.data.ids.length; i++) { rg.select(i);
          document.querySelectorAll('a.rg-source-open').forEach(a => out.push(a.getAttribute('href'))); }
        return out;""")
    assert hrefs and all(h.startswith(f"sources/{page_name(doc.doc_id)}#") for h in hrefs)
    for h in sorted(set(hrefs))[:5]:
        start, end = map(int, h.split("#")[1].split("-"))
        driver.get((out / h.split("#")[0]).resolve().as_uri() + "#" + h.split("#")[1])
        assert _mark(driver)["text"] == doc.text[start:end]
    assert not driver.find_elements(By.TAG_NAME, "img")
