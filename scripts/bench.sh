#!/usr/bin/env bash
# Benchmark: the real site grown to N bilingual notices (copies of the four real
# notices, Danish and English, so 2N notice pages plus the contact and index pages),
# built by privacy-site and, in the same run on the same files, by Hugo as the peer.
# Prints the median wall time and peak memory of RUNS runs of each.
#
# Usage: scripts/bench.sh [N]        (default N=10000; RUNS=3)
#
# Hugo comes from Debian (`apt-get install hugo`); as root the script installs it.
# Without it the peer's line says so and only privacy-site is measured.
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-10000}"
runs="${RUNS:-3}"

cargo build --release --quiet
if ! command -v hugo >/dev/null && [ "$(id -u)" = 0 ]; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hugo) >/dev/null 2>&1 || true
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
site="$work/site"
mkdir -p "$site"
cp -r config.toml templates sass "$site/"
cp -r content "$site/content"
notices=(borgerservice integration it-og-digitalisering vores-dialog)
for i in $(seq 1 "$n"); do
  src="${notices[$((i % 4))]}"
  cp "content/$src.md" "$site/content/notice-$i.md"
  cp "content/$src.en.md" "$site/content/notice-$i.en.md"
done
pages=$(find "$site/content" -name '*.md' | wc -l)
echo "site: $pages Markdown pages ($n bilingual notices added to the real site), $(du -sh "$site/content" | cut -f1)"
echo "machine: $(nproc) cores; each figure is the median of $runs runs"
echo

# measure LABEL OUTPUT-DIR COMMAND...: runs COMMAND $runs times, prints the median
# wall time, the median peak RSS and the number of HTML files written.
measure() {
  local label="$1" out="$2"; shift 2
  local times=() mems=()
  for _ in $(seq 1 "$runs"); do
    [ -n "$out" ] && rm -rf "$out"
    if ! /usr/bin/time -o "$work/time" -f '%e %M' "$@" >"$work/log" 2>&1; then
      echo "$label failed:"; tail -5 "$work/log"; exit 1
    fi
    local t; t="$(tail -1 "$work/time")"
    times+=("${t% *}"); mems+=("${t#* }")
  done
  local wall rss html="-"
  wall="$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")"
  rss="$(printf '%s\n' "${mems[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")"
  [ -n "$out" ] && html="$(find "$out" -name '*.html' | wc -l)"
  printf '%-34s %8s s %8s MiB %8s HTML files\n' "$label" "$wall" "$((rss / 1024))" "$html"
}

measure "privacy-site build" "$work/public" ./target/release/privacy-site build --root "$site" --output "$work/public"
measure "privacy-site check (writes nothing)" "" ./target/release/privacy-site check --root "$site"
if command -v hugo >/dev/null; then
  hugo_site="$work/hugo"
  cp -r scripts/bench/hugo "$hugo_site"
  ln -s "$site/content" "$hugo_site/content"
  measure "$(hugo version | cut -d' ' -f1-2) (peer, checks nothing)" "$work/hugo-public" hugo --source "$hugo_site" --destination "$work/hugo-public" --quiet
else
  echo "hugo: not installed (apt-get install hugo), no peer measured"
fi
