"""The explorer's features in real headless Chromium, over the bundled sample: search, neighbourhoods,
paths (the same as `referatgraf path`), the date filter, deep links, keyboard use, exports, big builds."""
from __future__ import annotations

import base64
import json
import random
import re
import time
from pathlib import Path

import networkx as nx
import pytest

from graph.export import html
from graph.export.html import render_html, write_html
from graph.query.paths import find_paths

try:  # `python -m pytest` puts the repo on sys.path; plain `pytest` puts tests/ there
    from tests import browser
    from tests.test_html import local_ids, node_iris, page_data
except ImportError:  # pragma: no cover - depends on how pytest was started
    import browser
    from test_html import local_ids, node_iris, page_data

pytestmark = pytest.mark.browser

CASE_A, CASE_B = "81.04.00-A00-1-16", "81.04.00-A00-3-19"


@pytest.fixture(scope="module")
def sample_page(tmp_path_factory, sample_graph) -> Path:
    return write_html(sample_graph, tmp_path_factory.mktemp("explorer") / "graph.html", title="sample")


def _open(driver, page: Path) -> None:
    browser.open_file(driver, page, timeout=120)


def _js(driver, script: str, *args):
    return driver.execute_script("const rg = window.referatgraf;" + script, *args)


def _case(G: nx.MultiDiGraph, journal: str) -> str:
    return next(n for n, d in G.nodes(data=True) if d["type"] == "Case" and d["props"].get("journalNumber") == journal)


