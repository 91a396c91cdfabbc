#!/bin/sh
# Run by `npm test` before the tests: the browser tests drive Debian's chromium at /usr/bin/chromium
# (test/widget/browser.ts). When it is missing, install it from Debian's packages with apt-get
# (as root); no browser is ever downloaded from anywhere else.
# BILLPAY_CHROMIUM only moves the path checked, for this script's own test.
set -eu
. "$(dirname "$0")/apt-install.sh"

chromium="${BILLPAY_CHROMIUM:-/usr/bin/chromium}"
[ -x "$chromium" ] && exit 0

apt_install ensure-chromium chromium "$chromium is missing"
if [ ! -x "$chromium" ]; then
  echo "ensure-chromium: apt-get installed chromium, but $chromium is still missing." >&2
  exit 1
fi
