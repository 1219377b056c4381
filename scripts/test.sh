#!/usr/bin/env bash
# Set up a virtual environment and run the whole test suite, the browser tests included.
# This is the README's second Quickstart command and what .ci/run calls.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[dev]'

install_debian_package() {  # PACKAGE PURPOSE: apt-get it as root, else warn that PURPOSE skips
    if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
        echo "installing Debian's $1 for $2" >&2
        apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1" >/dev/null
    else
        echo "warning: $1 is missing and cannot be installed here; $2 will be skipped" >&2
    fi
}

# The HTML report is tested in Debian's Chromium driven by Playwright; never a downloaded browser.
if [ ! -x /usr/bin/chromium ]; then
    install_debian_package chromium "the browser tests"
fi

# The index tests run against a real PostgreSQL (a throw-away cluster in a temporary folder):
# Debian's server binaries (initdb, pg_ctl), on PATH or in /usr/lib/postgresql/<version>/bin.
if ! command -v pg_ctl >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
    install_debian_package postgresql "the PostgreSQL index tests"
fi

.venv/bin/ruff check src tests benchmarks scripts
.venv/bin/ruff format --check --quiet src tests benchmarks scripts
.venv/bin/mypy
.venv/bin/python -m pytest "$@"
