#!/usr/bin/env bash
# Size of the agency (budget 3 of bench/README.md): the demo agency with 1,000 / 10,000 / 100,000
# client users in 100 / 1,000 / 10,000 client accounts, and the server time of the Users page's
# first page, a search, a client account's users and a permission save at each size.
# Usage: bench/scale.sh [sqlite|postgres]   (BENCH_SIZES: "accounts:users ..." to try others)
source "$(dirname "$0")/common.sh"
backend="${1:-sqlite}"
sizes="${BENCH_SIZES:-100:1000 1000:10000 10000:100000}"
release_build

for size in $sizes; do
  accounts=${size%%:*} users=${size##*:}
  url=$(new_database "$backend")
  started=$(date +%s)
  seed "$url" "$accounts" "$users"
  say "$backend: seeded $accounts accounts and $users users in $(( $(date +%s) - started )) s"
  start_server "$url"
  cookie=$(log_in "$port" "$OWNER")
  python3 bench/scale_probe.py "$port" "$cookie" "$accounts" | sed "s/^/$users\t/" >> "$scratch/figures"
  stop_server "$pid"
done

echo
echo "Server time, median of 40, $backend (sizes: $sizes):"
smallest=${sizes%% *} smallest=${smallest##*:}
largest=${sizes##* } largest=${largest##*:}
while IFS= read -r label; do
  row=$(awk -F'\t' -v l="$label" '$2 == l { printf "%s users %s ms, ", $1, $3 }' "$scratch/figures")
  figure "[$backend] $label: ${row%, }" ""
  small=$(awk -F'\t' -v l="$label" -v n="$smallest" '$2 == l && $1 == n { print $3 }' "$scratch/figures")
  large=$(awk -F'\t' -v l="$label" -v n="$largest" '$2 == l && $1 == n { print $3 }' "$scratch/figures")
  budget "[$backend] $label at $largest users" "$large" "<=" 20 ms
  # Below a millisecond, noise is most of the figure; the ratio is taken from 1 ms.
  budget "[$backend] $label, largest / smallest" \
    "$(awk -v a="$large" -v b="$small" 'BEGIN { if (b < 1) b = 1; if (a < 1) a = 1; printf "%.2f", a / b }')" "<=" 2 "x"
done < <(cut -f2 "$scratch/figures" | awk '!seen[$0]++')
finish
