"""Benchmark: building synthetic archives of N documents, today's path against the new one.

Run:  python benchmarks/bench_archive.py [--sizes 200 1000] [--seed 0] [--old 2f98ca0]

For each size the same generated archive (benchmarks/synthetic_archive.py) is built by

* ``old``: the code at commit ``--old``, checked out into a temporary git worktree (removed at
  the end) and run there as ``python -m graph build`` with ``PYTHONPATH`` set to it;
* ``new``: the current tree (a snapshot of it taken at the start, so that every row runs the
  same code while others edit the tree; ``--live`` runs the tree itself), a first build with an
  empty cache folder;
* ``new -j1`` / ``new -j2``: the current tree with ``--jobs 1`` / ``--jobs 2 --no-cache``
  (rows appear only when ``referatgraf build --help`` offers those flags);
* ``new cached +1``: the archive plus one more document, rebuilt with the cache the ``new`` row
  filled (the time of that second build).

Then the real Greve FirstAgenda corpus (/work/shared/corpus/greve-firstagenda, if present) by
old and new. When a new build's output holds a ``store/`` folder (or with ``--queries``), each
example SPARQL query (ontology/queries/*.rq) is timed with ``referatgraf sparql --data OUT``, and
``referatgraf path A B`` for two case numbers of the archive.

Every build runs in a fresh subprocess under a small runner process that reports wall time,
``getrusage(RUSAGE_CHILDREN).ru_maxrss`` (the largest process of the tree) and the sum of RSS over
the process tree sampled every 0.2 s (worker processes together; shared pages count once per
process). Each path writes its own default views plus ``nt``, whose lines are the triples
(``--formats`` sets one list for both). A row that fails prints its error and the benchmark goes
on. Output sizes are per file (a folder such as store/ as one).
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
GREVE = REPO.parent / "shared" / "corpus" / "greve-firstagenda"


# --------------------------------------------------------------------------- the runner
def _tree_rss_kb(root: int) -> int:
    """The summed RSS (KiB) of ``root`` and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2:].split()[1])  # the name in () may hold spaces
        children.setdefault(ppid, []).append(int(entry))
    total, todo, page_kb = 0, [root], os.sysconf("SC_PAGE_SIZE") // 1024
    while todo:
        pid = todo.pop()
        try:
            with open(f"/proc/{pid}/statm") as f:
                total += int(f.read().split()[1]) * page_kb
        except OSError:
            pass
        todo.extend(children.get(pid, ()))
    return total


