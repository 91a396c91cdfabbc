#!/bin/sh
# Run by `npm test` before the tests: the browser tests drive Debian's chromium at /usr/bin/chromium
# (test/widget/browser.ts). When it is missing, install it from Debian's packages with apt-get
# (as root); no browser is ever downloaded from anywhere else.
# BILLPAY_CHROMIUM only moves the path checked, for this script's own test.
set -eu

chromium="${BILLPAY_CHROMIUM:-/usr/bin/chromium}"
[ -x "$chromium" ] && exit 0

manual="apt-get update && apt-get install -y chromium"
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: $chromium is missing, and there is no apt-get to install Debian's chromium." >&2
  echo "The browser tests need Chromium at $chromium; install it, then run npm test again." >&2
  exit 1
fi
if [ "$(id -u)" != 0 ]; then
  echo "ensure-chromium: $chromium is missing; installing Debian's chromium needs root." >&2
  echo "Run as root: $manual (or run npm test as root), then npm test again." >&2
  exit 1
fi

echo "ensure-chromium: $chromium is missing; installing Debian's chromium ($manual)"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium >/dev/null
if [ ! -x "$chromium" ]; then
  echo "ensure-chromium: apt-get installed chromium, but $chromium is still missing." >&2
  exit 1
fi
