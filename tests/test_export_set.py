"""The export set is replaced as one: a kill, a full disk or a read-only folder leaves the old
set whole, killed builds leave nothing behind after the next one, and the folder's other files stay."""
from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph.cli import app
from graph.export import MANAGED_NAMES
from graph.export.outset import clean_leftovers, replace_set
from graph.export.sources import SOURCES, folder_digest
from graph.sources import default_corpus

runner = CliRunner()
SAMPLE = sorted(default_corpus().rglob("*.txt"))


def _build(out: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "graph", "build", *args, "-o", str(out)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _set_of(out: Path) -> dict[str, str]:
    """The export files in ``out`` with their sha256; asserts they are one complete set."""
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    present = sorted(p.name for p in out.iterdir() if p.name in MANAGED_NAMES)
    assert present == sorted(report["outputs"])
    digests = {p: folder_digest(out / p) if p == SOURCES else hashlib.sha256((out / p).read_bytes()).hexdigest()
               for p in present if p != "report.json"}
    assert digests == report["output_sha256"]
    return digests


def _leftovers(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if ".staging-" in p.name or p.name.endswith(".tmp"))


def test_a_kill_at_any_moment_leaves_the_old_set_or_the_new_one(tmp_path):
    out = tmp_path / "exports"
    old_args = [str(SAMPLE[0]), "--format", "ttl,json"]
    new_args = [str(SAMPLE[1]), "--format", "all"]
    assert _build(out, *old_args).wait() == 0
    old = _set_of(out)
    start = time.perf_counter()
    assert _build(out, *new_args).wait() == 0
    duration = time.perf_counter() - start
    new = _set_of(out)
    assert old != new
    rng = random.Random(20261201)
    seen = {"old": 0, "new": 0}
    assert _build(out, *old_args).wait() == 0
    for _ in range(20):
        if _set_of(out) != old:  # a good old set before each kill
            assert _build(out, *old_args).wait() == 0
        proc = _build(out, *new_args)
        time.sleep(rng.uniform(0.3, 1.0) * duration)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        now = _set_of(out)
        assert now in (old, new)
        seen["old" if now == old else "new"] += 1
    assert _build(out, *new_args).wait() == 0
    assert _set_of(out) == new
    assert _leftovers(tmp_path) == []
    assert seen["old"] > 0  # the kills did land during the build, not only after it


def test_stale_staging_folders_and_temporary_files_are_removed_by_the_next_build(tmp_path):
    out = tmp_path / "exports"
    out.mkdir()
    (out / ".graph.ttl.k2j3.tmp").write_bytes(b"x" * 1000)
    (tmp_path / ".exports.staging-abcd").mkdir()
    (tmp_path / ".exports.staging-abcd" / "graph.ttl").write_text("half")
    result = runner.invoke(app, ["build", str(SAMPLE[0]), "-o", str(out), "--format", "ttl"])
    assert result.exit_code == 0, result.output
    assert _leftovers(tmp_path) == []
    _set_of(out)


def test_formats_not_asked_for_again_are_removed_and_the_users_own_files_kept(tmp_path):
    out = tmp_path / "exports"
    assert runner.invoke(app, ["build", str(SAMPLE[0]), "-o", str(out), "--format", "all"]).exit_code == 0
    (out / ".gitkeep").write_text("")
    (out / "notes.md").write_text("mine")
    assert runner.invoke(app, ["build", str(SAMPLE[0]), "-o", str(out), "--format", "ttl"]).exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == [".gitkeep", "graph.ttl", "identities.json", "notes.md", "report.json"]
    assert (out / "notes.md").read_text() == "mine"
    _set_of(out)


def test_a_folder_with_subfolders_of_its_own_is_written_in_place_and_keeps_them(tmp_path):
    out = tmp_path / "exports"
    (out / "mine").mkdir(parents=True)
    (out / "mine" / "a.txt").write_text("a")
    assert runner.invoke(app, ["build", str(SAMPLE[0]), "-o", str(out), "--format", "ttl,json"]).exit_code == 0
    assert runner.invoke(app, ["build", str(SAMPLE[1]), "-o", str(out), "--format", "ttl"]).exit_code == 0
    assert (out / "mine" / "a.txt").read_text() == "a"
    assert sorted(p.name for p in out.iterdir()) == ["graph.ttl", "identities.json", "mine", "report.json"]
    _set_of(out)
    assert _leftovers(tmp_path) == []


def test_a_complete_set_staged_inside_is_rolled_forward_by_the_next_build(tmp_path):
    out = tmp_path / "exports"
    out.mkdir()
    (out / "graph.ttl").write_text("old")
    (out / "graph.json").write_text("old")
    staged = out / ".referatgraf.staging-x1"
    staged.mkdir()
    (staged / "graph.ttl").write_text("new")
    (staged / "report.json").write_text("{}")
    (staged / ".commit").write_text("+graph.ttl\n+report.json\n-graph.json\n")
    clean_leftovers(out)
    assert sorted(p.name for p in out.iterdir()) == ["graph.ttl", "report.json"]
    assert (out / "graph.ttl").read_text() == "new"


def test_an_error_while_writing_keeps_the_old_set_and_removes_the_staging_folder(tmp_path):
    out = tmp_path / "exports"
    replace_set(out, lambda folder: (folder / "a.txt").write_text("old"))

    def broken(folder):
        (folder / "a.txt").write_text("new")
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="the disk is full; the previous exports"):
        replace_set(out, broken)
    assert (out / "a.txt").read_text() == "old"
    assert _leftovers(tmp_path) == []


def test_out_below_a_file_is_a_usage_error(tmp_path):
    (tmp_path / "afile").write_text("x")
    result = runner.invoke(app, ["build", str(SAMPLE[0]), "-o", str(tmp_path / "afile" / "sub")])
    assert result.exit_code == 2
    assert "error:" in result.output and "is a file, not a folder" in result.output
    assert "Traceback" not in result.output


def _tmpfs(path: Path, size: str, *options: str) -> None:
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a small tmpfs needs root")
    path.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", ",".join([f"size={size}", *options]), "tmpfs", str(path)],
                          capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace').strip()}")


@pytest.fixture
def small_disk(tmp_path):
    disk = tmp_path / "disk"
    _tmpfs(disk, "2m")
    yield disk
    subprocess.run(["umount", str(disk)], check=False)


def test_a_full_disk_is_an_error_message_and_the_old_set_stays(small_disk):
    out = small_disk / "out"
    assert runner.invoke(app, ["build", str(SAMPLE[0]), "-o", str(out), "--format", "ttl"]).exit_code == 0
    old = _set_of(out)
    result = runner.invoke(app, ["build", str(default_corpus()), "-o", str(out), "--format", "all"])
    assert result.exit_code == 1
    assert "the disk is full" in result.output and "Traceback" not in result.output
    assert _set_of(out) == old
    assert _leftovers(small_disk) == []


def test_a_read_only_folder_is_an_error_message(small_disk):
    (small_disk / "out").mkdir()
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    for target in ("out", "new"):
        result = runner.invoke(app, ["build", str(SAMPLE[0]), "-o", str(small_disk / target)])
        assert result.exit_code == 1
        assert "read-only" in result.output and "Traceback" not in result.output
