#!/usr/bin/env bash
# A private Prosody for this project's integration tests, benchmarks and demo.
#
#   scripts/prosody.sh start    install Prosody if missing (apt-get), write a config, data and
#                               log dir under $PROSODY_DIR, start it as the prosody user on
#                               127.0.0.1:$PROSODY_PORT and wait until it accepts connections
#   scripts/prosody.sh stop     stop the Prosody this script started (and only that one)
#   scripts/prosody.sh status   exit 0 if it is running
#   scripts/prosody.sh env      print PROSODY_PORT and PROSODY_DIR (and PROSODY_CA, PROSODY_WRONG_CA
#                               with PROSODY_TLS=1) as shell assignments
#   scripts/prosody.sh invite   (PROSODY_INVITES=1, while running) print a new account invite URI,
#                               xmpp:localhost?register;preauth=TOKEN (XEP-0401)
#   scripts/prosody.sh reset USER   (PROSODY_INVITES=1, while running) print a password-reset
#                               invite for an existing account, xmpp:USER@localhost?register;preauth=TOKEN
#   scripts/prosody.sh adduser USER PASSWORD   make an account (invite-only servers refuse open sign-up)
#   scripts/prosody.sh ctl ARGS prosodyctl ARGS for this instance, as the prosody user
#
# Opt-in variants (the default, above, is what the plugin's post-login tests use):
#   PROSODY_TLS=1      STARTTLS required (c2s_require_encryption): a private CA and a certificate
#                      for `localhost` signed by it, made by scripts/test-ca.sh in
#                      $PROSODY_DIR/certs (ca.crt, and wrong-ca.crt, a second CA that signed nothing)
#   PROSODY_INVITES=1  invite-only registration: mod_invites and mod_invites_register (XEP-0445
#                      tokens), registration_invite_only = true, allow_registration = false
#   PROSODY_ADHOC_INVITES=1 (with PROSODY_INVITES=1) invites created by users over XEP-0050 ad-hoc
#                      commands (XEP-0401): mod_adhoc and mod_invites_adhoc, with
#                      admins = { "admin@localhost" } (create-account is admin-only);
#                      PROSODY_USER_INVITES=1 adds allow_user_invites = true (a user's contact
#                      invite also creates an account: ibr=y), =0 writes it false (the default)
#   PROSODY_ADMIN_ADHOC=1 also mod_admin_adhoc (multi-stage admin commands, to record
#                      executing/next/cancel replies)
#
# Virtual host `localhost` with in-band registration (loopback is allowed by default), PLAIN
# without TLS on loopback (node-xmpp-client 3 has no SCRAM), and a MUC component
# `conference.localhost` for room nick registration (XEP-0045 §7.10).
# Prosody's debug log holds passwords: it stays in $PROSODY_DIR, a private temp dir.
set -euo pipefail

PROSODY_PORT="${PROSODY_PORT:-15222}"
PROSODY_DIR="${PROSODY_DIR:-${TMPDIR:-/tmp}/xmpp-ftw-register-prosody-$PROSODY_PORT}"
PIDFILE="$PROSODY_DIR/prosody.pid"
PROSODY_TLS="${PROSODY_TLS:-0}"
PROSODY_INVITES="${PROSODY_INVITES:-0}"
PROSODY_ADHOC_INVITES="${PROSODY_ADHOC_INVITES:-0}"
PROSODY_USER_INVITES="${PROSODY_USER_INVITES:-0}"
PROSODY_ADMIN_ADHOC="${PROSODY_ADMIN_ADHOC:-0}"
CERTS="$PROSODY_DIR/certs"

log() { echo "prosody.sh: $*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    log "need root for: $*"; return 1; fi
}

# shellcheck source=scripts/need.sh
. "$(dirname "$0")/need.sh"

install_prosody() {
  if [ ! -x /usr/bin/prosody ]; then
    need prosody /usr/bin/prosody /usr/bin/prosodyctl
    # The package may start its own system service; this project does not use it.
    as_root service prosody stop >/dev/null 2>&1 || true
  fi
  need lua-sec /usr/share/lua/5.4/ssl.lua
  [ "$PROSODY_TLS" = 1 ] && need openssl /usr/bin/openssl
  return 0
}

running() {
  [ -f "$PIDFILE" ] || return 1
  local pid
  pid=$(cat "$PIDFILE" 2>/dev/null) || return 1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && grep -q prosody "/proc/$pid/cmdline" 2>/dev/null
}

listening() {
  (exec 3<>"/dev/tcp/127.0.0.1/$PROSODY_PORT") 2>/dev/null
}

