#!/usr/bin/env bash
# Requests, log-ins under load and memory (budgets 2, 6 and 7 of bench/README.md), on one database.
# Usage: bench/http.sh [sqlite|postgres]   (BENCH_SECONDS: length of each wrk run, default 20)
source "$(dirname "$0")/common.sh"
backend="${1:-sqlite}"
seconds="${BENCH_SECONDS:-20}"
bench_tools
release_build

say "Bare axum endpoint"
hello_port=$(free_port)
"$HELLO_BINARY" "127.0.0.1:$hello_port" & hello=$!
servers+=("$hello")
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$hello_port/" >/dev/null && break; sleep 0.05; done
read -r hello_rps hello_p50 hello_p99 hello_errors < <(load "http://127.0.0.1:$hello_port/" "$seconds")
stop_server "$hello"

say "Switchboard on $backend"
url=$(new_database "$backend")
# Fifty client users for the concurrent log-ins (user000000@bulk.test …), as fifty different people.
seed "$url" 5 50
start_server "$url"
cookie=$(log_in "$port" "$OWNER")
api="http://127.0.0.1:$port/api"
# The Users page's client-user list, first page, as the Owner (a GET, as the page reads it).
read_url="$api/client_users?search=&after="
curl -fs -o /dev/null -H 'accept: application/json' -H "cookie: $cookie" "$read_url"
sleep 1
idle_kb=$(rss_kb "$pid")

# The kernel keeps the peak of resident memory (VmHWM); it starts again from here. Sampling it from
# a loop of processes instead took CPU from the server and wrk, in the run that measures them.
echo 5 > "/proc/$pid/clear_refs"
read -r rps p50 p99 errors < <(load "$read_url" "$seconds" "" "$cookie")

say "50 concurrent log-ins while wrk reads"
(
  # One curl process with fifty transfers at once: fifty processes of its own would start in a
  # burst that takes the cores from the server and be measured as its latency. Each log-in comes
  # from its own loopback address, as the log-in throttle counts per address too.
  transfers=()
  for n in $(seq 0 49); do
    [ "$n" -gt 0 ] && transfers+=(--next)
    printf -v email "user%06d@bulk.test" "$n"
    transfers+=(-s -o /dev/null -w "%{http_code} %{time_total}\n" --interface "127.0.0.$((n + 2))"
      -H "accept: application/json" -H "origin: http://127.0.0.1:$port"
      --data-urlencode "email=$email" --data-urlencode "password=$PASSWORD"
      "http://127.0.0.1:$port/api/log_in")
  done
  sleep 2
  curl --parallel --parallel-immediate --parallel-max 50 "${transfers[@]}" > "$scratch/logins"
) & logins=$!
read -r busy_rps busy_p50 busy_p99 busy_errors < <(load "$read_url" "$seconds" "" "$cookie")
wait "$logins"
peak_kb=$(peak_rss_kb "$pid")
logged_in=$(grep -c '^200 ' "$scratch/logins" || true)
slowest_login=$(awk '{ if ($2 > m) m = $2 } END { printf "%.0f", m * 1000 }' "$scratch/logins")

echo
echo "Requests, $backend, wrk -t2 -c64 -d${seconds}s on this machine ($(nproc) cores):"
figure "bare axum hello: requests/s (p99 ${hello_p99} ms, ${hello_errors} errors)" "$hello_rps"
figure "[$backend] client_users first page: requests/s (p50 ${p50} ms)" "$rps"
budget "[$backend] client_users throughput, % of bare axum" \
  "$(awk -v a="$rps" -v b="$hello_rps" 'BEGIN { printf "%.1f", 100 * a / b }')" ">=" 40 "%"
budget "[$backend] client_users p99" "$p99" "<" 10 ms
budget "[$backend] failed reads (non-2xx or socket errors)" "$((errors + busy_errors))" "<=" 0
budget "[$backend] reads p99 during 50 concurrent log-ins ($busy_rps req/s)" "$busy_p99" "<" 50 ms
budget "[$backend] log-ins that succeeded (slowest ${slowest_login} ms)" "$logged_in" ">=" 50
budget "[$backend] RSS idle" "$(mb "$idle_kb")" "<=" 40 MB
budget "[$backend] RSS peak under wrk and the log-ins" "$(mb "$peak_kb")" "<=" 120 MB
finish
