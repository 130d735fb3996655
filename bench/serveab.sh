#!/usr/bin/env bash
# Compares two briefsearch binaries over HTTP on one index, alternating, with the result cache
# off (queries not seen before), as compare.sh's last wrk row does:
#
#   bench/serveab.sh OLD_BIN NEW_BIN INDEX MIX_LUA [ROUNDS]
#
# MIX_LUA is the query mix compare.sh writes (bench/out/SIZE/mix.lua). Each round starts each
# binary's `serve` in turn, warms it with 5 s of wrk, measures 10 s (wrk -t2 -c32) and reads
# its peak RSS, then stops it. On a VM whose speed drifts through the day, alternating is what
# makes the two comparable: read the pairs, not one figure.
set -euo pipefail
OLD=${1:?usage: bench/serveab.sh OLD_BIN NEW_BIN INDEX MIX_LUA [ROUNDS]}
NEW=${2:?}
IDX=${3:?}
MIX=${4:?}
ROUNDS=${5:-3}
command -v wrk >/dev/null || { echo "wrk is missing (apt-get install wrk)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

one() { # BIN -> "req/s peak-KiB"
  local port=$((20000 + RANDOM % 20000)) pid
  (cd "$work" && BRIEFSEARCH_SERVER_RATE_LIMIT=0 BRIEFSEARCH_SERVER_MAX_CONCURRENT=64 BRIEFSEARCH_SEARCH_QUERY_CACHE=0 \
    BRIEFSEARCH_LOG_LEVEL=warn exec "$1" serve --watch=false --index "$IDX" --addr "127.0.0.1:$port") >"$work/serve.log" 2>&1 &
  pid=$!
  for _ in $(seq 200); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done
  wrk -t2 -c32 -d5s -s "$MIX" "http://127.0.0.1:$port/" >/dev/null
  local rps
  rps=$(wrk -t2 -c32 -d10s -s "$MIX" "http://127.0.0.1:$port/" | awk '/Requests\/sec/ {print $2}')
  echo "$rps $(awk '/VmHWM/ {print $2}' "/proc/$pid/status")"
  kill "$pid"
  wait "$pid" 2>/dev/null || true
}

printf 'round  old req/s  new req/s  old peak MiB  new peak MiB\n'
for r in $(seq "$ROUNDS"); do
  read -r o om < <(one "$OLD")
  read -r n nm < <(one "$NEW")
  printf '%5d  %9s  %9s  %12d  %12d\n' "$r" "$o" "$n" $((om / 1024)) $((nm / 1024))
done
