"""The interactive HTML view: what the file contains, and what headless Chromium shows of it."""
from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import networkx as nx
import pytest

from graph.export.html import FALLBACK_STYLE, PALETTE, class_labels, render_html, write_html
from graph.model import Span

try:  # `python -m pytest` puts the repo on sys.path; plain `pytest` puts tests/ there
    from tests import browser
except ImportError:  # pragma: no cover - depends on how pytest was started
    import browser

chromium, open_file = browser.chromium, browser.open_file
requested_urls, severe_console_messages = browser.requested_urls, browser.severe_console_messages

BASE = "https://example.org/id/"
MEETING = BASE + "meeting/udvalget/2021-03-04"
ITEM = MEETING + "/item/1"
ITEM2 = MEETING + "/item/2"
CASE = BASE + "case/27.15.00-A00-3-21"
PERSON = BASE + "person/anna-jensen"
ODD = BASE + "gizmo/x"
EVIL_LABEL = "Punkt 2: </script><script>window.pwned=1</script> & <b>fed</b>"
LONG_QUOTE = "Punkt 1: Budget 2022 " + "med en lang begrundelse " * 20


def _span(start: int, end: int, quote: str) -> Span:
    return Span("udvalget-2021-03-04.txt", start, end, quote)


def small_graph(reverse: bool = False) -> nx.MultiDiGraph:
    """A meeting with two items, a case, a decision, a person and a type no palette knows."""
    nodes = [
        (MEETING, "Meeting", "Udvalget 4. marts 2021", {"date": date(2021, 3, 4), "place": "Mødelokale 1"},
         [_span(0, 22, "Udvalget 4. marts 2021")]),
        (BASE + "body/udvalget", "Body", "Udvalget", {}, [_span(0, 8, "Udvalget")]),
        (ITEM, "AgendaItem", "Punkt 1: Budget 2022", {"title": "Punkt 1: Budget 2022 v. Anna Jensen", "number": 1},
         [_span(30, 30 + len(LONG_QUOTE), LONG_QUOTE)]),
        (ITEM2, "AgendaItem", EVIL_LABEL, {"number": 2}, []),
        (CASE, "Case", "27.15.00-A00-3-21", {"journalNumber": "27.15.00-A00-3-21"},
         [_span(60, 77, "27.15.00-A00-3-21")]),
        (ITEM + "/decision", "Decision", "Beslutning", {"outcome": "approved", "text": "Godkendt."},
         [_span(90, 99, "Godkendt.")]),
        (PERSON, "Person", "Anna Jensen", {"firstName": "Anna"}, [_span(20, 31, "Anna Jensen")]),
        (ODD, "Gizmo", "Ukendt ting", {}, []),
    ]
    edges = [
        (MEETING, BASE + "body/udvalget", "meetingOf", [_span(0, 8, "Udvalget")]),
        (MEETING, ITEM, "hasItem", []),
        (MEETING, ITEM2, "hasItem", []),
        (ITEM, CASE, "concernsCase", [_span(60, 77, "27.15.00-A00-3-21")]),
        (ITEM, ITEM + "/decision", "hasDecision", []),
        (ITEM, PERSON, "presentedBy", [_span(20, 31, "Anna Jensen")]),
        (ITEM, PERSON, "mentions", []),
        (ITEM2, ODD, "mentions", []),
    ]
    if reverse:
        nodes, edges = nodes[::-1], edges[::-1]
    G = nx.MultiDiGraph(base=BASE, documents={})
    for iri, type_, label, props, sources in nodes:
        G.add_node(iri, type=type_, label=label, props=props, sources=sources)
    for u, v, rel, sources in edges:
        G.add_edge(u, v, key=rel, rel=rel, sources=sources)
    return G


def page_data(page: str) -> dict:
    block = re.search(r'<script type="application/json" id="rg-data">(.*?)</script>', page, re.S)
    assert block, "the page has no data block"
    return json.loads(block.group(1))


# --- the file ------------------------------------------------------------------


def test_page_references_no_remote_resource():
    page = render_html(small_graph())
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page, re.I)
    assert "<link" not in page
    assert not re.search(r"url\(\s*[\"']?(https?:)?//", page)
    assert "@import" not in page
    assert "vis.Network" in page  # vis-network itself is inlined


