#!/usr/bin/env bash
# Authorization check (budget 1 of bench/README.md): permission checks per second, ours against
# casbin-rs enforce on an equivalent RBAC-with-domains model, in one release-built run
# (benches/permission_check.rs). Budget: ours at least 50 times faster.
source "$(dirname "$0")/common.sh"
# With the server's features: the check runs there, and the library has no build without either side's
# (its islands name the browser's types, which only the ssr and hydrate features bring in).
# A failed build says why (its errors were once hidden with the rest of stderr, and the script just stopped).
if ! cargo bench --quiet --features ssr --bench permission_check > "$scratch/checks" 2> "$scratch/errors"; then
  cat "$scratch/errors" >&2
  exit 1
fi
cat "$scratch/checks"
echo
budget "permission check, ours / casbin enforce" \
  "$(awk '/^ratio:/ { sub("x", "", $2); print $2 }' "$scratch/checks")" ">=" 50 x
finish