def measure(cmd: list[str], stdout: Path, stderr: Path, timeout: float) -> dict:
    """Run ``cmd`` (in this runner process) and report wall time, exit code and peak memory."""
    peak = [0]
    t0 = time.perf_counter()
    with open(stdout, "wb") as out, open(stderr, "wb") as err:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, start_new_session=True)
        done = threading.Event()

        def sample() -> None:
            while not done.wait(0.2):
                peak[0] = max(peak[0], _tree_rss_kb(proc.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        try:
            rc = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            rc = "timeout"
        finally:
            if proc.poll() is None:  # timed out or interrupted: the whole build goes, workers too
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
            done.set()
            sampler.join()
    wall = time.perf_counter() - t0
    maxrss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux
    return {"rc": rc, "wall": wall, "maxrss_kb": maxrss, "tree_kb": peak[0]}


def run_measured(cmd: list[str], cwd: Path, pythonpath: Path, work: Path, timeout: float) -> tuple[dict, str, str]:
    """Run ``cmd`` under a fresh runner process; returns (measure's figures, stdout, stderr)."""
    work.mkdir(parents=True, exist_ok=True)
    out, err = work / "stdout", work / "stderr"
    env = dict(os.environ, PYTHONPATH=str(pythonpath))
    runner = [sys.executable, str(Path(__file__).resolve()), "--measure", str(out), str(err), str(timeout),
              "--", *cmd]
    proc = subprocess.run(runner, cwd=cwd, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"runner failed: {proc.stderr.strip()[-2000:]}")
    figures = json.loads(proc.stdout.strip().splitlines()[-1])
    return figures, _read(out), _read(err)


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


# --------------------------------------------------------------------------- code paths
@dataclass
class CodePath:
    """A checkout of referatgraf to run ``python -m graph`` from."""
    name: str
    root: Path
    help_text: str = ""
    formats: str = ""  # what its builds write: its own default views, plus nt (the triples)

    def has(self, flag: str) -> bool:
        return re.search(rf"(?<![\w-]){re.escape(flag)}(?![\w-])", self.help_text) is not None

    def default_formats(self) -> str:
        """The ``--format`` default its ``build --help`` states (ttl,html,json if none is found)."""
        # the option's own block: from its line in the options panel to the next option's line
        m = re.search(r"^\W*--format\b(.*?)(?=^\W*--[\w-]+\s|\Z)", self.help_text, re.S | re.M)
        default = re.search(r"\[default:\s*([\w,]+)\]", m.group(1)) if m else None
        return default.group(1) if default else "ttl,html,json"

    def cmd(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "graph", *args]


def prepare(path: CodePath, formats: str | None) -> CodePath:
    """Read the checkout's ``build --help`` (wide, so no flag is cut): its flags and the views to
    write (``formats``, else its default ones plus nt)."""
    env = dict(os.environ, PYTHONPATH=str(path.root), COLUMNS="200", TERM="dumb")
    proc = subprocess.run(path.cmd("build", "--help"), cwd=path.root, env=env, capture_output=True, text=True)
    path.help_text = proc.stdout + proc.stderr
    views = path.default_formats().split(",")
    path.formats = formats or ",".join(views + ([] if "nt" in views else ["nt"]))
    return path


def snapshot(folder: Path) -> Path:
    """A copy of the working tree as it is now (tracked and new files, uncommitted edits too), so
    every "new" row runs the same code while others go on editing the tree."""
    listed = subprocess.run(["git", "-C", str(REPO), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            check=True, capture_output=True).stdout.decode("utf-8", "surrogateescape")
    for rel in sorted(set(filter(None, listed.split("\0")))):
        src = REPO / rel
        if src.is_file():  # (a file deleted but not yet committed is listed too)
            (folder / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, folder / rel)
    return folder


def add_worktree(commit: str) -> Path:
    """A detached worktree of ``commit`` in a new temporary folder."""
    folder = Path(tempfile.mkdtemp(prefix="bench-old-"))
    folder.rmdir()  # git wants to create it itself
    subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", str(folder), commit],
                   check=True, capture_output=True, text=True)
    return folder


def remove_worktree(folder: Path) -> None:
    subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(folder)], capture_output=True)
    shutil.rmtree(folder, ignore_errors=True)
    subprocess.run(["git", "-C", str(REPO), "worktree", "prune"], capture_output=True)


# --------------------------------------------------------------------------- rows
@dataclass
class Row:
    """One measured run and what it produced."""
    input: str
    path: str
    docs: int | None = None
    wall: float | None = None
    maxrss_mb: float | None = None
    tree_mb: float | None = None
    triples: int | None = None
    nodes: int | None = None
    edges: int | None = None
    files: dict[str, int] = field(default_factory=dict)
    note: str = ""
    error: str | None = None


def count_lines(path: Path) -> int:
    n = 0
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            n += chunk.count(b"\n")
    return n


def output_facts(row: Row, out: Path, report_text: str) -> None:
    """Documents, nodes, edges (from the --json report), triples and the size of each file."""
    try:
        report = json.loads(report_text)
    except ValueError:  # no --json report on stdout: the file then
        path = out / "report.json"
        report = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    summary = report.get("summary", {})
    row.docs, row.nodes, row.edges = summary.get("documents_read"), summary.get("nodes"), summary.get("edges")
    if (out / "graph.nt").exists():
        row.triples = count_lines(out / "graph.nt")
    elif isinstance(report.get("triples"), int):
        row.triples = report["triples"]
    for entry in sorted(out.iterdir()):  # a folder view (store/) as one size
        files = [entry] if entry.is_file() else [p for p in entry.rglob("*") if p.is_file()]
        row.files[entry.name + ("" if entry.is_file() else "/")] = sum(p.stat().st_size for p in files)
    row.note = run_note(report.get("run") or _json_file(out / "run.json"))


