"""A real SPARQL 1.1 endpoint for a build, and uploading a build to any store.

``start_server(data)`` loads the Turtle into a temporary Oxigraph store (the
``oxigraph`` server from PyPI) and serves it on 127.0.0.1; the handle stops the
server's whole process group and removes the store again. ``push(ttl, endpoint)``
replaces one named graph of any store that speaks the SPARQL 1.1 Graph Store
HTTP Protocol (Oxigraph, Fuseki, GraphDB, Virtuoso) with one HTTP PUT, which
readers see as a single atomic change. ``remote_query`` asks an endpoint over
the SPARQL 1.1 Protocol and returns the same :class:`QueryResult` as offline.
"""
from __future__ import annotations

import atexit
import base64
import ctypes
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from graph.query.sparql import QueryResult, prefixes, resolve_data

HOST = "127.0.0.1"
_PR_SET_PDEATHSIG = 1  # linux/prctl.h
DEFAULT_GRAPH_IRI = "https://w3id.org/referatgraf/id/graph"
_live: set["ServerHandle"] = set()  # servers to stop at exit if the caller forgot


class ServerError(Exception):
    """The server could not be found, loaded or started, or an endpoint refused a request."""


def oxigraph_binary() -> str:
    """The ``oxigraph`` executable installed with this Python (not a shell shim), else the one on PATH."""
    here = Path(sys.executable).parent / ("oxigraph.exe" if os.name == "nt" else "oxigraph")
    if here.is_file():
        return str(here)
    found = shutil.which("oxigraph")
    if not found:
        raise ServerError("the `oxigraph` server is not installed (pip install oxigraph)")
    return found


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def port_in_use(port: int) -> bool:
    """Whether something already accepts connections on the loopback port."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(1)
        return s.connect_ex((HOST, port)) == 0


@dataclass(eq=False)
class ServerHandle:
    """A running ``oxigraph serve``; a context manager that stops it on exit."""

    process: subprocess.Popen
    port: int
    workdir: Path
    log_path: Path
    stopped: bool = field(default=False)

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def query_url(self) -> str:
        return self.base_url + "/query"

    @property
    def store_url(self) -> str:
        """The Graph Store Protocol URL (``?graph=IRI`` or ``?default``)."""
        return self.base_url + "/store"

    @property
    def pid(self) -> int:
        return self.process.pid

    def running(self) -> bool:
        return not self.stopped and self.process.poll() is None

    def wait(self) -> int:
        """Block until the server exits on its own; returns its exit code."""
        return self.process.wait()

    def stop(self, timeout: float = 5.0) -> None:
        """SIGTERM the server's process group, SIGKILL it after ``timeout``; remove the store."""
        if self.stopped:
            return
        self.stopped = True
        try:
            if self.process.poll() is None:
                _signal_group(self.process, signal.SIGTERM)
                try:
                    self.process.wait(timeout)
                except subprocess.TimeoutExpired:
                    _signal_group(self.process, signal.SIGKILL)
                    self.process.wait(timeout)
        finally:
            shutil.rmtree(self.workdir, ignore_errors=True)
            _live.discard(self)

    def __enter__(self) -> "ServerHandle":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def _signal_group(process: subprocess.Popen, sig: int) -> None:
    try:
        os.killpg(process.pid, sig)  # the server was started as leader of its own group
    except ProcessLookupError:
        pass


@atexit.register
def _stop_all() -> None:
    # A crash or an uncaught exception in the caller must not leave servers behind.
    for handle in list(_live):
        handle.stop()


def start_server(
    data: Path | str | None,
    port: int | None = None,
    *,
    union_default_graph: bool = False,
    ready_timeout: float = 30.0,
) -> ServerHandle:
    """Serve ``data`` (a Turtle file or an export folder with graph.ttl; None = empty) over HTTP.

    The data goes into the default graph of a fresh store in a temporary folder.
    ``port`` None or 0 picks a free loopback port. Returns once the server answers.
    """
    ttl = resolve_data(data) if data is not None else None  # a missing build is named even without the binary
    binary = oxigraph_binary()
    if port and port_in_use(port):  # else the readiness probe would talk to the other server
        raise ServerError(f"port {port} on {HOST} is already in use; choose another --port (0 = any free port)")
    workdir = Path(tempfile.mkdtemp(prefix="referatgraf-oxigraph-"))
    store = workdir / "store"
    try:
        if ttl is not None:
            loaded = subprocess.run([binary, "load", "--location", str(store), "--file", str(ttl)],
                                    capture_output=True, text=True)
            if loaded.returncode != 0:
                raise ServerError(f"oxigraph could not load {ttl}: {loaded.stderr.strip()[-500:]}")
        attempts = 1 if port else 3  # a picked free port can be taken before the server binds it
        for attempt in range(attempts):
            chosen = port or free_port()
            handle = _spawn(binary, store, workdir, chosen, union_default_graph)
            try:
                _wait_ready(handle, ready_timeout)
                return handle
            except BaseException as exc:  # also Ctrl-C while waiting: never leave the server running
                handle.stopped = True
                _signal_group(handle.process, signal.SIGKILL)
                handle.process.wait()
                _live.discard(handle)
                if not isinstance(exc, ServerError) or attempt == attempts - 1:
                    raise
        raise ServerError("unreachable")
    except BaseException:
        shutil.rmtree(workdir, ignore_errors=True)
        raise


