"""The whole Greve FirstAgenda corpus (285 meetings, 2022-2024) built end to end: seconds per
stage, total, documents per second and peak memory, and the exports written (Turtle, graph.json,
HTML, report). Each run is a fresh process so peak memory is its own.

Side by side in one run: the HTML item texts cut by lxml (the default) and by Python's
html.parser (``REFERATGRAF_HTML_ENGINE=stdlib``), the one reader choice this corpus exercises.

    python benchmarks/bench_greve_build.py [FOLDER] [--no-exports]
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
from graph.pipeline import build
t0 = time.perf_counter()
result = build([sys.argv[1]])
built = time.perf_counter() - t0
timings = dict(result.timings)
if sys.argv[2] == "1":
    from graph.export import write_exports
    from graph.export.report import write_report
    t1 = time.perf_counter()
    out = Path(sys.argv[3])
    written = write_exports(result.graph, out, ["ttl", "json", "html"])
    write_report(result, out / "report.json", [p.name for p in written])
    timings["export"] = time.perf_counter() - t1
print(json.dumps({"documents": len(result.minutes), "items": sum(len(m.items) for m in result.minutes),
                  "nodes": result.graph.number_of_nodes(), "edges": result.graph.number_of_edges(),
                  "build_s": built, "total_s": time.perf_counter() - t0, "timings": timings,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run(folder: Path, exports: bool, engine: str) -> dict:
    env = dict(os.environ, REFERATGRAF_HTML_ENGINE=engine)
    with tempfile.TemporaryDirectory() as out:
        res = subprocess.run([sys.executable, "-c", CHILD, str(folder), "1" if exports else "0", out],
                             capture_output=True, text=True, env=env, check=True)
    return json.loads(res.stdout.strip().splitlines()[-1])


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    folder = Path(args[0]) if args else Path(__file__).resolve().parents[2] / "shared/corpus/greve-firstagenda"
    exports = "--no-exports" not in sys.argv
    print(f"corpus: {folder} ({len(list(folder.glob('*.json')))} files), exports: {exports}")
    header = f"{'html engine':12s} {'docs':>5s} {'items':>6s} {'nodes':>7s} {'edges':>8s} {'build s':>8s} {'total s':>8s} {'docs/s':>7s} {'peak MB':>8s}  stages (s)"
    print(header)
    for engine in ("lxml", "stdlib"):
        r = run(folder, exports, engine)
        stages = " ".join(f"{k} {v:.1f}" for k, v in r["timings"].items())
        print(f"{engine:12s} {r['documents']:5d} {r['items']:6d} {r['nodes']:7d} {r['edges']:8d} {r['build_s']:8.1f} "
              f"{r['total_s']:8.1f} {r['documents'] / r['total_s']:7.2f} {r['peak_rss_mb']:8.0f}  {stages}")


if __name__ == "__main__":
    main()
