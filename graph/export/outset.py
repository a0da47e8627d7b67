"""The export set: every file of one build is written into a staging folder and swapped in as one.

Each file was already written atomically, but a set of files is not: a kill or a full disk
half-way through the exports used to leave the new graph.ttl beside the old graph.json and
report.json, and stray ``.graph.ttl.*.tmp`` files that later builds never removed. Now:

1. The files are written into a staging folder beside the output folder
   (``.exports.staging-XXXX`` next to ``exports/``), report.json last, with the sha256 of
   every other file in it, so a set can be checked.
2. The staging folder and the output folder are exchanged in one step
   (Linux ``renameat2(RENAME_EXCHANGE)``); the old set, now in the staging folder, is deleted.
   Files in the output folder that are not exports (a ``.gitkeep``, your own notes) are
   hard-linked into the new set first, so nothing of yours is lost.
3. Where one step is impossible (no ``renameat2``; the output folder is a mount point, holds
   sub-folders of its own, or is the current folder; its parent is not writable) the set is
   staged inside the output folder and each file is moved in with ``os.replace`` after a commit
   marker is written; a build that is killed during those moves is rolled forward by the next
   one, so a reader sees at most a few microseconds of a mixed set. A folder of the set (the
   store, ``store/``) is moved in by two renames: the old one into the staging folder, the new
   one into its place.

Before anything is written, leftovers of killed builds (staging folders, temporary files)
are removed, under a lock, so two builds into one folder never trip over each other.

>>> import tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp()) / "exports"
>>> def files(folder):
...     (folder / "a.txt").write_text("new")
>>> _ = replace_set(out, files)
>>> sorted(p.name for p in out.iterdir()), (out / "a.txt").read_text()
(['a.txt'], 'new')
"""
from __future__ import annotations

import ctypes
import errno
import glob
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

STAGING = ".staging-"  # staging folders: .<out>.staging-XXXX beside, .referatgraf.staging-XXXX inside
INSIDE = ".referatgraf"
COMMIT = ".commit"  # in a staging folder inside: the set is complete, move it in


class OutputError(OSError):
    """The output folder cannot be written; ``usage`` is True when the path itself is wrong."""

    def __init__(self, message: str, usage: bool = False):
        super().__init__(message)
        self.message = message
        self.usage = usage

    def __str__(self) -> str:
        return self.message


def replace_set(out_dir: str | os.PathLike, write: Callable[[Path], object], managed: Callable[[str], bool] | None = None) -> Path:
    """Call ``write(folder)`` to fill an empty staging folder, then make it ``out_dir``'s content.

    ``managed(name)`` tells which names in ``out_dir`` belong to the set (default: every name):
    they are replaced or removed; every other entry is kept. On any error the old set is left
    as it was, the staging folder is removed, and :class:`OutputError` says what went wrong.
    """
    out_dir = _real(Path(out_dir))
    managed = managed or (lambda name: True)
    _check_target(out_dir)
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _error(exc, out_dir) from None
    with _locked(out_dir):
        clean_leftovers(out_dir)
        beside = _can_swap(out_dir, managed)
        try:
            staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}{STAGING}" if beside else f"{INSIDE}{STAGING}",
                                            dir=out_dir.parent if beside else _made(out_dir)))
        except OSError as exc:
            if beside and exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS) and out_dir.is_dir():
                beside = False  # parent read-only, folder writable: stage inside
                try:
                    staging = Path(tempfile.mkdtemp(prefix=f"{INSIDE}{STAGING}", dir=out_dir))
                except OSError as exc2:
                    raise _error(exc2, out_dir) from None
            else:
                raise _error(exc, out_dir) from None
        try:
            if beside:  # mkdtemp makes 0700; the folder keeps the mode it had, or a plain mkdir's
                os.chmod(staging, out_dir.stat().st_mode & 0o7777 if out_dir.is_dir() else 0o777 & ~_umask())
            write(staging)
            _sync_folder(staging)
            if beside:
                _swap_in(staging, out_dir, managed)
            else:
                _commit_inside(staging, out_dir, managed)
        except OSError as exc:
            shutil.rmtree(staging, ignore_errors=True)
            raise _error(exc, out_dir) from None
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    return out_dir


def clean_leftovers(out_dir: Path) -> list[Path]:
    """Remove what killed builds left: staging folders beside and inside ``out_dir`` (a complete
    set inside is moved in first) and ``.*.tmp`` files of interrupted atomic writes."""
    removed: list[Path] = []
    parent = out_dir.parent
    for p in sorted(parent.glob(f".{glob.escape(out_dir.name)}{STAGING}*")) if parent.is_dir() else []:
        if not out_dir.exists() and (p / "report.json").exists():  # killed between the two renames
            os.rename(p, out_dir)
            continue
        shutil.rmtree(p, ignore_errors=True)
        removed.append(p)
    if out_dir.is_dir():
        for p in sorted(out_dir.glob(f"{INSIDE}{STAGING}*")):
            if (p / COMMIT).exists():
                _move_in(p, out_dir, _read_commit(p))
            shutil.rmtree(p, ignore_errors=True)
            removed.append(p)
        for p in sorted(out_dir.glob(".*.tmp")):
            if p.is_file():
                p.unlink(missing_ok=True)
                removed.append(p)
    return removed


