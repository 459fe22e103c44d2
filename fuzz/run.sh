#!/usr/bin/env bash
# Runs every fuzz target for RUNS executions (default 1,000,000) from a corpus
# seeded with the real site, the fixtures and the import corpus, and prints the
# executions and crashes of each. Needs nightly Rust and cargo-fuzz
# (`cargo install cargo-fuzz`). Not part of CI. Usage: fuzz/run.sh [RUNS] [TARGET…]
# (MAX_LEN caps an input's bytes: 256 for the import targets, 2048 for markdown,
# 4096 for the rest by default; MAX_TIME, default 3600, caps a target's seconds).
set -uo pipefail
cd "$(dirname "$0")"
RUNS=${1:-1000000}
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(front_matter markup_scan markdown rewrite import_text import_html url_policy)
ROOT=..

seed() { # seed TARGET FILE…
    mkdir -p "corpus/$1"
    shift
    for f in "$@"; do [ -f "$f" ] && cp "$f" "corpus/$target/$(sha1sum "$f" | cut -c1-16)"; done
}

for target in "${TARGETS[@]}"; do
    case $target in
        front_matter | markup_scan | markdown) seed "$target" $(find "$ROOT/content" "$ROOT/tests/fixtures" -name '*.md') ;;
        rewrite) seed "$target" $(find "$ROOT/tests/fixtures" "$ROOT/tests/corpus" -name '*.html') ;;
        import_text) seed "$target" "$ROOT"/tests/corpus/*.txt "$ROOT"/tests/fixtures/import/*.txt ;;
        import_html) seed "$target" "$ROOT"/tests/corpus/*.html ;;
        url_policy)
            mkdir -p corpus/url_policy
            grep -rhoE '(https?|mailto|tel):[^ )">]+' "$ROOT/content" "$ROOT/config.toml" | sort -u | head -200 | while read -r u; do printf '%s' "$u" > "corpus/url_policy/$(printf '%s' "$u" | sha1sum | cut -c1-16)"; done
            for u in ' javascript:alert(1)' $'java\tscript:alert(1)' $'\x01javascript:x' 'data:text/html,x' 'file:///etc/passwd' '//evil.example/' '/\evil.example' '../a/#b' '?q' 'HTTP://X.DK'; do
                printf '%s' "$u" > "corpus/url_policy/$(printf '%s' "$u" | sha1sum | cut -c1-16)"
            done
            ;;
    esac
done

status=0
for target in "${TARGETS[@]}"; do
    log="artifacts/$target.log"
    mkdir -p artifacts
    # The import targets run the whole evidence classifier on every input: shorter
    # inputs (a few paragraphs) keep them near a thousand executions a second.
    case $target in import_*) max_len=${MAX_LEN:-256} ;; markdown) max_len=${MAX_LEN:-2048} ;; *) max_len=${MAX_LEN:-4096} ;; esac
    cargo +nightly fuzz run "$target" "corpus/$target" -- -runs="$RUNS" -max_len="$max_len" -max_total_time="${MAX_TIME:-3600}" -rss_limit_mb=4096 -print_final_stats=1 > "$log" 2>&1
    rc=$?
    execs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' | tail -1)
    crashes=$(find "artifacts/$target" -name 'crash-*' -o -name 'oom-*' -o -name 'timeout-*' 2>/dev/null | wc -l)
    echo "$target: ${execs:-?} executions, $crashes crash(es), exit $rc (log: fuzz/$log)"
    [ "$rc" -eq 0 ] || status=1
done
exit $status
