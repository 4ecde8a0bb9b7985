#!/usr/bin/env bash
# Page weight and Lighthouse (budgets 4 and 5 of bench/README.md) on the release build, SQLite:
# the log-in page, the Users page and a client user's switch tree, as the demo Owner.
source "$(dirname "$0")/common.sh"
bench_tools
release_build
url=$(new_database sqlite)
seed "$url"
start_server "$url"
cookie=$(log_in "$port" "$OWNER")
# Globex's client user Cleo, whose switch tree the Owner manages.
ids=$(curl -fs -H 'accept: application/json' -H "cookie: $cookie" \
  "http://127.0.0.1:$port/api/client_users?search=cleo&after=" |
  python3 -c 'import json, sys; u = json.load(sys.stdin)["items"][0]; print(u["accounts"][0]["id"], u["user_id"])')
tree="/clients/${ids% *}/users/${ids#* }/permissions"
node bench/pages.mjs "http://127.0.0.1:$port" "$cookie" /users "$tree" > "$scratch/pages"

echo
echo "First load from an empty cache, compressed as served (release build):"
while IFS=$'\t' read -r _ path bytes requests detail; do
  kb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1000 }')
  # Budget 4 weighs the log-in page and the Users page; the switch tree is there for Lighthouse.
  if [ "$path" = "$tree" ]; then
    figure "page weight switch tree ($requests requests: $detail)" "$kb" KB
  else
    budget "page weight $path ($requests requests: $detail)" "$kb" "<=" 250 KB
  fi
done < <(grep '^weight' "$scratch/pages")
while IFS=$'\t' read -r _ path files brotli immutable; do
  [ "$path" = "$tree" ] && path="switch tree"
  budget "$path: files under /pkg not sent as brotli (of $files)" "$((files - brotli))" "<=" 0
  budget "$path: files under /pkg without a year's immutable caching (of $files)" "$((files - immutable))" "<=" 0
done < <(grep '^package' "$scratch/pages")
echo "Hydration, CPU unthrottled (what Lighthouse's blocking time is made of):"
while IFS=$'\t' read -r _ path functions compiling longest; do
  [ "$path" = "$tree" ] && path="switch tree"
  figure "$path: WASM functions compiled on first call" "$functions"
  figure "$path: time compiling them" "$compiling" ms
  figure "$path: longest main-thread task running WASM" "$longest" ms
done < <(grep '^hydration' "$scratch/pages")
echo "Lighthouse $(bench/node_modules/.bin/lighthouse --version) on Chromium $(/usr/bin/chromium --version 2>/dev/null | awk '{ print $2 }'):"
while IFS=$'\t' read -r _ path preset performance accessibility practices failing; do
  [ "$path" = "$tree" ] && path="switch tree"
  [ -n "$failing" ] && echo "  $path ($preset) audits below 0.9: $failing"
  budget "Lighthouse $path ($preset) performance" "$performance" ">=" 95
  budget "Lighthouse $path ($preset) accessibility" "$accessibility" ">=" 100
  budget "Lighthouse $path ($preset) best practices" "$practices" ">=" 95
done < <(grep '^lighthouse' "$scratch/pages")
finish
