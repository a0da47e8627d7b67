"""Start headless Chromium through selenium and Debian's chromedriver, for the browser tests.

Chromium is a system package (``scripts/install_system_deps.sh``). Where it is
missing the tests fail with the install command; only a developer machine
outside CI (``CI`` unset) may skip them instead.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
INSTALL_HINT = ("headless Chromium is needed for the browser tests: run "
                "`sudo scripts/install_system_deps.sh` (Debian packages chromium and chromium-driver)")


def require_chromium() -> None:
    """Fail (in CI) or skip (on a developer machine) when Chromium or chromedriver is absent."""
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not os.access(p, os.X_OK)]
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("python package selenium (pip install -e '.[test]')")
    if not missing:
        return
    reason = f"missing {', '.join(missing)}; {INSTALL_HINT}"
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


@contextmanager
def chromium(width: int = 1400, height: int = 900) -> Iterator["WebDriver"]:  # noqa: F821
    """A headless Chromium driver with performance and browser logs switched on."""
    require_chromium()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="rg-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", f"--user-data-dir={profile}", f"--window-size={width},{height}"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def requested_urls(driver) -> list[str]:
    """Every URL the page asked for so far (DevTools Network.requestWillBeSent)."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def severe_console_messages(driver) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e.get("level") == "SEVERE"]


def open_file(driver, path: Path, timeout: float = 60.0) -> None:
    """Load a local HTML file and wait until the referatgraf page has settled its layout."""
    from selenium.webdriver.support.ui import WebDriverWait

    # Chromium's own start page (chrome:// resources) is not ours: leave it and
    # drop its log entries so requested_urls() sees only what this page asks for.
    driver.get("about:blank")
    driver.get_log("performance")
    driver.get(Path(path).resolve().as_uri())
    WebDriverWait(driver, timeout).until(
        lambda d: d.execute_script("return !!(window.referatgraf && window.referatgraf.stabilized)"))
