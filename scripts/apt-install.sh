#!/usr/bin/env bash
# apt-install.sh WHY PACKAGE...: installs Debian's PACKAGEs with apt-get (through sudo when not
# root), saying WHY. Used by the ensure-*.sh scripts for what a test run needs from the machine.
set -euo pipefail
why=$1
shift
if ! command -v apt-get >/dev/null; then
  echo "missing: $*, and there is no apt-get: install Debian's $* ($why)" >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" != "0" ]; then sudo="sudo"; fi
echo "Installing $* for $why (apt-get; takes a minute or two)..."
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "$@"
