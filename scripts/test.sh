#!/usr/bin/env bash
# The whole test suite: Rust unit and integration tests (which also build the real
# site), then the Nu HTML Checker and axe-core in headless Chromium over every page
# of the freshly built real site, and `serve`'s live reload and error overlay in
# the same browser; and the nginx configuration (deploy/nginx) serving the build,
# at its own host and under /privatliv/ (scripts/test-nginx.sh). Installs what it
# needs (Chromium, Java, npm packages, nginx) from Debian and npm.
# Usage: scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== installing browser-test dependencies"
bash scripts/install-test-deps.sh

echo "== cargo fmt --check"
if cargo fmt --version >/dev/null 2>&1; then
  cargo fmt --check
else
  echo "note: rustfmt is not installed (rustup component add rustfmt); formatting not checked"
fi

echo "== cargo test"
cargo test --release --all-targets

echo "== building the real site"
out="$(mktemp -d)/public"
cargo run --release --quiet -- build --output "$out"
cargo run --release --quiet -- check --deny warnings --format human >/dev/null || {
  echo "note: the real site has warnings (shown by privacy-site check); not a failure"; }

echo "== nginx: the deploy configuration serving the build (own host and under /privatliv/)"
# scripts/test-nginx.sh installs nginx from Debian when it is missing, which needs
# root (CI runs as root). Without root and without nginx it cannot run: say so.
sub="$(dirname "$out")/privatliv"
cargo run --release --quiet -- build --output "$sub" --base-url https://www.lejre.dk/privatliv >/dev/null
if [ "$(id -u)" -eq 0 ] || command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; then
  for site in "$out" "$sub"; do
    log=$(mktemp)
    if bash scripts/test-nginx.sh "$site" >"$log" 2>&1; then tail -n 2 "$log"; else cat "$log"; exit 1; fi
    rm -f "$log"
  done
else
  echo "note: nginx is not installed and this is not root: the nginx test did not run (sudo scripts/test-nginx.sh $out)"
fi

echo "== Nu HTML Checker + axe-core in Chromium; serve in Chromium"
start=$(date +%s)
SITE_DIR="$out" node --test tests/browser/
echo "browser tests took $(( $(date +%s) - start )) s; screenshots in tests/browser/output/"
