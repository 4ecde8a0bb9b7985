#!/usr/bin/env bash
# Permission checks per second: ours against casbin-rs on an equivalent RBAC-with-domains model,
# in one release-built run (see benches/permission_check.rs). Prints the numbers.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/switchboard/target}"
cargo bench --quiet --bench permission_check 2>/dev/null
