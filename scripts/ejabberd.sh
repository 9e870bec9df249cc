#!/usr/bin/env bash
# A private ejabberd for this project's integration tests (the second real server, beside
# scripts/prosody.sh).
#
#   scripts/ejabberd.sh start    install ejabberd if missing (apt-get), write ejabberd.yml and
#                                ejabberdctl.cfg, spool and log dirs under $EJABBERD_DIR, start it
#                                as the ejabberd user on 127.0.0.1:$EJABBERD_PORT and wait until
#                                it accepts connections
#   scripts/ejabberd.sh stop     stop the ejabberd this script started (and only that one): SIGTERM
#                                to the Erlang VM's recorded PID (ejabberd stops cleanly), KILL
#                                if it is still there after 10 s
#   scripts/ejabberd.sh status   exit 0 if it is running
#   scripts/ejabberd.sh env      print EJABBERD_PORT and EJABBERD_DIR (and EJABBERD_CA,
#                                EJABBERD_WRONG_CA with EJABBERD_TLS=1; EJABBERD_CAPTCHA_TEXT
#                                and EJABBERD_CAPTCHA_PNG with EJABBERD_CAPTCHA=1) as shell
#                                assignments
#
# Opt-in variant (the default, below, is what the plugin's post-login tests use):
#   EJABBERD_TLS=1     STARTTLS required on the c2s listener (starttls_required): a private CA
#                      and a certificate for `localhost` signed by it, made by scripts/test-ca.sh
#                      in $EJABBERD_DIR/certs (ca.crt, and wrong-ca.crt, a second CA that signed
#                      nothing), given to ejabberd as `certfiles`
#   EJABBERD_CAPTCHA=1 CAPTCHA-protected registration (XEP-0158): mod_register with
#                      `captcha_protected: true` and `ip_access: all`; `captcha_cmd` is a wrapper
#                      written to $EJABBERD_DIR/captcha.sh that runs Debian's
#                      /usr/share/ejabberd/captcha.sh (ImageMagick's convert: PATH=/usr/bin:/bin)
#                      and keeps the text ejabberd asked it to draw and the PNG it produced as
#                      $EJABBERD_DIR/captcha/last.txt and last.png (replaced whole, each image),
#                      so tests can answer the challenge and compare the image bytes.
#                      Combines with EJABBERD_TLS=1.
#
# Virtual host `localhost` with open in-band registration from loopback (and
# `registration_timeout: infinity`: the default allows one sign-up per IP per 600 s), PLAIN
# without TLS on loopback (node-xmpp-client 3 has no SCRAM), and `mod_muc` on
# `conference.localhost`. No other listener: no HTTP, no s2s, no epmd. ERL_DIST_PORT in the
# private ejabberdctl.cfg makes ejabberdctl start Erlang with `-start_epmd false`; the node
# listens for ejabberdctl on that port (EJABBERD_PORT + 10000, or - 10000 above 55535, unless
# EJABBERD_DIST_PORT is set), on 127.0.0.1 only, with its own node name, so instances on
# different ports coexist.
set -euo pipefail

EJABBERD_PORT="${EJABBERD_PORT:-15322}"
EJABBERD_DIR="${EJABBERD_DIR:-${TMPDIR:-/tmp}/xmpp-ftw-register-ejabberd-$EJABBERD_PORT}"
EJABBERD_DIST_PORT="${EJABBERD_DIST_PORT:-$((EJABBERD_PORT + 10000 > 65535 ? EJABBERD_PORT - 10000 : EJABBERD_PORT + 10000))}"
PIDFILE="$EJABBERD_DIR/ejabberd.pid"
EJABBERD_TLS="${EJABBERD_TLS:-0}"
EJABBERD_CAPTCHA="${EJABBERD_CAPTCHA:-0}"
CAPTCHA_DIR="$EJABBERD_DIR/captcha"
CERTS="$EJABBERD_DIR/certs"
NODE="ejabberd$EJABBERD_PORT@localhost"
EJABBERDCTL=/usr/sbin/ejabberdctl

log() { echo "ejabberd.sh: $*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    log "need root for: $*"; return 1; fi
}

# shellcheck source=scripts/need.sh
. "$(dirname "$0")/need.sh"

install_ejabberd() {
  if [ ! -x "$EJABBERDCTL" ]; then
    need ejabberd "$EJABBERDCTL" /usr/share/ejabberd/captcha.sh
    # The package starts its own system service (and epmd); this project does not use them.
    as_root service ejabberd stop >/dev/null 2>&1 || true
    as_root epmd -kill >/dev/null 2>&1 || true
  fi
  [ "$EJABBERD_TLS" = 1 ] && need openssl /usr/bin/openssl
  if [ "$EJABBERD_CAPTCHA" = 1 ]; then
    # /usr/bin/convert, not the PATH's: the CAPTCHA script runs with PATH=/usr/bin:/bin.
    need imagemagick /usr/bin/convert
    need fonts-dejavu-core /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
    check_captcha_command
  fi
  return 0
}

