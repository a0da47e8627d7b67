"""Atomic file output: a failed build never leaves half an export behind."""
from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Iterator, TextIO


@contextmanager
def replacing(path: str | os.PathLike, text: bool = False) -> Iterator[BinaryIO | TextIO]:
    """A file object writing to a temporary file in ``path``'s folder, moved over ``path`` with
    ``os.replace`` when the block ends, removed if it fails: readers see the old file or the new
    one, never half of one. ``text=True`` gives UTF-8 text with ``\n`` line ends, buffered for
    streaming large exports."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp creates 0600; give the file the permissions a plain open() would.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        with (open(fd, "w", encoding="utf-8", newline="", buffering=1 << 20) if text else os.fdopen(fd, "wb")) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def write_bytes(path: str | os.PathLike, data: bytes) -> Path:
    """Write ``data`` to ``path`` via a temporary file in the same folder and ``os.replace``.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.txt"
    >>> _ = write_bytes(p, b"hello")
    >>> p.read_bytes()
    b'hello'
    """
    with replacing(path) as fh:
        fh.write(data)
    return Path(path)


def write_text(path: str | os.PathLike, text: str) -> Path:
    """Atomically write UTF-8 text with ``\\n`` line ends."""
    return write_bytes(path, text.encode("utf-8"))
