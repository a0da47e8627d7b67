"""A cache of per-document results, keyed by content: the file's bytes, the files read with it,
its document id, the alias file, and the code that reads it.

A rebuild after adding or changing a few files re-reads only those; a build killed halfway
resumes where it stopped, since each document's entry is written (atomically) as soon as it
is done. Any change to referatgraf's code or data files changes :func:`code_fingerprint` and so
every key: a cached result is never one an older version computed.

Entries are pickles of :class:`graph.process.DocumentResult` in the user's own cache folder
(created private); like any pickle, do not point ``--cache-dir`` at a folder others can write.
"""
from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from importlib import metadata
from functools import lru_cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
_READING_LIBRARIES = ("pypdfium2", "lxml", "python-docx")
# Files of the package that do not change what a document gives (the sample, export templates).
_NOT_CODE = ("data/corpus/", "export/templates/")


def default_cache_dir() -> Path:
    """``$REFERATGRAF_CACHE_DIR``, else ``$XDG_CACHE_HOME/referatgraf/documents``, else ``~/.cache/…``."""
    if os.environ.get("REFERATGRAF_CACHE_DIR"):
        return Path(os.environ["REFERATGRAF_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "referatgraf" / "documents"


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """sha256 over the package's code and data files (and the ontology), the reading libraries'
    versions and Python's: the tool's version, finer than its version number, since a cached
    result must come from this very code."""
    h = hashlib.sha256()
    # the readers' libraries and Python read the files too: another PDFium or lxml may read otherwise
    for dist in _READING_LIBRARIES:
        try:
            h.update(f"{dist}={metadata.version(dist)}\0".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{dist}=none\0".encode())
    h.update(f"python={sys.version_info[:3]}\0".encode())
    roots = [PACKAGE, PACKAGE.parent / "ontology"]
    for root in roots:
        if not root.is_dir():
            continue
        for p in sorted(root.rglob("*")):
            rel = p.relative_to(root).as_posix()
            if not p.is_file() or "__pycache__" in rel or rel.startswith(_NOT_CODE) or p.suffix == ".pyc":
                continue
            h.update(f"{root.name}/{rel}\0".encode())
            h.update(hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()


def document_key(doc_id: str, path: Path, aliases: str | Path | None = None) -> str | None:
    """The cache key of one input, or None when a file cannot be read (then it is not cached:
    the reading reports why)."""
    from graph.sources import export_parts

    h = hashlib.sha256(code_fingerprint().encode())
    h.update(b"\0" + doc_id.encode("utf-8", "surrogateescape") + b"\0")
    try:
        raw = Path(path).read_bytes()
        h.update(hashlib.sha256(raw).digest())
        for part, what in sorted(export_parts(Path(path), raw)):
            h.update(f"\0{part.name}\0{what}\0".encode("utf-8", "surrogateescape"))
            h.update(hashlib.sha256(part.read_bytes()).digest())
        if aliases:
            h.update(b"\0aliases\0" + hashlib.sha256(Path(aliases).read_bytes()).digest())
    except OSError:
        return None
    return h.hexdigest()


class DocumentCache:
    """Packed results by key, one file each (``ab/abcdef….bin``), written atomically."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        self.hits = 0
        self.writes = 0

    def _file(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.bin"

    def get(self, key: str | None) -> bytes | None:
        if key is None:
            return None
        try:
            data = self._file(key).read_bytes()
        except OSError:
            return None
        self.hits += 1
        return data

    def put(self, key: str | None, data: bytes) -> None:
        """Store one entry; a cache that cannot be written only costs speed, never the build."""
        if key is None:
            return
        target = self._file(key)
        try:
            target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(data)
                os.replace(tmp, target)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
            self.writes += 1
        except OSError:
            pass
