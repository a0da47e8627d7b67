"""Benchmark: load time and the time of every example query, pyoxigraph vs rdflib.

Run:  python benchmarks/bench_queries.py [--data exports/graph.ttl] [--repeat 5]

Without --data the bundled sample is built and exported to Turtle in a temporary
folder first. Queries with parameters get values picked from the data itself
(the case with most items, the most mentioned policy, …), so the benchmark runs
on any build. Prints the load time per engine, then one row per query: rows
returned and the median time of ``--repeat`` runs per engine (milliseconds),
and whether both engines returned the same rows.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graph.query.sparql import ENGINES, LoadedData, declared_params, example_queries, load, rows_as_set, run_query  # noqa: E402

# Queries that pick parameter values from the data: the first row's values, by column name.
PICKERS = [
    """SELECT ?case WHERE { ?i rg:concernsCase ?c . ?c rg:journalNumber ?case }
       GROUP BY ?case ORDER BY DESC(COUNT(?i)) ?case LIMIT 1""",
    """SELECT ?policy WHERE { ?i rg:mentions ?p . ?p a rg:Policy ; rdfs:label ?policy }
       GROUP BY ?policy ORDER BY DESC(COUNT(?i)) ?policy LIMIT 1""",
    """SELECT ?a ?b WHERE { ?i rg:mentions|rg:presentedBy ?x , ?y .
                            ?x rdfs:label ?a . ?y rdfs:label ?b FILTER (STR(?a) < STR(?b)) }
       GROUP BY ?a ?b ORDER BY DESC(COUNT(?i)) ?a ?b LIMIT 1""",
    """SELECT ?subject WHERE { ?st a rdf:Statement ; rdf:subject ?subject ; rdf:predicate rg:decidedIn }
       ORDER BY ?subject LIMIT 1""",
]


def sample_ttl(folder: Path) -> Path:
    from graph.export import write_exports
    from graph.pipeline import build

    write_exports(build().graph, folder, ["ttl"])
    return folder / "graph.ttl"


def pick_params(text: str, data: LoadedData) -> dict[str, str]:
    wanted = {name for name, decl in declared_params(text).items() if not decl.optional}
    params: dict[str, str] = {}
    for picker in PICKERS:
        result = run_query(picker, data)
        if result.rows and wanted & set(result.variables):
            params.update({v: x for v, x in zip(result.variables, result.rows[0]) if v in wanted and x})
    return params


def timed(fn, repeat: int):
    times, result = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return result, statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, help="Turtle build (default: build the bundled sample)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        ttl = args.data or sample_ttl(Path(tmp))
        size = ttl.stat().st_size
        loaded = {}
        for engine in ENGINES:
            loaded[engine], seconds = timed(lambda engine=engine: load(ttl, engine), args.repeat)
            print(f"load {engine:<8} {loaded[engine].triples:>7} triples  {size / 1e6:.2f} MB  {seconds * 1000:8.1f} ms")
        print(f"\n{'query':<30} {'rows':>5} " + " ".join(f"{e + ' ms':>12}" for e in ENGINES) + "  same")
        for name, text in example_queries().items():
            params = pick_params(text, loaded["oxigraph"])
            results, cells = {}, []
            for engine in ENGINES:
                try:
                    results[engine], seconds = timed(
                        lambda engine=engine: run_query(text, loaded[engine], engine, params), args.repeat)
                    cells.append(f"{seconds * 1000:12.2f}")
                except Exception as exc:  # a benchmark reports, it does not stop
                    cells.append(f"{'error':>12}")
                    print(f"  {name} on {engine}: {exc}", file=sys.stderr)
            same = len(results) == 2 and rows_as_set(results["oxigraph"]) == rows_as_set(results["rdflib"])
            rows = len(next(iter(results.values())).rows) if results else 0
            print(f"{name:<30} {rows:>5} " + " ".join(cells) + f"  {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()
