#!/usr/bin/env bash
# Installs Debian's systemd when it is missing: the cluster suite boots it in a sandbox of its own
# (test/cluster/systemd-sandbox.sh) to run the units of deploy/systemd, and checks them with
# `systemd-analyze verify`. Also util-linux's unshare and nsenter, curl for the units' probes and
# useradd for the sandbox's user `placement`.
set -euo pipefail
missing=()
[ -x /usr/lib/systemd/systemd ] && command -v systemd-analyze >/dev/null || missing+=(systemd)
command -v unshare >/dev/null && command -v nsenter >/dev/null || missing+=(util-linux)
command -v curl >/dev/null || missing+=(curl)
command -v useradd >/dev/null || missing+=(passwd)
if [ ${#missing[@]} -gt 0 ]; then
  bash "$(dirname "$0")/apt-install.sh" "the supervision test (systemd)" "${missing[@]}"
fi
