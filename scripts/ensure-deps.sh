#!/usr/bin/env bash
# Installs the npm packages when node_modules is missing or older than package-lock.json.
# Used by `npm start` and `npm test`, so both work on a fresh clone.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=node_modules/.placement-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "Installing npm packages from package-lock.json..."
  # `npm install` rather than `npm ci`: it installs the locked versions just the same, but
  # tolerates other platforms' optional binaries that the registry mirror does not serve.
  npm install --no-audit --no-fund --loglevel=error
  sha256sum package-lock.json | cut -d" " -f1 > "$stamp"
fi
