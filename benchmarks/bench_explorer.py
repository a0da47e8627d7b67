"""The HTML explorer (exports/graph.html) in headless Chromium: how fast it opens, answers and draws.

Run:  python benchmarks/bench_explorer.py [--sizes sample,1000,5000,15000] [--repeat 1] [--keep DIR]
                                          [--old COMMIT]

With ``--old COMMIT`` each graph is also written by the explorer of that commit (a temporary git
worktree, fed the same graph.json) and measured in the same browser, one row above the new one.

For the bundled sample and for synthetic builds (``benchmarks/synthetic_archive.py``, about 20
documents per 1,000 nodes; or ``--graph PATH`` to a graph.json) it writes the page, opens it
from ``file://`` in Debian's headless Chromium (the same driver as the browser tests) and prints:

* html MB: size of the page;
* render s: time to write the page in Python (layout included);
* first frame ms: navigation start to the first drawn graph (the page's ``firstFrame``);
* interactive ms: navigation start to the end of the last main-thread long task (>50 ms) in the
  first 3 s, or the first frame if later: from then on a click is answered at once;
* longest task ms: the longest main-thread task after the first frame (PerformanceObserver),
  through the whole session: opening, background indexing, the click, the search and the path;
* click→panel ms: a real mouse click on a node (CDP input) to the start of the frame that paints
  the filled details panel; click→graph ms: to the end of the redraw that dims the rest;
* frame ms: one camera change (pan + zoom) redrawn synchronously (sigma's ``render()``: the
  main-thread cost of a frame), the median of 5; anim frame ms / anim p90 ms: the median and
  90th percentile frame-to-frame interval during an animated 1 s zoom (what the user sees, the
  GPU process's work included: with ``--disable-gpu`` that is SwiftShader, WebGL on the CPU);
* search ms: one search over labels and quotes ("okonomi"); path ms: the path between two cases
  found and drawn (the weighted view is built on the first path);
* renderer MB: resident memory of the page's renderer process (from /proc), GPU process apart.

Sizes above 20,000 nodes are copies of the ~15,000-node build side by side (``100000``: seven).

Targets (issue 10): first frame ≤ 1 s (sample), ≤ 2 s (15,000 nodes); no task over 200 ms after
the first frame; click→panel ≤ 100 ms; a pan/zoom frame ≤ 33 ms at 15,000 nodes; HTML ≤ 25 MB at
15,000 nodes.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

BUILD_MAX = 20_000
DOCS_PER_1000_NODES = 19  # the synthetic archive gives ~1,076 nodes from 18 documents, 15,009 from 290

LONGTASKS = """
window.__longtasks = [];
try {
  new PerformanceObserver(function (list) {
    list.getEntries().forEach(function (e) { window.__longtasks.push([e.startTime, e.duration]); });
  }).observe({ type: "longtask", buffered: true });
} catch (e) {}
"""


def synthetic_graph(nodes: int, work: Path):
    """A synthetic build of about ``nodes`` nodes (documents written and built once into ``work``).
    Above :data:`BUILD_MAX` nodes: copies of a ~15,000-node build side by side (each copy's IRIs
    moved under ``c<k>/`` after the base), so 100,000 nodes need no 2,000-document build."""
    from synthetic_archive import write_archive

    from graph.pipeline import build

    if nodes > BUILD_MAX:
        part = synthetic_graph(15_000, work)
        base = part.graph.get("base", "")
        copies = -(-nodes // part.number_of_nodes())
        G = nx.MultiDiGraph(**part.graph)
        for c in range(copies):
            move = {n: base + f"c{c}/" + n[len(base):] for n in part}
            G.update(nx.relabel_nodes(part, move, copy=True))
        return G
    n_docs = max(1, round(nodes * DOCS_PER_1000_NODES / 1000))
    folder = work / f"docs-{n_docs}"
    if not folder.exists():
        write_archive(folder, n_docs, seed=0)
    return build([folder]).graph


def _tree_rss(root_pid: int) -> dict[str, int]:
    """RSS (bytes) of the Chromium processes under ``root_pid``, by process type."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    out: dict[str, int] = {}
    stack = [root_pid]
    while stack:
        pid = stack.pop()
        stack.extend(children.get(pid, []))
        try:
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").split()  # Chromium rewrites its argv
            rss = next(int(line.split()[1]) * 1024 for line in Path(f"/proc/{pid}/status").read_text().splitlines()
                       if line.startswith("VmRSS:"))
        except (OSError, StopIteration):
            continue
        kind = next((c.decode(errors="replace").split("=", 1)[1] for c in cmd if c.startswith(b"--type=")), "browser")
        if kind == "renderer" and any(c == b"--extension-process" for c in cmd):
            continue
        out[kind] = max(out.get(kind, 0), rss) if kind == "renderer" else out.get(kind, 0) + rss
    return out


