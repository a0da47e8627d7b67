"""Benchmark: time and memory of the whole pipeline, on the sample and on a synthetic larger corpus.

Run:  python benchmarks/bench_build.py [--copies 1 10 40]

The larger corpora are the sample minutes copied with shifted meeting dates, so
every copy is a distinct meeting with the same text shape. Prints one row per
corpus size: documents, items, nodes, edges, seconds per stage, peak RSS.
Each size runs in a fresh process so peak RSS is its own.
"""
from __future__ import annotations

import argparse
import json
import re
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

MONTHS = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober", "november", "december"]


def make_corpus(copies: int, folder: Path) -> Path:
    """Write ``copies`` shifted copies of each sample document into ``folder``."""
    from graph.sources import default_corpus

    folder.mkdir(parents=True, exist_ok=True)
    for src in sorted(default_corpus().rglob("*.txt")):
        text = src.read_text(encoding="utf-8")
        m = re.search(r"d\. (\d\d)-(\d\d)-(\d{4})", text)
        day = date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        for k in range(copies):
            new = day + timedelta(days=7 * k)
            shifted = text.replace(m.group(0), f"d. {new:%d-%m-%Y}", 1)
            shifted = re.sub(r"(Mødedato \w+ d\. )\d\d?\. \w+ \d{4}", lambda mm: f"{mm.group(1)}{new.day:02d}. {MONTHS[new.month - 1]} {new.year}", shifted, count=1)
            (folder / f"{src.stem}-{k:04d}.txt").write_text(shifted, encoding="utf-8")
    return folder


def run_one(copies: int) -> dict:
    from graph.export import write_exports
    from graph.pipeline import build

    with tempfile.TemporaryDirectory() as tmp:
        inputs = [make_corpus(copies, Path(tmp) / "in")] if copies > 1 else None
        t0 = time.perf_counter()
        result = build(inputs)
        t_build = time.perf_counter() - t0
        timings = {}
        for fmt in ("ttl", "html"):
            t0 = time.perf_counter()
            write_exports(result.graph, Path(tmp) / "out", [fmt])
            timings[fmt] = time.perf_counter() - t0
    G = result.graph
    return {
        "documents": len(result.minutes),
        "items": sum(len(m.items) for m in result.minutes),
        "nodes": G.number_of_nodes(),
        "edges": G.number_of_edges(),
        "pipeline_s": round(t_build, 3),
        **{f"{k}_s": round(v, 3) for k, v in result.timings.items()},
        **{f"export_{k}_s": round(v, 3) for k, v in timings.items()},
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, nargs="*", default=[1, 10, 40])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(run_one(args.one)))
        return
    rows = []
    for copies in args.copies:
        proc = subprocess.run([sys.executable, __file__, "--one", str(copies)], capture_output=True, text=True, check=True)
        rows.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    cols = list(rows[0])
    print("  ".join(f"{c:>14}" for c in cols))
    for r in rows:
        print("  ".join(f"{r[c]!s:>14}" for c in cols))


if __name__ == "__main__":
    main()
