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

open_file = browser.open_file
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


def detail_blocks(page: str, kind: str) -> list:
    """The node (kind="node") or edge details of the page, in node / edge number order, with each
    source unpacked to [document number, start, end, quote, sentence]."""
    rows, at = [], 2 if kind == "node" else 1
    for chunk in sorted(re.findall(rf'<script type="application/json" class="rg-{kind}-details" data-chunk="(\d+)">(.*?)</script>',
                                   page, re.S), key=lambda c: int(c[0])):
        block = json.loads(chunk[1])
        strings = block["strings"]
        spans = [[d, s, e, strings[q] if q >= 0 else "", strings[t] if t >= 0 else ""] for d, s, e, q, t in block["spans"]]
        for row in block["rows"]:
            if row:
                row[at] = [spans[k] for k in row[at]]
            rows.append(row)
    return rows


def local_ids(data: dict) -> list[str]:
    """The page's node ids (IRIs without the base), decoded from their front coding."""
    ids, prev, fc = [], "", data["ids"]
    for k in range(0, len(fc), 2):
        prev = prev[:fc[k]] + fc[k + 1]
        ids.append(prev)
    return ids


def node_iris(data: dict) -> list[str]:
    return [data["base"] + i for i in local_ids(data)]


def edge_triples(data: dict) -> list[tuple[str, str, str]]:
    iris, e = node_iris(data), data["edges"]
    return [(iris[e[k]], iris[e[k + 1]], data["rels"][e[k + 2]]) for k in range(0, len(e), 3)]


# --- the file ------------------------------------------------------------------


def test_page_references_no_remote_resource():
    page = render_html(small_graph())
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page, re.I)
    assert "<link" not in page
    assert not re.search(r"url\(\s*[\"']?(https?:)?//", page)
    assert "@import" not in page
    assert "new Sigma(" in page and "graphology" in page  # the renderer itself is inlined


def test_every_node_and_edge_is_in_the_page_data():
    G = small_graph()
    data = page_data(render_html(G))
    assert node_iris(data) == sorted(G.nodes)
    assert edge_triples(data) == sorted((u, v, k) for u, v, k in G.edges(keys=True))
    assert len(data["x"]) == len(data["y"]) == len(data["t"]) == len(data["labels"]) == G.number_of_nodes()


def test_same_graph_renders_byte_identical_whatever_the_insertion_order():
    assert render_html(small_graph()) == render_html(small_graph(reverse=True))


def test_positions_come_with_the_page_and_items_stand_under_their_meeting():
    data = page_data(render_html(small_graph()))
    iris = node_iris(data)
    at = {n: (data["x"][i], data["y"][i]) for i, n in enumerate(iris)}
    assert len(set(at.values())) == len(at), "two nodes share a position"
    assert at[ITEM][0] == at[ITEM2][0] == at[MEETING][0]
    assert at[MEETING][1] < at[ITEM][1] < at[ITEM2][1]  # item 1 above item 2 (y grows downwards)
    assert at[CASE][1] < at[MEETING][1]  # cases above the lanes


def test_item_details_hold_title_meeting_date_journal_number_and_the_quote():
    G = small_graph()
    page = render_html(G)
    data, details = page_data(page), detail_blocks(page, "node")
    i = node_iris(data).index(ITEM)
    label, props, sources = details[i]
    assert dict(props)["title"] == "Punkt 1: Budget 2022 v. Anna Jensen"
    assert data["dates"][i] == "2021-03-04"  # the meeting's date (the item has none of its own)
    assert node_iris(data)[data["meeting"][i]] == MEETING
    assert data["keys"][str(node_iris(data).index(CASE))] == "27.15.00-A00-3-21"
    (doc, start, end, quote, _sentence), = sources
    assert (data["docs"][doc][0], start, end, quote) == ("udvalget-2021-03-04.txt", 30, 30 + len(LONG_QUOTE), LONG_QUOTE)


def test_markup_in_labels_stays_text_and_cannot_close_the_data_block():
    page = render_html(small_graph())
    assert "<script>window.pwned" not in page
    assert "<b>fed</b>" not in page
    data = page_data(page)
    i = node_iris(data).index(ITEM2)
    assert data["labels"][i] == EVIL_LABEL
    assert detail_blocks(page, "node")[i][0] == EVIL_LABEL


def test_page_title_is_escaped():
    page = render_html(small_graph(), title="Graf <i>test</i>")
    assert "<title>Graf &lt;i&gt;test&lt;/i&gt;</title>" in page


