#!/usr/bin/env bash
# Benchmark: builds a generated site of N bilingual notices (default 10000, i.e.
# 2N pages) with the release binary and prints wall time and peak memory.
# Usage: scripts/bench.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-10000}"
cargo build --release --quiet
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -r tests/fixtures/golden/content "$work/content"
cp tests/fixtures/golden/config.toml "$work/config.toml"
cp -r templates sass "$work/"
da="$work/content/parkering.md"; en="$work/content/parkering.en.md"
for i in $(seq 1 "$n"); do
  cp "$da" "$work/content/notice-$i.md"
  cp "$en" "$work/content/notice-$i.en.md"
done
echo "generated $((2 * n + 10)) pages in $work"
/usr/bin/time -f "build: %e s wall, %M KiB peak RSS, %P CPU" ./target/release/privacy-site build --root "$work" --output "$work/public" | tail -1
