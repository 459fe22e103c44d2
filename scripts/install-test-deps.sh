#!/usr/bin/env bash
# Installs what the browser/validator tests (tests/browser/) need, on a fresh
# Debian machine running as root (CI=true, no stdin). Idempotent: when
# everything is already there it only runs `npm ci` (a couple of seconds).
#
# Nothing here downloads a browser or a JDK of its own: the network only
# reaches package registries, so Chromium and Java come from Debian.
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive
cd "$(dirname "$0")/.."

say() { printf 'install-test-deps: %s\n' "$*"; }

# Debian packages still needed; apt-get update runs only if there are any.
missing=()
if [ -x /usr/bin/chromium ]; then
  say "chromium present ($(/usr/bin/chromium --version 2>/dev/null || echo '?'))"
else
  missing+=(chromium)
fi
need_java=false
if command -v java >/dev/null 2>&1; then
  say "java present ($(java -version 2>&1 | head -n1))"
else
  need_java=true
fi

if [ "${#missing[@]}" -gt 0 ] || $need_java; then
  if [ "$(id -u)" -ne 0 ]; then
    say "not root, cannot apt-get install: ${missing[*]} $($need_java && echo java)" >&2
    exit 1
  fi
  apt-get update -qq
  if $need_java; then
    # Java 17 on Debian 12; a later Debian only has a newer one, which vnu runs too.
    if apt-cache show openjdk-17-jre-headless >/dev/null 2>&1; then
      missing+=(openjdk-17-jre-headless)
    else
      missing+=(default-jre-headless)
    fi
    # Slim images drop /usr/share/man, and the JRE's update-alternatives then fails.
    mkdir -p /usr/share/man/man1
  fi
  say "apt-get install ${missing[*]}"
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  say "installed ${missing[*]}"
fi

command -v node >/dev/null 2>&1 || { say "node is missing (need Node 20+)" >&2; exit 1; }

# --ignore-scripts: vnu-jar's postinstall would try to download a JDK when
# `java` is absent; Debian's Java is used instead, and no other package needs
# an install script (playwright-core never fetches a browser by itself).
say "npm ci"
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
say "done"
