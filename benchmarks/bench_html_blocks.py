"""HTML item texts into blocks: lxml's parser against Python's html.parser, side by side.

Reads every item HTML of the FirstAgenda JSON in ../shared/corpus/greve-firstagenda (or a folder
given), cuts it into blocks with both engines, checks they give the same blocks, and prints the
time of each, best of three.

    python benchmarks/bench_html_blocks.py [FOLDER]
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from graph.readers.html_blocks import html_blocks


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared/corpus/greve-firstagenda"
    htmls = [f.get("Html") or "" for p in sorted(folder.glob("*.json"))
             for it in json.loads(p.read_text(encoding="utf-8"))["Dagsordenpunkter"] for f in it.get("Felter") or []]
    size = sum(len(h) for h in htmls)
    print(f"{len(htmls)} item texts, {size / 1e6:.1f} M characters")
    results = {}
    for engine in ("stdlib", "lxml"):
        best = float("inf")
        for _ in range(3):
            t0 = time.perf_counter()
            out = [html_blocks(h, engine) for h in htmls]
            best = min(best, time.perf_counter() - t0)
        results[engine] = out
        print(f"{engine:7s} {best:6.2f} s  {size / best / 1e6:5.1f} M chars/s")
    same = sum(1 for a, b in zip(results["stdlib"], results["lxml"])
               if [(x.kind, x.text) for x in a] == [(x.kind, x.text) for x in b])
    print(f"same blocks: {same} of {len(htmls)} item texts")


if __name__ == "__main__":
    main()
