# Sourced, first, by every npm script and by .ci/run (`. scripts/use-node.sh && ...`; POSIX sh, from
# the project's root): puts the pinned Node.js (scripts/install-node.sh installs it once) first on
# PATH, so the rest of the script and every process it starts, `node` and the `#!/usr/bin/env node`
# of npm, npx, jest, vitest, tsc and vite alike, run on it. In a shell of your own, the same line
# makes `npx jest ...` run on it too. Fails, and so stops the script, when the runtime is missing.
node_runtime_bin=$(bash scripts/install-node.sh) && PATH="$node_runtime_bin:$PATH" && export PATH
