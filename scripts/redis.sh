#!/usr/bin/env bash
# A private Redis for the tests of the shared sign-up limits (two xmpp-ftw processes counting
# sign-ups per client in one store) and the demo.
#
#   scripts/redis.sh start    install Redis if missing (apt-get), start it on 127.0.0.1:$REDIS_PORT
#                             with no persistence (nothing written to disk) and wait until it
#                             answers PING
#   scripts/redis.sh stop     stop the Redis this script started (and only that one)
#   scripts/redis.sh status   exit 0 if it is running
#   scripts/redis.sh env      print REDIS_PORT, REDIS_DIR and REDIS_URL as shell assignments
#
# Loopback only, no password (the port is private to this machine's tests), protected mode on,
# no RDB snapshots and no AOF: each start is an empty store. The log stays in $REDIS_DIR.
set -euo pipefail

REDIS_PORT="${REDIS_PORT:-16379}"
REDIS_DIR="${REDIS_DIR:-${TMPDIR:-/tmp}/xmpp-ftw-register-redis-$REDIS_PORT}"
PIDFILE="$REDIS_DIR/redis.pid"

log() { echo "redis.sh: $*" >&2; }

# shellcheck source=scripts/need.sh
. "$(dirname "$0")/need.sh"

install_redis() {
  [ -x /usr/bin/redis-server ] && return 0
  need redis-server /usr/bin/redis-server /usr/bin/redis-cli
  # The package may start its own system service on 6379; this project does not use it.
  need_as_root service redis-server stop >/dev/null 2>&1 || true
}

running() {
  [ -f "$PIDFILE" ] || return 1
  local pid
  pid=$(cat "$PIDFILE" 2>/dev/null) || return 1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && grep -q redis-server "/proc/$pid/cmdline" 2>/dev/null
}

listening() {
  (exec 3<>"/dev/tcp/127.0.0.1/$REDIS_PORT") 2>/dev/null
}

answers() {
  [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ]
}

start() {
  if running; then log "already running (pid $(cat "$PIDFILE")) on 127.0.0.1:$REDIS_PORT"; return 0; fi
  if listening; then log "port $REDIS_PORT is taken by another program; set REDIS_PORT"; return 1; fi
  install_redis
  mkdir -p "$REDIS_DIR"
  chmod 700 "$REDIS_DIR"
  # In the foreground of a background job (no --daemonize), so $! is redis-server itself.
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --protected-mode yes \
    --save '' --appendonly no --dir "$REDIS_DIR" --daemonize no \
    --logfile "$REDIS_DIR/redis.log" >"$REDIS_DIR/stdout.log" 2>&1 </dev/null &
  echo $! > "$PIDFILE"
  for _ in $(seq 1 100); do
    if answers; then log "started (pid $(cat "$PIDFILE")) on 127.0.0.1:$REDIS_PORT"; return 0; fi
    if ! running; then break; fi
    sleep 0.1
  done
  log "Redis did not start; its output:"
  tail -20 "$REDIS_DIR/stdout.log" "$REDIS_DIR/redis.log" >&2 2>/dev/null || true
  stop || true
  return 1
}

stop() {
  if ! running; then rm -f "$PIDFILE"; log "not running"; return 0; fi
  local pid
  pid=$(bash "$(dirname "$0")/stop-pid.sh" "$PIDFILE" 5)
  log "stopped (pid $pid)"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if running; then log "running (pid $(cat "$PIDFILE")) on 127.0.0.1:$REDIS_PORT"; else exit 1; fi ;;
  env) echo "REDIS_PORT=$REDIS_PORT"; echo "REDIS_DIR=$REDIS_DIR"; echo "REDIS_URL=redis://127.0.0.1:$REDIS_PORT" ;;
  *) echo "usage: $0 start|stop|status|env" >&2; exit 2 ;;
esac
