"""Where the shared development corpus is (../shared/corpus beside the repository), and a skip
marker for tests that need it: its files are third-party and never copied into the repository."""
from __future__ import annotations

from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
GREVE = CORPUS / "greve-firstagenda"


def needs(folder: Path):
    """Skip unless ``folder`` of the shared corpus is present."""
    return pytest.mark.skipif(not folder.is_dir(), reason=f"the shared corpus folder {folder} is not present")
