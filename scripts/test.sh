#!/usr/bin/env bash
# Install everything the tests need, then run them. README's second command; .ci/run calls it.
# System packages (Debian's chromium + chromedriver for the HTML tests) need root or sudo.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install_system_deps.sh
export CI="${CI:-1}"  # browser tests must run, not skip: the line above installed Chromium
python3 -m pip install --quiet --disable-pip-version-check -e '.[test]'
python3 -m pytest -q "$@"
