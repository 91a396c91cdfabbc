# Sourced by the ensure-*.sh scripts that `npm test` runs first.
# apt_install NAME PACKAGE MISSING: installs Debian's PACKAGE with apt-get when run as root;
# otherwise says what to run and exits 1. NAME starts each message, MISSING says what is missing.
# Every message goes to stderr (ensure-postgres.sh --print-bindir keeps stdout for its answer).
apt_install() {
  manual="apt-get update && apt-get install -y $2"
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "$1: $3, and there is no apt-get to install Debian's $2." >&2
    echo "Install $2 yourself, then run npm test again." >&2
    exit 1
  fi
  if [ "$(id -u)" != 0 ]; then
    echo "$1: $3; installing Debian's $2 needs root." >&2
    echo "Run as root: $manual (or run npm test as root), then npm test again." >&2
    exit 1
  fi
  echo "$1: $3; installing Debian's $2 ($manual)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq "$2" >/dev/null
}