def _search(driver, text: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    box = driver.find_element(By.ID, "rg-search")
    box.clear()
    box.send_keys(text, Keys.ENTER)


def _result_iris(driver) -> list[str]:
    from selenium.webdriver.common.by import By

    return [b.get_attribute("data-node") for b in driver.find_elements(By.CSS_SELECTOR, "#rg-results button")]


def _undirected_ball(G: nx.MultiDiGraph, n: str, hops: int) -> set[str]:
    return set(nx.single_source_shortest_path_length(G.to_undirected(as_view=True), n, cutoff=hops))


def _fold(text: str) -> str:  # how a user without a Danish keyboard writes æ, ø, å
    return text.replace("æ", "ae").replace("Æ", "Ae").replace("ø", "oe").replace("Ø", "Oe").replace("å", "aa").replace("Å", "Aa")


# --- search --------------------------------------------------------------------


def test_search_finds_danish_letters_written_without_them_and_in_any_case(driver, sample_page, sample_graph, tmp_path):
    G = sample_graph
    named = sorted((n for n, d in G.nodes(data=True) if re.search("[æøå]", d["label"]) and len(d["label"]) < 50),
                   key=lambda n: (G.nodes[n]["label"], n))
    assert named, "the sample has no label with æ, ø or å"
    _open(driver, sample_page)
    for n in named[:5]:
        label = G.nodes[n]["label"]
        for query in (_fold(label).upper(), _fold(label).lower().replace("oe", "o").replace("aa", "a")):
            _search(driver, query)
            assert n in _result_iris(driver), (label, query)
    # Enter opened the best match
    assert _js(driver, "return rg.iri(rg.selected)") == _result_iris(driver)[0]
    assert driver.find_element("id", "rg-panel-label").text == G.nodes[_result_iris(driver)[0]]["label"]
    # results name type and date
    meta = driver.find_element("css selector", "#rg-results .rg-result-meta").get_attribute("textContent")
    assert meta.split(" · ")[0] in {t["en"] for t in page_data(sample_page.read_text(encoding="utf-8"))["types"]}
    driver.save_screenshot(str(tmp_path / "search.png"))


def test_search_finds_journal_numbers_and_words_only_found_in_source_quotes(driver, sample_page, sample_graph):
    G = sample_graph
    _open(driver, sample_page)
    a = _case(G, CASE_A)
    _search(driver, CASE_A)
    assert _result_iris(driver)[0] == a
    assert _js(driver, "return rg.iri(rg.selected)") == a
    # a word that is in some node's quote but in no label
    labels = " ".join(d["label"] for _, d in G.nodes(data=True)).lower()
    word, holder = next((w, n) for n, d in sorted(G.nodes(data=True), key=lambda x: x[0])
                        for s in d["sources"] for w in re.findall(r"[a-zæøå]{9,}", s.quote.lower())
                        if w not in labels)
    _search(driver, word)
    assert holder in _js(driver, "return rg.searchResults(arguments[0], 1000).map(rg.iri)", word)


# --- neighbourhood ---------------------------------------------------------------


def test_selecting_a_node_focuses_its_neighbourhood_expands_to_two_hops_and_shows_only_it(driver, sample_page, sample_graph, tmp_path):
    from selenium.webdriver.common.by import By

    G = sample_graph
    a = _case(G, CASE_A)
    _open(driver, sample_page)
    _search(driver, CASE_A)
    focus = set(_js(driver, "return Array.from(rg.focusSet).map(rg.iri)"))
    assert focus == _undirected_ball(G, a, 1)
    dimmed = _js(driver, "const out = []; rg.graph.forEachNode(k => { const d = rg.renderer.getNodeDisplayData(k); if (!rg.focusSet.has(+k)) out.push(d.color); }); return Array.from(new Set(out))")
    assert len(dimmed) == 1  # everything outside the neighbourhood in one pale colour
    driver.find_element(By.ID, "rg-hops").click()
    assert set(_js(driver, "return Array.from(rg.focusSet).map(rg.iri)")) == _undirected_ball(G, a, 2)
    driver.find_element(By.ID, "rg-only").click()
    shown = set(_js(driver, "return rg.graph.nodes().filter(k => rg.isVisible(+k)).map(k => rg.iri(+k))"))
    assert shown == _undirected_ball(G, a, 2)
    driver.execute_script("return new Promise(r => setTimeout(r, 500))")
    driver.save_screenshot(str(tmp_path / "only-two-hops.png"))
    driver.find_element(By.ID, "rg-only").click()  # and back
    assert _js(driver, "return rg.graph.nodes().filter(k => !rg.isVisible(+k)).length") == 0


def test_the_panel_shows_quotes_with_document_name_date_and_the_sentence_around_them(driver, sample_page, sample_graph):
    from selenium.webdriver.common.by import By

    G = sample_graph
    # an item whose source sentence is longer than its quote
    n, span = next((n, s) for n, d in sorted(G.nodes(data=True), key=lambda x: x[0]) if d["type"] == "AgendaItem"
                   for s in d["sources"] if s.sentence and s.quote and s.quote in s.sentence and s.sentence != s.quote)
    _open(driver, sample_page)
    _js(driver, "rg.select(arguments[0])", n)
    first = driver.find_element(By.CSS_SELECTOR, "#rg-panel-sources li")
    assert span.doc in first.find_element(By.CSS_SELECTOR, ".rg-source-doc").text
    meeting_date = str(G.nodes[next(u for u, _, k in G.in_edges(n, keys=True) if k == "hasItem")]["props"]["date"])
    assert meeting_date in first.find_element(By.CSS_SELECTOR, ".rg-source-date").text
    assert first.find_element(By.CSS_SELECTOR, ".rg-sentence mark").text == span.quote[:600]
    assert " ".join(span.sentence.split()) in " ".join(first.find_element(By.CSS_SELECTOR, ".rg-sentence").text.split())
    # a case's links come in time order
    a = _case(G, CASE_A)
    _js(driver, "rg.select(arguments[0])", a)
    dates = _js(driver, "return Array.from(document.querySelectorAll('#rg-panel-links button')).map(b => rg.data.dates[rg.indexOf(b.dataset.node)]).filter(d => d)")
    assert dates == sorted(dates) and dates


# --- paths ---------------------------------------------------------------------


def test_the_path_between_the_two_sample_cases_is_the_one_referatgraf_path_gives(driver, sample_page, sample_graph, tmp_path):
    from selenium.webdriver.common.by import By

    G = sample_graph
    a, b = _case(G, CASE_A), _case(G, CASE_B)
    expected = find_paths(G, a, b)[0]
    _open(driver, sample_page)
    _search(driver, CASE_A)
    driver.find_element(By.ID, "rg-path-from").click()
    _search(driver, CASE_B)
    driver.find_element(By.ID, "rg-path-to").click()
    assert _js(driver, "return rg.path.nodes.map(rg.iri)") == expected.nodes
    steps = driver.find_elements(By.CSS_SELECTOR, "#rg-path-steps > li")
    assert len(steps) == len(expected.steps)
    for li, step in zip(steps, expected.steps):
        ends = [e.get_attribute("data-node") for e in li.find_elements(By.CSS_SELECTOR, "button")]
        assert ends == ([step.source, step.target] if step.forward else [step.target, step.source])
        if step.evidence:
            assert " ".join(step.evidence[0].quote.split())[:40] in " ".join(li.text.split())
    assert _js(driver, "return Array.from(rg.focusSet).map(rg.iri)")  # the path is drawn highlighted
    driver.execute_script("return new Promise(r => setTimeout(r, 500))")
    driver.save_screenshot(str(tmp_path / "path.png"))


def test_the_pages_path_search_equals_find_paths_for_many_pairs(driver, sample_page, sample_graph):
    G = sample_graph
    nodes = sorted(G.nodes)
    rnd = random.Random(10)
    pairs = [tuple(rnd.sample(nodes, 2)) for _ in range(60)]
    _open(driver, sample_page)
    got = _js(driver, "return arguments[0].map(p => rg.pathIris(p[0], p[1]))", [list(p) for p in pairs])
    for (a, b), path in zip(pairs, got):
        found = find_paths(G, a, b)
        assert path == (found[0].nodes if found else None), (a, b)
    # the adjacency is built in the background in blocks of rows: built in many small ones, the same paths
    assert _js(driver, "return rg.rebuildPathView(7)") > 10
    again = _js(driver, "return arguments[0].map(p => rg.pathIris(p[0], p[1]))", [list(p) for p in pairs])
    assert again == got
    hub_pairs = pairs[:15]
    got = _js(driver, "return arguments[0].map(p => rg.pathIris(p[0], p[1], true))", [list(p) for p in hub_pairs])
    for (a, b), path in zip(hub_pairs, got):
        found = find_paths(G, a, b, through_hubs=True)
        assert path == (found[0].nodes if found else None), (a, b)


def test_the_through_hubs_switch_gives_the_path_of_path_through_hubs_and_goes_into_the_link(driver, sample_page, sample_graph):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    G = sample_graph
    nodes = sorted(G.nodes)
    rnd = random.Random(3)
    # a pair whose path changes when hubs cost nothing: the switch must make a difference
    pair = next(p for p in (tuple(rnd.sample(nodes, 2)) for _ in range(400))
                if (f := find_paths(G, *p)) and (h := find_paths(G, *p, through_hubs=True)) and f[0].nodes != h[0].nodes)
    plain, hubs = find_paths(G, *pair)[0].nodes, find_paths(G, *pair, through_hubs=True)[0].nodes
    _open(driver, sample_page)
    assert _js(driver, "return rg.findPath(arguments[0], arguments[1])", *pair) == plain
    box = driver.find_element(By.ID, "rg-through-hubs")
    box.send_keys(" ")  # the keyboard toggles it as well as a click
    assert box.is_selected()
    assert _js(driver, "return rg.path.nodes.map(rg.iri)") == hubs
    assert len(driver.find_elements(By.CSS_SELECTOR, "#rg-path-steps > li")) == len(hubs) - 1
    WebDriverWait(driver, 10).until(lambda d: "hubs=1" in d.execute_script("return location.hash"))
    link = driver.current_url
    driver.get("about:blank")
    driver.get(link)
    WebDriverWait(driver, 60).until(lambda d: d.execute_script("return !!(window.referatgraf && window.referatgraf.path)"))
    assert _js(driver, "return rg.path.nodes.map(rg.iri)") == hubs
    assert driver.find_element(By.ID, "rg-through-hubs").is_selected()
    box = driver.find_element(By.ID, "rg-through-hubs")
    box.click()
    assert _js(driver, "return rg.path.nodes.map(rg.iri)") == plain


# --- time, links, keyboard, exports --------------------------------------------------


def test_the_date_filter_keeps_what_lies_in_the_range(driver, sample_page, sample_graph):
    G = sample_graph
    data = page_data(sample_page.read_text(encoding="utf-8"))
    days = sorted({str(d["props"]["date"]) for _, d in G.nodes(data=True) if d["type"] == "Meeting" and d["props"].get("date")})
    lo, hi = days[len(days) // 4], days[len(days) // 2]
    _open(driver, sample_page)
    _js(driver, "rg.setDateRange(arguments[0], arguments[1])", lo, hi)
    visible = _js(driver, "const out = []; for (let i = 0; i < rg.data.ids.length; i++) out.push(rg.isVisible(i)); return out")
    iris = node_iris(data)
    for i, shown in enumerate(visible):
        day = data["dates"][i]
        if day:
            assert shown == (lo <= day <= hi), (iris[i], day)
    meetings_shown = {iris[i] for i, v in enumerate(visible) if v and data["types"][data["t"][i]]["type"] == "Meeting"}
    assert meetings_shown == {n for n, d in G.nodes(data=True) if d["type"] == "Meeting" and lo <= str(d["props"].get("date")) <= hi}
    assert driver.find_element("id", "rg-from").get_attribute("value") == lo
    _js(driver, "rg.setDateRange('', '')")
    assert all(_js(driver, "const out = []; for (let i = 0; i < rg.data.ids.length; i++) out.push(rg.isVisible(i)); return out"))


def test_dates_typed_into_the_fields_filter_as_a_user_sets_them(driver, sample_page, sample_graph):
    from selenium.webdriver.common.by import By

    G = sample_graph
    days = sorted({str(d["props"]["date"]) for _, d in G.nodes(data=True) if d["type"] == "Meeting" and d["props"].get("date")})
    lo, hi = days[1], days[-2]
    _open(driver, sample_page)
    for field, day in (("rg-from", lo), ("rg-to", hi)):
        box = driver.find_element(By.ID, field)
        driver.execute_script("arguments[0].focus()", box)  # its first part (the month), as Tab gives it
        y, m, d = day.split("-")
        box.send_keys(m + d + y)  # the browser runs in en-US: month, day, year, as a user types them
        assert box.get_attribute("value") == day
    driver.find_element(By.ID, "rg-search").click()  # leaving the field commits it
    assert _js(driver, "return [rg.dateFrom, rg.dateTo]") == [lo, hi]
    data = page_data(sample_page.read_text(encoding="utf-8"))
    iris = node_iris(data)
    shown = _js(driver, "const out = []; for (let i = 0; i < rg.data.ids.length; i++) if (rg.isVisible(i) && rg.data.types[rg.data.t[i]].type === 'Meeting') out.push(i); return out")
    assert {iris[i] for i in shown} == {n for n, d in G.nodes(data=True) if d["type"] == "Meeting" and lo <= str(d["props"]["date"]) <= hi}
    hidden = {n for n, d in G.nodes(data=True) if d["type"] == "Meeting"} - {iris[i] for i in shown}
    assert hidden and all(str(G.nodes[n]["props"]["date"]) in (days[0], days[-1]) for n in hidden)
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 10).until(lambda d: f"from={lo}" in d.execute_script("return location.hash"))
    assert f"to={hi}" in driver.execute_script("return location.hash")


def test_the_url_hash_reopens_the_same_view(driver, sample_page, sample_graph):
    from selenium.webdriver.support.ui import WebDriverWait

    G = sample_graph
    a = _case(G, CASE_A)
    _open(driver, sample_page)
    _js(driver, "rg.select(arguments[0], {camera: true}); rg.hops = 2; rg.only = true; rg.setDateRange('2016-01-01', '2020-12-31'); rg.setTypeVisible('Theme', false);", a)
    driver.execute_script("return new Promise(r => setTimeout(r, 800))")  # camera animation
    WebDriverWait(driver, 60).until(lambda d: "node=" in d.current_url and "Theme" in d.current_url)  # hash written
    state = "return [rg.iri(rg.selected), rg.hops, rg.only, rg.dateFrom, rg.dateTo, Object.keys(rg.hiddenTypes).filter(t => rg.hiddenTypes[t]), rg.renderer.getCamera().getState()]"
    before = _js(driver, state)
    link = driver.current_url
    assert "#" in link and "node=" in link
    driver.get("about:blank")
    driver.get(link)
    WebDriverWait(driver, 60).until(lambda d: d.execute_script("return !!(window.referatgraf && window.referatgraf.stabilized)"))
    after = _js(driver, state)
    assert after[:6] == before[:6] == [a, 2, True, "2016-01-01", "2020-12-31", ["Theme"]]
    for key in ("x", "y", "ratio"):
        assert after[6][key] == pytest.approx(before[6][key], abs=1e-4)
    # and a path link
    b = _case(G, CASE_B)
    _js(driver, "rg.findPath(arguments[0], arguments[1])", a, b)
    # the hash is written after the path is drawn: wait for it, not for a fixed time (slow under load)
    WebDriverWait(driver, 60).until(lambda d: "path=" in d.current_url)
    link = driver.current_url
    driver.get("about:blank")
    driver.get(link)
    WebDriverWait(driver, 60).until(lambda d: d.execute_script("return !!(window.referatgraf && window.referatgraf.stabilized)"))
    WebDriverWait(driver, 60).until(lambda d: d.execute_script("return !!window.referatgraf.path"))
    assert _js(driver, "return rg.path && rg.path.nodes.map(rg.iri)") == find_paths(G, a, b)[0].nodes


def test_keyboard_alone_reaches_search_results_panel_links_and_every_control(driver, sample_page, sample_graph):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    G = sample_graph
    a = _case(G, CASE_A)
    _open(driver, sample_page)
    active = lambda: driver.switch_to.active_element  # noqa: E731
    driver.find_element("tag name", "body").send_keys("/")  # "/" jumps to the search box
    assert active().get_attribute("id") == "rg-search"
    ActionChains(driver).send_keys(CASE_A).perform()
    driver.execute_script("return new Promise(r => setTimeout(r, 400))")
    ActionChains(driver).send_keys(Keys.ARROW_DOWN).perform()  # into the result list
    assert active().get_attribute("data-node") == a
    outline = driver.execute_script("const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineWidth]")
    assert outline[0] != "none" and outline[1] != "0px"  # visible focus
    ActionChains(driver).send_keys(Keys.ENTER).perform()
    assert _js(driver, "return rg.iri(rg.selected)") == a
    # Tab on through the page until a link in the panel has focus, then open it with Enter
    for _ in range(80):
        ActionChains(driver).send_keys(Keys.TAB).perform()
        if driver.execute_script("return !!document.activeElement.closest('#rg-panel-links')"):
            break
    target = active().get_attribute("data-node")
    assert target and target != a
    ActionChains(driver).send_keys(Keys.ENTER).perform()
    assert _js(driver, "return rg.iri(rg.selected)") == target
    # every control has a name for screen readers
    unnamed = driver.execute_script("""return Array.from(document.querySelectorAll('button, input, [role=listbox]')).filter(e =>
        !(e.getAttribute('aria-label') || e.textContent.trim() || (e.id && document.querySelector('label[for="' + e.id + '"]')))).map(e => e.outerHTML)""")
    assert unnamed == []


def _allow_downloads(driver, folder: Path) -> None:
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(folder)})


