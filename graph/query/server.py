"""A SPARQL 1.1 endpoint for a build, and uploading a build to any store.

``start_server(data)`` loads the Turtle into an Oxigraph store (or, for an export folder
with a fresh on-disk store, ``store/``, takes a backup of that instead of parsing anything)
and serves it on 127.0.0.1. Clients talk to a small proxy of ours (:class:`ThreadingHTTPServer`);
behind it an ``oxigraph serve-read-only`` process (``oxigraph serve`` only with
``writable=True``) listens on an internal loopback port. The proxy is there because
the engine cannot protect itself:

* every query and update passes :func:`graph.query.sparql.check_query` first (length,
  nesting depth, SERVICE), since a deeply nested query overflows oxigraph's stack and
  kills the process; the predeclared prefixes (``rg:`` …, from the ontology) are added
  to queries that use them without declaring them; parser errors are made readable;
* writes are refused unless writable, and requests from another origin (a web page
  elsewhere) or with another Host (DNS rebinding) always;
* oxigraph does not cancel a query on its ``--timeout-s``, so a query still running
  after ``timeout`` seconds is stopped by killing the engine; a supervisor thread
  restarts the engine whenever it dies (and reports it through ``on_event``);
* answers up to 8 MB are buffered and checked, so a failure while results are
  written (oxigraph then sends HTTP 200 and a broken document) becomes an HTTP 502.

The store lives in a folder under the cache directory (``$XDG_CACHE_HOME`` or
``~/.cache``, ``referatgraf/oxigraph/``), locked (flock) by the process serving it;
the handle removes it on stop, and a later start removes folders whose owner died
(SIGKILL) without doing so. The engine gets SIGTERM from the kernel when its
supervisor dies (PR_SET_PDEATHSIG), so it never outlives us.

``push(ttl, endpoint)`` replaces one named graph of any store that speaks the SPARQL
1.1 Graph Store HTTP Protocol (Oxigraph, Fuseki, GraphDB, Virtuoso) with one HTTP
PUT, which readers see as a single atomic change. ``remote_query`` asks an endpoint
over the SPARQL 1.1 Protocol and returns the same :class:`QueryResult` as offline.
"""
from __future__ import annotations

# Light imports only: the CLI imports this module at start-up (for `serve --help`);
# HTTP, XML, ctypes and the query module are imported where they are used.
import atexit
import collections
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    import http.client

    from graph.query.sparql import QueryResult

try:
    import fcntl
except ImportError:  # not POSIX: no locks, so no clean-up of stale stores either
    fcntl = None

HOST = "127.0.0.1"
DEFAULT_GRAPH_IRI = "https://w3id.org/referatgraf/id/graph"
DEFAULT_TIMEOUT = 30.0  # seconds a query may run before the engine is stopped
BUFFER_LIMIT = 8 * 1024 * 1024  # answers up to this size are checked before they are sent
MAX_FORM_BYTES = 1024 * 1024  # a query or update request body (URL-encoding makes text longer)
RESTARTS_PER_MINUTE = 5  # an engine that dies more often than this is given up
LOCK_NAME = "referatgraf.lock"
_PR_SET_PDEATHSIG = 1  # linux/prctl.h
_live: set["ServerHandle"] = set()  # servers to stop at exit if the caller forgot


class ServerError(Exception):
    """The server could not be found, loaded or started, or an endpoint refused a request."""