# The CAPTCHA server is useless if Debian's captcha.sh cannot draw: draw one image as ejabberd
# would and fail now, naming the packages, rather than start a server whose every sign-up fails.
check_captcha_command() {
  local out
  out=$(mktemp)
  if ! PATH=/usr/bin:/bin /usr/share/ejabberd/captcha.sh 12345 >"$out" 2>"$out.err" \
      || [ "$(head -c 4 "$out" | od -An -c | tr -d ' ')" != "211PNG" ]; then
    log "the CAPTCHA image command (/usr/share/ejabberd/captcha.sh) drew no PNG:"
    head -n 3 "$out.err" >&2 || true
    log "it needs the Debian packages imagemagick and fonts-dejavu-core"
    rm -f "$out" "$out.err"
    exit 1
  fi
  rm -f "$out" "$out.err"
}

running() {
  [ -f "$PIDFILE" ] || return 1
  local pid
  pid=$(cat "$PIDFILE" 2>/dev/null) || return 1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && grep -qa "$NODE" "/proc/$pid/cmdline" 2>/dev/null
}

listening() {
  (exec 3<>"/dev/tcp/127.0.0.1/$EJABBERD_PORT") 2>/dev/null
}

# ejabberdctl as the ejabberd user (it refuses other users and would `su` from root), with
# this instance's files only; HOME keeps the Erlang cookie private to this instance.
ctl() {
  local user=()
  [ "$(id -u)" -eq 0 ] && user=(setpriv --reuid=ejabberd --regid=ejabberd --init-groups)
  (cd "$EJABBERD_DIR" && HOME="$EJABBERD_DIR" "${user[@]}" "$EJABBERDCTL" \
    --config-dir "$EJABBERD_DIR" --ctl-config "$EJABBERD_DIR/ejabberdctl.cfg" \
    --config "$EJABBERD_DIR/ejabberd.yml" --logs "$EJABBERD_DIR/log" --spool "$EJABBERD_DIR/spool" \
    --node "$NODE" "$@")
}

write_config() {
  mkdir -p "$EJABBERD_DIR/spool" "$EJABBERD_DIR/log"
  local starttls='starttls: false
    starttls_required: false'
  local certfiles=''
  if [ "$EJABBERD_TLS" = 1 ]; then
    bash "$(dirname "$0")/test-ca.sh" "$CERTS"
    starttls='starttls: true
    starttls_required: true'
    certfiles="ca_file: $CERTS/ca.crt
certfiles:
  - $CERTS/localhost.crt
  - $CERTS/localhost.key"
  fi
  local captcha="" captcha_global="" register_ip=register_from
  if [ "$EJABBERD_CAPTCHA" = 1 ]; then
    write_captcha_wrapper
    register_ip=all
    captcha="captcha_protected: true"
    captcha_global="captcha_cmd: $EJABBERD_DIR/captcha.sh
captcha_url: http://127.0.0.1:$EJABBERD_PORT/captcha"
  fi
  cat > "$EJABBERD_DIR/ejabberdctl.cfg" <<CFG
# Written by scripts/ejabberd.sh for xmpp-ftw-register's tests. Loopback only, no epmd.
ERL_DIST_PORT=$EJABBERD_DIST_PORT
ERL_OPTIONS="-env ERL_CRASH_DUMP_BYTES 0 -kernel inet_dist_use_interface {127,0,0,1}"
EJABBERD_PID_PATH=$EJABBERD_DIR/ejabberd.pid.internal
EJABBERD_BYPASS_WARNINGS=true
CFG
  cp /etc/ejabberd/inetrc "$EJABBERD_DIR/inetrc" 2>/dev/null || true
  cat > "$EJABBERD_DIR/ejabberd.yml" <<CFG
# Written by scripts/ejabberd.sh for xmpp-ftw-register's tests. Loopback only.
loglevel: info
log_rotate_count: 0
hosts:
  - localhost
listen:
  -
    port: $EJABBERD_PORT
    ip: "127.0.0.1"
    module: ejabberd_c2s
    max_stanza_size: 262144
    access: c2s
    $starttls
$certfiles
auth_method: internal
auth_password_format: plain
disable_sasl_mechanisms:
  - "digest-md5"
  - "X-OAUTH2"
s2s_access: none
registration_timeout: infinity
${captcha_global:-}
acl:
  loopback:
    ip:
      - 127.0.0.0/8
      - ::1/128
access_rules:
  c2s:
    allow: all
  s2s:
    deny: all
  register:
    allow: all
  register_from:
    allow: loopback
  muc_create:
    allow: all
shaper_rules:
  max_user_sessions: 10
modules:
  mod_disco: {}
  mod_roster: {}
  mod_ping: {}
  mod_time: {}
  mod_version:
    show_os: false
  mod_register:
    access: register
    ip_access: $register_ip
    welcome_message: {}
    $captcha
  mod_muc:
    host: conference.localhost
    access: all
    access_create: muc_create
    access_register: all
CFG
}

