#!/usr/bin/env bash
# Time of one log-in (argon2id verify + session write), end to end over HTTP on loopback.
# Usage: bench/login.sh [BINARY] [COUNT]  (default: the release build if present, else debug; 30)
# Prints each run's milliseconds sorted, then the median. Uses a throw-away SQLite database.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-$HOME/.cache/switchboard/target}"
binary="${1:-}"
if [ -z "$binary" ]; then
  if [ -x "$target/release/switchboard" ]; then binary="$target/release/switchboard"; else binary="$target/debug/switchboard"; fi
fi
count="${2:-30}"
port=$((20000 + RANDOM % 10000))
dir=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$dir"' EXIT
RUST_LOG=warn "$binary" --site-addr "127.0.0.1:$port" --database-url "sqlite://$dir/bench.db" &
server=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
url="http://127.0.0.1:$port/api"
curl -fs -o /dev/null -H 'accept: application/json' -H "origin: http://127.0.0.1:$port" \
  --data 'agency_name=Bench&first_name=Ben&last_name=Ch&email=ben@bench.test&password=correct+horse+battery' "$url/sign_up"
# Every log-in succeeds, and a success resets the account's throttle counter: no run is refused.
for _ in $(seq "$count"); do
  curl -fs -o /dev/null -w '%{time_total}\n' -H 'accept: application/json' -H "origin: http://127.0.0.1:$port" \
    --data 'email=ben@bench.test&password=correct+horse+battery' "$url/log_in"
done | awk '{ printf "%.1f\n", $1 * 1000 }' | sort -n > "$dir/times"
echo "binary: $binary"
echo "log-ins: $(wc -l < "$dir/times"), ms sorted: $(tr '\n' ' ' < "$dir/times")"
echo "median ms: $(awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }' "$dir/times")"