def test_unknown_type_gets_the_fallback_style_and_a_legend_entry():
    data = page_data(render_html(small_graph()))
    odd = data["types"][data["t"][node_iris(data).index(ODD)]]
    assert (odd["type"], odd["color"], odd["shape"], odd["known"]) == ("Gizmo", FALLBACK_STYLE[0], FALLBACK_STYLE[2], False)


def test_legend_lists_each_present_type_once_with_its_palette_colour_and_labels():
    G = small_graph()
    data = page_data(render_html(G))
    present = {d["type"] for _, d in G.nodes(data=True)}
    assert [t["type"] for t in data["types"]] == sorted(
        present, key=lambda t: (list(PALETTE).index(t) if t in PALETTE else len(PALETTE), t))
    meeting = next(t for t in data["types"] if t["type"] == "Meeting")
    assert meeting["color"] == PALETTE["Meeting"][0]
    assert (meeting["en"], meeting["da"]) == class_labels("Meeting")
    assert sum(t["count"] for t in data["types"]) == G.number_of_nodes()


def test_class_labels_come_from_the_ontology():
    from graph import ontology

    term = ontology.load().cls("Decision")
    assert class_labels("Decision") == (term.label_en, term.label_da)
    assert class_labels("NoSuchClass") == ("NoSuchClass", "NoSuchClass")


def test_parallel_edges_between_two_nodes_are_both_kept():
    # (vis-network bent parallel edges apart; sigma draws them as one line, and the panel lists each)
    data = page_data(render_html(small_graph()))
    assert [r for u, v, r in edge_triples(data) if (u, v) == (ITEM, PERSON)] == ["mentions", "presentedBy"]


def test_panel_details_keep_all_props_and_every_source():
    G = small_graph()
    page = render_html(G)
    data, details = page_data(page), detail_blocks(page, "node")
    for i, n in enumerate(node_iris(data)):
        d = G.nodes[n]
        assert [k for k, _ in details[i][1]] == sorted(d["props"])
        assert [(s[1], s[2]) for s in details[i][2]] == [(s.start, s.end) for s in d["sources"]]
    assert dict(details[node_iris(data).index(MEETING)][1])["date"] == "2021-03-04"
    edges = detail_blocks(page, "edge")
    k = edge_triples(data).index((MEETING, BASE + "body/udvalget", "meetingOf"))
    assert [(data["docs"][s[0]][0], s[1], s[2]) for s in edges[k][1]] == [("udvalget-2021-03-04.txt", 0, 8)]


def test_sample_page_holds_every_node_and_two_builds_render_identically(sample_graph):
    from graph.pipeline import build

    page = render_html(sample_graph)
    assert set(node_iris(page_data(page))) == set(sample_graph.nodes)
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


@pytest.fixture
def small_page(tmp_path) -> Path:
    return write_html(small_graph(), tmp_path / "graph.html", title="referatgraf test")


def _node_screen_offset(driver, node_id: str) -> tuple[int, int]:
    """Offset of a node's centre from the centre of the graph canvas, in CSS pixels."""
    x, y, w, h = driver.execute_script(
        """const rg = window.referatgraf, p = rg.screenPosition(rg.indexOf(arguments[0]));
           const box = document.getElementById('rg-network').getBoundingClientRect();
           return [p.x, p.y, box.width, box.height];""", node_id)
    return round(x - w / 2), round(y - h / 2)


def _drawn(driver) -> list[str]:
    return driver.execute_script("const rg = window.referatgraf; return rg.graph.nodes().map(k => rg.iri(+k))")


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
    assert sorted(_drawn(driver)) == sorted(G.nodes)
    legend = [li.get_attribute("data-type") for li in driver.find_elements(By.CSS_SELECTOR, ".rg-legend-item")]
    assert sorted(legend) == sorted({d["type"] for _, d in G.nodes(data=True)})
    meeting = driver.find_element(By.CSS_SELECTOR, '.rg-legend-item[data-type="Meeting"]').text
    assert class_labels("Meeting")[1] in meeting


@pytest.mark.browser
def test_nodes_stand_where_the_page_data_puts_them_and_stay_there(driver, small_page):
    # (vis-network laid the graph out in the page and froze it; now the positions come with the page)
    data = page_data(small_page.read_text(encoding="utf-8"))
    open_file(driver, small_page)
    script = "const g = window.referatgraf.graph; return g.nodes().map(k => [+k, g.getNodeAttribute(k, 'x'), g.getNodeAttribute(k, 'y')])"
    first = driver.execute_script(script)
    assert sorted((i, x, -y) for i, x, y in first) == [(i, data["x"][i], data["y"][i]) for i in range(len(data["x"]))]
    driver.execute_script("return new Promise(r => setTimeout(r, 300))")
    assert driver.execute_script(script) == first


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
    assert "udvalget-2021-03-04.txt" in panel and "[0–22]" in panel
    links = [a.get_attribute("data-node") for a in driver.find_elements(By.CSS_SELECTOR, "#rg-panel-links button")]
    assert sorted(links) == sorted(small_graph().successors(MEETING))
    shot = tmp_path / "clicked.png"
    driver.save_screenshot(str(shot))
    assert shot.stat().st_size > 10_000