# ejabberd runs captcha_cmd with the text to draw as its one argument and reads the image
# from its standard output.
write_captcha_wrapper() {
  mkdir -p "$CAPTCHA_DIR"
  cat > "$EJABBERD_DIR/captcha.sh" <<'WRAP'
#!/bin/bash
# Written by scripts/ejabberd.sh: records the CAPTCHA text and image for the tests.
set -euo pipefail
dir="$(dirname "$0")/captcha"
tmp=$(mktemp "$dir/draw.XXXXXX")
PATH=/usr/bin:/bin /usr/share/ejabberd/captcha.sh "$1" > "$tmp"
printf '%s' "$1" > "$tmp.txt"
mv -f "$tmp.txt" "$dir/last.txt"
cp "$tmp" "$tmp.png"
mv -f "$tmp.png" "$dir/last.png"
cat "$tmp"
rm -f "$tmp"
WRAP
  chmod 755 "$EJABBERD_DIR/captcha.sh"
  rm -f "$CAPTCHA_DIR"/last.*
}

start() {
  if running; then log "already running (pid $(cat "$PIDFILE")) on 127.0.0.1:$EJABBERD_PORT"; return 0; fi
  if listening; then log "port $EJABBERD_PORT is taken by another program; set EJABBERD_PORT"; return 1; fi
  install_ejabberd
  write_config
  rm -f "$EJABBERD_DIR/ejabberd.pid.internal"
  [ "$(id -u)" -eq 0 ] && chown -R ejabberd:ejabberd "$EJABBERD_DIR"
  chmod 700 "$EJABBERD_DIR"
  ctl foreground >"$EJABBERD_DIR/stdout.log" 2>&1 </dev/null &
  local launcher=$!
  # ejabberdctl runs Erlang as its child; ejabberd writes the Erlang VM's PID once it is up.
  for _ in $(seq 1 300); do
    if [ -s "$EJABBERD_DIR/ejabberd.pid.internal" ] && [ ! -f "$PIDFILE" ]; then
      cp "$EJABBERD_DIR/ejabberd.pid.internal" "$PIDFILE"
    fi
    if running && listening; then log "started (pid $(cat "$PIDFILE")) on 127.0.0.1:$EJABBERD_PORT"; return 0; fi
    if ! kill -0 "$launcher" 2>/dev/null; then break; fi
    sleep 0.1
  done
  log "ejabberd did not start; its output:"
  tail -20 "$EJABBERD_DIR/stdout.log" "$EJABBERD_DIR/log/error.log" >&2 2>/dev/null || true
  stop || true
  kill "$launcher" 2>/dev/null || true
  return 1
}

stop() {
  if ! running; then rm -f "$PIDFILE"; log "not running"; return 0; fi
  # SIGTERM makes the Erlang VM stop ejabberd cleanly (init:stop), faster than `ejabberdctl stop`.
  local pid
  pid=$(bash "$(dirname "$0")/stop-pid.sh" "$PIDFILE" 10)
  log "stopped (pid $pid)"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if running; then log "running (pid $(cat "$PIDFILE")) on 127.0.0.1:$EJABBERD_PORT"; else exit 1; fi ;;
  env) echo "EJABBERD_PORT=$EJABBERD_PORT"; echo "EJABBERD_DIR=$EJABBERD_DIR"
       if [ "$EJABBERD_TLS" = 1 ]; then echo "EJABBERD_CA=$CERTS/ca.crt"; echo "EJABBERD_WRONG_CA=$CERTS/wrong-ca.crt"; fi
       if [ "$EJABBERD_CAPTCHA" = 1 ]; then echo "EJABBERD_CAPTCHA_TEXT=$CAPTCHA_DIR/last.txt"; echo "EJABBERD_CAPTCHA_PNG=$CAPTCHA_DIR/last.png"; fi ;;
  *) echo "usage: $0 start|stop|status|env" >&2; exit 2 ;;
esac
