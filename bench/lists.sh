#!/usr/bin/env bash
# Server time of the client-account list at size: a demo agency with 10,000 extra client accounts and
# 100,000 extra client users, then the first page and a search, each timed over HTTP (median of 50).
# Usage: bench/lists.sh [sqlite|postgres] [BINARY]
#   postgres uses a throw-away database on $BENCH_POSTGRES (default postgres://postgres@127.0.0.1:5432).
set -euo pipefail
cd "$(dirname "$0")/.."
backend="${1:-sqlite}"
target="${CARGO_TARGET_DIR:-$HOME/.cache/switchboard/target}"
binary="${2:-}"
if [ -z "$binary" ]; then
  if [ -x "$target/release/switchboard" ]; then binary="$target/release/switchboard"; else binary="$target/debug/switchboard"; fi
fi
accounts="${BENCH_ACCOUNTS:-10000}"
users="${BENCH_USERS:-100000}"
dir=$(mktemp -d)
case "$backend" in
  sqlite) url="sqlite://$dir/bench.db" ;;
  postgres)
    server="${BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432}"
    name="switchboard_bench_$$"
    psql "$server/postgres" -qc "CREATE DATABASE $name"
    url="$server/$name" ;;
  *) echo "usage: $0 [sqlite|postgres] [BINARY]" >&2; exit 2 ;;
esac
cleanup() {
  kill "${pid:-}" 2>/dev/null || true
  wait "${pid:-}" 2>/dev/null || true
  [ "$backend" = postgres ] && psql "$server/postgres" -qc "DROP DATABASE IF EXISTS $name WITH (FORCE)"
  rm -rf "$dir"
}
trap cleanup EXIT

start=$(date +%s)
RUST_LOG=warn "$binary" --database-url "$url" demo --password 'bench password 1' --accounts "$accounts" --users "$users" >/dev/null
echo "seeded $accounts accounts and $users users on $backend in $(( $(date +%s) - start )) s"

port=$((20000 + RANDOM % 10000))
RUST_LOG=warn "$binary" --site-addr "127.0.0.1:$port" --database-url "$url" & pid=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
api="http://127.0.0.1:$port/api"
headers=(-H 'accept: application/json' -H "origin: http://127.0.0.1:$port")
curl -fs -o /dev/null -c "$dir/cookies" "${headers[@]}" \
  --data 'email=owner@northwind.test&password=bench+password+1' "$api/log_in"

measure() { # label, form
  for _ in $(seq "${BENCH_RUNS:-50}"); do
    curl -fs -o /dev/null -b "$dir/cookies" -w '%{time_total}\n' "${headers[@]}" --data "$2" "$api/client_accounts"
  done | awk '{ printf "%.2f\n", $1 * 1000 }' | sort -n | awk -v label="$1" '
    { a[NR] = $1 } END { printf "%-28s median %s ms (min %s, max %s, n=%d)\n", label, a[int((NR + 1) / 2)], a[1], a[NR], NR }'
}
measure "first page (50 of $accounts)" 'search=&archived=false&after='
measure "search \"client 0999\"" 'search=client+0999&archived=false&after='
measure "search, no match" 'search=zzz&archived=false&after='
