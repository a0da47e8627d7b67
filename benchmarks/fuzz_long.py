"""The long fuzz: thousands of hostile documents (tests/fuzzing.py), each built on its own.

Run:  python benchmarks/fuzz_long.py [--count 3000] [--seed 1] [--max-size 2000000] [--timeout 60]
      python benchmarks/fuzz_long.py --repros [/work/shared/fuzz-repros]     # the recorded reproductions
      python benchmarks/fuzz_long.py --seed 1 --indexes 4,75 --keep /tmp/f    # documents of a run again

Each document is written alone into a fresh folder and built with `referatgraf build FOLDER -o OUT
--format all --json`: by default through typer's CliRunner inside a pool of ``--workers`` long-lived
worker processes (a worker that runs over ``--timeout`` is killed and replaced, so a hang costs one
timeout); ``--mode cli`` runs a fresh `python -m graph` process per document instead. A document
counts as

* a crash: a traceback in the output or an exception out of the command, an exit code other than
  0 or the documented 1 of "no minutes could be read", a worker killed by a signal or by memory;
* a hang: still running after ``--timeout`` seconds;
* lost: absent from report.json "inputs" (read from the export folder, or from the JSON printed
  on stdout when nothing could be read);
* a bad output: graph.ttl that pyoxigraph cannot parse or graph.json that is not JSON (``--no-check``
  skips these checks).

Prints the number of documents, each failure with the kind, size and the command that repeats it,
the ``--top`` slowest documents (kind, size, seconds) and how many took over ``--slow`` seconds.
``--keep DIR`` saves the failing (and the slow) documents there, ``--json FILE`` every result.
Exit code 1 when anything crashed, hung or was lost.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter, deque
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.connection import wait
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

import fuzzing  # noqa: E402  (tests/fuzzing.py)

DEFAULT_REPROS = REPO.parent / "shared" / "fuzz-repros"
NO_MINUTES = "no minutes could be read"


# --- judging one run ----------------------------------------------------------------------------

def _report_from_stdout(stdout: str) -> dict | None:
    start = stdout.find("{")
    if start < 0:
        return None
    try:
        return json.loads(stdout[start:])
    except json.JSONDecodeError:
        return None


def _check_outputs(out: Path) -> list[str]:
    """What is wrong with a build's graph.ttl and graph.json ([] when both parse)."""
    bad = []
    ttl = out / "graph.ttl"
    if ttl.is_file():
        try:
            import pyoxigraph

            store = pyoxigraph.Store()
            store.bulk_load(ttl.read_bytes(), "text/turtle")
        except Exception as exc:  # noqa: BLE001 - any parse failure is the finding
            bad.append(f"graph.ttl does not parse: {str(exc)[:300]}")
    js = out / "graph.json"
    if js.is_file():
        try:
            json.loads(js.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            bad.append(f"graph.json is not JSON: {str(exc)[:300]}")
    return bad


def judge(rc: int | None, stdout: str, stderr: str, out: Path, ids: list[str], exc_text: str = "",
          check: bool = True) -> dict:
    """The verdict on one build: ``status`` ok / crash / lost / bad-output, with the details."""
    text = stdout + stderr
    res: dict = {"rc": rc}
    if exc_text or "Traceback (most recent call last)" in text or "Traceback" in stderr:
        tb = exc_text or text[text.find("Traceback"):]
        if len(tb) > 7000:  # a deep recursion: keep where it started and how it ended
            tb = tb[:3000] + "\n  [...]\n" + tb[-4000:]
        return {**res, "status": "crash", "detail": tb}
    if rc not in (0, 1) or (rc == 1 and NO_MINUTES not in text):
        return {**res, "status": "crash", "detail": f"exit code {rc}: {text[-2000:]}"}
    report = None
    if rc == 0 and (out / "report.json").is_file():
        try:
            report = json.loads((out / "report.json").read_text(encoding="utf-8"))
        except ValueError as exc:
            return {**res, "status": "bad-output", "detail": f"report.json is not JSON: {exc}"}
    if report is None:
        report = _report_from_stdout(stdout)
    if report is None:
        return {**res, "status": "lost", "detail": "no report (report.json, or JSON on stdout)"}
    listed = {e.get("path"): e for e in report.get("inputs", [])}
    missing = [i for i in ids if i not in listed]
    if missing:
        return {**res, "status": "lost", "detail": f"not in report.json inputs: {missing!r}; listed: {sorted(listed)!r}"[:2000]}
    entry = listed[ids[0]]
    res.update(input_status=entry.get("status"), items=entry.get("items"), reason=entry.get("reason"))
    if rc == 0 and check:
        bad = _check_outputs(out)
        if bad:
            return {**res, "status": "bad-output", "detail": "; ".join(bad)}
    return {**res, "status": "ok"}


# --- the pool of workers (CliRunner in a long-lived process) ---------------------------------------

def _limit_memory(mb: int) -> None:
    if mb > 0:
        try:
            resource.setrlimit(resource.RLIMIT_AS, (mb * 2 ** 20, mb * 2 ** 20))
        except (ValueError, OSError):
            pass


def _worker(conn, formats: str, memory_mb: int, check: bool) -> None:
    _limit_memory(memory_mb)
    os.environ.setdefault("COLUMNS", "200")
    from typer.testing import CliRunner

    from graph.cli import app

    runner = CliRunner()
    with tempfile.TemporaryDirectory(prefix="referatgraf-fuzz-warm-") as warm:  # lazy imports and data files
        (Path(warm) / "in").mkdir()
        (Path(warm) / "in" / "warm.txt").write_text(fuzzing.HANDMADE[0], encoding="utf-8")
        runner.invoke(app, ["build", str(Path(warm) / "in"), "-o", str(Path(warm) / "out"), "--format", formats])
    while True:
        task = conn.recv()
        if task is None:
            return
        seed, index, max_size, full_share = task
        tmp = Path(tempfile.mkdtemp(prefix="referatgraf-fuzz-"))
        try:
            m = fuzzing.mutant(seed, index, max_size, full_share)
            folder, out = tmp / "in", tmp / "out"
            folder.mkdir()
            m.write(folder)
            conn.send(("start", index, m.kind, m.size, fuzzing.shown(m.relpath), str(tmp)))
            t0 = time.perf_counter()
            result = runner.invoke(app, ["build", str(folder), "-o", str(out), "--format", formats, "--json"])
            seconds = time.perf_counter() - t0
            exc_text = ""
            if result.exception is not None and not isinstance(result.exception, SystemExit):
                exc_text = "".join(traceback.format_exception(*result.exc_info))
            verdict = judge(result.exit_code, result.stdout, result.stderr, out, m.report_ids(), exc_text, check)
            conn.send(("done", index, {**verdict, "seconds": round(seconds, 3)}))
        except MemoryError:
            conn.send(("done", index, {"status": "crash", "detail": "MemoryError (worker memory limit)", "seconds": None}))
        except Exception:  # noqa: BLE001 - a failure of the harness itself is reported, not hidden
            conn.send(("done", index, {"status": "crash", "detail": "harness: " + traceback.format_exc()[-3000:],
                                       "seconds": None}))
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


class _Slot:
    def __init__(self, ctx, args):
        self.ctx, self.args = ctx, args
        self.start_process()

    def start_process(self):
        parent, child = self.ctx.Pipe()
        self.conn = parent
        self.proc = self.ctx.Process(target=_worker, args=(child, self.args.formats, self.args.memory_mb,
                                                           not self.args.no_check), daemon=True)
        self.proc.start()
        child.close()
        self.task = self.info = self.started = self.sent = None

    def kill(self):
        self.proc.kill()
        self.proc.join(5)
        if self.info:
            shutil.rmtree(self.info[-1], ignore_errors=True)
        self.start_process()


def run_pool(indexes: list[int], args) -> list[dict]:
    ctx = mp.get_context("spawn")
    slots = [_Slot(ctx, args) for _ in range(max(1, args.workers))]
    todo = deque(indexes)
    results: list[dict] = []
    done = 0

    def record(slot, verdict):
        nonlocal done
        index = slot.task
        _, _, kind, size, name, _ = slot.info or (None, index, "?", None, "?", "")
        results.append({"index": index, "kind": kind, "size": size, "name": name, **verdict})
        done += 1
        if args.progress and (done % args.progress == 0 or verdict["status"] != "ok"):
            note = "" if verdict["status"] == "ok" else f"  <-- {verdict['status']}"
            print(f"[{done}/{len(indexes)}] #{index} {kind} {size} B {verdict.get('seconds')} s{note}", flush=True)

    while todo or any(s.task is not None for s in slots):
        for s in slots:
            if s.task is None and todo:
                s.task = todo.popleft()
                s.sent = time.monotonic()
                s.conn.send((args.seed, s.task, args.max_size, args.full_share))
        busy = [s for s in slots if s.task is not None]
        ready = wait([s.conn for s in busy] + [s.proc.sentinel for s in busy], timeout=1.0)
        now = time.monotonic()
        for s in busy:
            if s.conn in ready:
                try:
                    while s.conn.poll():
                        msg = s.conn.recv()
                        if msg[0] == "start":
                            s.info, s.started = msg, time.monotonic()
                        else:
                            record(s, msg[2])
                            s.task = s.info = s.started = None
                            break
                except (EOFError, OSError):
                    pass
            if s.task is None:
                continue
            if not s.proc.is_alive():
                code = s.proc.exitcode
                record(s, {"status": "crash", "seconds": None,
                           "detail": f"worker died (exit code {code}{', signal ' + str(-code) if code and code < 0 else ''})"})
                s.kill()
            elif s.started is not None and now - s.started > args.timeout:
                record(s, {"status": "hang", "seconds": round(now - s.started, 1), "detail": f"over {args.timeout} s"})
                s.kill()
            elif s.started is None and now - s.sent > args.timeout + 120:
                record(s, {"status": "crash", "seconds": None, "detail": "the generator itself took too long"})
                s.kill()
    for s in slots:
        try:
            s.conn.send(None)
        except (BrokenPipeError, OSError):
            pass
        s.proc.join(5)
        if s.proc.is_alive():
            s.proc.kill()
    return results


# --- one fresh process per document --------------------------------------------------------------

def _cli(args_list: list[str], cwd: Path, timeout: float, memory_mb: int, hash_seed: str = "0"):
    env = {**os.environ, "PYTHONHASHSEED": hash_seed, "COLUMNS": "200"}
    t0 = time.perf_counter()
    try:
        p = subprocess.run([sys.executable, "-m", "graph", *args_list], cwd=cwd, capture_output=True, timeout=timeout,
                           env=env, preexec_fn=lambda: _limit_memory(memory_mb))
    except subprocess.TimeoutExpired:
        return None, "", "", time.perf_counter() - t0
    return (p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace"),
            time.perf_counter() - t0)


def _one_cli(index: int, args) -> dict:
    m = fuzzing.mutant(args.seed, index, args.max_size, args.full_share)
    base = {"index": index, "kind": m.kind, "size": m.size, "name": fuzzing.shown(m.relpath)}
    with tempfile.TemporaryDirectory(prefix="referatgraf-fuzz-") as tmp:
        tmp = Path(tmp)
        m.write(tmp / "in")
        rc, out, err, secs = _cli(["build", str(tmp / "in"), "-o", str(tmp / "out"), "--format", args.formats, "--json"],
                                  tmp, args.timeout, args.memory_mb, str(index % 4096))
        if rc is None:
            return {**base, "status": "hang", "seconds": round(secs, 1), "detail": f"over {args.timeout} s"}
        if rc < 0:
            return {**base, "status": "crash", "rc": rc, "seconds": round(secs, 3), "detail": f"killed by signal {-rc}: {err[-2000:]}"}
        return {**base, **judge(rc, out, err, tmp / "out", m.report_ids(), "", not args.no_check), "seconds": round(secs, 3)}


def run_cli(indexes: list[int], args) -> list[dict]:
    results = []
    with ThreadPoolExecutor(max(1, args.workers)) as pool:
        for k, r in enumerate(pool.map(lambda i: _one_cli(i, args), indexes), 1):
            results.append(r)
            if args.progress and (k % args.progress == 0 or r["status"] != "ok"):
                print(f"[{k}/{len(indexes)}] #{r['index']} {r['kind']} {r['size']} B {r['seconds']} s"
                      + ("" if r["status"] == "ok" else f"  <-- {r['status']}"), flush=True)
    return results


# --- the recorded reproductions -------------------------------------------------------------------

def _repro_tasks(folder: Path) -> list[tuple[str, Callable]]:
    """(label, function(tmp) → list of command argument lists) for the files of ../shared/fuzz-repros."""
    tasks = []
    minimal = folder / "minimal.txt"
    for f in sorted(folder.glob("*.txt")):
        def build(tmp, f=f):
            cmds = [["build", str(f), "-o", str(tmp / "out"), "--format", "all", "--json"]]
            if f.name.startswith(("loss-", "enc-")):
                cmds.append(["parse", str(f), "--json"])
            if f.name == "markup-titles-notoc.txt":
                cmds.append(["show", "00.01.00-A00-29-16", "--graph", str(tmp / "out")])
            return cmds
        tasks.append((f.name, build))

    def folder_markup(tmp):
        (tmp / "in" / "[").mkdir(parents=True)
        (tmp / "in" / "[" / "].txt").write_bytes(b"")
        (tmp / "in" / "[" / "x].txt").write_bytes(minimal.read_bytes())
        return [["build", str(tmp / "in"), "-o", str(tmp / "out"), "--json"]]

    def bad_name(tmp):
        (tmp / "in").mkdir()
        (tmp / "in" / os.fsdecode(b"bad-\xff.txt")).write_bytes(minimal.read_bytes())
        return [["build", str(tmp / "in"), "-o", str(tmp / "out"), "--json"]]

    tasks += [("(folder '[' holding '].txt')", folder_markup), ("(file bad-\\xff.txt)", bad_name)]
    extra = {
        "crash-aliases-nonutf8.tsv": lambda tmp, f: [["build", str(minimal), "-o", str(tmp / "out"), "--aliases", str(f)]],
        "crash-validate-truncated.ttl": lambda tmp, f: [["validate", str(f)]],
        "crash-nested-3000.rq": lambda tmp, f: [["build", str(minimal), "-o", str(tmp / "out")],
                                                ["sparql", str(f), "--data", str(tmp / "out")]],
        "crash-sparql-service.sh": lambda tmp, f: [["build", str(minimal), "-o", str(tmp / "out")],
                                                   ["sparql", "SELECT * WHERE { SERVICE <http://127.0.0.1:45678/sparql> "
                                                    "{ ?s ?p ?o } }", "--data", str(tmp / "out")]],
        "out_below_file.sh": lambda tmp, f: [["build", str(minimal), "-o", str(_touch(tmp / "afile") / "sub")]],
    }
    for name, make in extra.items():
        if (folder / name).exists():
            tasks.append((name, lambda tmp, make=make, f=folder / name: make(tmp, f)))
    return tasks


def _touch(p: Path) -> Path:
    p.write_text("x\n")
    return p


def _one_repro(label: str, make, args) -> dict:
    with tempfile.TemporaryDirectory(prefix="referatgraf-repro-") as tmp:
        tmp = Path(tmp)
        steps = []
        status, detail, total = "ok", "", 0.0
        for cmd in make(tmp):
            rc, out, err, secs = _cli(cmd, tmp, args.timeout, args.memory_mb)
            total += secs
            shown_cmd = " ".join(cmd[:1] + [Path(c).name if os.path.isabs(c) else c for c in cmd[1:]])
            steps.append(f"{shown_cmd} -> rc {rc} in {secs:.1f} s")
            if rc is None:
                status, detail = "hang", f"{shown_cmd}: over {args.timeout} s"
                break
            if rc < 0 or "Traceback" in out + err:
                status, detail = "crash", f"{shown_cmd}: rc {rc}: " + (err or out)[-1500:]
                break
            if cmd[0] == "build" and "--json" in cmd and Path(cmd[1]).suffix == ".txt":
                report = _report_from_stdout(out)
                entry = (report or {}).get("inputs", [{}])[0] if report else {}
                steps[-1] += f" ({entry.get('status')}, {entry.get('items')} items)"
                if entry.get("status") != "read":  # every .txt reproduction is minutes, to be read
                    status, detail = "lost", f"{shown_cmd}: {entry.get('status')}: {entry.get('reason')}"
            if cmd[0] == "parse" and label.startswith("loss-item-number-1000"):
                try:
                    numbers = [it["number"] for d in json.loads(out[out.find("["):]) for it in d["items"]]
                except (ValueError, KeyError, TypeError):
                    numbers = None
                steps[-1] += f" items {numbers}"
                if numbers != [997, 998, 999, 1000, 1001, 1002]:
                    status, detail = "lost", f"items {numbers}, expected 997..1002"
        return {"index": None, "kind": "repro", "name": label, "size": None, "status": status, "seconds": round(total, 2),
                "detail": detail, "steps": steps}


def run_repros(folder: Path, args) -> list[dict]:
    tasks = _repro_tasks(folder)
    with ThreadPoolExecutor(max(1, args.workers)) as pool:
        results = list(pool.map(lambda t: _one_repro(t[0], t[1], args), tasks))
    for r in results:
        print(f"  {r['status']:8s} {r['seconds']:7.1f} s  {r['name']}: " + "; ".join(r["steps"]), flush=True)
    return results


_FRAME = re.compile(r'File "[^"]*?/(graph/[^"]+)", line (\d+), in (\S+)|(graph/[\w/]+\.py):(\d+) in (\S+)')


def _graph_frames(detail: str) -> list[str]:
    """The project's frames of a traceback (plain or rich), repeats collapsed: where it broke."""
    out: list[str] = []
    for m in _FRAME.finditer(detail):
        path, line, func = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(4), m.group(5), m.group(6))
        frame = f"{path}:{line} {func}"
        if frame not in out[-2:]:
            out.append(frame)
    return [f for f in out if "/cli.py" not in f]


