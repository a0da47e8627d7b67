"""The referatgraf command line: a thin typer layer over the library.

Each command parses its arguments, calls one library function and prints the
result. Exit codes: 0 success, 1 the job failed (nothing usable built, or
--strict met a problem), 2 bad usage or input (unknown case, ambiguous name,
bad query).
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import List, NoReturn, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from typer.core import TyperCommand

app = typer.Typer(
    name="referatgraf",
    help=(
        "Turn Danish municipal meeting minutes (referater) into a traceable knowledge graph.\n\n"
        "Start with `referatgraf build` (no arguments: the bundled sample corpus), then explore "
        "exports/graph.html in a browser, query with `referatgraf sparql`, or ask "
        "`referatgraf path CASE_A CASE_B` how two cases are connected."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)
# messages name files: never wrap them; ":date:" in a SHACL path or a title is text, not an emoji
console = Console(stderr=True, soft_wrap=True, emoji=False)
out = Console(soft_wrap=True, emoji=False)

DEFAULT_OUT = Path("exports")
DEFAULT_FORMATS = "ttl,html,json,store"  # store: the on-disk store sparql, serve, path and show read

SourcesArg = typer.Argument(None, help="Files, folders (searched recursively) or globs of minutes, in any mix: .pdf, .html, .docx, .txt, .md, FirstAgenda .json, SBSYS / eDoc .xml, archive *_decisions.json. Default: the bundled sample corpus.")


def _print_version(value: bool) -> None:
    if value:
        from graph import __version__

        out.print(f"referatgraf {__version__}", highlight=False)
        raise typer.Exit()


@app.callback()
def _main(version: bool = typer.Option(False, "--version", callback=_print_version, is_eager=True,
                                       help="Print referatgraf's version and exit.")) -> None:
    pass


def fail(message: str, code: int = 2) -> NoReturn:
    """Print an error on stderr and leave with ``code`` (2: bad usage or input, 1: the job failed)."""
    console.print("[red]error:[/] " + escape(message), highlight=False)
    raise typer.Exit(code)


def _progress_callback():
    """A rich progress display fed by the pipeline's (stage, doc_id, total) callback: one bar per
    stage, with documents per second."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    progress = Progress(TextColumn("{task.description:>9}"), BarColumn(), MofNCompleteColumn(),
                        TextColumn("{task.fields[rate]}"),
                        TextColumn("{task.fields[doc]}"), TimeElapsedColumn(), console=console, transient=True,
                        disable=not console.is_terminal)
    tasks: dict[str, int] = {}

    def callback(stage: str, doc_id: str, total: int | None = None) -> None:
        if stage not in tasks:
            if total is None and "read" in tasks and stage != "read":
                total = progress.tasks[tasks["read"]].completed
            tasks[stage] = progress.add_task(stage, total=total, doc="", rate="")
        task = progress.tasks[tasks[stage]]
        rate = f"{task.speed:,.0f} docs/s" if task.speed else ""
        progress.update(tasks[stage], advance=1, doc=doc_id, rate=rate)

    return progress, callback


def _build(sources, base, kle, aliases, quiet=False, **work):
    from graph.iris import DEFAULT_BASE
    from graph.pipeline import build

    progress, callback = _progress_callback()
    with progress:
        return build(sources or None, base=base or DEFAULT_BASE, kle=kle, aliases=aliases, progress=callback, **work)