class EndpointError(ServerError):
    """An endpoint URL that cannot be one (no http:// or https://): a usage error."""


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
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def port_in_use(port: int) -> bool:
    """Whether something already accepts connections on the loopback port."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(1)
        return s.connect_ex((HOST, port)) == 0


# ------------------------------------------------------------ store folders


def store_root() -> Path:
    """Where servers keep their stores: ``$XDG_CACHE_HOME/referatgraf/oxigraph`` (default ``~/.cache``)."""
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "referatgraf" / "oxigraph"


def remove_stale_stores(root: Path) -> list[Path]:
    """Remove the store folders under ``root`` whose server is gone (nobody holds their lock)."""
    removed: list[Path] = []
    if fcntl is None or not root.is_dir():
        return removed
    for entry in sorted(root.iterdir()):
        if not entry.is_dir():
            continue
        try:
            fd = os.open(entry / LOCK_NAME, os.O_RDWR)
        except FileNotFoundError:
            try:  # a folder being set up right now has no lock yet; an old one never got one
                young = time.time() - entry.stat().st_mtime < 60
            except OSError:
                continue
            if not young:
                shutil.rmtree(entry, ignore_errors=True)
                removed.append(entry)
            continue
        except OSError:
            continue
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                continue  # a live server holds it
            if os.fstat(fd).st_size == 0 and time.time() - os.fstat(fd).st_mtime < 60:
                continue  # created, not yet locked by its owner
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
        finally:
            os.close(fd)
    return removed


def _claim_workdir(state_dir: Path | None) -> tuple[Path, int | None]:
    """A new store folder, locked by this process, after removing stale ones."""
    candidates = [Path(state_dir)] if state_dir else [store_root(), Path(tempfile.gettempdir()) / f"referatgraf-oxigraph-{os.getuid()}"]
    for root in candidates:
        try:
            root.mkdir(parents=True, exist_ok=True)
            remove_stale_stores(root)
            workdir = Path(tempfile.mkdtemp(prefix=f"serve-{os.getpid()}-", dir=root))
            break
        except OSError as exc:
            error = exc
    else:
        raise ServerError(f"cannot make a store folder under {candidates[-1]}: {error}")
    if fcntl is None:
        return workdir, None
    fd = os.open(workdir / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o600)  # not inherited by the engine
    fcntl.flock(fd, fcntl.LOCK_EX)
    os.write(fd, f"{os.getpid()}\n".encode())
    return workdir, fd


# ---------------------------------------------------------------- the server


class ServerHandle:
    """A running endpoint (proxy + supervised oxigraph engine); a context manager that stops it."""

    def __init__(self, *, binary: str, workdir: Path, lock_fd: int | None, writable: bool, union: bool,
                 timeout: float, allow_service: bool, ready_timeout: float,
                 on_event: Callable[[str], None] | None):
        self.binary = binary
        self.workdir = workdir
        self.store = workdir / "store"
        self.log_path = workdir / "server.log"
        self.writable = writable
        self.union_default_graph = union
        self.timeout = timeout
        self.allow_service = allow_service
        self.ready_timeout = ready_timeout
        self.on_event = on_event
        self.events: list[str] = []  # what happened to the engine, in order
        self.restarts = 0
        self.process: subprocess.Popen | None = None  # the engine now
        self.engine_port = 0
        self.port = 0  # the proxy's: the endpoint
        self.stopped = False
        self.source: str | None = None  # "store" (a backup of the build's store), "turtle" (loaded), None (empty)
        self._lock_fd = lock_fd
        self._lock = threading.RLock()
        self._stopping = False
        self._kill_reason: str | None = None
        self._engine_ready = threading.Event()
        self._finished = threading.Event()
        self._exit_code = 0
        self._supervisor: threading.Thread | None = None
        self._httpd = None  # the proxy (a ThreadingHTTPServer)
        self._pdeathsig = _prctl_function()

    # addresses
    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def query_url(self) -> str:
        return self.base_url + "/query"

    @property
    def update_url(self) -> str:
        return self.base_url + "/update"

    @property
    def store_url(self) -> str:
        """The Graph Store Protocol URL (``?graph=IRI`` or ``?default``)."""
        return self.base_url + "/store"

    @property
    def engine_url(self) -> str:
        """The engine's own address (internal: clients go through :attr:`base_url`)."""
        return f"http://{HOST}:{self.engine_port}"

    @property
    def pid(self) -> int:
        """The engine's process id (it changes when the engine is restarted)."""
        return self.process.pid if self.process else 0

    def running(self) -> bool:
        return (not self.stopped and not self._finished.is_set() and self.process is not None
                and self.process.poll() is None)

    def wait(self) -> int:
        """Block until the engine cannot be kept running (0 after :meth:`stop`)."""
        while not self._finished.wait(1.0):
            pass
        return self._exit_code

    def _event(self, message: str) -> None:
        self.events.append(message)
        if self.on_event is not None:
            try:
                self.on_event(message)
            except Exception:  # a broken printer must not stop the supervisor
                pass

    # engine
    def _spawn_ready(self) -> None:
        """Start the engine on a free internal port and wait until it answers (three tries)."""
        for attempt in range(3):  # a picked free port can be taken before the engine binds it
            port = free_port()
            args = [self.binary, "serve" if self.writable else "serve-read-only", "--location", str(self.store),
                    "--bind", f"{HOST}:{port}"]
            if self.union_default_graph:
                args.append("--union-default-graph")
            # deep recursion in the engine needs a large stack in every thread it starts
            from graph.query.sparql import ENGINE_STACK_BYTES

            env = dict(os.environ, RUST_MIN_STACK=str(ENGINE_STACK_BYTES))
            with open(self.log_path, "ab") as log:
                process = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                           env=env, preexec_fn=self._detach_and_tie)
            with self._lock:
                self.process, self.engine_port = process, port
                stopping = self._stopping
            try:
                if stopping:
                    raise ServerError("stopped")
                _wait_ready(process, port, self.log_path, self.ready_timeout)
                self._engine_ready.set()
                return
            except BaseException as exc:
                _signal_group(process, signal.SIGKILL)
                process.wait()
                if not isinstance(exc, ServerError) or attempt == 2 or stopping:
                    raise

    def _detach_and_tie(self) -> None:
        """Run in the child before exec: own session (Ctrl-C in the terminal reaches only us,
        stop() signals the whole group) and, on Linux, SIGTERM when the supervisor thread
        that started it dies, even by SIGKILL of the process."""
        os.setsid()
        if self._pdeathsig is not None:
            self._pdeathsig(_PR_SET_PDEATHSIG, signal.SIGTERM)

    def _supervise(self, started: threading.Event, failure: list) -> None:
        # This thread starts every engine: PDEATHSIG ties the engine to the starting
        # thread, which lives exactly as long as the endpoint.
        try:
            self._spawn_ready()
        except BaseException as exc:
            failure.append(exc)
            self._finished.set()
            started.set()
            return
        started.set()
        deaths: collections.deque[float] = collections.deque()
        while True:
            code = self.process.wait()
            self._engine_ready.clear()
            with self._lock:
                if self._stopping:
                    break
                reason, self._kill_reason = self._kill_reason, None
            if reason is None:
                how = f"signal {-code}" if code < 0 else f"exit code {code}"
                tail = _log_tail(self.log_path)
                reason = f"the SPARQL engine (oxigraph, pid {self.process.pid}) died ({how})" + (f": {tail}" if tail else "")
            now = time.monotonic()
            deaths.append(now)
            while deaths and now - deaths[0] > 60:
                deaths.popleft()
            if len(deaths) > RESTARTS_PER_MINUTE:
                self._event(f"{reason}; it died {len(deaths)} times within a minute, not restarting it")
                self._exit_code = 1
                break
            self._event(f"{reason}; restarting it")
            try:
                self._spawn_ready()
            except BaseException as exc:
                if not self._stopping:
                    self._event(f"the SPARQL engine could not be restarted: {exc}")
                    self._exit_code = 1
                break
            self.restarts += 1
            self._event(f"the SPARQL engine is running again (pid {self.process.pid})")
        self._finished.set()

    def stop_engine(self, process: subprocess.Popen | None, reason: str) -> None:
        """Kill the engine (if ``process`` is still the current one); the supervisor restarts it."""
        with self._lock:
            if self._stopping or process is None or process is not self.process or process.poll() is not None:
                return
            self._kill_reason = reason
            self._engine_ready.clear()
            _signal_group(process, signal.SIGKILL)

    def stop(self, timeout: float = 5.0) -> None:
        """Stop the proxy, SIGTERM the engine's process group (SIGKILL after ``timeout``), remove the store."""
        with self._lock:
            if self.stopped:
                return
            self.stopped = self._stopping = True
        try:
            if self._httpd is not None:
                self._httpd.shutdown()
                self._httpd.server_close()
            for _ in range(2):  # again, in case the supervisor was starting a new engine
                process = self.process
                if process is not None and process.poll() is None:
                    _signal_group(process, signal.SIGTERM)
                    try:
                        process.wait(timeout)
                    except subprocess.TimeoutExpired:
                        _signal_group(process, signal.SIGKILL)
                        process.wait(timeout)
                if self._supervisor is not None and self._supervisor is not threading.current_thread():
                    self._supervisor.join(timeout)
        finally:
            self._finished.set()
            shutil.rmtree(self.workdir, ignore_errors=True)
            if self._lock_fd is not None:
                os.close(self._lock_fd)
                self._lock_fd = None
            _live.discard(self)

    def __enter__(self) -> "ServerHandle":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def _prctl_function():
    """libc's prctl, looked up here: the child may call it but must not load libraries."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


def _signal_group(process: subprocess.Popen, sig: int) -> None:
    try:
        os.killpg(process.pid, sig)  # the engine was started as leader of its own group
    except (ProcessLookupError, PermissionError):
        pass


def _log_tail(path: Path, chars: int = 300) -> str:
    try:
        text = path.read_text(errors="replace").strip()
    except OSError:
        return ""
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("Listening for requests")]
    return lines[-1][-chars:] if lines else ""


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
    writable: bool = False,
    timeout: float = DEFAULT_TIMEOUT,
    allow_service: bool = False,
    ready_timeout: float = 30.0,
    state_dir: Path | str | None = None,
    on_event: Callable[[str], None] | None = None,
    on_note: Callable[[str], None] | None = None,
) -> ServerHandle:
    """Serve ``data`` (a Turtle file or an export folder with graph.ttl; None = empty) over HTTP.

    The data goes into the default graph of a fresh store (under :func:`store_root`,
    or ``state_dir``): for an export folder with a fresh on-disk store (``store/``, see
    :func:`graph.query.sparql.open_store`) a backup of that store (hard links to its files
    where the two folders share a file system, else a copy), so nothing is parsed and a later
    build into the folder does not touch the served copy; else the Turtle, loaded by
    ``oxigraph load``. ``handle.source`` says which. ``port`` None or 0 picks a free loopback
    port. The endpoint is read-only unless ``writable`` (SPARQL UPDATE and Graph Store writes,
    e.g. for :func:`push`). A query still running after ``timeout`` seconds is stopped;
    ``on_event`` hears of every engine restart, ``on_note`` why an export folder's graph.ttl is
    loaded instead of its store. Returns once the endpoint answers.
    """
    from graph.query.sparql import open_store, resolve_data

    built = open_store(data, on_note) if data is not None else None  # an export folder's fresh store
    # a missing build is named even without the binary
    ttl = resolve_data(data) if data is not None and built is None else None
    binary = oxigraph_binary()
    if port and port_in_use(port):
        raise ServerError(f"port {port} on {HOST} is already in use; choose another --port (0 = any free port)")
    server_class, handler_class = _proxy_classes()
    try:
        httpd = server_class((HOST, port or 0), handler_class)
    except OSError as exc:
        raise ServerError(f"cannot listen on {HOST}:{port}: {exc.strerror or exc}; choose another --port "
                          "(0 = any free port)") from exc
    try:
        workdir, lock_fd = _claim_workdir(Path(state_dir) if state_dir else None)
    except BaseException:
        httpd.server_close()
        raise
    handle = ServerHandle(binary=binary, workdir=workdir, lock_fd=lock_fd, writable=writable,
                          union=union_default_graph, timeout=timeout, allow_service=allow_service,
                          ready_timeout=ready_timeout, on_event=on_event)
    handle.port = httpd.server_address[1]
    handle.source = "turtle" if ttl is not None else None
    httpd.handle = handle
    _live.add(handle)
    try:
        if built is not None:
            try:
                built.backup(str(handle.store))
                handle.source = "store"
            except OSError as exc:
                shutil.rmtree(handle.store, ignore_errors=True)
                if on_note is not None:
                    on_note(f"cannot copy the store of {data} ({exc}); loading its graph.ttl")
                ttl = resolve_data(data)
                handle.source = "turtle"
            finally:
                del built  # the build's store is closed again; the engine reads the copy
        if handle.source != "store" and (ttl is not None or not writable):  # a read-only engine needs an existing store, empty or not
            empty = workdir / "empty.ttl"
            empty.write_bytes(b"")
            loaded = subprocess.run([binary, "load", "--location", str(handle.store), "--file", str(ttl or empty)],
                                    capture_output=True, text=True)
            if loaded.returncode != 0:
                raise ServerError(f"oxigraph could not load {ttl}: {loaded.stderr.strip()[-500:]}")
        started, failure = threading.Event(), []
        handle._supervisor = threading.Thread(target=handle._supervise, args=(started, failure),
                                              name="referatgraf-engine", daemon=True)
        handle._supervisor.start()
        started.wait()
        if failure:
            raise failure[0]
        handle._httpd = httpd
        threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.2}, name="referatgraf-proxy",
                         daemon=True).start()
        return handle
    except BaseException:  # also Ctrl-C while waiting: never leave the engine running
        handle.stop()
        httpd.server_close()
        raise


def _wait_ready(process: subprocess.Popen, port: int, log_path: Path, timeout: float) -> None:
    import http.client
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + timeout
    probe = f"http://{HOST}:{port}/query?" + urllib.parse.urlencode({"query": "ASK {}"})
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerError(f"oxigraph exited with code {process.returncode}: {_log_tail(log_path, 500)}")
        try:
            with urllib.request.urlopen(probe, timeout=2) as response:
                if response.status == 200 and process.poll() is None:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError, http.client.HTTPException):
            time.sleep(0.05)
    raise ServerError(f"oxigraph did not answer on port {port} within {timeout:.0f} s")


# ----------------------------------------------------------------- the proxy

_HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer",
               "trailers", "transfer-encoding", "upgrade", "content-length", "host", "accept-encoding", "expect",
               "origin"}
_POSITION = re.compile(r"error at (\d+):(\d+)")


@lru_cache(maxsize=None)
def _proxy_classes() -> tuple[type, type]:
    """The proxy's server and request handler classes (http.server is imported only here)."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    server = type("_ProxyServer", (ThreadingHTTPServer,), {"daemon_threads": True})
    handler = type("_ProxyHandler", (_ProxyLogic, BaseHTTPRequestHandler),
                   {"protocol_version": "HTTP/1.1", "server_version": "referatgraf",
                    "timeout": 120})  # a client that stops sending mid-request does not hold a thread for ever
    return server, handler


