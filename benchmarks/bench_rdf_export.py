"""Benchmark: Turtle export of the graph with our sorted writer, rdflib's writer and pyoxigraph.

Run:  python benchmarks/bench_rdf_export.py [--copies 1 10 40]

The graph is the sample build (graph.pipeline.build()); larger sizes are copies
of it under distinct IRIs (every node and document moved to its own base), so
the RDF has the same shape at ``copies`` times the size. Prints one row per
size: triples, seconds for graph → triple set (triples) and → rdflib Graph
(to_rdf), our sorted Turtle from the triple set (to_turtle),
rdflib's Turtle serialiser, and pyoxigraph (load our Turtle, dump Turtle; and
dump alone), plus the Turtle size and, with --shacl, the SHACL validation time.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def sample_graph() -> nx.MultiDiGraph:
    from graph.pipeline import build

    return build().graph


def scaled(G: nx.MultiDiGraph, copies: int) -> nx.MultiDiGraph:
    """``copies`` disjoint copies of ``G`` (IRIs moved under ``<base>c<i>/``)."""
    if copies == 1:
        return G
    base = G.graph["base"]
    out = nx.MultiDiGraph(base=base, documents={})
    for i in range(copies):
        move = (lambda iri, i=i: iri.replace(base, f"{base}c{i}/", 1))
        for doc, info in G.graph["documents"].items():
            out.graph["documents"][f"c{i}/{doc}"] = {**info, "iri": move(info["iri"])}
        for n, d in G.nodes(data=True):
            props = dict(d.get("props", {}))
            if "filePath" in props:
                props["filePath"] = f"c{i}/{props['filePath']}"
            out.add_node(move(n), **{**d, "props": props, "sources": [
                s.__class__(f"c{i}/{s.doc}", s.start, s.end, s.quote, s.sentence) for s in d.get("sources", [])]})
        for u, v, k, d in G.edges(keys=True, data=True):
            out.add_edge(move(u), move(v), key=k, **{**d, "sources": [
                s.__class__(f"c{i}/{s.doc}", s.start, s.end, s.quote, s.sentence) for s in d.get("sources", [])]})
    return out


def timed(fn, *args):
    t = time.perf_counter()
    result = fn(*args)
    return result, time.perf_counter() - t


def main() -> None:
    import pyoxigraph

    from graph.export import rdf
    from graph.validate import validate

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--copies", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--shacl", action="store_true", help="also time SHACL validation (pyshacl)")
    args = parser.parse_args()
    G0 = sample_graph()
    print(f"{'copies':>6} {'triples':>9} {'triples s':>9} {'to_rdf s':>9} {'ours ttl s':>10} {'rdflib ttl s':>12} "
          f"{'oxi load+dump s':>15} {'oxi dump s':>10} {'ttl MB':>7} {'shacl s':>8} conforms")
    for copies in args.copies:
        G = scaled(G0, copies)
        g, t_rdf = timed(rdf.triples, G)
        _, t_graph = timed(rdf.to_rdf, G)
        ttl, t_ours = timed(rdf.to_turtle, g)
        rg = rdf.to_rdf(G)
        _, t_rdflib = timed(lambda: rg.serialize(format="turtle"))
        data = ttl.encode("utf-8")
        _, t_oxi = timed(rdf.serialize_with_oxigraph, data, "ttl")
        store = pyoxigraph.Store()
        store.bulk_load(data, format=pyoxigraph.RdfFormat.TURTLE)
        _, t_dump = timed(lambda: store.dump(format=pyoxigraph.RdfFormat.TURTLE, from_graph=pyoxigraph.DefaultGraph()))
        result, t_shacl = timed(validate, rg) if args.shacl else (None, float("nan"))
        print(f"{copies:>6} {len(g):>9} {t_rdf:>9.2f} {t_graph:>9.2f} {t_ours:>10.2f} {t_rdflib:>12.2f} "
              f"{t_oxi:>15.2f} {t_dump:>10.2f} {len(data) / 1e6:>7.1f} {t_shacl:>8.2f} "
              f"{'-' if result is None else result.conforms}")


if __name__ == "__main__":
    main()
