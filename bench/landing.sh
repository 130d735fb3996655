#!/usr/bin/env bash
# How long a new weekly briefing takes from landing in the watched archive folder to being
# served (issue 10), on a generated archive:
#
#   bench/landing.sh SIZE [FORM] [WEEKS]     e.g. bench/landing.sh 20000 pdf 10
#
# Generates SIZE synthetic items (bench/gen) and indexes them (briefsearch index), makes WEEKS
# new weeks after the archive's last (FORM txt, docx or pdf: DOCX by pandoc, PDF exported from
# that DOCX by LibreOffice, both installed when missing), starts `briefsearch serve` watching
# the archive (default settings), then copies the new weeks in one at a time and times each
# from its last byte written to the first 200 of its briefing page (bsrun landing). Prints the
# JSON result; everything goes to bench/out/landing-SIZE/ (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."

SIZE=${1:?usage: bench/landing.sh SIZE [FORM] [WEEKS]}
FORM=${2:-txt}
WEEKS=${3:-10}
OUT=bench/out/landing-$SIZE
BIN=bench/out/bin
PORT=${PORT:-18093}

case "$FORM" in txt | docx | pdf) ;; *) echo "FORM is txt, docx or pdf" >&2; exit 2 ;; esac
if [ "$FORM" != txt ]; then
  need=()
  command -v pandoc >/dev/null 2>&1 || need+=(pandoc)
  [ "$FORM" = pdf ] && ! command -v soffice >/dev/null 2>&1 && need+=(libreoffice-writer-nogui)
  if [ ${#need[@]} -gt 0 ]; then
    SUDO=; [ "$(id -u)" -ne 0 ] && SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  fi
fi

mkdir -p "$BIN"
go build -o "$BIN/" ./bench/cmd/genarchive ./bench/cmd/bsrun ./cmd/briefsearch
rm -rf "$OUT" && mkdir -p "$OUT/new"

echo "== generating and indexing $SIZE items" >&2
"$BIN/genarchive" -items "$SIZE" -seed 1 -out "$OUT/archive" >&2
"$BIN/briefsearch" index --archive "$OUT/archive" --index "$OUT/index" >&2 2>/dev/null

echo "== making $WEEKS new weeks as $FORM" >&2
last=$(date -u -d "2026-05-16 + $((7 * WEEKS)) days" +%F)
"$BIN/genarchive" -items $((20 * WEEKS)) -seed 2 -first 2026-05-23 -last "$last" -out "$OUT/new-txt" >&2
for f in "$OUT"/new-txt/*.txt; do
  id=$(basename "$f" .txt)
  case "$FORM" in
    txt) cp "$f" "$OUT/new/$id.txt" ;;
    *) pandoc -f markdown-smart -t docx -o "$OUT/new-docx-$id.docx" "$f" ;;
  esac
done
if [ "$FORM" = docx ]; then
  for f in "$OUT"/new-docx-*.docx; do id=${f##*new-docx-}; mv "$f" "$OUT/new/$id"; done
elif [ "$FORM" = pdf ]; then
  soffice -env:UserInstallation="file://$PWD/$OUT/lo" --headless --convert-to pdf --outdir "$OUT/pdf" "$OUT"/new-docx-*.docx >/dev/null 2>&1
  for f in "$OUT"/pdf/*.pdf; do id=${f##*new-docx-}; mv "$f" "$OUT/new/$id"; done
fi

echo "== serving and dropping the new weeks in" >&2
"$BIN/bsrun" start -url "http://127.0.0.1:$PORT/" -log "$OUT/serve.log" -out "$OUT/start.json" -- \
  "$BIN/briefsearch" serve --archive "$OUT/archive" --index "$OUT/index" --addr "127.0.0.1:$PORT" >&2
pid=$("${PYTHON:-python3}" -c 'import json,sys; print(json.load(open(sys.argv[1]))["pid"])' "$OUT/start.json")
trap 'kill $pid 2>/dev/null || true' EXIT
# The watcher's first build (a check that the archive is unchanged) before the first drop.
for _ in $(seq 1 600); do
  curl -fs "http://127.0.0.1:$PORT/readyz" | grep -q '"last_build"' && break
  sleep 0.1
done
"$BIN/bsrun" landing -url "http://127.0.0.1:$PORT/" -archive "$OUT/archive" -from "$OUT/new" -out "$OUT/landing.json"
cat "$OUT/landing.json"