def test_every_node_and_edge_is_in_the_page_data():
    G = small_graph()
    data = page_data(render_html(G))
    assert {n["id"] for n in data["nodes"]} == set(G.nodes)
    assert sorted((e["from"], e["to"], e["label"]) for e in data["edges"]) == sorted(
        (u, v, k) for u, v, k in G.edges(keys=True))
    assert len({e["id"] for e in data["edges"]}) == G.number_of_edges()


def test_same_graph_renders_byte_identical_whatever_the_insertion_order():
    assert render_html(small_graph()) == render_html(small_graph(reverse=True))
    assert page_data(render_html(small_graph()))["options"]["layout"]["randomSeed"] is not None


def test_item_hover_names_title_meeting_date_journal_number_and_truncated_quote():
    data = page_data(render_html(small_graph()))
    hover = next(n["title"] for n in data["nodes"] if n["id"] == ITEM)
    assert "Punkt 1: Budget 2022 v. Anna Jensen" in hover
    assert "2021-03-04" in hover
    assert "27.15.00-A00-3-21" in hover
    assert f"[30–{30 + len(LONG_QUOTE)}]" in hover
    quote_line = next(line for line in hover.splitlines() if line.startswith("Source:"))
    assert "…" in quote_line and len(quote_line) < len(LONG_QUOTE)


def test_markup_in_labels_stays_text_and_cannot_close_the_data_block():
    page = render_html(small_graph())
    assert "<script>window.pwned" not in page
    assert "<b>fed</b>" not in page
    data = page_data(page)
    assert data["details"]["nodes"][ITEM2]["label"] == EVIL_LABEL


def test_page_title_is_escaped():
    page = render_html(small_graph(), title="Graf <i>test</i>")
    assert "<title>Graf &lt;i&gt;test&lt;/i&gt;</title>" in page


def test_unknown_type_gets_the_fallback_style_and_a_legend_entry():
    data = page_data(render_html(small_graph()))
    odd = next(n for n in data["nodes"] if n["id"] == ODD)
    assert odd["color"]["background"] == FALLBACK_STYLE[0]
    assert odd["shape"] == FALLBACK_STYLE[2]
    assert "Gizmo" in [t["type"] for t in data["legend"]]


def test_legend_lists_each_present_type_once_with_its_palette_colour_and_labels():
    G = small_graph()
    data = page_data(render_html(G))
    present = {d["type"] for _, d in G.nodes(data=True)}
    assert [t["type"] for t in data["legend"]] == sorted(
        present, key=lambda t: (list(PALETTE).index(t) if t in PALETTE else len(PALETTE), t))
    meeting = next(t for t in data["legend"] if t["type"] == "Meeting")
    assert meeting["color"] == PALETTE["Meeting"][0]
    assert (meeting["en"], meeting["da"]) == class_labels("Meeting")
    assert sum(t["count"] for t in data["legend"]) == G.number_of_nodes()


def test_class_labels_come_from_the_ontology():
    from graph import ontology

    term = ontology.load().cls("Decision")
    assert class_labels("Decision") == (term.label_en, term.label_da)
    assert class_labels("NoSuchClass") == ("NoSuchClass", "NoSuchClass")


def test_parallel_edges_between_two_nodes_are_bent_apart():
    data = page_data(render_html(small_graph()))
    pair = [e for e in data["edges"] if (e["from"], e["to"]) == (ITEM, PERSON)]
    assert len(pair) == 2
    assert len({json.dumps(e.get("smooth"), sort_keys=True) for e in pair}) == 2


def test_panel_details_keep_all_props_and_every_source():
    G = small_graph()
    details = page_data(render_html(G))["details"]["nodes"]
    for n, d in G.nodes(data=True):
        assert [k for k, _ in details[n]["props"]] == sorted(d["props"])
        assert [(s["start"], s["end"]) for s in details[n]["sources"]] == [(s.start, s.end) for s in d["sources"]]
    assert dict(details[MEETING]["props"])["date"] == "2021-03-04"


def test_sample_page_holds_every_node_and_two_builds_render_identically(sample_graph):
    from graph.pipeline import build

    page = render_html(sample_graph)
    assert {n["id"] for n in page_data(page)["nodes"]} == set(sample_graph.nodes)
    assert render_html(build().graph) == page


def test_write_html_replaces_the_file_atomically(tmp_path):
    target = tmp_path / "out" / "graph.html"
    target.parent.mkdir()
    target.write_text("old")
    written = write_html(small_graph(), target, title="x")
    assert written == target
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in target.parent.iterdir()] == ["graph.html"]


