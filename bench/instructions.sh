#!/usr/bin/env bash
# Instructions the server runs per authorized read (the Users page's first page, as bench/http.sh
# drives it), counted by valgrind's callgrind: the same figure for the same binary whatever else
# the machine does, so a change to the request path can be weighed in one step, where wrk's
# throughput moves by a tenth from one run to the next.
# Usage: bench/instructions.sh [COUNT]   (default 500; BENCH_BINARY measures another build;
# BENCH_CALLGRIND_OUT=FILE keeps callgrind's output, for callgrind_annotate --tree=caller FILE)
source "$(dirname "$0")/common.sh"
count="${1:-500}"
if ! command -v valgrind >/dev/null; then
  say "Installing valgrind from Debian"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind
fi
release_build

url=$(new_database sqlite)
seed "$url"
port=$(free_port)
out="$scratch/callgrind.out"
# Counting starts only once the server is up, logged in to and warmed (callgrind_control -i on).
RUST_LOG=warn valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$out" \
  "$RELEASE_BINARY" --site-addr "127.0.0.1:$port" --site-root "$RELEASE_SITE" --database-url "$url" \
  2> "$scratch/valgrind.log" &
pid=$!
servers+=("$pid")
for _ in $(seq 600); do
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break
  sleep 0.1
done
cookie=$(log_in "$port" "$OWNER")
read_once=(-s -o /dev/null -w '%{http_code}\n' -H 'accept: application/json'
  -H "cookie: $cookie" "http://127.0.0.1:$port/api/client_users?search=&after=")
# Warm: the first read fills the answers kept in memory, as under load nearly every read finds them.
curl "${read_once[@]}" | grep -qx 200

callgrind_control -i on "$pid" >/dev/null 2>&1
# One connection, kept alive, as wrk's are.
transfers=()
for n in $(seq "$count"); do
  [ "$n" -gt 1 ] && transfers+=(--next)
  transfers+=("${read_once[@]}")
done
answered=$(curl "${transfers[@]}" | grep -cx 200 || true)
callgrind_control -i off "$pid" >/dev/null 2>&1
# Callgrind writes its counts as the server exits.
stop_server "$pid"
total=$(callgrind_annotate "$out" 2>/dev/null | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); total = $1 } END { print total }')
if [ -n "${BENCH_CALLGRIND_OUT:-}" ]; then cp "$out" "$BENCH_CALLGRIND_OUT"; fi

echo
figure "reads answered 200 (of $count)" "$answered"
figure "instructions, all reads" "$total"
figure "instructions per read" "$(awk -v t="$total" -v n="$count" 'BEGIN { printf "%.0f", t / n }')"
echo
echo "Where they go (functions by their own instructions, the top 25):"
callgrind_annotate --threshold=100 "$out" 2>/dev/null | awk '/^-+$/ { rule++; next } rule >= 3 && NF' | sed -n 1,25p
if [ "$answered" -ne "$count" ]; then
  echo "some reads failed" >&2
  exit 1
fi