def _json_file(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def run_note(run: dict) -> str:
    """The new path's own facts of a run: documents from the cache, jobs, seconds per stage."""
    if not run:
        return ""
    parts = [f"{k}={run[k]}" for k in ("from_cache", "processed", "jobs") if k in run]
    seconds = run.get("seconds", {})
    if seconds:
        parts.append("stages " + ", ".join(f"{k} {v:.1f}" for k, v in seconds.items() if k != "total"))
    return "; ".join(parts)


def build_row(label: str, name: str, path: CodePath, sources: Path, out: Path, work: Path, extra: list[str],
              timeout: float) -> Row:
    """Build ``sources`` into ``out`` with one code path (row ``label`` / ``name``); a failure
    becomes the row's error."""
    row = Row(label, name)
    shutil.rmtree(out, ignore_errors=True)
    try:
        cmd = path.cmd("build", str(sources), "-o", str(out), "--json", "--format", path.formats, *extra)
        figures, stdout, stderr = run_measured(cmd, path.root, path.root, work, timeout)
        row.wall = figures["wall"]
        row.maxrss_mb, row.tree_mb = figures["maxrss_kb"] / 1024, figures["tree_kb"] / 1024
        if figures["rc"] != 0:
            row.error = f"exit {figures['rc']}: " + (stderr.strip().splitlines() or [""])[-1][:300]
            return row
        output_facts(row, out, stdout)
    except Exception as exc:  # noqa: BLE001 - a failing row is reported, the benchmark goes on
        row.error = f"{type(exc).__name__}: {exc}"
    return row


def new_variants(new: CodePath, cache: Path) -> list[tuple[str, list[str]]]:
    """The new path's rows for one input: a first build filling ``cache``, then --jobs 1 and 2."""
    rows = [("new", ["--cache-dir", str(cache)] if new.has("--cache-dir") else [])]
    if new.has("--jobs"):
        clean = ["--no-cache"] if new.has("--no-cache") else []
        tail = " --no-cache" if clean else ""
        rows += [(f"new --jobs 1{tail}", ["--jobs", "1", *clean]), (f"new --jobs 2{tail}", ["--jobs", "2", *clean])]
    return rows


def one_more(folder: Path, sources: Path, n: int, seed: int) -> Path:
    """A copy of the archive of ``n`` documents (hard links) plus document n+1."""
    synthetic = load_synthetic()
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(sources, folder, copy_function=os.link)
    *_, (name, text, _) = synthetic.documents(n + 1, seed)
    (folder / name).write_bytes(text.encode("utf-8"))
    return folder


def load_synthetic():
    """benchmarks/synthetic_archive.py as a module."""
    if "synthetic_archive" in sys.modules:
        return sys.modules["synthetic_archive"]
    spec = importlib.util.spec_from_file_location("synthetic_archive", HERE / "synthetic_archive.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


# --------------------------------------------------------------------------- queries
def example_queries(root: Path) -> list[Path]:
    """The example .rq files of a checkout."""
    return sorted(p for p in root.rglob("*.rq") if ".git" not in p.parts and "tests" not in p.parts)


def query_params(rq: Path, values: dict[str, str]) -> list[str] | None:
    """``--param`` arguments for a query's "# param NAME: kind [optional]" lines; None when a
    required one has no value here."""
    args = []
    for m in re.finditer(r"^#\s*param\s+(\w+):\s*(\w+)(\s+optional)?", rq.read_text(encoding="utf-8"), re.M):
        name, optional = m.group(1), bool(m.group(3))
        if name in values:
            args += ["--param", f"{name}={values[name]}"]
        elif not optional:
            return None
    return args


def param_values(manifest: dict, out: Path) -> dict[str, str]:
    """Values for the example queries' parameters, taken from what the archive holds."""
    case = busiest_case(manifest)
    values = {"case": case, "policy": "politik", "b": "Byrådet"}
    if manifest.get("people"):
        values["a"] = manifest["people"][0]
    try:
        nodes = json.loads((out / "graph.json").read_text(encoding="utf-8"))["nodes"]
        values["subject"] = next(n["id"] for n in nodes if n["type"] == "Case" and n["label"] == case)
    except (OSError, ValueError, StopIteration, KeyError):
        pass
    return values


def busiest_case(manifest: dict, avoid: str | None = None) -> str:
    """The case treated by the most bodies (then most often); standing items do not count."""
    standing = {it["case"] for d in manifest["documents"] for it in d["items"] if it["kind"] == "standing"}
    ranked = sorted((-len({b for b, _, _ in ts}), -len(ts), c) for c, ts in manifest["cases"].items()
                    if c not in standing and c != avoid)
    return ranked[0][2]


def query_rows(new: CodePath, out: Path, manifest: dict, work: Path, timeout: float) -> list[tuple[str, str]]:
    """(what, result) of each timed SPARQL example and of one path search."""
    results = []
    values = param_values(manifest, out)
    for rq in example_queries(new.root):
        params = query_params(rq, values)
        if params is None:
            results.append((f"sparql {rq.stem}", "skipped: a required parameter has no value here"))
            continue
        cmd = new.cmd("sparql", rq.stem, "--data", str(out), "--format", "json", *params)
        results.append((f"sparql {rq.stem}", timed(cmd, new, work / rq.stem, timeout, count_bindings)))
    a = busiest_case(manifest)
    b = busiest_case(manifest, avoid=a)
    cmd = new.cmd("path", a, b, "--graph", str(out), "--json")
    results.append((f"path {a} {b}", timed(cmd, new, work / "path", timeout, count_paths)))
    return results


def timed(cmd: list[str], path: CodePath, work: Path, timeout: float, count) -> str:
    """ "0.84 s, 312 MB, <what count says>" or the error."""
    try:
        figures, stdout, stderr = run_measured(cmd, path.root, path.root, work, timeout)
    except Exception as exc:  # noqa: BLE001
        return f"error: {exc}"
    if figures["rc"] != 0:
        return f"exit {figures['rc']}: " + (stderr.strip().splitlines() or [""])[-1][:200]
    return f"{figures['wall']:.2f} s, {figures['maxrss_kb'] / 1024:.0f} MB, {count(stdout)}"


def _counted(stdout: str, say) -> str:
    """``say(data)`` of a command's JSON output, or a note that it printed none."""
    try:
        return say(json.loads(stdout))
    except ValueError:
        return "output not JSON"


def count_bindings(stdout: str) -> str:
    return _counted(stdout, lambda data: f"ask={data['boolean']}" if "boolean" in data
                    else f"{len(data.get('results', {}).get('bindings', []))} rows")


def count_paths(stdout: str) -> str:
    return _counted(stdout, lambda data: f"{len(data if isinstance(data, list) else data.get('paths', []))} paths")


# --------------------------------------------------------------------------- printing
def fmt(value, spec: str = "") -> str:
    return "–" if value is None else format(value, spec)


def ratio(old: Row | None, row: Row, attr: str) -> str:
    a, b = (getattr(old, attr), getattr(row, attr)) if old else (None, None)
    return f"{a / b:.2f}" if a and b and not old.error and not row.error else "–"


def print_table(rows: list[Row]) -> None:
    """The figures, with old/new ratios against the ``old`` row of the same input."""
    head = ["input", "path", "docs", "wall s", "docs/s", "max RSS MB", "tree RSS MB", "triples",
            "nodes", "edges", "old/new wall", "old/new RSS"]
    lines = [head]
    old_of = {r.input: r for r in rows if r.path == "old"}
    for r in rows:
        docs_s = r.docs / r.wall if r.docs and r.wall and not r.error else None
        old = old_of.get(r.input) if r.path != "old" else None
        ratios = [ratio(old, r, "wall"), ratio(old, r, "maxrss_mb")] if old else ["", ""]
        lines.append([r.input, r.path, fmt(r.docs), fmt(r.wall, ".1f"), fmt(docs_s, ".1f"),
                      fmt(r.maxrss_mb, ".0f"), fmt(r.tree_mb, ".0f"), fmt(r.triples, ","), fmt(r.nodes, ","),
                      fmt(r.edges, ","), *ratios])
    widths = [max(len(str(line[i])) for line in lines) for i in range(len(head))]
    for k, line in enumerate(lines):
        print("  ".join(str(c).ljust(w) if i < 2 else str(c).rjust(w) for i, (c, w) in enumerate(zip(line, widths))))
        if k == 0:
            print("  ".join("-" * w for w in widths))
    for r in rows:
        if r.error:
            print(f"! {r.input} / {r.path}: {r.error}")
        elif r.note:
            print(f"  {r.input} / {r.path}: {r.note}")


def print_sizes(rows: list[Row]) -> None:
    """The size of each output file, per row (MB)."""
    names = sorted({n for r in rows for n in r.files})
    if not names:
        return
    print("\noutput sizes (MB)")
    width = max(len(f"{r.input} / {r.path}") for r in rows)
    print(" " * width + "  " + "  ".join(f"{n:>12}" for n in names))
    for r in rows:
        if r.files:
            cells = [f"{r.files[n] / 1e6:12.2f}" if n in r.files else f"{'–':>12}" for n in names]
            print(f"{r.input + ' / ' + r.path:<{width}}  " + "  ".join(cells))


# --------------------------------------------------------------------------- main
def bench_size(n: int, args, old: CodePath | None, new: CodePath, tmp: Path, rows: list[Row]) -> None:
    """Every row of one archive size; prints the rows as they come."""
    synthetic = load_synthetic()
    sources, manifest_path = tmp / f"in-{n}", tmp / f"manifest-{n}.json"
    t0 = time.perf_counter()
    synthetic.write_archive(sources, n, args.seed, manifest=manifest_path)
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    mb = sum(p.stat().st_size for p in sources.iterdir()) / 1e6
    print(f"# archive of {n} documents ({mb:.1f} MB) generated in {time.perf_counter() - t0:.1f} s", flush=True)
    label = f"archive {n}"
    if old is not None:
        rows.append(build_row(label, "old", old, sources, tmp / f"out-old-{n}", tmp / "work", [], args.timeout))
        report_progress(rows[-1])
    cache = tmp / f"cache-{n}"
    out_new = tmp / f"out-new-{n}"
    for name, extra in new_variants(new, cache):
        out = out_new if name == "new" else tmp / f"out-{len(rows)}-{n}"
        rows.append(build_row(label, name, new, sources, out, tmp / "work", extra, args.timeout))
        report_progress(rows[-1])
    if new.has("--cache-dir") and cache.exists():
        plus = one_more(tmp / f"in-{n}-plus1", sources, n, args.seed)
        row = build_row(label, "new cached +1", new, plus, tmp / f"out-cached-{n}", tmp / "work",
                        ["--cache-dir", str(cache)], args.timeout)
        rows.append(row)
        report_progress(row)
    if (out_new / "store").is_dir() or args.queries:
        print(f"# queries on the new build of {n} documents", flush=True)
        for what, result in query_rows(new, out_new, manifest, tmp / "work-q", args.timeout):
            print(f"  {what}: {result}", flush=True)
    else:
        print("# no store/ in the new build's output: SPARQL and path timings skipped (--queries runs them)")
    for folder in (sources, tmp / f"in-{n}-plus1", cache):
        shutil.rmtree(folder, ignore_errors=True)  # keep /tmp small between sizes
    for out in tmp.glob(f"out-*-{n}"):
        shutil.rmtree(out, ignore_errors=True)


def bench_greve(args, old: CodePath | None, new: CodePath, tmp: Path, rows: list[Row]) -> None:
    """The real corpus, by both paths."""
    if not GREVE.is_dir():
        print(f"# {GREVE} not found: Greve rows skipped")
        return
    paths = ([old] if old else []) + [new]
    for path in paths:
        extra = ["--cache-dir", str(tmp / "cache-greve")] if path is new and new.has("--cache-dir") else []
        rows.append(build_row("greve", path.name, path, GREVE, tmp / f"out-greve-{path.name}", tmp / "work", extra,
                              args.timeout))
        report_progress(rows[-1])


def report_progress(row: Row) -> None:
    state = row.error or f"{fmt(row.wall, '.1f')} s, {fmt(row.maxrss_mb, '.0f')} MB"
    print(f"#   {row.input} / {row.path}: {state}", flush=True)


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--measure"]:  # the runner: --measure STDOUT STDERR TIMEOUT -- CMD...
        out, err, timeout = argv[1], argv[2], float(argv[3])
        print(json.dumps(measure(argv[5:], Path(out), Path(err), timeout)))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 1000])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--old", default="2f98ca0", help="commit of today's path (default 2f98ca0)")
    parser.add_argument("--no-old", action="store_true", help="only the current tree")
    parser.add_argument("--no-greve", action="store_true")
    parser.add_argument("--formats", help="--format of every build (default: each path's own default views "
                                          "plus nt, whose lines are the triples)")
    parser.add_argument("--live", action="store_true",
                        help="run the working tree itself, not a snapshot of it taken at the start")
    parser.add_argument("--queries", action="store_true", help="time the SPARQL examples even without store/")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds per build (default 3600)")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON here")
    args = parser.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="bench-archive-"))
    old = None
    rows: list[Row] = []
    try:
        new = prepare(CodePath("new", REPO if args.live else snapshot(tmp / "new-tree")), args.formats)
        if not args.no_old:
            old = prepare(CodePath("old", add_worktree(args.old)), args.formats)
            print(f"# old: {args.old} in {old.root}; --format {old.formats}", flush=True)
        flags = [f for f in ("--jobs", "--no-cache", "--cache-dir") if new.has(f)]
        print(f"# new: {REPO}{'' if args.live else ' (a snapshot of it in ' + str(new.root) + ')'}; "
              f"--format {new.formats}; build flags: {', '.join(flags) or 'none'}", flush=True)
        for n in args.sizes:
            try:
                bench_size(n, args, old, new, tmp, rows)
            except Exception as exc:  # noqa: BLE001 - the next size still runs
                rows.append(Row(f"archive {n}", "-", error=f"{type(exc).__name__}: {exc}"))
        if not args.no_greve:
            bench_greve(args, old, new, tmp, rows)
    finally:
        if old is not None:
            remove_worktree(old.root)
        shutil.rmtree(tmp, ignore_errors=True)
    print()
    print_table(rows)
    print_sizes(rows)
    if args.json:
        args.json.write_text(json.dumps([r.__dict__ for r in rows], indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
