#!/usr/bin/env bash
# Installs Debian's Chromium (for the browser test) when /usr/bin/chromium is missing.
# No browser is downloaded by npm: playwright-core drives this one.
set -euo pipefail
[ -x /usr/bin/chromium ] && exit 0
echo "chromium.sh: installing Debian's chromium with apt-get" >&2
run() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
run env DEBIAN_FRONTEND=noninteractive apt-get update -qq
run env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
