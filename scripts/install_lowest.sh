#!/usr/bin/env bash
# A second environment, .venv-lowest/, with the lowest version of every direct dependency that
# pyproject.toml allows (uv's --resolution lowest-direct), so the stated lower bounds are tested.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || bash scripts/install.sh test
.venv/bin/python -m pip install --quiet --disable-pip-version-check "uv>=0.4"
[ -x .venv-lowest/bin/python ] || .venv/bin/uv venv --quiet --python .venv/bin/python .venv-lowest
.venv/bin/uv pip install --quiet --python .venv-lowest/bin/python --resolution lowest-direct -e '.[test]'
