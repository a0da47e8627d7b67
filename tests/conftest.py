"""Shared fixtures: the bundled sample corpus, built once per test session."""
from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
GOLD_DIR = REPO.parent / "shared" / "gold" / "albertslund-chefforum"


@pytest.fixture(scope="session")
def sample_result():
    """The full pipeline run on the bundled sample corpus (BuildResult)."""
    from graph.pipeline import build

    return build()


@pytest.fixture(scope="session")
def sample_graph(sample_result):
    return sample_result.graph


@pytest.fixture(scope="session")
def sample_exports(tmp_path_factory, sample_result):
    """The sample written with every export format into a temporary folder."""
    from graph.export import write_exports
    from graph.export.report import write_report

    out = tmp_path_factory.mktemp("exports")
    written = write_exports(sample_result.graph, out, ["ttl", "nt", "jsonld", "graphml", "gexf", "csv", "html"])
    write_report(sample_result, out / "report.json", [p.name for p in written])
    return out