write_config() {
  mkdir -p "$PROSODY_DIR/data" "$CERTS"
  local modules='"disco"; "roster"; "saslauth"; "register"; "ping"; "time"; "version"'
  local disabled='"s2s"; "tls"; "limits"; "posix"'
  local encryption='c2s_require_encryption = false'
  local registration='allow_registration = true'
  if [ "$PROSODY_TLS" = 1 ]; then
    bash "$(dirname "$0")/test-ca.sh" "$CERTS"
    modules="$modules; \"tls\""
    disabled='"s2s"; "limits"; "posix"'
    encryption="c2s_require_encryption = true
ssl = { certificate = \"$CERTS/localhost.crt\"; key = \"$CERTS/localhost.key\" }"
  fi
  if [ "$PROSODY_INVITES" = 1 ]; then
    modules="$modules; \"invites\"; \"invites_register\""
    registration='allow_registration = false
registration_invite_only = true'
  fi
  local admins='admins = { }'
  if [ "$PROSODY_ADHOC_INVITES" = 1 ] || [ "$PROSODY_ADMIN_ADHOC" = 1 ]; then
    modules="$modules; \"adhoc\""
    admins='admins = { "admin@localhost" }'
  fi
  if [ "$PROSODY_ADHOC_INVITES" = 1 ]; then
    modules="$modules; \"invites_adhoc\""
    if [ "$PROSODY_USER_INVITES" = 1 ]; then
      registration="$registration
allow_user_invites = true"
    else
      registration="$registration
allow_user_invites = false"
    fi
  fi
  [ "$PROSODY_ADMIN_ADHOC" = 1 ] && modules="$modules; \"admin_adhoc\""
  cat > "$PROSODY_DIR/prosody.cfg.lua" <<CFG
-- Written by scripts/prosody.sh for xmpp-ftw-register's tests. Loopback only.
daemonize = false
pidfile = "$PROSODY_DIR/prosody.pid.internal"
data_path = "$PROSODY_DIR/data"
$admins
plugin_paths = { }
modules_enabled = { $modules }
modules_disabled = { $disabled }
interfaces = { "127.0.0.1" }
local_interfaces = { "127.0.0.1" }
c2s_ports = { $PROSODY_PORT }
c2s_interfaces = { "127.0.0.1" }
s2s_ports = { }
http_ports = { }
https_ports = { }
component_ports = { }
authentication = "internal_plain"
$encryption
allow_unencrypted_plain_auth = true
$registration
registration_allowlist = { "127.0.0.1", "::1" }
log = { debug = "$PROSODY_DIR/prosody.log"; error = "$PROSODY_DIR/prosody.err" }

VirtualHost "localhost"

Component "conference.localhost" "muc"
  restrict_room_creation = false
  muc_room_locking = false
CFG
}

start() {
  if running; then log "already running (pid $(cat "$PIDFILE")) on 127.0.0.1:$PROSODY_PORT"; return 0; fi
  if listening; then log "port $PROSODY_PORT is taken by another program; set PROSODY_PORT"; return 1; fi
  install_prosody
  write_config
  chown -R prosody:prosody "$PROSODY_DIR"
  chmod 700 "$PROSODY_DIR"
  # Prosody refuses to run as root: run it as the prosody user (setpriv execs, so $! is Prosody).
  setpriv --reuid=prosody --regid=prosody --init-groups \
    prosody --config "$PROSODY_DIR/prosody.cfg.lua" >"$PROSODY_DIR/stdout.log" 2>&1 </dev/null &
  echo $! > "$PIDFILE"
  for _ in $(seq 1 100); do
    if listening; then log "started (pid $(cat "$PIDFILE")) on 127.0.0.1:$PROSODY_PORT"; return 0; fi
    if ! running; then break; fi
    sleep 0.1
  done
  log "Prosody did not start; its output:"
  tail -20 "$PROSODY_DIR/stdout.log" "$PROSODY_DIR/prosody.err" >&2 2>/dev/null || true
  stop || true
  return 1
}

stop() {
  if ! running; then rm -f "$PIDFILE"; log "not running"; return 0; fi
  local pid
  pid=$(bash "$(dirname "$0")/stop-pid.sh" "$PIDFILE" 5)
  log "stopped (pid $pid)"
}

# prosodyctl as the prosody user against this instance's config and data (it talks to the
# files of the running server).
ctl() {
  running || { log "not running"; return 1; }
  setpriv --reuid=prosody --regid=prosody --init-groups \
    prosodyctl --config "$PROSODY_DIR/prosody.cfg.lua" "$@"
}

# The xmpp: URI of `mod_invites generate localhost ARGS…`.
generate() {
  [ "$PROSODY_INVITES" = 1 ] || { log "invites need PROSODY_INVITES=1"; return 1; }
  ctl mod_invites generate localhost "$@" 2>/dev/null | grep -o 'xmpp:[^[:space:]]*' | tail -1
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if running; then log "running (pid $(cat "$PIDFILE")) on 127.0.0.1:$PROSODY_PORT"; else exit 1; fi ;;
  env) echo "PROSODY_PORT=$PROSODY_PORT"; echo "PROSODY_DIR=$PROSODY_DIR"
       if [ "$PROSODY_TLS" = 1 ]; then echo "PROSODY_CA=$CERTS/ca.crt"; echo "PROSODY_WRONG_CA=$CERTS/wrong-ca.crt"; fi ;;
  invite) generate ;;
  reset) generate --reset "${2:?usage: $0 reset USERNAME}" ;;
  # adduser USER PASSWORD: an account made by prosodyctl (invite-only servers refuse open sign-up)
  adduser) ctl register "${2:?usage: $0 adduser USER PASSWORD}" localhost "${3:?usage: $0 adduser USER PASSWORD}" ;;
  ctl) shift; ctl "$@" ;;
  *) echo "usage: $0 start|stop|status|env|invite|reset USER|adduser USER PASSWORD|ctl ARGS" >&2; exit 2 ;;
esac
