"""report.json: what was read, what was skipped and why, what the graph holds.

Deterministic on purpose (no timings, no absolute paths, sorted keys), so the
same input gives a byte-identical report; how the run went (seconds per stage, cache
hits, peak memory: :func:`run_facts`) is printed by the CLI and under "run" in `build --json`.
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from graph import __version__
from graph.atomic import write_text


def build_report(result, outputs: list[str] | None = None, digests: dict[str, str] | None = None) -> dict:
    """The report as a dict; ``digests`` (file name → sha256) lets a reader check the export set."""
    G = result.graph
    parsed = {m.doc.doc_id: m for m in result.minutes}
    problems: dict[str, list[str]] = {}
    status_of = {"belongs-to-export": "part of export", "ignored": "ignored"}
    status_by_path = {p.path: status_of[p.severity] for p in result.problems if p.severity in status_of}
    for p in result.problems:
        problems.setdefault(p.path, []).append(p.reason)
    inputs = []
    for doc in result.documents:
        m = parsed.get(doc.doc_id)
        entry = {"path": doc.doc_id, "reader": doc.reader, "encoding": doc.encoding, "sha256": doc.sha256}
        if m is not None:
            entry.update(status="read", kind=m.kind, body=m.body,
                         date=m.date.isoformat() if m.date else None, items=len(m.items),
                         warnings=list(m.warnings))
        else:
            entry.update(status="skipped", reason="; ".join(problems.get(doc.doc_id, ["unknown"])))
        inputs.append(entry)
    read = {e["path"]: e for e in inputs}  # by path: a scan per problem was quadratic in a large archive
    for path, reasons in problems.items():
        if path not in read:
            status = status_by_path.get(path, "skipped")
            inputs.append({"path": path, "status": status, "reason": "; ".join(reasons)})
        elif path in parsed:  # warnings about a document that was read
            read[path]["warnings"].extend(reasons)
    inputs.sort(key=lambda e: e["path"])
    node_counts = Counter(d["type"] for _, d in G.nodes(data=True))
    edge_counts = Counter(k for _, _, k in G.edges(keys=True))
    return {
        "referatgraf": __version__,
        "base": G.graph.get("base"),
        "inputs": inputs,
        "summary": {
            "documents_read": sum(1 for e in inputs if e["status"] == "read"),
            "documents_skipped": sum(1 for e in inputs if e["status"] == "skipped"),
            "files_ignored": sum(1 for e in inputs if e["status"] == "ignored"),
            "nodes": G.number_of_nodes(),
            "edges": G.number_of_edges(),
        },
        "counts": {"nodes": dict(sorted(node_counts.items())), "edges": dict(sorted(edge_counts.items()))},
        "problems": [p.as_dict() for p in result.problems],
        "warnings": result.warnings,
        "outputs": sorted(outputs or []),
        **({"output_sha256": dict(sorted(digests.items()))} if digests else {}),
    }


def write_report(result, path: str | Path, outputs: list[str] | None = None, digests: dict[str, str] | None = None) -> Path:
    return write_text(path, json.dumps(build_report(result, outputs, digests), ensure_ascii=False, indent=2, sort_keys=False) + "\n")


def run_facts(result) -> dict:
    """How the build ran: seconds per stage, documents read from the cache, jobs, peak memory.
    Kept out of report.json, which must be the same bytes for the same input, whatever the
    machine, cache or parallelism."""
    import resource

    peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    return {
        "referatgraf": __version__,
        **getattr(result, "stats", {}),
        "seconds": {k: round(v, 3) for k, v in result.timings.items()},
        "peak_rss_mb": round(peak / 1024, 1),  # Linux reports KiB; the largest of this process and its workers
    }