# --- the summary ------------------------------------------------------------------------------------

def summarise(results: list[dict], args, wall: float) -> int:
    by = Counter(r["status"] for r in results)
    print()
    what = "reproductions" if args.repros else "documents"
    how = "one process each" if args.repros or args.mode == "cli" else "CliRunner in a worker pool"
    print(f"{what}: {len(results)} in {wall:.0f} s wall ({how}, {args.workers} worker(s), "
          + ("" if args.repros else f"seed {args.seed}, max size {args.max_size}, ") + f"timeout {args.timeout:g} s)")
    print(f"crashes: {by['crash']}   hangs: {by['hang']}   lost: {by['lost']}   bad outputs: {by['bad-output']}   ok: {by['ok']}")
    statuses = Counter(r.get("input_status") for r in results if r["status"] == "ok" and r.get("input_status"))
    if statuses:
        print("report.json status of the others: " + ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items())))
    for status in ("crash", "hang", "lost", "bad-output"):
        for r in [r for r in results if r["status"] == status]:
            print(f"\n{status.upper()}: #{r['index']} {r['kind']} size {r['size']} name {r['name']!r} ({r.get('seconds')} s)")
            if r["index"] is not None:
                print(f"  again: python benchmarks/fuzz_long.py --seed {args.seed} --indexes {r['index']} "
                      f"--max-size {args.max_size} --full-share {args.full_share} --keep DIR")
            detail = (r.get("detail") or "").rstrip()
            frames = _graph_frames(detail)
            if frames:
                print("  in: " + " > ".join(frames))
            print("  " + "\n  ".join(detail.splitlines()[-(3 if frames else 25):]))
    timed = sorted((r for r in results if r.get("seconds") is not None), key=lambda r: -r["seconds"])
    print(f"\n{min(args.top, len(timed))} slowest:")
    print(f"  {'seconds':>8}  {'size':>9}  {'kind':22s} index  name")
    for r in timed[:args.top]:
        print(f"  {r['seconds']:8.2f}  {r['size'] if r['size'] is not None else '-':>9}  {r['kind']:22s} {r['index']!s:>5}  "
              f"{r['name']}  [{r['status']}]")
    over = [r for r in timed if r["seconds"] > args.slow]
    print(f"over {args.slow:g} s: {len(over)}" + (" (" + ", ".join(f"{k} {v}" for k, v in Counter(r['kind'] for r in over)
                                                        .most_common()) + ")" if over else ""))
    secs = [r["seconds"] for r in timed]
    if secs:
        secs.sort()
        print(f"seconds per document: median {secs[len(secs) // 2]:.2f}, p95 {secs[int(len(secs) * 0.95)]:.2f}, "
              f"max {secs[-1]:.2f}, total {sum(secs):.0f}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    if args.keep:
        keep = Path(args.keep)
        for r in results:
            if r["index"] is not None and (r["status"] != "ok" or (r.get("seconds") or 0) > args.slow):
                m = fuzzing.mutant(args.seed, r["index"], args.max_size, args.full_share)
                m.write(keep / f"{r['status']}-{r['index']:05d}")
        print(f"kept the failing and slow documents under {keep}/<status>-<index>/")
    return 1 if by["crash"] or by["hang"] or by["lost"] else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--count", type=int, default=3000, help="documents to generate (default 3000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--start", type=int, default=0, help="index of the first document (to repeat one)")
    ap.add_argument("--max-size", type=int, default=2_000_000, help="bound of the sized kinds, in characters (default 2 MB)")
    ap.add_argument("--full-share", type=float, default=0.15, help="share of documents made from a whole sample file")
    ap.add_argument("--indexes", help="comma-separated document indexes only (to repeat the failures of a run)")
    ap.add_argument("--kinds", help="comma-separated kinds only (of: " + ", ".join(sorted(fuzzing.KINDS)) + ")")
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds before a build counts as a hang")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--mode", choices=("pool", "cli"), default="pool",
                    help="pool: CliRunner in long-lived workers (fast); cli: a fresh python -m graph per document")
    ap.add_argument("--formats", default="all")
    ap.add_argument("--memory-mb", type=int, default=4000, help="address-space limit of a worker (0: none)")
    ap.add_argument("--no-check", action="store_true", help="do not parse graph.ttl / graph.json")
    ap.add_argument("--repros", nargs="?", const=str(DEFAULT_REPROS), metavar="DIR",
                    help=f"run the reproductions in DIR (default {DEFAULT_REPROS}) instead of generated documents")
    ap.add_argument("--top", type=int, default=20)
    ap.add_argument("--slow", type=float, default=5.0)
    ap.add_argument("--progress", type=int, default=100, help="a progress line every N documents (0: none)")
    ap.add_argument("--keep", help="folder to save failing and slow documents in")
    ap.add_argument("--json", help="write every result to this JSON file")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    if args.repros:
        folder = Path(args.repros)
        if not folder.is_dir():
            print(f"no reproductions folder {folder}", file=sys.stderr)
            return 2
        results = run_repros(folder, args)
    else:
        kinds = None
        if args.kinds:
            kinds = tuple(k.strip() for k in args.kinds.split(",") if k.strip())
            unknown = set(kinds) - set(fuzzing.KINDS)
            if unknown:
                print(f"unknown kinds: {', '.join(sorted(unknown))}", file=sys.stderr)
                return 2
        indexes = list(range(args.start, args.start + args.count))
        if args.indexes:
            indexes = [int(i) for i in args.indexes.split(",") if i.strip()]
        elif kinds:  # the indexes of the run whose kind is one of these
            order = fuzzing.kind_order(args.seed)
            indexes = [i for i in range(args.start, args.start + args.count * len(order)) if order[i % len(order)] in kinds][:args.count]
        results = (run_pool if args.mode == "pool" else run_cli)(indexes, args)
    return summarise(results, args, time.perf_counter() - t0)


if __name__ == "__main__":
    sys.exit(main())
