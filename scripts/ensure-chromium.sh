#!/usr/bin/env bash
# Installs Debian's chromium when /usr/bin/chromium is missing: the web app's browser tests drive it
# with playwright-core (`npx playwright install` cannot download a browser here). Used by `npm test`.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
bash "$(dirname "$0")/apt-install.sh" "the browser tests" chromium
echo "chromium installed: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
