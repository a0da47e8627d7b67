#!/usr/bin/env bash
# Install everything the tests need, then run them, twice: with the newest dependency versions
# pyproject.toml allows, and again with the oldest it allows (its lower bounds are tested, not
# guessed). README's second command; .ci/run calls it. Arguments go to pytest.
# System packages (Debian's chromium + chromedriver for the HTML tests) need root or sudo.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install_system_deps.sh
export CI="${CI:-1}"  # browser tests must run, not skip: the line above installed Chromium
bash scripts/install.sh test
echo "test: newest allowed dependency versions" >&2
.venv/bin/python -m pytest -q "$@"
bash scripts/install_lowest.sh
echo "test: lowest allowed dependency versions (without the archive-scale tests, run above)" >&2
.venv-lowest/bin/python -m pytest -q -p no:cacheprovider -m "not scale" "$@"
