#!/usr/bin/env bash
# Authorization check (budget 1 of bench/README.md): permission checks per second, ours against
# casbin-rs enforce on an equivalent RBAC-with-domains model, in one release-built run
# (benches/permission_check.rs). Budget: ours at least 50 times faster.
source "$(dirname "$0")/common.sh"
# With the server's features: the check runs there, and the library has no build without either side's
# (its islands name the browser's types, which only the ssr and hydrate features bring in).
cargo bench --quiet --features ssr --bench permission_check 2>/dev/null | tee "$scratch/checks"
echo
budget "permission check, ours / casbin enforce" \
  "$(awk '/^ratio:/ { sub("x", "", $2); print $2 }' "$scratch/checks")" ">=" 50 x
finish