def _wait_for(path: Path, timeout: float = 20) -> Path:
    end = time.time() + timeout
    while time.time() < end:
        if path.exists() and path.stat().st_size > 0:
            return path
        time.sleep(0.1)
    raise AssertionError(f"{path.name} was not downloaded")


def test_csv_export_holds_the_visible_nodes_and_edges(driver, sample_page, sample_graph, tmp_path):
    import csv
    from selenium.webdriver.common.by import By

    G = sample_graph
    a = _case(G, CASE_A)
    _open(driver, sample_page)
    _allow_downloads(driver, tmp_path)
    _js(driver, "rg.select(arguments[0]); rg.only = true; rg.applyState();", a)
    driver.find_element(By.ID, "rg-csv").click()
    with open(_wait_for(tmp_path / "graph-nodes.csv"), encoding="utf-8-sig", newline="") as f:
        nodes = list(csv.DictReader(f))
    with open(_wait_for(tmp_path / "graph-edges.csv"), encoding="utf-8-sig", newline="") as f:
        edges = list(csv.DictReader(f))
    ball = _undirected_ball(G, a, 1)
    assert {r["id"] for r in nodes} == ball
    assert all(r["label"] == G.nodes[r["id"]]["label"][:120] or r["label"].endswith("…") for r in nodes)
    assert sorted((r["source"], r["target"], r["relation"]) for r in edges) == sorted(
        (u, v, k) for u, v, k in G.edges(keys=True) if u in ball and v in ball)


