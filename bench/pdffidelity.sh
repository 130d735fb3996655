#!/usr/bin/env bash
# How faithfully each PDF text engine gives back a briefing (issue 10: the choice of engine):
#
#   bench/pdffidelity.sh [WEEKS] [SEED]      e.g. bench/pdffidelity.sh 10 42
#
# Makes the sample and WEEKS synthetic weeks (bench/gen, SEED) into PDF the way they are made
# in the field: pandoc writes DOCX that LibreOffice exports to PDF, and pandoc writes HTML that
# Chromium prints (with its date, title, URL and page-number header and footer). Then
# bench/cmd/pdffidelity parses each PDF's text with every engine and compares every item with
# the source text's. Installs pandoc, LibreOffice, Chromium and poppler-utils when missing.
# Everything goes to bench/out/pdffidelity/ (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."

WEEKS=${1:-10}
SEED=${2:-42}
OUT=bench/out/pdffidelity

need=()
command -v pandoc >/dev/null 2>&1 || need+=(pandoc)
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
fc-list :lang=ja 2>/dev/null | grep -q . || need+=(fonts-noto-cjk)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

rm -rf "$OUT" && mkdir -p "$OUT/src" "$OUT/docx" "$OUT/pdf"
go run ./bench/cmd/genarchive -items $((20 * WEEKS)) -seed "$SEED" -first 2024-01-06 \
  -last "$(date -u -d "2024-01-06 + $((7 * (WEEKS - 1))) days" +%F)" -out "$OUT/src" >&2
cp archive/briefings/2026-05-16.txt "$OUT/src/"
for f in "$OUT"/src/*.txt; do
  n=$(basename "$f" .txt)
  pandoc -f markdown-smart -t docx -o "$OUT/docx/$n.docx" "$f"
  pandoc -f markdown-smart -t html5 -s --metadata pagetitle=briefing -o "$OUT/docx/$n.html" "$f"
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$PWD/$OUT/chromium-profile" \
    --print-to-pdf="$PWD/$OUT/pdf/chromium-$n.pdf" "file://$PWD/$OUT/docx/$n.html" >/dev/null 2>&1
  cp "$f" "$OUT/pdf/chromium-$n.txt"
  cp "$f" "$OUT/pdf/libreoffice-$n.txt"
done
soffice -env:UserInstallation="file://$PWD/$OUT/lo-profile" --headless --convert-to pdf --outdir "$OUT/lo" "$OUT"/docx/*.docx >/dev/null 2>&1
for f in "$OUT"/lo/*.pdf; do mv "$f" "$OUT/pdf/libreoffice-$(basename "$f")"; done
go run ./bench/cmd/pdffidelity "$OUT/pdf"
