#!/usr/bin/env bash
# Install everything the tests need, then run them. README's second command; .ci/run calls it.
# System packages (Debian's chromium + chromedriver for the HTML tests) need root or sudo.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install_system_deps.sh
python3 -m pip install --quiet --disable-pip-version-check -e '.[test]'
python3 -m pytest -q "$@"