@app.command("build")
def build_cmd(
    sources: Optional[List[str]] = SourcesArg,
    out_dir: Path = typer.Option(DEFAULT_OUT, "--out", "-o", help="Output folder (created if missing)."),
    formats: str = typer.Option(DEFAULT_FORMATS, "--format", "-f",
                                help="Comma-separated views to write: ttl, nt, jsonld, graphml, gexf, csv, html (graph.html plus sources/, a page per document that its quotes open), json (node-link), store (the on-disk Oxigraph store sparql, serve, path and show read), or all (every file view; add ,store for the store). report.json and identities.json are always written."),
    base: Optional[str] = typer.Option(None, "--base", help="IRI base for the data (default https://w3id.org/referatgraf/id/)."),
    kle: Optional[Path] = typer.Option(None, "--kle", exists=True, dir_okay=False,
                                       help="KL's KLE XML export, to label subject codes with their titles (none are shipped)."),
    aliases: Optional[Path] = typer.Option(None, "--aliases", exists=True, dir_okay=False,
                                           help="Your own aliases, tab-separated: kind (Body, Department, Organisation, Policy, Network), canonical name, aliases (|-separated), abbreviations (|-separated)."),
    strict: bool = typer.Option(False, "--strict", help="Treat any problem with an input file as fatal (exit 1)."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON on stdout instead of a summary."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1, show_default=False,
                                       help="Processes for reading, parsing and extracting (default: the number of cores). The output is the same for any number."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Read every file anew, and do not store results (a clean run)."),
    cache_dir: Optional[Path] = typer.Option(None, "--cache-dir", file_okay=False, show_default=False,
                                             help="Where per-document results are kept, keyed by file content and tool version (default: $REFERATGRAF_CACHE_DIR or ~/.cache/referatgraf/documents)."),
    municipality: Optional[str] = typer.Option(None, "--municipality", show_default=False,
                                               help="The municipality whose minutes these are (scopes the IRIs of its bodies, meetings, cases and people). Default: a field of the document's export, else none (IRIs as without municipality). Give it when several municipalities' minutes go into one store."),
    executor: str = typer.Option("local", "--executor", help="local (processes on this machine) or dask (a Dask cluster; pip install 'referatgraf[dask]')."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", show_default=False,
                                            help="Dask scheduler address, e.g. tcp://host:8786 (default with --executor dask: a local cluster of --jobs workers)."),
) -> None:
    """Read minutes, build the graph, write the exports and report.json.

    Each document is read, parsed and mined on its own, in parallel (--jobs), and the result is
    cached by the file's content: a rebuild after adding a few files reads only those.

    Examples:

      referatgraf build                         # bundled sample → exports/

      referatgraf build ~/referater -o out/     # a folder of your own

      referatgraf build a.txt b.pdf --format ttl,nt,jsonld,csv,html
    """
    from graph.export import parse_formats, write_build
    from graph.export.outset import OutputError
    from graph.export.report import build_report, run_facts

    from graph.extract.vocab import AliasFileError
    from graph.kle import KleFormatError

    from graph.iris import checked_base

    try:
        wanted = parse_formats(formats)
        if base is not None:
            checked_base(base)
    except ValueError as exc:
        fail(str(exc))
    if out_dir.exists() and not out_dir.is_dir():
        fail(f"--out {out_dir} is a file, not a folder.")
    from graph.cache import default_cache_dir
    from graph.executors import EXECUTORS, ExecutorError, default_jobs

    if executor not in EXECUTORS:
        fail(f"unknown --executor {executor!r}; use {' or '.join(EXECUTORS)}.")
    if scheduler and executor != "dask":
        fail("--scheduler is the address of a Dask scheduler; give it with --executor dask.")
    if municipality is not None and not municipality.strip():
        fail("--municipality needs the name of a municipality, e.g. --municipality \"Egebæk\" (any name; it scopes the IRIs).")
    work = {"jobs": jobs or default_jobs(), "executor": executor, "scheduler": scheduler,
            "municipality": municipality.strip() if municipality else None,
            "cache": None if no_cache else (cache_dir or default_cache_dir())}
    t0 = time.perf_counter()
    try:
        result = _build(sources, base, kle, aliases, **work)
    except ExecutorError as exc:
        fail(str(exc), 1)
    except KleFormatError as exc:
        fail(f"--kle {kle}: {exc}")
    except AliasFileError as exc:
        fail(f"--aliases {exc}")
    ignored = [p for p in result.problems if p.severity == "ignored"]
    for p in result.problems:
        if p.severity == "belongs-to-export":
            console.print(f"[dim]part of export: {escape(p.path)}: {escape(p.reason)}[/]", highlight=False)
        elif p.severity != "ignored":
            console.print(f"[yellow]{p.severity}[/]: {escape(p.path)}: {escape(p.reason)}", highlight=False)
    if ignored:  # a folder's pictures and hidden files: one line, each is listed in report.json
        console.print(f"[dim]ignored: {len(ignored)} file(s) that are not minutes (hidden or of other formats), "
                      f"listed in report.json[/]", highlight=False)
    for w in result.warnings:
        console.print(f"[dim]warning: {escape(w)}[/]", highlight=False)
    failure = None
    if not result.ok:
        failure = "no minutes could be read; nothing was written."
    elif strict and (real := [p for p in result.problems if p.severity not in ("belongs-to-export", "ignored")]):
        failure = f"--strict: {len(real)} problem(s); nothing was written."
    if failure:
        console.print(f"[red]error:[/] {failure}")
        if as_json:  # scripts still get the report, saying what went wrong
            out.print_json(json.dumps({**build_report(result, []), "ok": False, "error": failure}, ensure_ascii=False))
        raise typer.Exit(1)
    try:
        written = write_build(result, out_dir, wanted)
    except OutputError as exc:
        fail(f"--out: {exc}", 2 if exc.usage else 1)
    names = [p.name for p in written]
    result.timings["total"] = time.perf_counter() - t0
    run = run_facts(result)
    if as_json:
        out.print_json(json.dumps({**build_report(result, names), "ok": True, "run": run}, ensure_ascii=False))
        return
    G = result.graph
    stages = ", ".join(f"{k} {v:.1f} s" for k, v in run["seconds"].items() if k in ("documents", "resolve", "build", "export"))
    console.print(f"[green]built[/] {G.number_of_nodes()} nodes, {G.number_of_edges()} edges from "
                  f"{len(result.minutes)} document(s) in {time.perf_counter() - t0:.2f} s [dim]({stages}; "
                  f"{run['processed']} read with --jobs {run['jobs']}, {run['from_cache']} from the cache; "
                  f"peak memory {run['peak_rss_mb']:,.0f} MB)[/]", highlight=False)
    for p in written:
        out.print(str(p))


def _graph_for(sources, export: Optional[Path]):
    """The graph to answer from: the build's on-disk store when the export folder (--graph, or
    exports/) has a fresh one, so nothing is loaded whole; else graph.json, or a build now."""
    from graph.pipeline import GraphFileError, load_graph
    from graph.query.store import open_graph_store

    if not sources:
        gs, note = open_graph_store(export)
        if note:
            console.print(f"[dim]note: {escape(note)}[/]", highlight=False)
        if gs is not None:
            console.print(f"[dim]graph: {escape(str(gs.path))} (on-disk store; graph.json is not loaded)[/]",
                          highlight=False)
            return gs
    progress, callback = _progress_callback()
    try:
        with progress:
            G, origin = load_graph(sources, export, progress=callback)
    except (FileNotFoundError, GraphFileError) as exc:
        fail(str(exc))
    except ValueError as exc:
        fail(str(exc), 1)
    console.print(f"[dim]graph: {origin}[/]", highlight=False)  # which corpus answers, always said
    return G


class _HelpWithPrefixes(TyperCommand):
    """A command whose help puts the predeclared PREFIX lines where its docstring says
    ``{prefixes}``, read from the ontology only when the help is shown."""

    def format_help(self, ctx, formatter):
        if self.help and "{prefixes}" in self.help:
            from graph.query.sparql import prefix_block

            self.help = self.help.replace("{prefixes}", "\b\n" + prefix_block().rstrip("\n"))
        return super().format_help(ctx, formatter)


GraphOpt = typer.Option(None, "--graph", "-g", show_default=False,
                        help="Export folder (or graph.json) of a build to ask. Default: exports/ if it holds a build, else the bundled sample.")
SourcesOpt = typer.Option(None, "--sources", "-s", help="Build these minutes now instead of reading --graph.")


def _needs_words(*queries: str) -> None:
    """An empty name is a usage error, told before any graph is read."""
    if any(not q.strip() for q in queries):
        fail("an empty name matches nothing; give a journal number, words of a title or a name.")


def _pick(G, query: str, role: str) -> str:
    """One node for the user's words; ask which one when several match (or fail with the list)."""
    from graph.query.lookup import Ambiguous, NoMatch, describe, find_one
    from graph.query.store import graph_with

    try:
        return find_one(G, query)
    except NoMatch as exc:
        fail(str(exc))
    except Ambiguous as exc:
        choices = exc.candidates
        console.print(f"{role} {escape(repr(query))} matches {len(choices)} nodes:", highlight=False)
        described = graph_with(G, choices)  # G, or the store's piece that describes them
        for i, n in enumerate(choices, 1):
            console.print(f"  {i}. {escape(describe(described, n))}", highlight=False)
        if not sys.stdin.isatty():
            fail("ambiguous; give a journal number or more words.")
        number = typer.prompt("Which one", type=int)
        if not 1 <= number <= len(choices):
            fail(f"choose a number from 1 to {len(choices)}.")
        return choices[number - 1]


@app.command("path")
def path_cmd(
    a: str = typer.Argument(..., help="A journal number (81.04.00-A00-1-16) or words of a case title, or a person/policy name."),
    b: str = typer.Argument(..., help="The other end, in the same forms."),
    k: int = typer.Option(1, "--max", "-k", min=1, help="How many alternative paths to show."),
    through_hubs: bool = typer.Option(False, "--through-hubs", help="Allow paths through hubs (the body, standing items, generic KLE codes) at no extra cost."),
    graph_path: Optional[Path] = GraphOpt,
    sources: Optional[List[str]] = SourcesOpt,
    as_json: bool = typer.Option(False, "--json", help="Print the paths as JSON."),
) -> None:
    """How are two cases connected? Prints the most meaningful paths, edge by edge, with their source quotes.

    Example: referatgraf path 81.04.00-A00-1-16 81.04.00-A00-3-19
    """
    from graph.query.paths import paths_between
    from graph.query.store import graph_with

    _needs_words(a, b)
    G = _graph_for(sources, graph_path)
    na, nb = _pick(G, a, "A"), _pick(G, b, "B")
    if na == nb:
        fail(f"{a!r} and {b!r} are the same node ({graph_with(G, [na]).nodes[na]['label']}); name two different things.")
    paths, G = paths_between(G, na, nb, k=k, through_hubs=through_hubs)  # G: holds the paths' nodes
    if as_json:
        out.print_json(json.dumps({"from": na, "to": nb, "paths": [p.as_dict(G) for p in paths]}, ensure_ascii=False))
    elif not paths:
        # Hubs only cost more, they are never removed: no path means no connection at all.
        out.print(f"No path between {G.nodes[na]['label']} and {G.nodes[nb]['label']}: nothing in this graph connects them.",
                  markup=False, highlight=False)
    for i, p in enumerate(paths if not as_json else [], 1):
        hub_note = f" (through hub: {', '.join(G.nodes[h]['label'] for h in p.hubs)})" if p.hubs else ""
        out.print(f"[bold]Path {i}[/]: {len(p.steps)} steps, cost {p.cost:.1f}{escape(hub_note)}", highlight=False)
        for j, s in enumerate(p.steps, 1):
            out.print(f"  {j}. {s.sentence}", highlight=False, markup=False)
    if not paths:
        raise typer.Exit(1)


@app.command("parse")
def parse_cmd(
    sources: Optional[List[str]] = SourcesArg,
    as_json: bool = typer.Option(False, "--json", help="Print the parsed structure of every document as JSON."),
) -> None:
    """Show how the minutes are read: header, agenda items, sections, proposer, bilag and warnings.

    Example: referatgraf parse minutes/ --json
    """
    from graph.structure import minutes_as_dict, parse_sources

    minutes, problems = parse_sources(sources)
    parsed = [minutes_as_dict(m) for m in minutes]

    for p in problems:
        console.print(f"[red]{p.severity}[/] {escape(p.path)}: {escape(p.reason)}", highlight=False)
    if as_json:
        out.print_json(json.dumps(parsed, ensure_ascii=False, sort_keys=True))
    else:
        for d in parsed:
            m = d["meeting"]
            head = f"{d['kind'] or '?'} {m['body'] or '?'} {m['date'] or '?'} {m['start_time'] or ''} {m['place'] or ''}"
            out.print(f"[bold]{escape(d['source'])}[/]: {escape(head)}", highlight=False)
            for it in d["items"]:
                line = f"{it['number']:>2}. {it['title']}  [{it['journal_number'] or '-'}] {', '.join(it['sections'])}"
                out.print("  " + escape(line), highlight=False)
            for w in d["warnings"]:
                out.print(f"  [yellow]warning[/] {escape(w)}", highlight=False)
    if not parsed:
        raise typer.Exit(1)


@app.command("eval")
def eval_cmd(
    gold_dir: Path = typer.Argument(..., help="Gold JSON file, or a folder of them (searched recursively; one file per document, naming its source)."),
    corpus: Optional[Path] = typer.Argument(None, help="Corpus the gold files' sources are looked up in (by file name). Default: the bundled sample."),
    as_json: bool = typer.Option(False, "--json", help='Print {"FIELD": {"precision", "recall", "f1", "support"}, ...} (null where there is nothing to measure).'),
    diff: bool = typer.Option(False, "--diff", help='Also list, per field, the missed and spurious values with document and item number (with --json: under "differences").'),
    aliases: Optional[Path] = typer.Option(None, "--aliases", exists=True, dir_okay=False, help="Extra alias file (kind, canonical, aliases, abbreviations; tab-separated)."),
) -> None:
    """Precision, recall and F1 per field of the parser and the extractors against gold annotations.

    Gold whose source is not in the corpus is named on stderr and left out; exit 2 when no source is found.
    n/a (null in JSON) means nothing to measure: no gold values (and for precision, no predictions either).

    Example: referatgraf eval gold/ minutes/ --diff
    """
    from graph.evaluate import FIELDS, GoldError, gold_files, run
    from graph.extract.vocab import AliasFileError

    if not gold_files(gold_dir):
        fail(f"no gold JSON files in {gold_dir}")
    try:
        ev = run(gold_dir, corpus, aliases)
    except GoldError as e:
        fail(f"gold file {e}")
    except AliasFileError as e:
        fail(f"--aliases {e}")
    where = str(corpus) if corpus else "the bundled sample corpus"
    for source in ev.missing:
        level = "warning" if ev.documents else "error"
        console.print(f"[{'yellow' if ev.documents else 'red'}]{level}:[/] gold source {escape(source)} not found in {escape(where)}", highlight=False)
    if ev.missing:
        for problem in ev.problems:
            console.print(f"  corpus problem: {escape(problem)}", highlight=False)
    if not ev.documents:
        raise typer.Exit(2)
    n = len(ev.documents)
    console.print(f"evaluated {n} document{'s' * (n != 1)}, {ev.items} items ({n} of {len(ev.gold_files)} gold files)", highlight=False)
    if as_json:
        result = dict(ev.scores)
        if diff:
            result["differences"] = ev.differences
        out.print_json(json.dumps(result, ensure_ascii=False, sort_keys=True))
        return
    table = Table("field", "precision", "recall", "F1", "support")
    fmt = lambda x: "n/a" if x is None else f"{x:.3f}"  # noqa: E731
    for field, s in ev.scores.items():
        table.add_row(field, fmt(s["precision"]), fmt(s["recall"]), fmt(s["f1"]), str(s["support"]))
    out.print(table)
    if diff:
        for field in FIELDS:
            rows = [d for d in ev.differences if d["field"] == field]
            if not rows:
                continue
            out.print(f"[bold]{field}[/]: {sum(len(d['missed']) for d in rows)} missed, {sum(len(d['spurious']) for d in rows)} spurious", highlight=False)
            for d in rows:
                for label, values in (("missed", d["missed"]), ("spurious", d["spurious"])):
                    for v in values:
                        out.print(f"  {escape(d['source'])} item {d['item']}: {label} {escape(json.dumps(v, ensure_ascii=False))}", highlight=False)


@app.command("show")
def show_cmd(
    what: str = typer.Argument(..., help="A journal number, a person, a policy, a body … (words of a name are enough)."),
    graph_path: Optional[Path] = GraphOpt,
    sources: Optional[List[str]] = SourcesOpt,
    as_json: bool = typer.Option(False, "--json", help="Print the timeline as JSON."),
) -> None:
    """One case (or person, policy …): every meeting that treated or mentioned it, in time order.

    Examples: referatgraf show 00.01.00-A00-28-16 ; referatgraf show "Anne Jensen" (a person in your minutes) ;
    referatgraf show skolepolitik --graph out/
    """
    from graph.api import show_node
    from graph.query.lookup import describe
    from graph.query.store import show_graph
    from graph.query.timeline import meetings_of

    _needs_words(what)
    G = _graph_for(sources, graph_path)
    node = _pick(G, what, "")
    G = show_graph(G, node)  # a store: the part of the graph the timeline walks
    shown = show_node(G, node)  # timeline, attendance (member lists), treatments (the case's path)
    if as_json:
        out.print_json(json.dumps(shown, ensure_ascii=False, default=str))
        return
    entries, present, path = shown["timeline"], shown["attendance"], shown["treatments"]
    out.print(f"[bold]{escape(describe(G, node))}[/]: {len(entries)} item(s) at {len(meetings_of(entries))} meeting(s)", highlight=False)
    table = Table(show_lines=False)
    for col in ("date", "meeting", "item", "how", "decision"):
        table.add_column(col)
    for e in entries:
        decision = e["decision_outcome"] or ("closed" if e["closed"] else "")
        # every cell from the minutes is escaped: "[udsat]" in a title is text, not console markup
        table.add_row(e["date"] or "?", escape(e["meeting"] or ""), escape(f'{e["item"]}. {e["core_title"]}'),
                      escape(", ".join(e["roles"])), decision)
    out.print(table)
    if path:  # the case's path through the bodies, with the treatments only its history records
        table = Table(title="treatments (the case's path through the bodies)", show_lines=False)
        for col in ("date", "body", "item", "known from", "text"):
            table.add_column(col)
        for t in path:
            where = ", ".join(t["known_from"]) + ("" if t["in_build"] else " (meeting not in the build)")
            text = (t["text"] or "")[:80] + ("…" if t["text"] and len(t["text"]) > 80 else "")
            table.add_row(t["date"] or "?", escape(t["body"] or "?"), "" if t["item"] is None else str(t["item"]),
                          where, escape(text))
        out.print(table)
    if present:  # the meetings the person is listed at
        table = Table(title="attendance", show_lines=False)
        for col in ("date", "meeting", "how", "list"):
            table.add_column(col)
        for e in present:
            how = ", ".join(e["roles"] + [f"not in item {n}" for n in e["recused"]])
            listed = " ".join(x for x in (e["label"], f'({e["party"]})' if e["party"] else "",
                                          f'({e["function"]})' if e["function"] else "") if x)
            table.add_row(e["date"] or "?", escape(e["meeting"]), escape(how), escape(listed))
        out.print(table)


@app.command("sparql")
def sparql_cmd(
    query: Optional[str] = typer.Argument(None, help="Query text, a .rq file, or an example query name (e.g. cases-by-meeting). Omit to list the examples."),
    data: Path = typer.Option(DEFAULT_OUT / "graph.ttl", "--data", "-d", help="Turtle file, or an export folder holding graph.ttl. An export folder's on-disk store (store/, written by build) is queried instead of parsing its graph.ttl when it is no older than graph.ttl."),
    fmt: str = typer.Option("table", "--format", "-f", help="table, json (SPARQL results JSON) or csv. CONSTRUCT/DESCRIBE print Turtle unless json/csv is asked."),
    engine: str = typer.Option("oxigraph", "--engine", help="oxigraph (fast, default) or rdflib."),
    param: Optional[List[str]] = typer.Option(None, "--param", "-p", help="name=value, bound to ?name as an RDF term (never pasted into the query text); a ...Date or date parameter must be a real YYYY-MM-DD date. Repeatable."),
    timeout: Optional[float] = typer.Option(None, "--timeout", min=0.001, help="Give up after this many seconds (exit code 1). Default: no limit."),
    allow_service: bool = typer.Option(False, "--allow-service", help="Let the query call other endpoints with SERVICE (refused by default)."),
) -> None:
    """Ask the graph a SPARQL question (SELECT, ASK, CONSTRUCT, DESCRIBE). The ontology prefixes (rg:, rdfs:, skos: …) are predeclared.

    Queries longer than 64 KB or nested more than 64 levels deep are refused before they reach the engine.

    Examples:

      referatgraf sparql                                   # list the example queries

      referatgraf sparql cases-by-meeting

      referatgraf sparql case-history --param case=00.01.00-A00-28-16 --format csv

      referatgraf sparql 'SELECT ?m ?d WHERE { ?m a rg:Meeting ; rg:date ?d }'
    """
    from graph.query.sparql import (MissingDataError, QueryError, QueryTimeout, example_queries, parse_params,
                                    query_summary, read_query, run_query)

    if query is None:
        for name, text in example_queries().items():
            question, params = query_summary(text)
            needs = f"  [dim](--param {', '.join(params)})[/]" if params else ""
            out.print(f"[bold]{name}[/]  {question}{needs}", highlight=False)
        return
    if fmt not in ("table", "json", "csv"):
        fail(f"unknown --format {fmt!r}; use table, json or csv.")
    try:
        result = run_query(read_query(query), data, engine=engine, params=parse_params(param), timeout=timeout,
                           allow_service=allow_service,
                           on_note=lambda note: console.print(f"[dim]note: {escape(note)}[/]", highlight=False))
    except MissingDataError as exc:
        fail(f"{exc}; or point --data at an export folder or a Turtle file")
    except QueryTimeout as exc:
        fail(f"{exc} (--timeout)", 1)
    except QueryError as exc:
        hint = " (queries start with SELECT, ASK, CONSTRUCT or DESCRIBE; `referatgraf sparql` lists the examples)" \
            if "syntax error" in str(exc) or "no query file" in str(exc) else ""
        fail(f"{exc}{hint}")
    if fmt == "json":
        sys.stdout.write(result.to_json())
    elif fmt == "csv":
        sys.stdout.write(result.to_csv())
    elif result.kind == "graph":
        sys.stdout.write(result.to_turtle())
    else:
        sys.stdout.write(result.to_table(width=out.width if out.is_terminal else 200))


@app.command("serve", cls=_HelpWithPrefixes)
def serve_cmd(
    export_dir: Path = typer.Argument(DEFAULT_OUT, help="Export folder (its store/, else graph.ttl) or a Turtle file."),
    port: int = typer.Option(7878, "--port", help="Loopback port to listen on; 0 picks a free one."),
    union: bool = typer.Option(False, "--union-default-graph", help="Let queries without GRAPH see every named graph too (e.g. builds added with `referatgraf push`)."),
    writable: bool = typer.Option(False, "--writable", help="Accept SPARQL UPDATE and Graph Store writes (e.g. `referatgraf push`). Default: read-only. Requests from another origin are refused either way."),
    timeout: float = typer.Option(30.0, "--timeout", min=0.1, help="Seconds a query may run; then it is stopped (HTTP 504) by restarting the engine, which cannot cancel it."),
    allow_service: bool = typer.Option(False, "--allow-service", help="Let queries call other endpoints with SERVICE (refused by default)."),
) -> None:
    """Serve a build as a read-only SPARQL 1.1 endpoint on 127.0.0.1 (Oxigraph) until Ctrl-C or SIGTERM.

    Queries: http://127.0.0.1:PORT/query (SPARQL 1.1 Protocol); graphs: http://127.0.0.1:PORT/store (Graph Store Protocol; writes only with --writable). Queries longer than 64 KB, nested more than 64 levels deep or calling SERVICE get HTTP 400 with the reason; if the engine dies it is restarted.

    Example:

      referatgraf serve exports/ --port 7878

      curl http://127.0.0.1:7878/query -H 'Accept: text/csv' --data-urlencode 'query=SELECT (COUNT(?i) AS ?items) WHERE { ?i a rg:AgendaItem }'

    A query may use these prefixes without declaring them (they are added to it):

    {prefixes}
    """
    import signal

    from graph.query.server import ServerError, start_server
    from graph.query.sparql import MissingDataError, QueryError, prefix_block

    def _stop(signum, frame):
        raise KeyboardInterrupt

    def _report(message: str) -> None:
        console.print("[yellow]warning:[/] " + escape(message), highlight=False)

    # SIGINT too: a shell may have started us with SIGINT ignored (e.g. a background job).
    # Before the start: a SIGTERM while the store loads must stop the engine and remove the store too.
    previous = {sig: signal.signal(sig, _stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    code = 0
    try:
        try:
            handle = start_server(export_dir, port or None, union_default_graph=union, writable=writable,
                                  timeout=timeout, allow_service=allow_service, on_event=_report,
                                  on_note=lambda note: console.print(f"[dim]note: {escape(note)}[/]", highlight=False))
        except MissingDataError as exc:
            fail(f"{exc}; or name an export folder or a Turtle file: referatgraf serve FOLDER")
        except QueryError as exc:
            fail(str(exc))
        except ServerError as exc:
            fail(str(exc), 1)
        try:
            print(f"SPARQL endpoint: {handle.query_url}", flush=True)
            mode = "writable" if writable else "read-only; --writable allows writes"
            console.print(f"Graph store: {handle.store_url} ({mode})\n"
                          f"Predeclared prefixes (added to a query that uses them without a PREFIX line):\n"
                          f"{escape(prefix_block())}"
                          f"A query may run {timeout:g} s. Press Ctrl-C to stop.", highlight=False)
            code = 1 if handle.wait() != 0 else 0  # returns only if the engine cannot be kept running
            if code:
                console.print("[red]error:[/] the SPARQL engine stopped and could not be restarted.")
        finally:
            handle.stop()
    except KeyboardInterrupt:
        console.print("stopping …")
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    raise typer.Exit(code)


@app.command("push")
def push_cmd(
    source: Path = typer.Argument(DEFAULT_OUT, help="Export folder (graph.ttl) or a Turtle file."),
    endpoint: str = typer.Option(..., "--endpoint", "-e", help="Store URL: Oxigraph base or /query URL, or the store's Graph Store Protocol URL (Fuseki …/ds/data, GraphDB …/rdf-graphs/service)."),
    graph: Optional[str] = typer.Option(None, "--graph", "-g", help="Named graph to replace (default https://w3id.org/referatgraf/id/graph); 'default' for the default graph."),
) -> None:
    """Upload a build into a named graph of any SPARQL store (one HTTP PUT: the graph is replaced atomically).

    Example: referatgraf push exports/ --endpoint http://127.0.0.1:7878 --graph https://example.org/graph/minutes

    An endpoint started by `referatgraf serve` takes writes only when started with --writable.
    """
    from graph.query.server import DEFAULT_GRAPH_IRI, EndpointError, ServerError, push
    from graph.query.sparql import MissingDataError, QueryError

    try:
        result = push(source, endpoint, DEFAULT_GRAPH_IRI if graph is None else None if graph == "default" else graph)
    except EndpointError as exc:
        fail(f"--endpoint: {exc}")
    except MissingDataError as exc:
        fail(f"{exc}; or name an export folder or a Turtle file: referatgraf push FOLDER -e URL")
    except QueryError as exc:
        fail(str(exc))
    except ServerError as exc:
        fail(str(exc), 1)
    console.print(f"[green]pushed[/] {result.bytes} bytes of Turtle → {result.url} (HTTP {result.status})", highlight=False)


@app.command("validate")
def validate_cmd(
    source: Path = typer.Argument(DEFAULT_OUT, help="Export folder (its graph.ttl) or an RDF file (.ttl, .nt, .jsonld)."),
) -> None:
    """Check a build against the SHACL shapes (ontology/shapes.ttl); exit 1 on violations.

    Example: referatgraf validate exports/
    """
    from graph.query.sparql import MissingDataError, resolve_data
    from graph.validate import RDFSyntaxError, validate_file

    try:
        target = resolve_data(source)
    except MissingDataError as exc:
        fail(f"{exc}; or name an export folder or an RDF file: referatgraf validate FOLDER")
    try:
        result = validate_file(target)
    except RDFSyntaxError as exc:
        fail(str(exc), 1)
    for v in result.violations:
        out.print(v, markup=False, highlight=False)
    if not result.conforms:
        console.print(f"[red]{len(result.violations)} violation(s)[/] in {target}", highlight=False)
        raise typer.Exit(1)
    console.print(f"[green]conforms[/]: {target}", highlight=False)


def main(argv: Optional[List[str]] = None) -> int:
    """The console entry point (``referatgraf``, ``python -m graph``): the typer app, with
    click's usage errors (unknown option or command, a bad value, a missing file) printed as one
    ``error: …`` line like every other error, exit code 2; Ctrl-C exits 130."""
    # typer raises click's exceptions, or those of the click it vendors (typer >= 0.20): take the
    # base class from typer's own BadParameter, so both are caught
    click_exception = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")
    try:
        code = app(args=argv, prog_name="referatgraf", standalone_mode=False)
    except click_exception as exc:
        if type(exc).__name__ == "NoArgsIsHelpError":  # bare `referatgraf`: the help is the answer
            out.print(exc.ctx.get_help(), markup=False, highlight=False)
            return 0
        where = exc.ctx.command_path if getattr(exc, "ctx", None) is not None else "referatgraf"
        console.print(f"[red]error:[/] {escape(exc.format_message())} (see: {escape(where)} --help)", highlight=False)
        return exc.exit_code
    except typer.Abort:
        console.print("[red]error:[/] interrupted", highlight=False)
        return 130
    return code if isinstance(code, int) else 0
