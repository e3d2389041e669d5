#!/usr/bin/env bash
# Create .venv (if needed) and install the project with its development tools, at the exact
# versions of constraints.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
.venv/bin/python -m pip install -q -c constraints.txt -e '.[dev]'
# the project's modules compiled to bytecode now, as pip does for a regular install: an editable
# install compiles nothing ahead, and where PYTHONDONTWRITEBYTECODE is set each run would compile
# every module again (about 0.2 CPU s before a batch's first document can start)
.venv/bin/python -m compileall -q extractor parsers schemas corpus >/dev/null
