"""Benchmark: seconds per stage on hostile documents, to show every stage is linear in the document.

Run:  python benchmarks/bench_hostile_inputs.py [--sizes 0.5 1 2] [--kinds long_token many_items]
      [--repros ../shared/fuzz-repros] [--timeout 120]

Each kind is a valid minutes document (a header and an item) whose body holds one hostile thing,
grown to the given sizes in MB: a long token, a run of repeated words, a run of capitalised words,
thousands of items, an attendance list of thousands of names, a stack of combining marks, a
heading repeated on one line, thousands of headings and lines... Each document is built in a
fresh process (``graph.pipeline.build``) and the table gives the seconds of each stage (read,
parse, extract, resolve, build) and their total, per kind and size; ``x`` is how much longer the
total took than at the previous size, against how much bigger the document is (linear: about the
same). The reproduction files of the fuzzing runs (``--repros``, default ../shared/fuzz-repros
beside the repository, when present) are timed the same way.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HEADER = ("REFERAT Chefforum d. 17-03-2016\n\nMødedato Torsdag d. 17. marts 2016 kl. 09:00\n\n"
          "Mødested Mødelokale 915\n\n")
ITEM = ("Punkt 1: CF - Budget\n\n00.01.00-A00-29-16\n\nIndstilling\n\nDirektøren indstiller,\n\n"
        "1. at budgettet godkendes.\n\nSagsfremstilling\n\nØkonomi & Stab har udarbejdet budgettet.\n\n"
        "{body}\n\nBeslutning\n\nGodkendt.\n")


def repeat(unit: str, size: int) -> str:
    return unit * max(1, size // len(unit))


def _items(size: int) -> str:
    out, n, total = [], 0, 0
    while total < size:
        n += 1
        block = (f"Punkt {n}: CF - Sag nummer {n}\n\nIndstilling\n\nDirektøren indstiller,\n\n"
                 "1. at sagen godkendes.\n\nBeslutning\n\nGodkendt.\n\n")
        out.append(block)
        total += len(block)
    return HEADER + "".join(out)


def _attendance(size: int) -> str:
    names = ["Anne Jensen (A)", "Bo Hansen (V)", "Åse Ørum (Ø)", "Søren Ærø-Østergaard (B)", "Ib Holm (C)"]
    unit = ", ".join(names) + ", "
    return HEADER + "Medlemmer: " + repeat(unit, size) + "Jette Lund (A)\n\n" + ITEM.format(body="Drøftet.")


def _recusals(size: int) -> str:
    unit = "Jette (V) og Bo Hansen (B) og Åse Ørum (Ø) og "
    return HEADER + ITEM.format(body="Inhabil: " + repeat(unit, size) + "Ib (V)")


def _sections(size: int) -> str:
    return HEADER + ITEM.format(body=repeat("Beslutning\n\nGodkendt af Økonomi & Stab den 12. marts.\n\n", size))


def _word(n: int) -> str:
    """The n-th capitalised made-up word ("Babe", "Babi", ...): names that are all different."""
    letters = "bdfghklmnprstv"
    out = ""
    while True:
        n, r = divmod(n, len(letters))
        out += letters[r] + "aeiou"[r % 5]
        if n == 0:
            return out.capitalize()


def _distinct_names(size: int) -> str:
    out, n, total = [], 0, 0
    while total < size:
        a, b = _word(2 * n), _word(2 * n + 1)
        piece = f"{a} & {b} ({a[0]}{b[0]}) samarbejder med {a}udvalget og {a}fonden. "
        out.append(piece)
        total += len(piece)
        n += 1
    return HEADER + ITEM.format(body="".join(out))


def _places(size: int) -> str:
    out, n, total = [], 0, 0
    while total < size:
        piece = f"{_word(n)} Kommune og "
        out.append(piece)
        total += len(piece)
        n += 1
    return HEADER + ITEM.format(body="".join(out) + "Egebæk Kommune.")


def _in_body(unit: str, tail: str = ""):
    return lambda size: HEADER + ITEM.format(body=repeat(unit, size) + tail)


# kind -> document of about ``size`` characters
KINDS = {
    "long_token": _in_body("-"),
    "long_word": _in_body("Å"),
    "underscore_token": _in_body("a_"),
    "repeated_words": _in_body("sagen blev drøftet og "),
    "capitalised_run": _in_body("Punkt "),
    "capitalised_list": _in_body("Punkt, ", "og Stab"),
    "many_items": _items,
    "attendance_names": _attendance,
    "recusal_names": _recusals,
    "combining_marks": _in_body("\u0301", "ller,"),
    "combining_stack": _in_body("á\u0336\u0489\u0327\u0308\u030a\u20dd", "ller,"),
    "repeated_heading": _in_body("Beslutning i ", "Chefforum"),
    "many_headings": _sections,
    "repeated_lines": _in_body("Direktøren indstiller,\n"),
    "nested_brackets": _in_body("(", "x" + ")" * 1000),
    "nested_list": _in_body("- ", "punkt"),
    "pipes": _in_body("|"),
    "table_rows": _in_body("| 3. - 17. august | Chefforum forbereder | Økonomi & Stab |\n"),
    "many_dates": _in_body("ØU den 12. marts og "),
    "many_names": _in_body("Anne Jensen og Bo Hansen, "),
    "blank_run": _in_body("12. Abc\n" + " " * 200, "\nmarts"),
    "blank_lines": _in_body("\n", "Sagen kommer fra Teknik og Miljø."),
    "distinct_names": _distinct_names,
    "many_places": _places,
}


def measure(path: str) -> dict:
    """Build one file in this process; stage seconds as the pipeline measures them."""
    from graph.pipeline import build

    build()  # warm up: imports, data files, compiled patterns
    t0 = time.perf_counter()
    result = build([path])
    total = time.perf_counter() - t0
    out = {k: round(v, 3) for k, v in result.timings.items()}
    out["total"] = round(total, 3)
    out["items"] = sum(len(m.items) for m in result.minutes)
    return out


def run(path: Path, timeout: float) -> dict:
    """``measure`` in a fresh process, so one slow kind neither waits on nor warms up another."""
    try:
        done = subprocess.run([sys.executable, __file__, "--measure", str(path)], capture_output=True,
                              text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error": f"> {timeout:.0f} s"}
    if done.returncode != 0:
        return {"error": (done.stderr.strip().splitlines() or ["failed"])[-1][:60]}
    return json.loads(done.stdout.strip().splitlines()[-1])


STAGES = ("read", "parse", "extract", "resolve", "build")


def table(rows: list[tuple[str, str, int, dict, float | None]]) -> str:
    head = f"{'kind':<22} {'size':>9} " + " ".join(f"{s:>8}" for s in STAGES) + f" {'total':>8} {'items':>6}  x (size x)"
    lines = [head, "-" * len(head)]
    for kind, label, size, r, growth in rows:
        if "error" in r:
            lines.append(f"{kind:<22} {label:>9} {r['error']}")
            continue
        cells = " ".join(f"{r.get(s, 0):8.2f}" for s in STAGES)
        g = f"  {growth[0]:.1f} ({growth[1]:.1f})" if growth else ""
        lines.append(f"{kind:<22} {label:>9} {cells} {r['total']:8.2f} {r['items']:>6}{g}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[0.5, 1, 2], help="document sizes in MB")
    parser.add_argument("--kinds", nargs="+", default=list(KINDS), choices=list(KINDS))
    default_repros = Path(__file__).resolve().parents[2] / "shared" / "fuzz-repros"
    parser.add_argument("--repros", type=Path, default=default_repros, help="folder of fuzzing reproductions")
    parser.add_argument("--timeout", type=float, default=120, help="seconds before a build counts as hung")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for kind in args.kinds:
            prev = None
            for mb in args.sizes:
                size = int(mb * 1_000_000)
                path = Path(tmp) / f"{kind}-{mb}.txt"
                path.write_text(KINDS[kind](size), encoding="utf-8")
                r = run(path, args.timeout)
                nbytes = path.stat().st_size
                growth = None
                if prev and "error" not in r and "error" not in prev[1] and prev[1]["total"] > 0:
                    growth = (r["total"] / prev[1]["total"], nbytes / prev[0])
                rows.append((kind, f"{nbytes / 1e6:.2f} MB", nbytes, r, growth))
                prev = (nbytes, r)
                print(table(rows[-1:]).splitlines()[-1], file=sys.stderr, flush=True)
    if args.repros.is_dir():
        for path in sorted(args.repros.glob("*.txt")):
            if path.stat().st_size < 10_000:
                continue  # the small ones are about crashes, not time
            r = run(path, args.timeout)
            rows.append((path.stem[:22], f"{path.stat().st_size / 1e6:.2f} MB", path.stat().st_size, r, None))
            print(table(rows[-1:]).splitlines()[-1], file=sys.stderr, flush=True)
    print(table(rows))


if __name__ == "__main__":
    main()
