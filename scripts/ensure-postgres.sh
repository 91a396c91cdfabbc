#!/bin/sh
# Run by `npm test` before the tests: the PostgreSQL tests start a throwaway cluster of their own
# with Debian's initdb and pg_ctl (test/helpers/pg-cluster.ts; never Debian's default cluster).
# When they are missing, install Debian's `postgresql` with apt-get (as root).
# With --print-bindir, prints the folder of initdb and pg_ctl once they are there (the test helper
# asks this way, so both find the binaries alike); every message goes to stderr.
# BILLPAY_PG_CONFIG only moves the pg_config asked, for this script's own test.
set -eu
. "$(dirname "$0")/apt-install.sh"

pg_config="${BILLPAY_PG_CONFIG:-pg_config}"

# The folder of initdb and pg_ctl, or nothing. Debian's pg_config (postgresql-common) names the
# newest installed server's; libpq-dev's alone names /usr/bin, which holds no initdb.
server_bindir() {
  bindir="$("$pg_config" --bindir 2>/dev/null)" || return 0
  if [ -x "$bindir/initdb" ] && [ -x "$bindir/pg_ctl" ]; then echo "$bindir"; fi
}

bindir="$(server_bindir)"
if [ -z "$bindir" ]; then
  apt_install ensure-postgres postgresql "PostgreSQL's initdb and pg_ctl are missing (pg_config --bindir names none)"
  bindir="$(server_bindir)"
  if [ -z "$bindir" ]; then
    echo "ensure-postgres: apt-get installed postgresql, but pg_config --bindir still names no initdb and pg_ctl." >&2
    exit 1
  fi
fi

if [ "${1:-}" = --print-bindir ]; then echo "$bindir"; fi