def test_png_export_and_zoom_to_fit(driver, sample_page, tmp_path):
    from selenium.webdriver.common.by import By

    _open(driver, sample_page)
    _allow_downloads(driver, tmp_path)
    _js(driver, "rg.renderer.getCamera().setState({x: 0.9, y: 0.9, ratio: 0.1})")
    driver.find_element(By.ID, "rg-fit").click()
    driver.execute_script("return new Promise(r => setTimeout(r, 600))")
    state = _js(driver, "return rg.renderer.getCamera().getState()")
    assert (state["x"], state["y"], state["ratio"]) == pytest.approx((0.5, 0.5, 1.0), abs=1e-3)
    driver.find_element(By.ID, "rg-png").click()
    png = _wait_for(tmp_path / "graph.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 20_000
    # the image is the drawn graph, not a blank canvas: many distinct colours
    colours = _js(driver, """const img = new Image(); img.src = arguments[0];
        return new Promise(r => { img.onload = () => { const c = document.createElement('canvas'); c.width = img.width; c.height = img.height;
          const x = c.getContext('2d'); x.drawImage(img, 0, 0); const d = x.getImageData(0, 0, c.width, c.height).data; const s = new Set();
          for (let i = 0; i < d.length; i += 4 * 97) s.add(d[i] << 16 | d[i + 1] << 8 | d[i + 2]); r(s.size); }; });""",
                  "data:image/png;base64," + base64.b64encode(png).decode())
    assert colours > 10


def test_nothing_leaves_the_machine_and_nothing_errs_while_using_every_feature(driver, sample_page, sample_graph, tmp_path):
    from selenium.webdriver.common.by import By

    G = sample_graph
    _open(driver, sample_page)
    _allow_downloads(driver, tmp_path)
    _search(driver, "okonomi")
    _search(driver, CASE_A)
    driver.find_element(By.ID, "rg-hops").click()
    driver.find_element(By.ID, "rg-only").click()
    driver.find_element(By.ID, "rg-path-from").click()
    _search(driver, CASE_B)
    driver.find_element(By.ID, "rg-path-to").click()
    _js(driver, "rg.setDateRange('2016-01-01', '2018-01-01')")
    driver.find_element(By.ID, "rg-fit").click()
    driver.find_element(By.ID, "rg-csv").click()
    driver.find_element(By.ID, "rg-png").click()
    _wait_for(tmp_path / "graph.png")
    urls = browser.requested_urls(driver)
    assert urls and all(u.startswith(("file://", "data:", "blob:file://", "blob:null")) for u in urls), urls
    assert browser.severe_console_messages(driver) == []
    assert len(G) > 0


# --- big builds ------------------------------------------------------------------


def test_a_build_too_big_to_draw_opens_on_an_overview_and_draws_what_is_asked(driver, sample_graph, tmp_path, monkeypatch):
    G = sample_graph
    for name, value in (("DRAW_LIMIT", 100), ("OVERVIEW_BUDGET", 60), ("SOFTWARE_DRAW_LIMIT", 100), ("SOFTWARE_OVERVIEW_BUDGET", 60)):
        monkeypatch.setattr(html, name, value)
    page = write_html(G, tmp_path / "big.html")
    _open(driver, page)
    drawn = set(_js(driver, "return rg.graph.nodes().map(k => rg.iri(+k))"))
    assert _js(driver, "return rg.overview") is True
    assert 0 < len(drawn) <= 60
    allowed = set(_js(driver, "return rg.overviewTypes"))
    assert allowed and {G.nodes[n]["type"] for n in drawn} == allowed
    assert {n for n, d in G.nodes(data=True) if d["type"] in allowed} == drawn
    a, b = _case(G, CASE_A), _case(G, CASE_B)
    _search(driver, CASE_A)  # search reaches nodes that are not drawn; selecting draws the neighbourhood
    now = set(_js(driver, "return rg.graph.nodes().map(k => rg.iri(+k))"))
    assert _undirected_ball(G, a, 1) <= now
    _js(driver, "rg.findPath(arguments[0], arguments[1])", a, b)
    now = set(_js(driver, "return rg.graph.nodes().map(k => rg.iri(+k))"))
    expected = find_paths(G, a, b)[0].nodes
    assert _js(driver, "return rg.path.nodes.map(rg.iri)") == expected and set(expected) <= now
    _js(driver, "rg.clearSelection()")
    assert set(_js(driver, "return rg.graph.nodes().map(k => rg.iri(+k))")) == drawn  # back to the overview
    assert browser.severe_console_messages(driver) == []
    driver.save_screenshot(str(tmp_path / "overview.png"))


def test_an_overview_with_too_many_edges_keeps_to_its_edge_budget_but_draws_a_focus_whole(driver, sample_graph, tmp_path, monkeypatch):
    G = sample_graph
    for name in ("EDGE_BUDGET", "SOFTWARE_EDGE_BUDGET"):
        monkeypatch.setattr(html, name, 40)  # the sample's 383 nodes fit, its 813 edges do not
    page = write_html(G, tmp_path / "edges.html")
    _open(driver, page)
    assert _js(driver, "return rg.overview") is True
    assert _js(driver, "return rg.graph.order") == G.number_of_nodes()  # few nodes: all drawn
    assert 0 < _js(driver, "return rg.graph.size") <= 40
    a = _case(G, CASE_A)
    _js(driver, "rg.select(arguments[0])", a)
    ball = _undirected_ball(G, a, 1)
    inside = sum(1 for u, v in G.edges() if u in ball and v in ball)
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 30).until(lambda d: d.execute_script("return window.referatgraf.renderer.getGraph() === window.referatgraf.graph"))
    drawn = _js(driver, "const out = []; rg.graph.forEachEdge((k, a, s, t) => { if (rg.focusSet.has(+s) && rg.focusSet.has(+t)) out.push(k); }); return out")
    assert len(drawn) == inside > 0  # every edge of the neighbourhood, though the budget is spent
    _js(driver, "rg.clearSelection()")
    assert _js(driver, "return rg.graph.size") <= 40