def test_missing_chromium_fails_in_ci_and_skips_on_a_developer_machine(monkeypatch, tmp_path):
    monkeypatch.setattr(browser, "CHROMIUM", str(tmp_path / "no-chromium"))
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="install_system_deps.sh"):
        browser.require_chromium()
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="no-chromium"):
        browser.require_chromium()


# --- in headless Chromium -----------------------------------------------------


@pytest.fixture(scope="module")
def driver():
    with chromium() as d:
        yield d


@pytest.fixture
def small_page(tmp_path) -> Path:
    return write_html(small_graph(), tmp_path / "graph.html", title="referatgraf test")


def _node_screen_offset(driver, node_id: str) -> tuple[int, int]:
    """Offset of a node's centre from the centre of the graph canvas, in CSS pixels."""
    x, y, w, h = driver.execute_script(
        """const rg = window.referatgraf, id = arguments[0];
           const p = rg.network.canvasToDOM(rg.network.getPositions([id])[id]);
           const box = document.getElementById('rg-network').getBoundingClientRect();
           return [p.x, p.y, box.width, box.height];""", node_id)
    return round(x - w / 2), round(y - h / 2)


@pytest.mark.browser
def test_page_opens_from_file_url_without_requests_or_console_errors(driver, small_page):
    open_file(driver, small_page)
    urls = requested_urls(driver)
    assert urls, "the DevTools performance log recorded no request at all"
    assert all(u.startswith(("file://", "data:")) for u in urls), urls
    assert severe_console_messages(driver) == []
    assert driver.execute_script("return window.pwned === undefined")


@pytest.mark.browser
def test_every_node_is_drawn_and_the_legend_lists_every_type(driver, small_page):
    from selenium.webdriver.common.by import By

    G = small_graph()
    open_file(driver, small_page)
    drawn = driver.execute_script("return window.referatgraf.network.body.data.nodes.getIds()")
    assert sorted(drawn) == sorted(G.nodes)
    positioned = driver.execute_script("return Object.keys(window.referatgraf.network.getPositions())")
    assert sorted(positioned) == sorted(G.nodes)
    legend = [li.get_attribute("data-type") for li in driver.find_elements(By.CSS_SELECTOR, ".rg-legend-item")]
    assert sorted(legend) == sorted({d["type"] for _, d in G.nodes(data=True)})
    meeting = driver.find_element(By.CSS_SELECTOR, '.rg-legend-item[data-type="Meeting"]').text
    assert class_labels("Meeting")[1] in meeting


@pytest.mark.browser
def test_layout_is_frozen_once_stabilised(driver, small_page):
    open_file(driver, small_page)
    physics_on = driver.execute_script("return window.referatgraf.network.physics.physicsEnabled")
    assert physics_on is False
    first = driver.execute_script("return window.referatgraf.network.getPositions()")
    driver.execute_script("return new Promise(r => setTimeout(r, 300))")
    assert driver.execute_script("return window.referatgraf.network.getPositions()") == first


@pytest.mark.browser
def test_clicking_a_node_shows_its_props_and_sources_in_the_panel(driver, small_page, tmp_path):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    open_file(driver, small_page)
    dx, dy = _node_screen_offset(driver, MEETING)
    canvas = driver.find_element(By.ID, "rg-network")
    ActionChains(driver).move_to_element_with_offset(canvas, dx, dy).click().perform()
    assert driver.execute_script("return window.referatgraf.shown") == MEETING
    panel = driver.find_element(By.ID, "rg-panel").text
    assert "Udvalget 4. marts 2021" in panel
    assert "2021-03-04" in panel and "Mødelokale 1" in panel
    assert "udvalget-2021-03-04.txt [0–22]" in panel
    links = [a.get_attribute("data-node") for a in driver.find_elements(By.CSS_SELECTOR, "#rg-panel-links a")]
    assert sorted(links) == sorted(small_graph().successors(MEETING))
    shot = tmp_path / "clicked.png"
    driver.save_screenshot(str(shot))
    assert shot.stat().st_size > 10_000


