# Sourced by the scripts that start test servers and browsers: installs the Debian packages a
# script needs when they are missing, or stops it at once naming the package.
#
#   . "$(dirname "$0")/need.sh"
#   need PACKAGE PATH [PATH ...]   install PACKAGE with apt-get unless every PATH exists; after
#                                  installing, every PATH must exist
#
# Every package the project's scripts install (the README's test section lists them):
#   prosody, lua-sec       scripts/prosody.sh (lua-sec: STARTTLS in the TLS variants)
#   ejabberd               scripts/ejabberd.sh
#   imagemagick, fonts-dejavu-core
#                          scripts/ejabberd.sh with EJABBERD_CAPTCHA=1 (Debian's captcha.sh draws
#                          with ImageMagick's convert and the default font)
#   openssl                scripts/test-ca.sh (the TLS variants' private CA)
#   chromium               scripts/chromium.sh (browser tests, example screenshots)
#   redis-server           scripts/redis.sh (shared sign-up limits)
# `apt-get update` runs once per process, before the first install; both wait up to 600 s for
# another apt or dpkg to finish (DPkg::Lock::Timeout).

NEED_APT_UPDATED="${NEED_APT_UPDATED:-0}"

need_as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "need.sh: root is needed to run: $*" >&2; return 1; fi
}

need() {
  local package="$1"; shift
  local path missing=0
  for path in "$@"; do [ -e "$path" ] || missing=1; done
  [ "$missing" = 1 ] || return 0
  echo "need.sh: installing Debian's $package with apt-get" >&2
  if [ "$NEED_APT_UPDATED" != 1 ]; then
    need_as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update -qq >/dev/null 2>&1 || true
    NEED_APT_UPDATED=1
  fi
  if ! need_as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq "$package" \
      >/dev/null 2>"${TMPDIR:-/tmp}/need-$package.log"; then
    echo "need.sh: could not install the Debian package '$package' (apt-get install $package):" >&2
    tail -n 5 "${TMPDIR:-/tmp}/need-$package.log" >&2 || true
    exit 1
  fi
  for path in "$@"; do
    if [ ! -e "$path" ]; then
      echo "need.sh: the Debian package '$package' is installed but $path is missing" >&2
      exit 1
    fi
  done
}
