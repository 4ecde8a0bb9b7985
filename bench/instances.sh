#!/usr/bin/env bash
# Several instances (budget 8 of bench/README.md): two release servers on one PostgreSQL database,
# each on its own port with nothing in front; the journey across them, then throughput of one
# instance against two.   Usage: bench/instances.sh   (BENCH_SECONDS, default 20)
source "$(dirname "$0")/common.sh"
seconds="${BENCH_SECONDS:-20}"
bench_tools
release_build
url=$(new_database postgres)
seed "$url"
start_server "$url"; port_a=$port
start_server "$url"; port_b=$port

echo
python3 bench/journey.py "$port_a" "$port_b" "$url" | tee "$scratch/journey"
journey_ok=$(grep -c '^live on A' "$scratch/journey" || true)
live_ms=$(awk -F'\t' '/^live on A/ { print $2 }' "$scratch/journey")

cookie=$(log_in "$port_a" "$OWNER")
read_path='/api/client_users?search=&after='
read -r one _ one_p99 one_errors < <(load "http://127.0.0.1:$port_a$read_path" "$seconds" "" "$cookie")
load "http://127.0.0.1:$port_a$read_path" "$seconds" "" "$cookie" > "$scratch/a" & on_a=$!
load "http://127.0.0.1:$port_b$read_path" "$seconds" "" "$cookie" > "$scratch/b"
wait "$on_a"   # only that run: a bare wait would wait for the servers too
read -r a _ a_p99 a_errors < "$scratch/a"
read -r b _ b_p99 b_errors < "$scratch/b"

echo
budget "journey: log in on A, read on B, accept on B, live on A (${live_ms:-no} ms)" "$journey_ok" ">=" 1
figure "client_users, one instance: requests/s (p99 $one_p99 ms)" "$one"
figure "client_users, two instances: requests/s (A $a, p99 $a_p99 ms; B $b, p99 $b_p99 ms)" "$((a + b))"
budget "failed reads across the runs" "$((one_errors + a_errors + b_errors))" "<=" 0
finish
