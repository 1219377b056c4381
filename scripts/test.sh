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

# The HTML report is tested in Debian's Chromium driven by Playwright; never a downloaded browser.
if [ ! -x /usr/bin/chromium ]; then
    if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
        echo "installing Debian's chromium for the browser tests" >&2
        apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    else
        echo "warning: /usr/bin/chromium is missing and cannot be installed here;" \
             "the browser tests will be skipped" >&2
    fi
fi

.venv/bin/ruff check src tests benchmarks scripts
.venv/bin/ruff format --check --quiet src tests benchmarks scripts
.venv/bin/mypy
.venv/bin/python -m pytest "$@"