def _spawn(binary: str, store: Path, workdir: Path, port: int, union: bool) -> ServerHandle:
    log_path = workdir / "server.log"
    args = [binary, "serve", "--location", str(store), "--bind", f"{HOST}:{port}"]
    if union:
        args.append("--union-default-graph")
    # Only the main thread may tie the server's life to ours: PDEATHSIG fires when
    # the starting *thread* ends.
    tie = threading.current_thread() is threading.main_thread()
    with open(log_path, "wb") as log:
        process = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                   preexec_fn=_detach_and_tie if tie else os.setsid)
    handle = ServerHandle(process, port, workdir, log_path)
    _live.add(handle)
    return handle


def _detach_and_tie() -> None:
    """Run in the child before exec: own session (so Ctrl-C in the terminal reaches only
    us and stop() can signal the whole group) and, on Linux, SIGTERM when we die, even
    by SIGKILL, so the server never outlives the process that started it."""
    os.setsid()
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
        except (OSError, AttributeError):
            pass


def _wait_ready(handle: ServerHandle, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    probe = handle.query_url + "?" + urllib.parse.urlencode({"query": "ASK {}"})
    while time.monotonic() < deadline:
        if handle.process.poll() is not None:
            log = handle.log_path.read_text(errors="replace").strip()
            raise ServerError(f"oxigraph exited with code {handle.process.returncode}: {log[-500:]}")
        try:
            with urllib.request.urlopen(probe, timeout=2) as response:
                if response.status == 200 and handle.process.poll() is None:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.05)
    raise ServerError(f"oxigraph did not answer on port {handle.port} within {timeout:.0f} s")


# ---------------------------------------------------------------- HTTP client


def _request(url: str, *, data: bytes | None = None, method: str = "GET", headers: dict | None = None,
             timeout: float = 60.0) -> tuple[int, bytes]:
    """One HTTP request with basic auth taken from ``user:password@`` in the URL; clear errors."""
    parts = urllib.parse.urlsplit(url)
    headers = dict(headers or {})
    if parts.username is not None:
        token = f"{urllib.parse.unquote(parts.username)}:{urllib.parse.unquote(parts.password or '')}"
        headers["Authorization"] = "Basic " + base64.b64encode(token.encode()).decode()
        url = urllib.parse.urlunsplit(parts._replace(netloc=parts.hostname + (f":{parts.port}" if parts.port else "")))
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        body = exc.read().decode("utf-8", errors="replace").strip()
        raise ServerError(f"{method} {url} failed: HTTP {exc.code} {exc.reason}" + (f": {body[:300]}" if body else "")) from exc
    except urllib.error.URLError as exc:
        raise ServerError(f"cannot reach {url}: {exc.reason}") from exc
    except (ConnectionError, TimeoutError) as exc:
        raise ServerError(f"cannot reach {url}: {exc}") from exc


def gsp_url(endpoint: str, graph_iri: str | None) -> str:
    """The Graph Store Protocol URL for ``graph_iri`` (None = the default graph).

    An endpoint with no path (``http://host:7878``) or ending in ``/query`` is taken
    as an Oxigraph server (``/store``); any other URL is used as the store's GSP URL
    as it stands (Fuseki ``…/ds/data``, GraphDB ``…/rdf-graphs/service``,
    Virtuoso ``…/sparql-graph-crud``).
    """
    parts = urllib.parse.urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ServerError(f"not an http(s) endpoint URL: {endpoint!r}")
    path = parts.path.rstrip("/")
    if path == "" or path.endswith("/query"):
        path = path.removesuffix("/query") + "/store"
    graph = urllib.parse.urlencode({"graph": graph_iri}) if graph_iri else "default"
    query = f"{parts.query}&{graph}" if parts.query else graph
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, query, ""))


@dataclass(frozen=True)
class PushResult:
    url: str
    status: int
    bytes: int
    graph: str | None


def push(ttl: Path | str, endpoint: str, graph_iri: str | None = DEFAULT_GRAPH_IRI, *,
         timeout: float = 300.0) -> PushResult:
    """Replace the named graph ``graph_iri`` of the store at ``endpoint`` with the Turtle build.

    One HTTP PUT of ``text/turtle`` (SPARQL 1.1 Graph Store HTTP Protocol), so the
    old graph is swapped for the new one in one request. ``ttl`` may be an export
    folder holding graph.ttl. ``graph_iri`` None replaces the default graph.
    """
    path = resolve_data(ttl)
    body = path.read_bytes()
    url = gsp_url(endpoint, graph_iri)
    status, _ = _request(url, data=body, method="PUT", headers={"Content-Type": "text/turtle; charset=utf-8"},
                         timeout=timeout)
    return PushResult(url, status, len(body), graph_iri)


def _with_prefixes(query: str) -> str:
    """Prepend PREFIX lines for the ontology prefixes (a later PREFIX in the query still wins)."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in prefixes().items()) + query


def remote_query(query_url: str, query: str, *, default_graph_uri: str | None = None,
                 timeout: float = 120.0) -> QueryResult:
    """Run a SELECT or ASK query on a SPARQL 1.1 Protocol endpoint (HTTP POST, form-encoded).

    ``default_graph_uri`` makes that named graph the query's default graph, e.g.
    the graph :func:`push` wrote to. The ontology prefixes are predeclared.
    """
    form = [("query", _with_prefixes(query))]
    if default_graph_uri:
        form.append(("default-graph-uri", default_graph_uri))
    _, body = _request(query_url, data=urllib.parse.urlencode(form).encode(), method="POST",
                       headers={"Content-Type": "application/x-www-form-urlencoded",
                                "Accept": "application/sparql-results+json"}, timeout=timeout)
    doc = json.loads(body)
    if "boolean" in doc:
        return QueryResult("ask", boolean=bool(doc["boolean"]))
    variables = doc["head"].get("vars", [])
    return QueryResult("select", variables, [dict(b) for b in doc["results"]["bindings"]])
