#!/usr/bin/env bash
# Search throughput with 1, 2 and 3 replicas behind HAProxy (README "Replicas"):
#
#   bench/cluster.sh [SIZE] [SECONDS]        e.g. bench/cluster.sh 20000 20
#
# Generates SIZE synthetic items (bench/gen) and indexes them as the writer, then for N = 1, 2,
# 3 starts N replicas (serve --replicate), replica i pinned to core (i-1) mod nproc with
# taskset, HAProxy (deploy/haproxy.cfg; the servers past N point at a closed port, so its
# health checks take them out), and runs wrk -c32 through HAProxy with the benchmark's query
# set, round-robin, the query cache off (every request searches). A first run goes to one
# replica directly, without HAProxy. Prints a Markdown table; everything else goes to
# bench/out/cluster-SIZE/ (git-ignored). Needs haproxy, rsync, wrk and taskset.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE=${1:-20000}
SECS=${2:-20}
OUT=$PWD/bench/out/cluster-$SIZE
for prog in haproxy rsync wrk taskset; do
  command -v $prog >/dev/null || { echo "install $prog first" >&2; exit 2; }
done
mkdir -p "$OUT"
go build -o "$OUT/briefsearch" ./cmd/briefsearch
[ -d "$OUT/archive" ] || go run ./bench/cmd/genarchive -items "$SIZE" -out "$OUT/archive" >/dev/null
[ -e "$OUT/writer/current" ] || "$OUT/briefsearch" index --archive "$OUT/archive" --index "$OUT/writer" >/dev/null 2>&1
go run ./bench/cmd/bsrun wrkscript -queries bench/queries.txt >"$OUT/queries.lua"
ncpu=$(nproc)
pids=()
stop() { kill "${pids[@]}" 2>/dev/null || true; wait "${pids[@]}" 2>/dev/null || true; pids=(); }
trap stop EXIT

replicas() { # N: start N pinned replicas on 18091.., wait until each is ready
  for i in $(seq "$1"); do
    BRIEFSEARCH_SERVER_RATE_LIMIT=0 BRIEFSEARCH_SEARCH_QUERY_CACHE=0 XDG_CACHE_HOME="$OUT/cache" \
      taskset -c $(((i - 1) % ncpu)) "$OUT/briefsearch" serve --replicate "$OUT/writer" --index "$OUT/replica$i" \
      --addr "127.0.0.1:1809$i" 2>"$OUT/replica$i.log" &
    pids+=($!)
  done
  for i in $(seq "$1"); do
    for _ in $(seq 600); do curl -fs "127.0.0.1:1809$i/readyz" >/dev/null && break; sleep 0.1; done
  done
}

run() { # LABEL URL
  wrk -t2 -c32 -d"${SECS}s" --timeout 10s --latency -s "$OUT/queries.lua" "$2" >"$OUT/wrk-$1.txt"
  local rps p50 p99 errs
  rps=$(awk '/Requests\/sec/ {print $2}' "$OUT/wrk-$1.txt")
  p50=$(awk '$1=="50%" {print $2}' "$OUT/wrk-$1.txt")
  p99=$(awk '$1=="99%" {print $2}' "$OUT/wrk-$1.txt")
  errs=$(awk '/Non-2xx|Socket errors/ {print}' "$OUT/wrk-$1.txt" | tr '\n' ' ')
  printf '| %s | %s | %s | %s | %s |\n' "$1" "$rps" "$p50" "$p99" "${errs:-none}"
}

echo "| replicas | requests/s | p50 | p99 | errors |"
echo "|---|---:|---:|---:|---|"
replicas 1
run "1, direct (no HAProxy)" "http://127.0.0.1:18091"
stop
for n in 1 2 3; do
  replicas "$n"
  r=(127.0.0.1:18091 127.0.0.1:1 127.0.0.1:1)
  for i in $(seq 2 "$n"); do r[$((i - 1))]=127.0.0.1:1809$i; done
  BS_BIND=127.0.0.1:18080 BS_STATS="$OUT/haproxy.sock" BS_R1=${r[0]} BS_R2=${r[1]} BS_R3=${r[2]} \
    haproxy -f deploy/haproxy.cfg -db 2>"$OUT/haproxy-$n.log" &
  pids+=($!)
  sleep 3 # the closed ports' health checks fail twice (fall 2, inter 500 ms)
  run "$n behind HAProxy" "http://127.0.0.1:18080"
  stop
done