class _Refused(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


class _ProxyLogic:
    """One client request (mixed into BaseHTTPRequestHandler): checked here, then passed to the
    engine, or refused with a readable message."""

    def log_message(self, format, *args) -> None:  # no line per request on the console
        pass

    def do_GET(self) -> None:
        try:
            self._serve()
        except _Refused as refused:
            self._error(refused.status, str(refused))
        except (BrokenPipeError, ConnectionResetError):  # the client left
            self.close_connection = True

    do_HEAD = do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_GET

    # checks
    def _serve(self) -> None:
        handle = self.server.handle
        url = urllib.parse.urlsplit(self.path)
        route = url.path.rstrip("/") or "/"
        method = self.command
        own = {f"{HOST}:{handle.port}", f"localhost:{handle.port}"}
        host = (self.headers.get("Host") or "").lower()
        if host and host not in own:
            raise _Refused(403, f"unexpected Host {host!r}: this endpoint answers as http://{HOST}:{handle.port} "
                                "(another name could be a DNS rebinding attack)")
        origin = self.headers.get("Origin")
        if origin is not None and origin.lower() not in {"http://" + o for o in own}:
            raise _Refused(403, f"request from another origin ({origin}) refused: a web page elsewhere may not "
                                "use this endpoint")
        reading = method in ("GET", "HEAD", "OPTIONS") or (route == "/query" and method == "POST")
        if not reading and not handle.writable:
            raise _Refused(403, f"this endpoint is read-only ({method} {route} would change the data); "
                                "start it with `referatgraf serve --writable` to allow SPARQL UPDATE and "
                                "Graph Store writes")
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            raise _Refused(411, "send the request body with a Content-Length")
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            raise _Refused(400, "bad Content-Length") from None
        if route in ("/query", "/update"):
            field = "query" if route == "/query" else "update"
            if method == "POST":
                if length > MAX_FORM_BYTES:
                    raise _Refused(413, f"the request body is {length:,} bytes; a {field} may have at most "
                                        f"{MAX_FORM_BYTES:,}")
                body, added = self._rewrite_body(self.rfile.read(length), field)
                self._forward(method, self.path, body, sparql=True, added=added)
            else:
                path, added = self._rewrite_url(url, field)
                self._forward(method, path, None, sparql=True, added=added)
        else:
            self._forward(method, self.path, None, stream_length=length)

    def _check(self, text: str) -> tuple[str, int]:
        """The query with the missing predeclared PREFIXes in front, on its first line (so
        the parser's line numbers stay), and how many characters were added."""
        from graph.query.sparql import QueryError, check_query, missing_prefixes, prefixes

        try:
            shape = check_query(text, allow_service=self.server.handle.allow_service)
        except QueryError as exc:
            raise _Refused(400, str(exc)) from None
        known = prefixes()
        unknown = sorted(shape.used_prefixes - shape.declared_prefixes - set(known))
        if unknown:  # oxigraph's own message for this is a list of character classes
            raise _Refused(400, f"SPARQL syntax error: unknown prefix {', '.join(p + ':' for p in unknown)} "
                                f"(predeclared: {', '.join(sorted(known))}; declare others with PREFIX)")
        head = "".join(f"PREFIX {p}: <{ns}> " for p, ns in missing_prefixes(text, shape).items())
        return head + text, len(head)

    def _rewrite_url(self, url: urllib.parse.SplitResult, field: str) -> tuple[str, int]:
        pairs = urllib.parse.parse_qsl(url.query, keep_blank_values=True)
        added = 0
        for i, (key, value) in enumerate(pairs):
            if key == field:
                value, added = self._check(value)
                pairs[i] = (key, value)
        return urllib.parse.urlunsplit(("", "", url.path, urllib.parse.urlencode(pairs), "")), added

    def _rewrite_body(self, body: bytes, field: str) -> tuple[bytes, int]:
        kind = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise _Refused(400, f"the {field} is not UTF-8") from None
        if kind == "application/x-www-form-urlencoded":
            pairs = urllib.parse.parse_qsl(text, keep_blank_values=True)
            added = 0
            for i, (key, value) in enumerate(pairs):
                if key == field:
                    value, added = self._check(value)
                    pairs[i] = (key, value)
            return urllib.parse.urlencode(pairs).encode(), added
        if kind in ("application/sparql-query", "application/sparql-update"):
            text, added = self._check(text)
            return text.encode("utf-8"), added
        return body, 0  # the engine says what it makes of it

    # forwarding
    def _forward(self, method: str, path: str, body: bytes | None, *, sparql: bool = False, added: int = 0,
                 stream_length: int = 0, retry: bool = True) -> None:
        import http.client

        handle = self.server.handle
        deadline = time.monotonic() + handle.ready_timeout
        while not handle._engine_ready.wait(0.2):  # the engine is being restarted
            if handle._finished.is_set() or time.monotonic() > deadline:
                raise _Refused(503, "the SPARQL engine is not running; see the messages of `referatgraf serve`")
        with handle._lock:
            process, port = handle.process, handle.engine_port
        headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP}
        upstream = http.client.HTTPConnection(HOST, port, timeout=handle.timeout + 60 if sparql else 3600)
        overran = threading.Event()
        watchdog = None
        if sparql:  # oxigraph cannot cancel a query: stop the engine (the supervisor starts a new one)
            def overrun() -> None:
                overran.set()
                handle.stop_engine(process, f"a query ran longer than {handle.timeout:g} s (serve --timeout); "
                                            "stopped the SPARQL engine")
            watchdog = threading.Timer(handle.timeout, overrun)
            watchdog.daemon = True
            watchdog.start()
        try:
            try:
                upstream.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
                upstream.putheader("Host", f"{HOST}:{port}")
                for key, value in headers.items():
                    upstream.putheader(key, value)
                size = len(body) if body is not None else stream_length
                if size or method in ("POST", "PUT", "PATCH"):
                    upstream.putheader("Content-Length", str(size))
                upstream.endheaders()
                if body is not None:
                    upstream.send(body)
                else:
                    left = stream_length
                    while left > 0:
                        piece = self.rfile.read(min(left, 1 << 16))
                        if not piece:
                            raise _Refused(400, "the request body ended early")
                        upstream.send(piece)
                        left -= len(piece)
                response = upstream.getresponse()
                buffered, complete = self._read_some(response, method)
            except ConnectionRefusedError as exc:
                if not retry:
                    self._engine_failure(overran, exc)
                # The engine died a moment ago and nothing reached it (the connection was refused
                # before a byte was sent): wait for the supervisor's new engine and ask it once.
                upstream.close()
                self._await_new_engine(process)
                return self._forward(method, path, body, sparql=sparql, added=added, stream_length=stream_length,
                                     retry=False)
            except (OSError, http.client.HTTPException) as exc:
                self._engine_failure(overran, exc)
                return
            self._answer(response, buffered, complete, sparql=sparql, added=added, method=method)
        finally:
            if watchdog is not None:
                watchdog.cancel()
            upstream.close()

    def _await_new_engine(self, dead) -> None:
        handle = self.server.handle
        deadline = time.monotonic() + handle.ready_timeout
        while time.monotonic() < deadline and not handle._finished.is_set():
            with handle._lock:
                current = handle.process
            if current is not dead and handle._engine_ready.is_set():
                return
            time.sleep(0.05)

    def _engine_failure(self, overran: threading.Event, exc: BaseException) -> None:
        handle = self.server.handle
        if overran.is_set():
            raise _Refused(504, f"the query did not finish within {handle.timeout:g} s (serve --timeout); "
                                "it was stopped") from None
        raise _Refused(502, f"the SPARQL engine stopped while answering ({exc}); it is being restarted") from None

    def _read_some(self, response: http.client.HTTPResponse, method: str) -> tuple[list[bytes], bool]:
        if method == "HEAD":
            return [], True
        pieces, size = [], 0
        while size <= BUFFER_LIMIT:
            piece = response.read(1 << 16)
            if not piece:
                return pieces, True
            pieces.append(piece)
            size += len(piece)
        return pieces, False

    def _answer(self, response: http.client.HTTPResponse, pieces: list[bytes], complete: bool, *,
                sparql: bool, added: int, method: str) -> None:
        import http.client

        status = response.status
        kind = (response.getheader("Content-Type") or "").split(";")[0].strip().lower()
        body = b"".join(pieces) if complete else b""
        if complete and sparql and status == 400 and kind.startswith("text/plain"):
            self._error(400, _readable_engine_error(body.decode("utf-8", errors="replace"), added))
            return
        if complete and sparql and status == 200 and not _well_formed(body, kind):
            tail = body.decode("utf-8", errors="replace").strip()[-300:]
            self._error(502, f"the query failed while its results were written; the engine said: …{tail}")
            return
        self.send_response(status, response.reason)
        for key, value in response.getheaders():
            if key.lower() not in _HOP_BY_HOP and key.lower() not in ("server", "date"):
                self.send_header(key, value)
        if complete:
            self.send_header("Content-Length", response.getheader("Content-Length", "0") if method == "HEAD"
                             else str(len(body)))
            self.end_headers()
            if method != "HEAD":
                self.wfile.write(body)
            return
        self.send_header("Transfer-Encoding", "chunked")  # large: stream it; a failure cuts the stream short
        self.end_headers()
        try:
            for piece in pieces:
                self._chunk(piece)
            while True:
                piece = response.read(1 << 16)
                if not piece:
                    break
                self._chunk(piece)
        except (OSError, http.client.HTTPException):
            self.close_connection = True  # no final chunk: the client sees an incomplete answer
            return
        self.wfile.write(b"0\r\n\r\n")

    def _chunk(self, data: bytes) -> None:
        self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")

    def _error(self, status: int, message: str) -> None:
        body = f"error: {message}\n".encode("utf-8")
        self.close_connection = True  # the request body may be unread
        try:
            self.send_response(status)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Connection", "close")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
        except OSError:
            pass