def measure(driver, page: Path) -> dict:
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get("about:blank")
    driver.execute_cdp_cmd("Page.enable", {})
    script = driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": LONGTASKS})
    driver.get(page.resolve().as_uri())
    WebDriverWait(driver, 300).until(lambda d: d.execute_script("return !!(window.referatgraf && window.referatgraf.stabilized)"))
    driver.execute_script("return new Promise(r => setTimeout(r, 3000))")  # background indexing runs here
    driver.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", {"identifier": script["identifier"]})
    first = driver.execute_script("return window.referatgraf.firstFrame")
    tasks = driver.execute_script("return window.__longtasks")
    after = [d for s, d in tasks if s >= first]
    interactive = max([first] + [s + d for s, d in tasks if s + d <= first + 3000])

    # a real click on a drawn node near the middle of the view
    target = driver.execute_script("""
        const rg = window.referatgraf, box = document.getElementById('rg-network').getBoundingClientRect();
        let best = null, bestD = Infinity;
        rg.graph.forEachNode(function (k) {
          const p = rg.screenPosition(+k);
          if (p.x < 20 || p.y < 20 || p.x > box.width - 20 || p.y > box.height - 20) return;
          const d = Math.hypot(p.x - box.width / 2, p.y - box.height / 2);
          if (d < bestD) { bestD = d; best = [+k, p.x + box.left, p.y + box.top]; }
        });
        window.__panel = null;
        const label = document.getElementById('rg-panel-label');
        new MutationObserver(function () {
          if (window.__panel === null) { window.__panel = -1; requestAnimationFrame(function () { window.__panel = performance.now(); }); }
        }).observe(label, { childList: true, characterData: true, subtree: true });
        document.getElementById('rg-network').addEventListener('mousedown', function (e) { window.__down = performance.now(); }, { capture: true, once: true });
        return best;""")
    click_ms = graph_ms = None
    if target:
        node, x, y = target
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            driver.execute_cdp_cmd("Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1})
        WebDriverWait(driver, 30).until(lambda d: d.execute_script("return window.__panel > 0"))
        click_ms = driver.execute_script("return window.__panel - window.__down")
        WebDriverWait(driver, 60).until(lambda d: d.execute_script("return (window.referatgraf.refreshed || 0) > window.__down"))
        graph_ms = driver.execute_script("return window.referatgraf.refreshed - window.__down")
        driver.execute_script("window.referatgraf.clearSelection()")

    driver.execute_script("window.__phase = [['frames', performance.now()]]")
    frames = driver.execute_script("""
        const r = window.referatgraf.renderer, cam = r.getCamera(), out = [];
        cam.setState({ x: 0.5, y: 0.5, ratio: 1 });
        for (let i = 0; i < 5; i++) {
          const s = cam.getState();
          cam.setState({ x: s.x + 0.01, y: s.y - 0.01, ratio: s.ratio * 0.9 });
          const t = performance.now(); r.render(); out.push(performance.now() - t);
        }
        return out;""")
    driver.execute_script("window.__phase.push(['anim', performance.now()])")
    anim = driver.execute_script("""
        const cam = window.referatgraf.renderer.getCamera();
        cam.setState({ x: 0.5, y: 0.5, ratio: 1 });
        return new Promise(function (done) {
          const stamps = [];
          function tick(t) { stamps.push(t); if (stamps.length < 400 && t - stamps[0] < 1200) requestAnimationFrame(tick);
            else { const d = []; for (let i = 2; i < stamps.length; i++) d.push(stamps[i] - stamps[i - 1]); done(d); } }
          requestAnimationFrame(tick);
          cam.animate({ ratio: 0.3 }, { duration: 1000 });
        });""")
    driver.execute_script("window.__phase = (window.__phase || []).concat([['before-search', performance.now()]])")
    # search (the index is complete by now) and a path between two cases far apart in node order
    # (each its own task, as a user's search and path are)
    search_ms = driver.execute_script(
        "const t = performance.now(); window.referatgraf.searchResults('okonomi'); return performance.now() - t")
    path_ms = driver.execute_script("""
        const rg = window.referatgraf, D = rg.data, cases = [];
        for (let i = 0; i < D.ids.length; i++) if (D.types[D.t[i]].type === 'Case') cases.push(i);
        if (cases.length < 2) return null;
        const t = performance.now(); rg.findPath(cases[0], cases[Math.floor(cases.length / 2)]); return performance.now() - t;""")
    driver.execute_script("window.referatgraf.clearSelection()")
    rss = _tree_rss(driver.service.process.pid)
    tasks = driver.execute_script("return window.__longtasks")  # now with the click, search and path
    after = [d for s, d in tasks if s >= first]
    return {
        "first frame ms": first, "interactive ms": interactive,
        "longest task ms": max(after, default=0.0), "click→panel ms": click_ms, "click→graph ms": graph_ms, "search ms": search_ms, "path ms": path_ms,
        "frame ms": statistics.median(frames),
        "anim frame ms": statistics.median(anim) if anim else None,
        "anim p90 ms": sorted(anim)[int(0.9 * (len(anim) - 1))] if anim else None,
        "renderer MB": rss.get("renderer", 0) / 2**20, "gpu MB": rss.get("gpu-process", 0) / 2**20,
        "drawn": driver.execute_script("return window.referatgraf.graph.order"),
        "mode": driver.execute_script("return (window.referatgraf.overview ? 'overview' : 'whole') + (window.referatgraf.softwareGL ? ', CPU WebGL' : '')"),
    }


def old_page(G, worktree: Path, work: Path, name: str) -> Path:
    """The page the explorer at ``worktree`` writes for ``G`` (handed over as graph.json)."""
    import subprocess

    from graph.export.nodelink import write_json

    data = write_json(G, work / f"{name}.old.json")
    page = work / f"{name}.old.html"
    script = ("import sys; from graph.export.nodelink import read_json; from graph.export.html import write_html; "
              "write_html(read_json(sys.argv[1]), sys.argv[2])")
    subprocess.run([sys.executable, "-c", script, str(data), str(page)], cwd=worktree, check=True,
                   env={**os.environ, "PYTHONPATH": str(worktree)})
    return page


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="sample,1000,5000,15000",
                        help="comma-separated: 'sample' or a node count for a synthetic build")
    parser.add_argument("--graph", action="append", default=[], help="a graph.json to measure as well")
    parser.add_argument("--repeat", type=int, default=1, help="openings per page (the median is printed)")
    parser.add_argument("--keep", type=Path, help="folder to keep the pages (and the synthetic minutes) in")
    parser.add_argument("--old", metavar="COMMIT", help="also measure the explorer of this commit, side by side")
    args = parser.parse_args(argv)

    from tests.browser import chromium

    from graph.export.html import write_html
    from graph.export.nodelink import read_json

    work = args.keep or Path(tempfile.mkdtemp(prefix="rg-bench-explorer-"))
    work.mkdir(parents=True, exist_ok=True)
    cases = []
    for size in [s.strip() for s in args.sizes.split(",") if s.strip()]:
        if size == "sample":
            from graph.pipeline import build

            cases.append(("sample", lambda: build().graph))
        else:
            cases.append((f"~{int(size):,} nodes", lambda n=int(size): synthetic_graph(n, work)))
    for g in args.graph:
        cases.append((Path(g).parent.name or g, lambda g=g: read_json(g)))

    cols = ["nodes", "edges", "html MB", "render s", "first frame ms", "interactive ms", "longest task ms",
            "click→panel ms", "click→graph ms", "search ms", "path ms", "frame ms", "anim frame ms", "anim p90 ms", "renderer MB", "gpu MB", "drawn", "mode"]
    print("| graph | " + " | ".join(cols) + " |")
    print("|---" * (len(cols) + 1) + "|")
    print(f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs at the start)")
    worktree = None
    if args.old:
        from bench_archive import add_worktree

        worktree = add_worktree(args.old)
    try:
        with chromium() as driver:
            for name, make in cases:
                G = make()
                stem = name.strip('~').replace(',', '').replace(' ', '-')
                pages = []
                if worktree is not None:
                    t = time.perf_counter()
                    pages.append((f"{name}, {args.old[:8]}", old_page(G, worktree, work, stem), time.perf_counter() - t))
                t = time.perf_counter()
                page = write_html(G, work / f"{stem}.html")
                pages.append((name if worktree is None else f"{name}, now", page, time.perf_counter() - t))
                for label, page, render in pages:
                    runs = [measure(driver, page) for _ in range(args.repeat)]
                    row = {"nodes": G.number_of_nodes(), "edges": G.number_of_edges(),
                           "html MB": page.stat().st_size / 2**20, "render s": render}
                    for key in runs[0]:
                        values = [r[key] for r in runs if r[key] is not None]
                        row[key] = (values[0] if isinstance(values[0], str) else statistics.median(values)) if values else None
                    print(f"| {label} | " + " | ".join(_fmt(row[c]) for c in cols) + " |", flush=True)
    finally:
        if worktree is not None:
            from bench_archive import remove_worktree

            remove_worktree(worktree)
    return 0


def _fmt(v) -> str:
    if v is None:
        return "–"
    if isinstance(v, float):
        return f"{v:.2f}" if v < 10 else f"{v:.0f}"
    return f"{v:,}" if isinstance(v, int) else str(v)


if __name__ == "__main__":
    sys.exit(main())
