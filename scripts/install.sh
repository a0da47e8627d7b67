#!/usr/bin/env bash
# Install referatgraf into a virtual environment of its own (.venv/, or $REFERATGRAF_VENV), so the
# commands work on a stock Debian/Ubuntu Python, which refuses `pip install` into the system
# ("externally-managed-environment"). README's first command.
#
#   bash scripts/install.sh          # referatgraf itself
#   bash scripts/install.sh test     # and the test dependencies
#
# Where `python3 -m venv` cannot make a venv (Debian/Ubuntu ship ensurepip apart, in the package
# python3-venv), that package is installed with apt-get as root (or with password-less sudo).
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${REFERATGRAF_VENV:-.venv}"
PYTHON="${PYTHON:-python3}"
EXTRA="${1:-}"

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo -n "$@"
    else return 1
    fi
}

if [ ! -x "$VENV/bin/python" ]; then
    if ! "$PYTHON" -m venv "$VENV" >/dev/null 2>&1; then
        rm -rf "$VENV"
        version="$("$PYTHON" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
        echo "install: $PYTHON cannot make a virtual environment; installing python$version-venv" >&2
        if ! as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null ||
           ! as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "python$version-venv" >/dev/null; then
            echo "install: error: could not install python$version-venv; run: sudo apt-get install python3-venv" >&2
            exit 1
        fi
        "$PYTHON" -m venv "$VENV"
    fi
fi
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e ".${EXTRA:+[$EXTRA]}"
echo "install: referatgraf is in $VENV/ (run $VENV/bin/referatgraf, or activate it: . $VENV/bin/activate)" >&2