@pytest.mark.browser
def test_clicking_an_edge_shows_its_relation_and_source(driver, small_page):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    open_file(driver, small_page)
    # the middle of the drawn (straight) meetingOf edge
    (ax, ay), (bx, by) = _node_screen_offset(driver, MEETING), _node_screen_offset(driver, BASE + "body/udvalget")
    canvas = driver.find_element(By.ID, "rg-network")
    for dy in (0, 1, -1):  # the line is a pixel or two thick; the centre offset is rounded
        ActionChains(driver).move_to_element_with_offset(canvas, round((ax + bx) / 2), round((ay + by) / 2) + dy).click().perform()
        driver.execute_script("return new Promise(r => setTimeout(r, 200))")
        if driver.find_element(By.ID, "rg-panel-type").text:
            break
    assert driver.find_element(By.ID, "rg-panel-type").text == "meetingOf"
    sources = driver.find_element(By.ID, "rg-panel-sources").text
    assert "udvalget-2021-03-04.txt" in sources and "[0–8]" in sources


@pytest.mark.browser
def test_markup_in_a_label_is_shown_as_text_in_the_panel_and_the_results(driver, small_page):
    # (vis-network's hover tooltips are gone: sigma draws the hovered label on the canvas)
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    open_file(driver, small_page)
    driver.find_element(By.ID, "rg-search").send_keys("fed", Keys.ENTER)
    label = driver.find_element(By.ID, "rg-panel-label")
    assert label.text == EVIL_LABEL
    assert label.find_elements(By.CSS_SELECTOR, "*") == []
    result = driver.find_element(By.CSS_SELECTOR, "#rg-results .rg-result-label")
    assert result.get_attribute("textContent").startswith(EVIL_LABEL) and result.find_elements(By.CSS_SELECTOR, "*") == []
    assert driver.execute_script("return window.pwned === undefined")


@pytest.mark.browser
def test_search_box_focuses_and_selects_the_node(driver, small_page):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    open_file(driver, small_page)
    box = driver.find_element(By.ID, "rg-search")
    box.send_keys("anna jensen", Keys.ENTER)
    assert driver.execute_script("return window.referatgraf.iri(window.referatgraf.selected)") == PERSON
    assert driver.find_element(By.ID, "rg-panel-label").text == "Anna Jensen"
    box.clear()
    box.send_keys("findes ikke", Keys.ENTER)
    assert driver.find_element(By.ID, "rg-search-status").text == "No match"


@pytest.mark.browser
def test_unticking_a_type_hides_its_nodes_and_their_edges(driver, small_page):
    from selenium.webdriver.common.by import By

    open_file(driver, small_page)
    driver.find_element(By.CSS_SELECTOR, '.rg-type-filter[data-type="Person"]').click()
    hidden = """const rg = window.referatgraf;
        return rg.graph.nodes().filter(k => !rg.isVisible(+k)).map(k => rg.iri(+k))"""
    assert driver.execute_script(hidden) == [PERSON]
    csv = driver.execute_script("return window.referatgraf.visibleCsv()")
    assert PERSON not in csv["nodes"] and PERSON not in csv["edges"]
    driver.find_element(By.CSS_SELECTOR, '.rg-type-filter[data-type="Person"]').click()
    assert driver.execute_script(hidden) == []


@pytest.mark.browser
def test_sample_build_shows_every_node(driver, tmp_path, sample_graph):
    G = sample_graph
    page = write_html(G, tmp_path / "sample.html")
    open_file(driver, page, timeout=120)
    assert severe_console_messages(driver) == []
    assert all(u.startswith(("file://", "data:")) for u in requested_urls(driver))
    assert sorted(_drawn(driver)) == sorted(G.nodes)
    legend = driver.execute_script(
        "return Array.from(document.querySelectorAll('.rg-legend-item')).map(li => li.dataset.type)")
    assert sorted(legend) == sorted({d["type"] for _, d in G.nodes(data=True)})
    driver.save_screenshot(str(tmp_path / "sample.png"))