def test_page_data_is_compact_columns_not_one_object_per_node(sample_graph):
    page = render_html(sample_graph)
    data = page_data(page)
    assert isinstance(data["ids"], list) and isinstance(data["x"], list) and isinstance(data["edges"][0], int)
    assert len(data["edges"]) == 3 * sample_graph.number_of_edges()
    assert all(not i.startswith("http") for i in local_ids(data))  # the common IRI base is stored once
    assert node_iris(data) == sorted(sample_graph.nodes)
    assert len(json.dumps(data["ids"])) < 0.6 * len(json.dumps(local_ids(data)))  # front-coded


PAYLOADS = ['</script><script>window.pwned=1</script>', '<img src=x onerror="window.pwned=2">',
            '"><svg onload=window.pwned=3>', "javascript:window.pwned=4", "</style><script>window.pwned=5</script>",
            "<!--", "]]>", "{{ 7*7 }}", "\u2028\u2029", "'; window.pwned=6; '"]


def test_hostile_text_everywhere_stays_text_in_every_view(driver, tmp_path):
    from selenium.webdriver.common.by import By

    from graph.model import Span

    G = nx.MultiDiGraph(base="https://example.org/id/", documents={})
    ids = []
    for k, p in enumerate(PAYLOADS):
        n = f"https://example.org/id/x/{k}{p}"
        ids.append(n)
        G.add_node(n, type="Meeting" if k == 0 else f"T{p}" if k == 1 else "Case", label=f"P{k} {p}",
                   props={"date": "2021-01-0%d" % (k % 9 + 1), "title": p, p: p},
                   sources=[Span(f"doc{p}.txt", 0, len(p), p, f"before {p} after")])
    for k in range(len(ids) - 1):
        G.add_edge(ids[k], ids[k + 1], key=f"rel{PAYLOADS[k]}", rel=f"rel{PAYLOADS[k]}",
                   sources=[Span(f"doc{PAYLOADS[k]}.txt", 1, 2, PAYLOADS[k + 1], "")])
    page = write_html(G, tmp_path / "hostile.html", title=PAYLOADS[0])
    _open(driver, page)
    _search(driver, "P1")
    for n in ids:
        _js(driver, "rg.select(arguments[0])", n)
        assert driver.find_element(By.ID, "rg-panel-label").text.startswith("P")
    _js(driver, "rg.findPath(arguments[0], arguments[1])", ids[0], ids[-1])
    steps = driver.find_elements(By.CSS_SELECTOR, "#rg-path-steps > li")
    assert len(steps) == len(ids) - 1
    assert any(PAYLOADS[1] in s.text for s in steps)  # shown, as text
    assert driver.execute_script("return window.pwned === undefined")
    assert driver.find_elements(By.CSS_SELECTOR, "img, svg, iframe") == []
    assert len(driver.find_elements(By.CSS_SELECTOR, "script:not([type])")) == 3  # graphology, sigma, ours
    assert driver.title == PAYLOADS[0]
    assert browser.severe_console_messages(driver) == []