# -- the two ways in ------------------------------------------------------------------------

def _swap_in(staging: Path, out_dir: Path, managed: Callable[[str], bool]) -> None:
    if out_dir.is_dir():
        for entry in sorted(out_dir.iterdir()):  # the user's own files stay with the set
            if not managed(entry.name) and not (staging / entry.name).exists():
                try:
                    os.link(entry, staging / entry.name)
                except OSError:
                    shutil.copy2(entry, staging / entry.name)
        _sync_folder(staging)
        if _exchange(staging, out_dir):
            shutil.rmtree(staging, ignore_errors=True)  # now the old set
        else:  # no atomic exchange: two renames; a kill between them is undone by clean_leftovers
            old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}{STAGING}", dir=out_dir.parent))
            os.rmdir(old)
            os.rename(out_dir, old)
            os.rename(staging, out_dir)
            shutil.rmtree(old, ignore_errors=True)
    else:
        os.rename(staging, out_dir)
    _sync_folder(out_dir.parent)


def _commit_inside(staging: Path, out_dir: Path, managed: Callable[[str], bool]) -> None:
    names = sorted(p.name for p in staging.iterdir())
    stale = sorted(p.name for p in out_dir.iterdir()
                   if managed(p.name) and p.name not in names and not p.name.startswith(INSIDE))
    from graph.atomic import write_text

    write_text(staging / COMMIT, "\n".join([*("+" + n for n in names), *("-" + n for n in stale)]) + "\n")
    _move_in(staging, out_dir, _read_commit(staging))
    shutil.rmtree(staging, ignore_errors=True)


def _read_commit(staging: Path) -> tuple[list[str], list[str]]:
    lines = (staging / COMMIT).read_text(encoding="utf-8").splitlines()
    return [ln[1:] for ln in lines if ln.startswith("+")], [ln[1:] for ln in lines if ln.startswith("-")]


def _move_in(staging: Path, out_dir: Path, commit: tuple[list[str], list[str]]) -> None:
    add, remove = commit
    for name in sorted(add, key=lambda n: n == "report.json"):  # the report, which lists the set, last
        if (staging / name).exists():
            if _is_folder(staging / name) or _is_folder(out_dir / name):
                _park(out_dir / name, staging)
                os.rename(staging / name, out_dir / name)
            else:
                os.replace(staging / name, out_dir / name)
    for name in remove:
        if _is_folder(out_dir / name):
            _park(out_dir / name, staging)
        else:
            (out_dir / name).unlink(missing_ok=True)
    _sync_folder(out_dir)


def _is_folder(path: Path) -> bool:
    return path.is_dir() and not path.is_symlink()


def _park(path: Path, staging: Path) -> None:
    """Move a folder of the old set (the store) out of the way, into the staging folder, which
    is removed afterwards: one rename, so a kill never leaves half a folder in the set, and the
    move in that follows (or the roll-forward of a killed build) finds the name free."""
    if not os.path.lexists(path):
        return
    parked = staging / f".previous-{path.name}"
    if _is_folder(parked):
        shutil.rmtree(parked)
    elif os.path.lexists(parked):
        parked.unlink()
    os.rename(path, parked)


# -- checks and system calls ------------------------------------------------------------------

def _real(path: Path) -> Path:
    """A symbolic link to a folder is written through, not replaced by a folder."""
    return path.resolve() if path.is_symlink() else Path(os.path.abspath(path))


def _check_target(out_dir: Path) -> None:
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(f"{out_dir} is a file, not a folder", usage=True)
    for parent in out_dir.parents:
        if parent.exists():
            if not parent.is_dir():
                raise OutputError(f"{out_dir} lies below {parent}, which is a file, not a folder", usage=True)
            break


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _made(out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    return out_dir


def _can_swap(out_dir: Path, managed: Callable[[str], bool]) -> bool:
    """Whether the whole folder may be exchanged: not a mount point, not the current folder or
    above it, and nothing inside that cannot be hard-linked along (sub-folders of its own)."""
    if not out_dir.exists():
        return True
    if os.path.ismount(out_dir):
        return False
    cwd = Path.cwd()
    if cwd == out_dir or out_dir in cwd.parents:
        return False
    return not any(e.is_dir() and not managed(e.name) for e in out_dir.iterdir())


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2); False where the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def _sync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextmanager
def _locked(out_dir: Path):
    """One build at a time per output folder: an flock on the parent folder itself, so no lock
    file is left lying about."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    try:
        fd = os.open(out_dir.parent, os.O_RDONLY)
    except OSError as exc:
        raise _error(exc, out_dir) from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is exceeded",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
}


def _error(exc: OSError, out_dir: Path) -> OutputError:
    reason = _REASONS.get(exc.errno or 0, exc.strerror or str(exc))
    return OutputError(f"cannot write the exports to {out_dir}: {reason}; the previous exports (if any) are unchanged",
                       usage=exc.errno == errno.ENOTDIR)
