# Sourced by the bench scripts: the release build, servers on throw-away databases, log-ins, wrk,
# resident memory, and the budget lines every script prints.
set -euo pipefail
# The project's own set-up: Rust targets, cargo-leptos, wasm-bindgen, npm binaryen's wasm-opt on PATH.
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/setup"
BENCH_DIR="$PWD/bench"
# The release site lives apart from the debug one, so a benchmark never breaks the end-to-end tests.
# BENCH_BINARY and BENCH_SITE measure another build (an older commit's, say) with the same scripts.
RELEASE_SITE="${BENCH_SITE:-$PWD/target/release-site}"
RELEASE_BINARY="${BENCH_BINARY:-$CARGO_TARGET_DIR/release/switchboard}"
HELLO_BINARY="$CARGO_TARGET_DIR/release/bench-hello"
PASSWORD='bench password 1'
OWNER=owner@northwind.test
misses=0
say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# budget LABEL VALUE OP LIMIT [UNIT]: prints the figure against its budget; a miss fails the script.
budget() {
  local label=$1 value=$2 op=$3 limit=$4 unit=${5:-} verdict=ok
  if ! awk -v v="$value" -v l="$limit" -v op="$op" \
    'BEGIN { exit !((op == "<=" && v <= l) || (op == ">=" && v >= l) || (op == "<" && v < l)) }'; then
    verdict=MISSED
    misses=$((misses + 1))
  fi
  printf '%-64s %10s %-6s budget %s %s %-6s %s\n' "$label" "$value" "$unit" "$op" "$limit" "$unit" "$verdict"
  if [ -n "${BENCH_RESULTS:-}" ]; then
    printf '%s\t%s %s\t%s %s %s\t%s\n' "$label" "$value" "$unit" "$op" "$limit" "$unit" "$verdict" >> "$BENCH_RESULTS"
  fi
}
# figure LABEL VALUE [UNIT]: a reported number without a budget.
figure() {
  printf '%-64s %10s %s\n' "$1" "$2" "${3:-}"
  if [ -n "${BENCH_RESULTS:-}" ]; then printf '%s\t%s %s\t\t\n' "$1" "$2" "${3:-}" >> "$BENCH_RESULTS"; fi
}
finish() {
  if [ "$misses" -gt 0 ]; then
    echo "$misses budget(s) missed" >&2
    exit 1
  fi
}

# The tools the benchmarks drive: wrk (Debian), Lighthouse and playwright-core (npm, no browser download).
bench_tools() {
  if ! command -v wrk >/dev/null; then
    say "Installing wrk from Debian"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk
  fi
  if [ ! -d bench/node_modules ] || [ bench/package-lock.json -nt bench/node_modules/.package-lock.json ]; then
    say "Installing Lighthouse and playwright-core"
    (cd bench && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-fund --no-audit --silent)
  fi
}

# The release build: size-optimised WASM through npm binaryen's wasm-opt, file names hashed by
# content, every file precompressed with brotli and gzip; and the bare axum endpoint.
release_build() {
  if [ -z "${BENCH_SKIP_BUILD:-}" ]; then
    say "Release build (site in $RELEASE_SITE)"
    # erase_components: every component's view behind one type, which cut the WASM by a fifth.
    RUSTFLAGS="--cfg erase_components" LEPTOS_HASH_FILES=true LEPTOS_SITE_ROOT="$RELEASE_SITE" \
      cargo leptos build --release --precompress --split
    say "Building the bare axum endpoint"
    cargo build --quiet --release --manifest-path bench/hello/Cargo.toml
  fi
}

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# new_database sqlite|postgres: prints a URL to a fresh, empty database (dropped on exit). Callers take
# the URL with $(...), a subshell, so the databases to drop are listed in a file, not a variable.
scratch=$(mktemp -d)
created_databases="$scratch/databases"
new_database() {
  case "$1" in
    sqlite) echo "sqlite://$scratch/bench-$RANDOM$RANDOM.db" ;;
    postgres)
      local server="${BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432}" name="switchboard_bench_$$_$RANDOM"
      psql "$server/postgres" -qc "CREATE DATABASE $name" >/dev/null
      echo "$server|$name" >> "$created_databases"
      echo "$server/$name" ;;
    *) echo "unknown database: $1 (sqlite or postgres)" >&2; return 2 ;;
  esac
}

# seed URL [ACCOUNTS USERS]: the demo agency, with that many extra client accounts and users.
seed() {
  RUST_LOG=warn "$RELEASE_BINARY" --database-url "$1" demo --password "$PASSWORD" \
    --accounts "${2:-0}" --users "${3:-0}" >/dev/null
}

# start_server URL [ENV...]: a release server on a free port; sets $port and $pid.
servers=()
start_server() {
  local url=$1
  shift
  port=$(free_port)
  env RUST_LOG=warn LEPTOS_HASH_FILES="${BENCH_HASH_FILES:-true}" "$@" "$RELEASE_BINARY" --site-addr "127.0.0.1:$port" \
    --site-root "$RELEASE_SITE" --database-url "$url" &
  pid=$!
  servers+=("$pid")
  for _ in $(seq 200); do
    curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && return 0
    sleep 0.05
  done
  echo "the server on port $port did not start" >&2
  return 1
}
stop_server() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

# log_in PORT EMAIL: prints the session cookie ("name=value") of a fresh log-in.
log_in() {
  local jar="$scratch/jar-$RANDOM"
  curl -fs -o /dev/null -c "$jar" -H 'accept: application/json' -H "origin: http://127.0.0.1:$1" \
    --data-urlencode "email=$2" --data-urlencode "password=$PASSWORD" "http://127.0.0.1:$1/api/log_in"
  # Session cookies are HttpOnly, which curl's jar marks with a "#HttpOnly_" prefix.
  sed 's/^#HttpOnly_//' "$jar" | awk '!/^#/ && NF >= 7 { print $6 "=" $7 }' | head -1
}

# rss_kb PID: resident memory of a process.
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
# peak_rss_kb PID: its peak resident memory since it started, or since "echo 5 > /proc/PID/clear_refs".
peak_rss_kb() { awk '/^VmHWM:/ { print $2 }' "/proc/$1/status"; }
mb() { awk -v kb="$1" 'BEGIN { printf "%.1f", kb / 1024 }'; }

# load URL SECONDS [BODY COOKIE]: wrk at 64 connections; prints "rps p50_ms p99_ms errors".
load() {
  local url=$1 seconds=$2
  BENCH_BODY="${3:-}" BENCH_COOKIE="${4:-}" BENCH_ORIGIN="${url%%/api/*}" \
    wrk -t2 -c64 -d"${seconds}s" -s bench/wrk.lua "$url" | awk '/^BENCH / { print $2, $3, $4, $5 }'
}

cleanup() {
  for pid in "${servers[@]}"; do stop_server "$pid"; done
  [ -f "$created_databases" ] && while IFS= read -r entry; do
    psql "${entry%%|*}/postgres" -qc "DROP DATABASE IF EXISTS ${entry##*|} WITH (FORCE)" >/dev/null || true
  done < "$created_databases"
  rm -rf "$scratch"
}
trap cleanup EXIT