def _readable_engine_error(message: str, added: int) -> str:
    """The engine's parser error, shortened, with the position in the client's own text."""
    from graph.query.sparql import _readable_syntax_error, prefixes
    def shift(m: re.Match) -> str:
        line, col = int(m.group(1)), int(m.group(2))
        return f"error at {line}:{col - added if line == 1 else col}"

    text = _POSITION.sub(shift, message.strip(), count=1)
    if text.startswith("error at"):
        return "SPARQL syntax error: " + _readable_syntax_error(text, prefixes())
    return text if len(text) <= 500 else text[:500] + " …"


def _well_formed(body: bytes, kind: str) -> bool:
    """Whether a results document the engine finished is whole (JSON and XML can be checked)."""
    from xml.etree import ElementTree

    try:
        if kind.endswith("json"):
            json.loads(body)
        elif kind.endswith("xml"):
            ElementTree.fromstring(body)
    except (ValueError, ElementTree.ParseError):
        return False
    return True


# ---------------------------------------------------------------- HTTP client


def _request(url: str, *, data: bytes | None = None, method: str = "GET", headers: dict | None = None,
             timeout: float = 60.0) -> tuple[int, bytes]:
    """One HTTP request with basic auth taken from ``user:password@`` in the URL; clear errors."""
    import base64
    import urllib.error
    import urllib.request

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
        hint = f" (did you mean http://{endpoint}?)" if re.fullmatch(r"[\w.\-]+:\d+(/\S*)?", endpoint) else ""
        raise EndpointError(f"not an http(s) endpoint URL: {endpoint!r}{hint}")
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
    from graph.query.sparql import resolve_data

    url = gsp_url(endpoint, graph_iri)  # a bad URL is a usage error, named before the data is read
    path = resolve_data(ttl)
    body = path.read_bytes()
    status, _ = _request(url, data=body, method="PUT", headers={"Content-Type": "text/turtle; charset=utf-8"},
                         timeout=timeout)
    return PushResult(url, status, len(body), graph_iri)


