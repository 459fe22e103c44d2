#!/usr/bin/env bash
# Benchmarks privacy-site against Hugo (the peer) on the same Markdown, in one run.
#
#   scripts/bench.sh [N]           build and check of the real site grown to N
#                                  bilingual notices (default 10000: 20,018 pages)
#   scripts/bench.sh latency [N]   save -> reload latency of `serve`, on the real
#                                  site and on the site grown to N notices (default
#                                  2000: 4,018 pages)
#
# The grown site is the real one plus N copies of its four notices, Danish and
# English. Input and output live on tmpfs (/dev/shm, or $BENCH_DIR), because this
# machine's disk swings timings by 2x with write-back; the tools alternate within
# each round (privacy-site build, Hugo, privacy-site check), RUNS rounds (default
# 5), and the script prints each tool's median wall time and peak RSS and the
# ratio to Hugo's median.
#
# Hugo comes from Debian (`apt-get install hugo`); as root the script installs it.
# Without it there is no peer and no ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=bench
if [ "${1:-}" = latency ]; then
  mode=latency
  shift
fi
n="${1:-$([ "$mode" = latency ] && echo 2000 || echo 10000)}"
runs="${RUNS:-5}"

# The shipped build (Cargo.toml's `dist` profile: whole-program optimisation).
cargo build --profile dist --quiet
bin="$PWD/target/dist/privacy-site"
if [ "$mode" = bench ] && ! command -v hugo >/dev/null && [ "$(id -u)" = 0 ]; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hugo) >/dev/null 2>&1 || true
fi

base="${BENCH_DIR:-/dev/shm}"
work="$(mktemp -d "$base/privacy-site-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# grow DIR N: the real site in DIR with N bilingual notices added.
grow() {
  local dir="$1" count="$2"
  mkdir -p "$dir"
  cp -r config.toml templates sass content "$dir/"
  [ -d static ] && cp -r static "$dir/"
  local notices=(borgerservice integration it-og-digitalisering vores-dialog)
  for i in $(seq 1 "$count"); do
    local src="${notices[$((i % 4))]}"
    cp "content/$src.md" "$dir/content/notice-$i.md"
    cp "content/$src.en.md" "$dir/content/notice-$i.en.md"
  done
}

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(uname -sr); $(date -u +%Y-%m-%d)"
echo "privacy-site $(git rev-parse --short HEAD 2>/dev/null || echo '?'); input and output on $(df -h --output=fstype "$work" | tail -1 | tr -d ' ') ($base)"

if [ "$mode" = latency ]; then
  grow "$work/real" 0
  grow "$work/grown" "$n"
  pages=$(find "$work/grown/content" -name '*.md' | wc -l)
  printf '%-28s ' "real site ($(find "$work/real/content" -name '*.md' | wc -l) pages):"
  python3 scripts/bench/latency.py "$bin" "$work/real" content/vores-dialog.md 20
  printf '%-28s ' "grown site ($pages pages):"
  python3 scripts/bench/latency.py "$bin" "$work/grown" content/vores-dialog.md 20
  exit 0
fi

site="$work/site"
grow "$site" "$n"
pages=$(find "$site/content" -name '*.md' | wc -l)
echo "site: $pages Markdown pages ($n bilingual notices added to the real site), $(du -sh "$site/content" | cut -f1)"
peer=""
if command -v hugo >/dev/null; then
  mkdir -p "$work/hugo"
  cp -r scripts/bench/hugo/. "$work/hugo/"
  ln -s "$site/content" "$work/hugo/content"
  peer="$(hugo version | cut -d' ' -f1-2)"
fi
echo "each figure: the median of $runs rounds; in each round the tools run one after the other"
echo

# run NAME COMMAND...: one timed run; appends "wall rss" to $work/NAME. `check`
# may exit 1 (the site has findings that are errors); anything else must exit 0.
run() {
  local name="$1" status=0; shift
  /usr/bin/time -o "$work/time" -f '%e %M' "$@" >"$work/log" 2>&1 || status=$?
  if [ "$status" != 0 ] && ! { [ "$name" = check ] && [ "$status" = 1 ]; }; then
    echo "$name failed (exit $status):"; tail -5 "$work/log"; exit 1
  fi
  tail -1 "$work/time" >>"$work/times-$name"
}

for round in $(seq 1 "$runs"); do
  rm -rf "$work/public" "$work/hugo-public"
  run build "$bin" build --root "$site" --output "$work/public"
  [ -n "$peer" ] && run hugo hugo --source "$work/hugo" --destination "$work/hugo-public" --quiet
  run check "$bin" check --root "$site" --format json
  echo "round $round: build $(tail -1 "$work/times-build" | cut -d' ' -f1) s, ${peer:+hugo $(tail -1 "$work/times-hugo" | cut -d' ' -f1) s, }check $(tail -1 "$work/times-check" | cut -d' ' -f1) s"
done
echo

hugo_wall=""
[ -n "$peer" ] && hugo_wall="$(cut -d" " -f1 "$work/times-hugo" | median)"
printf '%-46s %9s %10s %9s\n' "" "wall (s)" "peak (MiB)" "vs Hugo"
for name in build check hugo; do
  [ -f "$work/times-$name" ] || continue
  wall="$(cut -d" " -f1 "$work/times-$name" | median)"
  rss="$(cut -d" " -f2 "$work/times-$name" | median)"
  ratio="-"
  [ -n "$hugo_wall" ] && ratio="$(awk -v a="$wall" -v b="$hugo_wall" 'BEGIN { printf "%.2fx", a / b }')"
  case "$name" in
    build) label="privacy-site build" ;;
    check) label="privacy-site check (writes nothing)" ;;
    hugo) label="$peer (peer, checks nothing)" ;;
  esac
  printf '%-46s %9s %10s %9s\n' "$label" "$wall" "$((rss / 1024))" "$ratio"
done
html="$(find "$work/public" -name '*.html' | wc -l)"
echo
echo "privacy-site wrote $html HTML files${peer:+; Hugo wrote $(find "$work/hugo-public" -name '*.html' | wc -l)}"
