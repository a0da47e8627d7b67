"""Shared fixtures: the bundled sample corpus, built once per test session."""
from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session", autouse=True)
def _private_document_cache(tmp_path_factory):
    """Builds the tests run through the CLI cache their documents in a folder of this session,
    not in the user's ~/.cache (tests that study the cache pass --cache-dir themselves)."""
    import os

    old = os.environ.get("REFERATGRAF_CACHE_DIR")
    os.environ["REFERATGRAF_CACHE_DIR"] = str(tmp_path_factory.mktemp("document-cache"))
    yield
    if old is None:
        os.environ.pop("REFERATGRAF_CACHE_DIR", None)
    else:
        os.environ["REFERATGRAF_CACHE_DIR"] = old
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


@pytest.fixture(scope="module")
def driver():
    """One headless Chromium per test module (tests/browser.py), for the tests in real browsers."""
    try:
        from tests import browser
    except ImportError:  # pragma: no cover - depends on how pytest was started
        import browser
    with browser.chromium() as d:
        yield d
