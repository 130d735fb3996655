#!/usr/bin/env bash
# Compares briefsearch with SQLite FTS5 and Xapian on one generated archive (issue 6):
#
#   bench/compare.sh SIZE [ROUNDS]        e.g. bench/compare.sh 20000
#
# Generates SIZE synthetic items (bench/gen), exports them as JSON lines through briefsearch's
# parser, builds every engine's index from those same items, runs the same query set
# (bench/queries.txt) in-process against each (top 10 + facet counts, one warm-up round, then
# ROUNDS timed rounds, default 30; the engines take turns in BLOCKS blocks of them, default 4,
# so that the VM's drift falls on all), measures the loopback HTTP floor and briefsearch's HTTP API
# under wrk (-t2 -c32 -d10s), the cold start and RSS of `briefsearch serve`, and prints the
# tables. Everything goes to bench/out/SIZE/ (git-ignored); the tables also to
# bench/out/SIZE/report.md. Installs Debian's sqlite3, python3-xapian and wrk when missing.
# On a shared machine run it under nice and when the load is low: the ratios are what count.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZE=${1:?usage: bench/compare.sh SIZE [ROUNDS]}
ROUNDS=${2:-30}
PY=/usr/bin/python3 # Debian's python: python3-xapian is installed for it, not for a pyenv one
OUT=bench/out/$SIZE
RES=$OUT/res
BIN=bench/out/bin
WRK_SECS=${WRK_SECS:-10}

# Each step says when it started and the machine's load then: others' work skews a run.
step() { printf '\n== %s (%s, load %s)\n' "$*" "$(date +%T)" "$(cut -d' ' -f1-3 /proc/loadavg)" >&2; }
T0=$(date +%s)

