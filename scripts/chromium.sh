#!/usr/bin/env bash
# Installs Debian's Chromium (for the browser test) when /usr/bin/chromium is missing.
# No browser is downloaded by npm: playwright-core drives this one.
set -euo pipefail
# shellcheck source=scripts/need.sh
. "$(dirname "$0")/need.sh"
need chromium /usr/bin/chromium
