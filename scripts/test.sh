#!/usr/bin/env bash
# Set up everything, then check it all: ruff (lint, then format), mypy (core and views), and
# the whole test suite (core, scenarios, views offscreen, slow tests included). Every step
# runs even when an earlier one failed, so one run shows every problem; the run fails
# (non-zero exit) when any step failed, and when no test ran. Extra arguments go to pytest.
set -u
source "$(dirname "$0")/setup.sh" test
zf_setup || exit 1
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"

for tool in ruff mypy; do
  [ -x ".venv/bin/$tool" ] ||
    { echo "$tool is missing from .venv (pip install -e \".[gui,dev]\")." >&2; exit 1; }
done

failed=""
# step NAME COMMAND...: run it and say plainly whether it passed
step() {
  local name="$1"; shift
  echo "== $name: $*"
  "$@"
  local status=$?
  if [ "$name" = "tests" ] && [ "$status" = "5" ]; then
    echo "No tests ran: that is a failure." >&2
  fi
  if [ "$status" = "0" ]; then
    echo "== $name: passed"
  else
    echo "== $name: FAILED (exit $status)" >&2
    failed="$failed, $name"
  fi
}

step "ruff check" .venv/bin/ruff check .
step "ruff format" .venv/bin/ruff format --check .
step "mypy" .venv/bin/mypy
step "tests" .venv/bin/python -m pytest -n 2 -p no:cacheprovider "$@"

if [ -n "$failed" ]; then
  echo "FAILED: ${failed#, }" >&2
  exit 1
fi
echo "All passed: ruff check, ruff format, mypy, tests."