# --- peers: Debian packages, installed when missing -----------------------------------------
need=()
command -v sqlite3 >/dev/null 2>&1 || need+=(sqlite3)
command -v wrk >/dev/null 2>&1 || need+=(wrk)
[ -x "$PY" ] && "$PY" -c 'import xapian, sqlite3' 2>/dev/null || need+=(python3 python3-xapian)
if [ ${#need[@]} -gt 0 ]; then
  step "installing ${need[*]}"
  SUDO=; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

step "building the Go programs"
mkdir -p "$BIN" "$RES"
rm -f "$RES"/*.json
go build -o "$BIN/" ./bench/cmd/genarchive ./bench/cmd/exportjsonl ./bench/cmd/bsrun
rm -f "$BIN/briefsearch"
go build -o "$BIN/briefsearch" ./cmd/briefsearch || echo "cmd/briefsearch does not build: no serve measurements" >&2

step "generating $SIZE items"
rm -rf "$OUT/archive" "$OUT/index" "$OUT/fts5.db" "$OUT/fts5-plain.db" "$OUT/xapian"
"$BIN/genarchive" -items "$SIZE" -seed 1 -out "$OUT/archive"
"$BIN/exportjsonl" -archive "$OUT/archive" -out "$OUT/items.jsonl"

step "building indexes"
# A failed briefsearch build is reported, and the peers are still measured.
BS_OK=1
if ! "$BIN/bsrun" build -archive "$OUT/archive" -index "$OUT/index" -out "$RES/briefsearch-build.json" 2>"$OUT/build.err"; then
  BS_OK=0
  cat "$OUT/build.err" >&2
  "$PY" -c 'import json,sys; print(json.dumps({"engine": "briefsearch", "phase": "failed", "error": open(sys.argv[1]).read().strip()}))' \
    "$OUT/build.err" >"$RES/briefsearch-failed.json"
fi
# The real command too: parse, annotate, build, switch (into a scratch root, timed whole).
if [ "$BS_OK" = 1 ]; then
  rm -rf "$OUT/index-cli"
  start=$(date +%s.%N)
  BRIEFSEARCH_LOG_LEVEL=warn "$BIN/briefsearch" index --archive "$OUT/archive" --index "$OUT/index-cli" >"$OUT/index-cli.log" 2>&1 ||
    echo "briefsearch index failed: see $OUT/index-cli.log" >&2
  "$PY" -c 'import json,sys,time; print(json.dumps({"engine": "briefsearch-cli", "phase": "cli", "seconds": time.time() - float(sys.argv[1])}))' "$start" >"$RES/briefsearch-cli.json"
  rm -rf "$OUT/index-cli"
fi
"$PY" bench/peers/fts5.py build --jsonl "$OUT/items.jsonl" --db "$OUT/fts5.db" --out "$RES/fts5-build.json"
"$PY" bench/peers/fts5.py build --plain --jsonl "$OUT/items.jsonl" --db "$OUT/fts5-plain.db" --out "$RES/fts5-plain-build.json"
"$PY" bench/peers/xapian_peer.py build --jsonl "$OUT/items.jsonl" --db "$OUT/xapian" --out "$RES/xapian-build.json"
cat "$RES"/*-build.json >&2

# The engines take turns: BLOCKS blocks (default 4), each running every engine's rounds for
# that block in turn, and each engine's blocks merged into its result (report.py merge). The
# VM's speed drifts over the minutes the query step takes; one engine measured after another
# measured the drift as much as the engines, and turns share it between them.
BLOCKS=${BLOCKS:-4}
PER=$(( (ROUNDS + BLOCKS - 1) / BLOCKS ))
step "queries in-process, $BLOCKS blocks of $PER rounds, engines in turn"
rm -rf "$OUT/blocks"
mkdir -p "$OUT/blocks"
for b in $(seq 1 "$BLOCKS"); do
  B="$OUT/blocks"
  if [ "$BS_OK" = 1 ]; then
    "$BIN/bsrun" query -index "$OUT/index" -queries bench/queries.txt -rounds "$PER" -out "$B/briefsearch-query-$b.json"
    # The same with only the peers' three facets, and with the browse cache off: what the cache
    # and the extra facets (person, organization, place) cost.
    "$BIN/bsrun" query -index "$OUT/index" -queries bench/queries.txt -rounds "$PER" -facets section,source,month \
      -engine briefsearch-3facets -out "$B/briefsearch-3facets-query-$b.json"
    "$BIN/bsrun" query -index "$OUT/index" -queries bench/queries.txt -rounds "$PER" -nocache \
      -engine briefsearch-nocache -out "$B/briefsearch-nocache-query-$b.json"
  fi
  "$PY" bench/peers/fts5.py query --db "$OUT/fts5.db" --queries bench/queries.txt --rounds "$PER" --out "$B/fts5-query-$b.json"
  "$PY" bench/peers/xapian_peer.py query --db "$OUT/xapian" --queries bench/queries.txt --rounds "$PER" --out "$B/xapian-query-$b.json"
  # Top 10 alone, no facet counts: the bare ranking cost of each engine. The peers return the
  # ten documents' stored data, not highlights, so briefsearch's row asks for none
  # (highlight=false); the -hl row is the same with highlights. Like Xapian's top 10, they let
  # the total be estimated (-estimate: a phrase is then read only where the page needs it, not
  # at every candidate for an exact count; the hits are the same).
  [ "$BS_OK" = 1 ] && "$BIN/bsrun" query -index "$OUT/index" -queries bench/queries.txt -rounds "$PER" -facets none \
    -highlights=false -estimate -engine briefsearch-top10 -out "$B/briefsearch-top10-query-$b.json"
  [ "$BS_OK" = 1 ] && "$BIN/bsrun" query -index "$OUT/index" -queries bench/queries.txt -rounds "$PER" -facets none \
    -estimate -engine briefsearch-top10-hl -out "$B/briefsearch-top10-hl-query-$b.json"
  "$PY" bench/peers/xapian_peer.py query --top-only --db "$OUT/xapian" --queries bench/queries.txt --rounds "$PER" --out "$B/xapian-top10-query-$b.json"
  "$PY" bench/peers/fts5.py query --top-only --db "$OUT/fts5.db" --queries bench/queries.txt --rounds "$PER" --out "$B/fts5-top10-query-$b.json"
done
for f in "$OUT"/blocks/*-query-1.json; do
  name=$(basename "$f" -1.json)
  "$PY" bench/report.py merge "$OUT"/blocks/"$name"-*.json >"$RES/$name.json"
done

free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

step "HTTP floor: a handler that does nothing"
rm -f "$OUT/noop.url"
"$BIN/bsrun" noop -addr "127.0.0.1:$(free_port)" >"$OUT/noop.url" &
PIDS+=($!)
for _ in $(seq 100); do [ -s "$OUT/noop.url" ] && break; sleep 0.05; done
FLOOR=$(cat "$OUT/noop.url")
"$BIN/bsrun" http -url "$FLOOR" -engine floor -out "$RES/floor-http.json"
wrk -t2 -c32 -d"${WRK_SECS}s" --latency "$FLOOR" >"$OUT/wrk-floor.txt"
"$PY" bench/report.py wrk floor "$OUT/wrk-floor.txt" >"$RES/floor-wrk.json"
kill "${PIDS[0]}"

step "briefsearch serve: cold start, HTTP latency, wrk, RSS"
PORT=$(free_port)
API="http://127.0.0.1:$PORT/"
# Rate limiting is per client and wrk is one client: it is switched off for the load test.
# --watch=false: serve must answer from the index measured above, never index the archive of a
# config.yaml it finds in the working folder (the checkout's is the 18-item sample).
if [ "$BS_OK" = 1 ] && [ -x "$BIN/briefsearch" ] && BRIEFSEARCH_INDEX="$OUT/index" BRIEFSEARCH_SERVER_RATE_LIMIT=0 BRIEFSEARCH_SERVER_MAX_CONCURRENT=64 \
  BRIEFSEARCH_LOG_LEVEL=warn "$BIN/bsrun" start -url "$API" -log "$OUT/serve.log" -out "$RES/briefsearch-serve.json" \
  -- "$BIN/briefsearch" serve --watch=false --index "$OUT/index" --addr "127.0.0.1:$PORT"; then
  SERVE_PID=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["pid"])' "$RES/briefsearch-serve.json")
  PIDS+=("$SERVE_PID")
  "$BIN/bsrun" http -url "$API" -queries bench/queries.txt -rounds "$ROUNDS" -engine briefsearch-api -out "$RES/briefsearch-api-http.json"
  "$BIN/bsrun" wrkscript -queries bench/queries.txt >"$OUT/mix.lua"
  wrk -t2 -c32 -d"${WRK_SECS}s" --latency -s "$OUT/mix.lua" "$API" >"$OUT/wrk-api.txt"
  "$PY" bench/report.py wrk briefsearch-api "$OUT/wrk-api.txt" >"$RES/briefsearch-api-wrk.json"
  wrk -t2 -c32 -d"${WRK_SECS}s" --latency "${API}api/v1/search?q=Bayramov" >"$OUT/wrk-api-one.txt"
  "$PY" bench/report.py wrk briefsearch-api-one "$OUT/wrk-api-one.txt" >"$RES/briefsearch-api-one-wrk.json"
  "$BIN/bsrun" mem -in "$RES/briefsearch-serve.json"
  kill "$SERVE_PID"
  # Again with serve's query-result cache off (search.query_cache=0): after the warm-up every
  # request above was a cache hit; this is what a query not asked before costs over HTTP.
  step "briefsearch serve without the query cache: HTTP latency, wrk"
  PORT=$(free_port)
  API="http://127.0.0.1:$PORT/"
  if BRIEFSEARCH_INDEX="$OUT/index" BRIEFSEARCH_SERVER_RATE_LIMIT=0 BRIEFSEARCH_SERVER_MAX_CONCURRENT=64 \
    BRIEFSEARCH_SEARCH_QUERY_CACHE=0 BRIEFSEARCH_LOG_LEVEL=warn "$BIN/bsrun" start -url "$API" -log "$OUT/serve-nocache.log" \
    -out "$OUT/serve-nocache.json" -- "$BIN/briefsearch" serve --watch=false --index "$OUT/index" --addr "127.0.0.1:$PORT"; then
    SERVE_PID=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["pid"])' "$OUT/serve-nocache.json")
    PIDS+=("$SERVE_PID")
    "$BIN/bsrun" http -url "$API" -queries bench/queries.txt -rounds "$ROUNDS" -engine briefsearch-api-nocache -out "$RES/briefsearch-api-nocache-http.json"
    # The in-process p50 again, right after (serve idle): the VM's speed drifts over the
    # minutes since the query step, and the sequential ratio is read against both.
    "$BIN/bsrun" query -index "$OUT/index" -queries bench/queries.txt -rounds "$ROUNDS" \
      -engine briefsearch-beside-http -out "$RES/briefsearch-beside-http-query.json"
    wrk -t2 -c32 -d"${WRK_SECS}s" --latency -s "$OUT/mix.lua" "$API" >"$OUT/wrk-api-nocache.txt"
    "$PY" bench/report.py wrk briefsearch-api-nocache "$OUT/wrk-api-nocache.txt" >"$RES/briefsearch-api-nocache-wrk.json"
    kill "$SERVE_PID"
  fi
else
  echo "briefsearch serve did not start (see $OUT/serve.log); HTTP rows are missing" >&2
fi

step "report"
{
  echo "## $SIZE items, $ROUNDS rounds ($(date -u +%Y-%m-%d), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'))"
  echo
  echo "Whole run: $(($(date +%s) - T0)) s; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg); commit ${BENCH_COMMIT:-$(git rev-parse --short HEAD 2>/dev/null || echo unknown)}."
  echo
  "$PY" bench/report.py "$RES"
} | tee "$OUT/report.md"
