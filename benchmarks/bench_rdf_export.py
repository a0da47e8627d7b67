"""Benchmark: RDF export of one graph by the old writer, the streaming writer and pyoxigraph.

Run:  python benchmarks/bench_rdf_export.py [--copies 1 40 200] [--formats ttl nt jsonld] [--shacl]

Each size is the sample corpus in ``copies`` date-shifted copies (bench_build.make_corpus: 5
documents per copy), built once in its own process and pickled. Every measurement then runs in
a fresh process that loads that graph, so its peak RSS is its own:

- old: ``triples(G)`` (rdflib terms), the reference serialisers (one string per file), atomic
  write; i.e. rdf._write_rdf_reference, what write_rdf did before the streaming writer.
- new: rdf.write_rdf, mapping to plain strings and streaming each file subject by subject.
- oxigraph: pyoxigraph loads the new graph.ttl and dumps it as Turtle to a file (not sorted).
- with --shacl, SHACL validation of to_rdf(G); with --rdflib, rdflib's own Turtle serialiser.

Prints per size: documents, triples, then for each method the wall seconds and the peak RSS
above the loaded graph (MB); old/new and new/oxigraph time ratios; and whether old and new wrote
byte-identical files. Seconds are wall time on whatever else the machine is running.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))


def build_graph(copies: int, pickle_path: Path) -> dict:
    """Build the sample × ``copies`` and pickle the graph; returns its size."""
    from bench_build import make_corpus
    from graph.export import rdf
    from graph.pipeline import build

    with tempfile.TemporaryDirectory() as tmp:
        inputs = [str(make_corpus(copies, Path(tmp) / "in"))] if copies > 1 else None
        t0 = time.perf_counter()
        result = build(inputs)
        seconds = time.perf_counter() - t0
    with open(pickle_path, "wb") as fh:
        pickle.dump(result.graph, fh, protocol=pickle.HIGHEST_PROTOCOL)
    triples = sum(len(set(rdf._pairs(flat))) for flat in rdf._collect(result.graph).values())
    return {"documents": len(result.minutes), "triples": triples, "build_s": round(seconds, 1)}


def _old(G, out: Path, formats: list[str]) -> None:
    from graph.export import rdf

    rdf._write_rdf_reference(G, out / "old", formats)


def _new(G, out: Path, formats: list[str]) -> None:
    from graph.export import rdf

    rdf.write_rdf(G, out / "new", formats)


def _oxigraph(G, out: Path, formats: list[str]) -> None:
    import pyoxigraph

    store = pyoxigraph.Store()
    store.bulk_load(path=str(out / "new" / "graph.ttl"), format=pyoxigraph.RdfFormat.TURTLE)
    store.dump(str(out / "oxigraph.ttl"), format=pyoxigraph.RdfFormat.TURTLE, from_graph=pyoxigraph.DefaultGraph())


def _rdflib(G, out: Path, formats: list[str]) -> None:
    from graph.export import rdf

    rdf.to_rdf(G).serialize(destination=str(out / "rdflib.ttl"), format="turtle")


def _shacl(G, out: Path, formats: list[str]) -> None:
    from graph.export import rdf
    from graph.validate import validate

    (out / "shacl.json").write_text(json.dumps({"conforms": validate(rdf.to_rdf(G)).conforms}))


METHODS = {"old": _old, "new": _new, "oxigraph": _oxigraph, "rdflib": _rdflib, "shacl": _shacl}


def _rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * resource.getpagesize() / 2**20


def measure(method: str, pickle_path: Path, out: Path, formats: list[str]) -> dict:
    """One method on the pickled graph, in this (fresh) process: seconds and peak RSS above the graph."""
    import gc

    import graph.export.rdf  # noqa: F401  imported before the baseline, like the graph
    import pyoxigraph  # noqa: F401

    needs_graph = method != "oxigraph"
    G = pickle.load(open(pickle_path, "rb")) if needs_graph else None
    gc.collect()
    baseline = max(_rss_mb(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    t0 = time.perf_counter()
    METHODS[method](G, out, formats)
    seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"s": round(seconds, 2), "mb": round(peak - baseline)}


def _child(*args: str) -> dict:
    proc = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True)
    if proc.returncode:
        raise SystemExit(f"{' '.join(args)} failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def run_size(copies: int, formats: list[str], methods: list[str]) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        pkl = tmp / "graph.pickle"
        row = {"copies": copies, **_child("--build", str(copies), str(pkl))}
        for method in methods:  # "new" before "oxigraph", which reads its graph.ttl
            fmts = ["ttl"] if method == "oxigraph" else formats
            row[method] = _child("--measure", method, str(pkl), str(tmp), ",".join(fmts))
        row["identical"] = _digests(tmp / "old") == _digests(tmp / "new")
        row["ttl_mb"] = round((tmp / "new" / "graph.ttl").stat().st_size / 1e6, 1)
    return row


def print_header(methods: list[str]) -> None:
    head = f"{'copies':>6} {'docs':>5} {'triples':>9} {'build s':>8} {'ttl MB':>7}"
    head += "".join(f" {m + ' s':>10} {m + ' MB':>11}" for m in methods)
    print(head + f" {'old/new':>8} {'new/oxi':>8} identical", flush=True)


def print_row(r: dict, methods: list[str]) -> None:
    def ratio(a: str, b: str) -> str:
        return f"{r[a]['s'] / r[b]['s']:.1f}x" if a in r and b in r and r[b]["s"] else "-"

    line = f"{r['copies']:>6} {r['documents']:>5} {r['triples']:>9} {r['build_s']:>8} {r['ttl_mb']:>7}"
    line += "".join(f" {r[m]['s']:>10.2f} {r[m]['mb']:>11}" for m in methods)
    print(line + f" {ratio('old', 'new'):>8} {ratio('new', 'oxigraph'):>8} {r['identical']}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--copies", type=int, nargs="+", default=[1, 40, 200])
    parser.add_argument("--formats", nargs="+", default=["ttl"], choices=["ttl", "nt", "jsonld"],
                        help="files old and new write (default: ttl; Turtle is always among them)")
    parser.add_argument("--shacl", action="store_true", help="also time SHACL validation (pyshacl)")
    parser.add_argument("--rdflib", action="store_true", help="also time rdflib's Turtle serialiser")
    parser.add_argument("--build", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--measure", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build:
        print(json.dumps(build_graph(int(args.build[0]), Path(args.build[1]))))
        return
    if args.measure:
        method, pkl, out, fmts = args.measure
        print(json.dumps(measure(method, Path(pkl), Path(out), fmts.split(","))))
        return
    formats = list(dict.fromkeys(["ttl", *args.formats]))  # oxigraph reads the new graph.ttl
    methods = ["old", "new", "oxigraph"] + ["rdflib"] * args.rdflib + ["shacl"] * args.shacl
    print(f"old and new write: {', '.join(formats)}; oxigraph: load graph.ttl, dump Turtle; "
          f"MB = peak RSS above the loaded graph", flush=True)
    print_header(methods)
    for copies in args.copies:
        print_row(run_size(copies, formats, methods), methods)


if __name__ == "__main__":
    main()
