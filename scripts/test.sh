#!/usr/bin/env bash
# Set up everything, then run the whole test suite (core, scenarios, views offscreen,
# slow tests included). Extra arguments go to pytest.
set -u
source "$(dirname "$0")/setup.sh" test
zf_setup || exit 1
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
.venv/bin/python -m pytest -n 2 -p no:cacheprovider "$@"
status=$?
if [ "$status" = "5" ]; then echo "No tests ran: that is a failure." >&2; exit 1; fi
exit "$status"
