#!/usr/bin/env bash
# Stops the process a private test server's script started (scripts/prosody.sh,
# scripts/ejabberd.sh), by the PID it recorded: SIGTERM, up to SECONDS to end, then SIGKILL;
# the PID file is removed.
#
#   scripts/stop-pid.sh PIDFILE SECONDS
#
# Prints the stopped PID. The caller checks first that the PID is its server's.
set -uo pipefail

PIDFILE="${1:?usage: $0 PIDFILE SECONDS}"
SECONDS_TO_WAIT="${2:?usage: $0 PIDFILE SECONDS}"
pid=$(cat "$PIDFILE")
kill "$pid" 2>/dev/null || true
for _ in $(seq 1 $((SECONDS_TO_WAIT * 10))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
kill -9 "$pid" 2>/dev/null || true
rm -f "$PIDFILE"
echo "$pid"
