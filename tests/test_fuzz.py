"""A bounded fuzz of the whole CLI: a few hundred hostile documents (tests/fuzzing.py, fixed seed)
made from the bundled sample and the handmade minutes, built as one folder with
`python -m graph build FOLDER -o OUT --format all`.

The build must exit 0 without a traceback, list every file in report.json, write outputs that
parse, and give a byte-identical graph.ttl when the same files are written in the opposite order
into another folder and built with another PYTHONHASHSEED. A few single hostile documents go
through `parse FILE --json`. The long campaign (thousands of documents, up to 2 MB, each built on
its own, with timings) is benchmarks/fuzz_long.py.
"""
from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import fuzzing

SEED = 20240817
COUNT = 200  # documents: every kind (len(fuzzing.KINDS)) four or five times
MAX_SIZE = 4000  # characters of the sized kinds: small, the long fuzz goes to 2 MB
TIMEOUT = 240  # seconds a build may take before it counts as a hang (about 10 s of CPU each here)
REPO = Path(__file__).resolve().parents[1]
ALLOWED_STATUSES = {"read", "skipped", "ignored", "part of export"}


def _run(args: list[str], cwd: Path, hash_seed: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed, "COLUMNS": "200"}
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return subprocess.Popen([sys.executable, "-m", "graph", *args], cwd=cwd, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _finish(p: subprocess.Popen, what: str) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of ``p``; a run over TIMEOUT fails the test as a hang."""
    try:
        out, err = p.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        p.kill()
        p.communicate()
        pytest.fail(f"{what}: still running after {TIMEOUT} s (a hang)")
    return p.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace")


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory):
    """The documents, written twice (into two folders, in opposite orders) and built twice at once."""
    root = tmp_path_factory.mktemp("fuzz")
    mutants = list(fuzzing.mutations(SEED, COUNT, max_size=MAX_SIZE, full_share=0.02))
    first, second = root / "a" / "minutes", root / "b" / "elsewhere" / "minutes"
    fuzzing.write_all(mutants, first)
    fuzzing.write_all(mutants, second, reverse=True)
    # the second build writes the cheaper views only: the comparison needs graph.ttl, the others are a bonus
    procs = {name: _run(["build", str(folder), "-o", str(root / f"out-{name}"), "--format", formats], root, seed)
             for name, folder, seed, formats in (("a", first, "0", "all"), ("b", second, "4711", "ttl,json,csv"))}
    # meanwhile: the digest of the first documents, generated in another process with another hash seed
    env = {**os.environ, "PYTHONHASHSEED": "99"}
    procs["digest"] = subprocess.Popen([sys.executable, str(Path(fuzzing.__file__)), str(SEED), str(len(fuzzing.KINDS)),
                                        str(MAX_SIZE), "0.02"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        runs = {name: _finish(p, name) for name, p in procs.items()}
    finally:
        for p in procs.values():
            if p.poll() is None:
                p.kill()
                p.communicate()
    return {"mutants": mutants, "root": root, "out": root / "out-a", "out_b": root / "out-b", "runs": runs}


def test_the_generator_is_deterministic_and_covers_every_kind(fuzzed):
    n = len(fuzzing.KINDS)
    first = fuzzed["mutants"][:n]
    assert {m.kind for m in first} == set(fuzzing.KINDS)  # a round robin: every kind in the first n
    name, data, suffix = first[0]
    assert isinstance(data, bytes) and (name, suffix) == (first[0].name, first[0].suffix)
    assert fuzzing.mutant(SEED, 7, MAX_SIZE, 0.02) == first[7]  # one document of a run, rebuilt from its index
    rc, out, err = fuzzed["runs"]["digest"]
    assert rc == 0, err
    assert out.split()[-1] == fuzzing.digest(first), "another process (PYTHONHASHSEED=99) made other bytes"


@pytest.mark.parametrize("run", ["a", "b"])
def test_build_exits_0_without_a_traceback(fuzzed, run):
    rc, out, err = fuzzed["runs"][run]
    output = out + err
    assert "Traceback" not in output, output[-6000:]
    assert rc == 0, output[-3000:]


@pytest.fixture(scope="module")
def report(fuzzed):
    path = fuzzed["out"] / "report.json"
    if not path.is_file():
        pytest.fail("no report.json: " + fuzzed["runs"]["a"][2][-3000:])
    return json.loads(path.read_text(encoding="utf-8"))


def test_every_input_file_is_in_the_report(fuzzed, report):
    listed = {e["path"]: e for e in report["inputs"]}
    missing = [(m.kind, ids) for m in fuzzed["mutants"] for ids in [m.report_ids()] if not any(i in listed for i in ids)]
    assert not missing, f"{len(missing)} file(s) not in report.json inputs: {missing[:20]}"
    odd = sorted({e["status"] for e in report["inputs"]} - ALLOWED_STATUSES)
    assert not odd, odd
    for e in report["inputs"]:
        if e["status"] != "read":
            assert e.get("reason"), e


def test_the_valid_documents_among_them_are_read(fuzzed, report):
    listed = {e["path"]: e for e in report["inputs"]}
    clean = [m for m in fuzzed["mutants"] if m.kind == "clean"]
    assert clean
    for m in clean:
        entry = listed[m.report_ids()[0]]
        assert entry["status"] == "read" and entry["items"] >= 1, entry
    assert report["summary"]["documents_read"] >= COUNT // 4


def _triples(path: Path, fmt) -> int:
    import pyoxigraph

    return sum(1 for _ in pyoxigraph.parse(path=str(path), format=fmt))


def test_every_output_parses(fuzzed, report):
    import networkx as nx
    import pyoxigraph
    from lxml import etree

    out = fuzzed["out"]
    counts = {name: _triples(out / name, fmt) for name, fmt in (("graph.ttl", pyoxigraph.RdfFormat.TURTLE),
                                                                ("graph.nt", pyoxigraph.RdfFormat.N_TRIPLES),
                                                                ("graph.jsonld", pyoxigraph.RdfFormat.JSON_LD))}
    assert counts["graph.ttl"] > 0 and counts["graph.ttl"] == counts["graph.nt"] == counts["graph.jsonld"], counts

    data = json.loads((out / "graph.json").read_text(encoding="utf-8"))
    try:
        from graph.export.nodelink import networkx_kwargs
        kwargs = networkx_kwargs()
    except ImportError:  # pragma: no cover - an older export module
        kwargs = {"edges": "edges"}
    G = nx.node_link_graph(data, **kwargs)
    assert G.number_of_nodes() == report["summary"]["nodes"]
    assert G.number_of_edges() == report["summary"]["edges"]

    ml = nx.read_graphml(out / "graph.graphml")
    assert ml.number_of_nodes() == report["summary"]["nodes"]
    gexf = etree.parse(str(out / "graph.gexf"), etree.XMLParser(huge_tree=True))
    assert gexf.getroot().tag.endswith("gexf")

    with open(out / "nodes.csv", newline="", encoding="utf-8") as f:
        nodes = list(csv.DictReader(f))
    with open(out / "edges.csv", newline="", encoding="utf-8") as f:
        edges = list(csv.DictReader(f))
    assert len(nodes) == report["summary"]["nodes"] and len(edges) == report["summary"]["edges"]

    page = (out / "graph.html").read_text(encoding="utf-8")
    # the page's data block is JSON up to its "</script>": a title holding "</script><script>alert(1)"
    # must not end it early (it would run as script in the browser)
    start = page.index(">", page.index('<script type="application/json"')) + 1
    end = re.compile("</script", re.IGNORECASE).search(page, start).start()  # not page.lower(): "İ" grows
    block = json.loads(page[start:end])
    assert block


def test_a_second_build_elsewhere_in_another_order_is_byte_identical(fuzzed):
    a, b = fuzzed["out"], fuzzed["out_b"]
    assert (a / "graph.ttl").is_file(), fuzzed["runs"]["a"][2][-3000:]
    assert (b / "graph.ttl").is_file(), fuzzed["runs"]["b"][2][-3000:]
    assert (a / "graph.ttl").read_bytes() == (b / "graph.ttl").read_bytes()
    both = sorted(str(p.relative_to(b)) for p in b.rglob("*")
                  if p.is_file() and (a / p.relative_to(b)).is_file() and p.name != "report.json" and "store" not in p.relative_to(b).parts)
    assert {"graph.ttl", "graph.json", "nodes.csv", "edges.csv"} <= set(both), both
    differ = [name for name in both if (a / name).read_bytes() != (b / name).read_bytes()]
    assert not differ, f"outputs that differ between the two builds: {differ}"

    def report(folder):  # without the list of outputs, which differs with the formats asked for
        data = json.loads((folder / "report.json").read_text(encoding="utf-8"))
        return {k: v for k, v in data.items() if k not in ("outputs", "output_sha256")}
    assert report(a) == report(b)


# --- single hostile documents through `parse FILE --json` ---------------------------------------

MINIMAL = ("REFERAT Chefforum d. 17-03-2016\n\nMødedato Torsdag d. 17. marts 2016 kl. 09:00\n\n"
           "Punkt 1: {title}\n\n00.01.00-A00-29-16\n\nIndstilling\n\nDirektøren indstiller,\n\n"
           "1. at budgettet godkendes.\n\nBeslutning\n\nGodkendt.\n")
ITEMS_1000 = ("REFERAT Chefforum d. 17-03-2016\n\nMødedato Torsdag d. 17. marts 2016 kl. 09:00\n\n"
              + "".join(f"Punkt {n}: CF - Sag {n}\n\nBeslutning\n\nGodkendt.\n\n" for n in (999, 1000, 1001, 1002)))

HOSTILE_DOCS = {  # file name → (bytes, the item numbers parse must give, or None to only want valid JSON)
    "markup.txt": (MINIMAL.format(title="[/] [bold]CF - Budget :date: [red]").encode(), [1]),
    "script.txt": (MINIMAL.format(title="</script><script>alert(1)</script> \u202e Budget").encode(), [1]),
    "one-nul.txt": (MINIMAL.format(title="CF - Budget").encode().replace(b"Godkendt", b"God\x00kendt"), [1]),
    "utf16le-nobom.txt": (MINIMAL.format(title="CF - Budget").encode("utf-16-le"), [1]),
    "utf32-bom.txt": (MINIMAL.format(title="CF - Budget").encode("utf-32"), [1]),
    "items-1000.txt": (ITEMS_1000.encode(), [999, 1000, 1001, 1002]),
    os.fsdecode(b"bad-\xff[x] [bold].txt"): (MINIMAL.format(title="CF - Budget").encode(), [1]),
    "long-token.txt": (MINIMAL.format(title="CF - " + "a_" * 10000).encode(), None),
    "agenda-wrong-types.json": (b'{"Moede": {"Moededeltagere": ["Anne"]}, "Dagsordenpunkter": ["x", 1, null]}', None),
    "agenda-odd-number.json": (json.dumps({"Moede": {"Dato": "2016-03-17T09:00:00"}, "Udvalg": {"Navn": "Chefforum"},
                                           "Dagsordenpunkter": [{"Punktnummer": "²", "Navn": "[/]"}]}).encode(), None),
    "bad-encoding-decl.xml": (b'<?xml version="1.0" encoding="bogus"?><Publication><Agendas/></Publication>', None),
}


def test_single_hostile_documents_parse_to_json(tmp_path):
    procs = {}
    for name, (data, _) in HOSTILE_DOCS.items():
        path = tmp_path / name
        path.write_bytes(data)
        procs[name] = _run(["parse", str(path), "--json"], tmp_path, "0")
    failures = []
    for name, p in procs.items():
        rc, stdout, stderr = _finish(p, f"parse {fuzzing.shown(name)}")
        output = stdout + stderr
        if "Traceback" in output:
            failures.append(f"{fuzzing.shown(name)}: traceback\n{output[-1500:]}")
            continue
        want = HOSTILE_DOCS[name][1]
        try:
            parsed = json.loads(stdout)
        except ValueError as exc:
            failures.append(f"{fuzzing.shown(name)}: rc {rc}, no JSON on stdout ({exc}): {output[-800:]}")
            continue
        if want is not None:
            numbers = [it["number"] for d in parsed for it in d["items"]]
            if numbers != want:
                failures.append(f"{fuzzing.shown(name)}: item numbers {numbers}, expected {want}")
    assert not failures, "\n\n".join(failures)
