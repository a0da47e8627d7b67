#!/bin/sh
# System packages referatgraf's tests need beyond pip (Debian/Ubuntu).
# Idempotent and quiet: installs only what is missing, as root (or with
# password-less sudo); otherwise says what to install and carries on, so the
# tests that need it fail with the same advice.
set -eu

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo -n "$@"
    else return 1
    fi
}

apt_install() {  # apt_install PACKAGE... : install the named Debian packages quietly
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null &&
        as_root env DEBIAN_FRONTEND=noninteractive \
            apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# --- headless Chromium for the HTML view's browser tests (tests/test_html.py) ---
# Debian's chromium + chromium-driver give /usr/bin/chromium and /usr/bin/chromedriver.
install_chromium() {
    missing=""
    [ -x /usr/bin/chromium ] || missing="$missing chromium"
    [ -x /usr/bin/chromedriver ] || missing="$missing chromium-driver"
    [ -n "$missing" ] || return 0
    # shellcheck disable=SC2086  # the package list is meant to split
    if apt_install $missing; then
        echo "install_system_deps: installed$missing"
    else
        echo "install_system_deps: could not install$missing (needs root: sudo apt-get install$missing);" \
             "the browser tests will fail until it is there" >&2
    fi
}

# --- DejaVu fonts: the handmade test PDFs (tests/layouts/make_layouts.py) print Danish letters with them ---
install_fonts() {
    [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] && return 0
    if apt_install fonts-dejavu-core; then
        echo "install_system_deps: installed fonts-dejavu-core"
    else
        echo "install_system_deps: could not install fonts-dejavu-core (needs root); test PDFs fall back to core fonts" >&2
    fi
}

install_chromium
install_fonts