def _with_prefixes(query: str) -> str:
    """Prepend PREFIX lines for the ontology prefixes (a later PREFIX in the query still wins)."""
    from graph.query.sparql import prefixes

    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in prefixes().items()) + query


def remote_query(query_url: str, query: str, *, default_graph_uri: str | None = None,
                 timeout: float = 120.0) -> QueryResult:
    """Run a SELECT or ASK query on a SPARQL 1.1 Protocol endpoint (HTTP POST, form-encoded).

    ``default_graph_uri`` makes that named graph the query's default graph, e.g.
    the graph :func:`push` wrote to. The ontology prefixes are predeclared.
    """
    from graph.query.sparql import QueryResult

    form = [("query", _with_prefixes(query))]
    if default_graph_uri:
        form.append(("default-graph-uri", default_graph_uri))
    _, body = _request(query_url, data=urllib.parse.urlencode(form).encode(), method="POST",
                       headers={"Content-Type": "application/x-www-form-urlencoded",
                                "Accept": "application/sparql-results+json"}, timeout=timeout)
    try:
        doc = json.loads(body)
    except ValueError as exc:
        raise ServerError(f"{query_url} did not answer with SPARQL results JSON: {exc}") from exc
    if "boolean" in doc:
        return QueryResult("ask", boolean=bool(doc["boolean"]))
    variables = doc["head"].get("vars", [])
    return QueryResult("select", variables, [dict(b) for b in doc["results"]["bindings"]])
