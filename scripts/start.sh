#!/usr/bin/env bash
# Set up everything, then open Zhangfang on your ledger (in your user data folder).
# The first start shows the first-run wizard (language, text size, firm, demo or empty).
set -u
source "$(dirname "$0")/setup.sh" app
zf_setup || exit 1
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ "${QT_QPA_PLATFORM:-}" = "" ]; then
  echo "No screen found (DISPLAY is not set): start this on a desktop to see the window."
  echo "Meanwhile, the ledger from the command line:"
  ledger="$(.venv/bin/python -c 'from desktop.paths import default_ledger_path as p; print(p())')"
  if [ ! -f "$ledger" ]; then  # no books yet: show the demo, a file of its own beside them
    ledger="$(.venv/bin/python -c 'from desktop.paths import default_ledger_path as p, demo_ledger_path as d; print(d(p()))')"
    [ -f "$ledger" ] || .venv/bin/zhangfang demo --ledger "$ledger"
  fi
  .venv/bin/zhangfang check --ledger "$ledger" && .venv/bin/zhangfang balance --ledger "$ledger"
  exit $?
fi
exec .venv/bin/zhangfang app "$@"
