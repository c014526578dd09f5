#!/usr/bin/env bash
# Runs the whole test suite a second time on Node 24 LTS. The machine's Node is 20; Node 24
# comes from the npm registry's `node` package, cached under .cache/node24.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=.cache/node24
bin="$dir/node_modules/node/bin"
if [ ! -x "$bin/node" ] || ! "$bin/node" --version | grep -q '^v24\.'; then
  rm -rf "$dir"
  mkdir -p "$dir"
  npm install --prefix "$dir" --no-save --no-audit --no-fund --loglevel=error node@24 >/dev/null
fi
echo "Running the test suite on $("$bin/node" --version)"
PATH="$(pwd)/$bin:$PATH" node ./node_modules/vitest/vitest.mjs run "$@"
