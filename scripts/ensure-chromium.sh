#!/usr/bin/env bash
# Installs Debian's chromium when /usr/bin/chromium is missing: the web app's browser tests drive it
# with playwright-core (`npx playwright install` cannot download a browser here). Used by `npm test`.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null; then
  echo "chromium is missing and there is no apt-get: install Debian's chromium package (/usr/bin/chromium)" >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" != "0" ]; then sudo="sudo"; fi
echo "Installing chromium for the browser tests (apt-get; takes a minute or two)..."
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends chromium
echo "chromium installed: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
