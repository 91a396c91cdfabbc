#!/bin/sh
# Run by `npm test` before the tests: the PostgreSQL tests start a throwaway cluster of their own
# with Debian's initdb and pg_ctl (test/helpers/pg-cluster.ts; never Debian's default cluster).
# When they are missing, install Debian's `postgresql` with apt-get (as root).
# With --print-bindir, prints the folder of initdb and pg_ctl once they are there (the test helper
# asks this way, so both find the binaries alike); every message goes to stderr.
# BILLPAY_PG_CONFIG only moves the pg_config asked, for this script's own test.
set -eu

pg_config="${BILLPAY_PG_CONFIG:-pg_config}"

# The folder of initdb and pg_ctl, or nothing. Debian's pg_config (postgresql-common) names the
# newest installed server's; libpq-dev's alone names /usr/bin, which holds no initdb.
server_bindir() {
  bindir="$("$pg_config" --bindir 2>/dev/null)" || return 0
  if [ -x "$bindir/initdb" ] && [ -x "$bindir/pg_ctl" ]; then echo "$bindir"; fi
}

bindir="$(server_bindir)"
if [ -z "$bindir" ]; then
  manual="apt-get update && apt-get install -y postgresql"
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure-postgres: PostgreSQL's initdb and pg_ctl are missing, and there is no apt-get to install Debian's postgresql." >&2
    echo "The PostgreSQL tests need them (found through pg_config --bindir); install PostgreSQL, then run npm test again." >&2
    exit 1
  fi
  if [ "$(id -u)" != 0 ]; then
    echo "ensure-postgres: PostgreSQL's initdb and pg_ctl are missing; installing Debian's postgresql needs root." >&2
    echo "Run as root: $manual (or run npm test as root), then npm test again." >&2
    exit 1
  fi
  echo "ensure-postgres: PostgreSQL's initdb and pg_ctl are missing; installing Debian's postgresql ($manual)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >/dev/null
  bindir="$(server_bindir)"
  if [ -z "$bindir" ]; then
    echo "ensure-postgres: apt-get installed postgresql, but pg_config --bindir still names no initdb and pg_ctl." >&2
    exit 1
  fi
fi

if [ "${1:-}" = --print-bindir ]; then echo "$bindir"; fi
