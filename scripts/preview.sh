#!/usr/bin/env bash
# Builds the real site into public/ (checking it on the way) and starts the local
# preview with live reload at http://127.0.0.1:1111. Usage: scripts/preview.sh [serve flags]
set -euo pipefail
cd "$(dirname "$0")/.."
# No --quiet: the first compile takes minutes, and cargo's progress (on stderr)
# shows that it is working.
echo "== compiling privacy-site (the first time takes a few minutes)" >&2
cargo build --release
./target/release/privacy-site build
exec ./target/release/privacy-site serve "$@"