@pytest.mark.browser
def test_clicking_an_edge_shows_its_relation_and_source(driver, small_page):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    open_file(driver, small_page)
    # the middle of the drawn (curved) edge, from vis-network's own geometry
    x, y, w, h = driver.execute_script(
        """const rg = window.referatgraf;
           const id = rg.edges.get({filter: e => e.label === 'meetingOf'})[0].id;
           const p = rg.network.canvasToDOM(rg.network.body.edges[id].edgeType.getPoint(0.5));
           const box = document.getElementById('rg-network').getBoundingClientRect();
           return [p.x, p.y, box.width, box.height];""")
    canvas = driver.find_element(By.ID, "rg-network")
    ActionChains(driver).move_to_element_with_offset(canvas, round(x - w / 2), round(y - h / 2)).click().perform()
    assert driver.find_element(By.ID, "rg-panel-type").text == "meetingOf"
    assert "udvalget-2021-03-04.txt [0–8]" in driver.find_element(By.ID, "rg-panel-sources").text


@pytest.mark.browser
def test_hovering_a_node_shows_its_provenance(driver, small_page):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    open_file(driver, small_page)
    dx, dy = _node_screen_offset(driver, CASE)
    canvas = driver.find_element(By.ID, "rg-network")
    ActionChains(driver).move_to_element_with_offset(canvas, dx, dy).perform()
    tooltip = WebDriverWait(driver, 5).until(
        lambda d: next((t for t in d.find_elements(By.CSS_SELECTOR, "div.vis-tooltip") if t.is_displayed()), None))
    assert "27.15.00-A00-3-21" in tooltip.text
    assert "udvalget-2021-03-04.txt [60–77]" in tooltip.text


@pytest.mark.browser
def test_markup_in_a_label_is_shown_as_text_in_the_tooltip(driver, small_page):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    open_file(driver, small_page)
    dx, dy = _node_screen_offset(driver, ITEM2)
    ActionChains(driver).move_to_element_with_offset(driver.find_element(By.ID, "rg-network"), dx, dy).perform()
    tooltip = WebDriverWait(driver, 5).until(
        lambda d: next((t for t in d.find_elements(By.CSS_SELECTOR, "div.vis-tooltip") if t.is_displayed()), None))
    assert EVIL_LABEL in tooltip.text
    # line breaks are the only elements: the label's <b>/<script> stayed text
    assert {e.tag_name for e in tooltip.find_elements(By.CSS_SELECTOR, "*")} <= {"br"}
    assert driver.execute_script("return window.pwned === undefined")


@pytest.mark.browser
def test_search_box_focuses_and_selects_the_node(driver, small_page):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    open_file(driver, small_page)
    box = driver.find_element(By.ID, "rg-search")
    box.send_keys("anna jensen", Keys.ENTER)
    assert driver.execute_script("return window.referatgraf.network.getSelectedNodes()") == [PERSON]
    assert driver.find_element(By.ID, "rg-panel-label").text == "Anna Jensen"
    box.clear()
    box.send_keys("findes ikke", Keys.ENTER)
    assert driver.find_element(By.ID, "rg-search-status").text == "No match"


@pytest.mark.browser
def test_unticking_a_type_hides_its_nodes_and_their_edges(driver, small_page):
    from selenium.webdriver.common.by import By

    open_file(driver, small_page)
    driver.find_element(By.CSS_SELECTOR, '.rg-type-filter[data-type="Person"]').click()
    hidden_nodes = driver.execute_script(
        "return window.referatgraf.nodes.get({filter: n => n.hidden}).map(n => n.id)")
    assert hidden_nodes == [PERSON]
    hidden_edges = driver.execute_script(
        "return window.referatgraf.edges.get({filter: e => e.hidden}).map(e => [e.from, e.to])")
    assert sorted(map(tuple, hidden_edges)) == [(ITEM, PERSON), (ITEM, PERSON)]
    driver.find_element(By.CSS_SELECTOR, '.rg-type-filter[data-type="Person"]').click()
    assert driver.execute_script("return window.referatgraf.nodes.get({filter: n => n.hidden}).length") == 0


@pytest.mark.browser
def test_sample_build_shows_every_node(driver, tmp_path, sample_graph):
    G = sample_graph
    page = write_html(G, tmp_path / "sample.html")
    open_file(driver, page, timeout=120)
    assert severe_console_messages(driver) == []
    assert all(u.startswith(("file://", "data:")) for u in requested_urls(driver))
    drawn = driver.execute_script("return window.referatgraf.network.body.data.nodes.getIds()")
    assert sorted(drawn) == sorted(G.nodes)
    legend = driver.execute_script(
        "return Array.from(document.querySelectorAll('.rg-legend-item')).map(li => li.dataset.type)")
    assert sorted(legend) == sorted({d["type"] for _, d in G.nodes(data=True)})
    driver.save_screenshot(str(tmp_path / "sample.png"))
