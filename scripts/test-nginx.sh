#!/usr/bin/env bash
# Tests deploy/nginx/privacy-site.conf for real against a built site.
#
# Usage: sudo scripts/test-nginx.sh SITE_DIR
#   SITE_DIR  a folder written by `privacy-site build` (e.g. public/)
#
# What it does:
#   - installs nginx (and curl) from Debian if missing; quiet; the package's own
#     service is kept from starting (nothing listens on port 80);
#   - copies SITE_DIR into a temporary folder (SITE_DIR itself is never written)
#     and adds a few probe files: a folder without index.html, a hidden file,
#     and a "secret" file just outside the site's folder;
#   - runs ONE nginx with its own pid, logs and temp paths in that temporary
#     folder (never /etc/nginx) on two free loopback ports:
#       A: the config file as shipped (own host), only "listen" changed;
#       B: a stand-in for www.lejre.dk (with headers of its own and a PHP
#          rule, like a CMS) holding the "#B " block of the config, i.e. the
#          site under /privatliv/;
#   - checks with curl: status codes, the security headers with their exact
#     values (on a page, the stylesheet, a 404, a redirect), the Danish and
#     English 404 pages, caching, types, no folder listing, no way out of the
#     site's folder with "..";
#   - prints one line per check and stops at the first failure (exit 1), with
#     the response headers and nginx's error log. nginx is stopped on exit.
# Checks whose file the build does not produce (a content-hashed stylesheet,
# notice.json, sitemap.xml, robots.txt) print "skipped: ..." instead.
set -euo pipefail

die() { echo "error: $*" >&2; exit 2; }

[ $# -eq 1 ] || { echo "usage: $0 SITE_DIR   (a folder built by privacy-site build)" >&2; exit 2; }
[ -d "$1" ] || die "$1 is not a folder"
site_src=$(cd "$1" && pwd)
repo=$(cd "$(dirname "$0")/.." && pwd)
conf_src="$repo/deploy/nginx/privacy-site.conf"
[ -f "$conf_src" ] || die "missing $conf_src"

# The placeholder for the site's folder in the config (variant A's root,
# variant B's alias); the test replaces it with its own copy of SITE_DIR.
placeholder=/srv/privacy-site/public
probe_dir=zz-test-nginx-no-index
hidden_file=.test-nginx-hidden

# Exact values every response must carry. Keep in step with the config file.
csp="default-src 'none'; style-src 'self'; img-src 'self'; script-src 'none'; connect-src 'none'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'"
hsts="max-age=31536000; includeSubDomains"
permissions="accelerometer=(), autoplay=(), browsing-topics=(), camera=(), display-capture=(), encrypted-media=(), fullscreen=(), geolocation=(), gyroscope=(), hid=(), idle-detection=(), interest-cohort=(), magnetometer=(), microphone=(), midi=(), payment=(), picture-in-picture=(), publickey-credentials-get=(), screen-wake-lock=(), serial=(), usb=(), xr-spatial-tracking=()"
immutable="public, max-age=31536000, immutable"

tmp=""
nginx_pid=""
made_policy=""

cleanup() {
  local rc=$?
  if [ -n "$nginx_pid" ] && kill -0 "$nginx_pid" 2>/dev/null; then
    kill -TERM "$nginx_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$nginx_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$nginx_pid" 2>/dev/null || true
    wait "$nginx_pid" 2>/dev/null || true
  fi
  if [ -n "$made_policy" ]; then rm -f /usr/sbin/policy-rc.d; fi
  if [ -n "$tmp" ] && [ -d "$tmp" ]; then rm -rf "$tmp"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- nginx and curl ---------------------------------------------------------------
find_nginx() {
  if command -v nginx >/dev/null 2>&1; then command -v nginx
  elif [ -x /usr/sbin/nginx ]; then echo /usr/sbin/nginx
  fi
}

install_packages() {
  [ "$(id -u)" -eq 0 ] || die "nginx or curl is missing; run as root to install them from Debian: $*"
  command -v apt-get >/dev/null 2>&1 || die "no apt-get: install $* by hand"
  echo "== installing from Debian: $*"
  # Keep the package's own nginx service (port 80, /etc/nginx) from starting.
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    made_policy=1
  fi
  local log
  log=$(mktemp)
  export DEBIAN_FRONTEND=noninteractive
  local ok=1
  # Try with the package lists as they are; if that fails, refresh them once.
  if ! apt-get install -y -qq --no-install-recommends "$@" >"$log" 2>&1; then
    if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends "$@"; } >>"$log" 2>&1; then
      sed 's/^/    /' "$log" >&2
      ok=""
    fi
  fi
  rm -f "$log"
  if [ -n "$made_policy" ]; then rm -f /usr/sbin/policy-rc.d; made_policy=""; fi
  [ -n "$ok" ]
}

NGINX=$(find_nginx)
if [ -z "$NGINX" ]; then
  # Debian's "nginx" (on older releases "nginx-light" is the small one).
  install_packages nginx || install_packages nginx-light || die "could not install nginx from Debian"
  NGINX=$(find_nginx)
  [ -n "$NGINX" ] || die "nginx is still missing after installing it"
fi
if ! command -v curl >/dev/null 2>&1; then
  install_packages curl ca-certificates || die "could not install curl from Debian"
fi
echo "== $("$NGINX" -v 2>&1), $(curl --version | head -n 1 | cut -d' ' -f1-2)"

# --- A temporary copy of the site, with probes -------------------------------------
tmp=$(mktemp -d /tmp/test-nginx.XXXXXX)
chmod 755 "$tmp"                        # nginx's workers (www-data) must read it
site="$tmp/public"
mkdir -p "$site" "$tmp/host" "$tmp/temp"
cp -R "$site_src/." "$site/"
chmod -R a+rX "$site"
secret="test-nginx-secret-$RANDOM$RANDOM"
hidden="test-nginx-hidden-$RANDOM$RANDOM"
printf '%s\n' "$secret" >"$tmp/secret.txt"       # just outside the site's folder
chmod 644 "$tmp/secret.txt"
[ ! -e "$site/$probe_dir" ] || die "SITE_DIR already has $probe_dir/"
mkdir "$site/$probe_dir"
printf 'probe\n' >"$site/$probe_dir/file.txt"
printf '%s\n' "$hidden" >"$site/$hidden_file"
chmod -R a+rX "$site"
printf '<!DOCTYPE html><title>host</title><p>test-nginx host site (www.lejre.dk stand-in)</p>\n' >"$tmp/host/index.html"
chmod -R a+rX "$tmp/host"
echo "== serving a copy of $site_src (from $site)"

# --- Output and checks ---------------------------------------------------------------
count=0
status=""
last_url=""
pass() { count=$((count + 1)); echo "ok $count - $*"; }
skip() { echo "skipped: $*"; }
fail() {
  echo "FAIL - $*"
  if [ -n "$last_url" ]; then
    echo "  last request: $last_url -> $status"
    echo "  response headers:"
    sed 's/^/    /' "$tmp/h" 2>/dev/null || true
  fi
  if [ -s "$tmp/error.log" ]; then
    echo "  nginx error log (last 20 lines):"
    tail -n 20 "$tmp/error.log" | sed 's/^/    /'
  fi
  exit 1
}

# fetch URL [curl options]: sets $status; headers in $tmp/h (no CR), body in $tmp/b.
fetch() {
  local url=$1
  shift
  last_url=$url
  : >"$tmp/h.raw"
  status=$(curl -sS --path-as-is --max-time 10 -o "$tmp/b" -D "$tmp/h.raw" -w '%{http_code}' "$@" "$url") \
    || fail "curl could not fetch $url"
  tr -d '\r' <"$tmp/h.raw" >"$tmp/h"
}

# All values of a response header (case-insensitive name), one per line.
header_values() {
  awk -v want="$(printf '%s' "$1" | tr '[:upper:]' '[:lower:]')" '
    index($0, ":") > 1 {
      name = tolower(substr($0, 1, index($0, ":") - 1))
      if (name == want) { v = substr($0, index($0, ":") + 1); sub(/^[ \t]+/, "", v); sub(/[ \t]+$/, "", v); print v }
    }' "$tmp/h"
}

expect_status() { # LABEL CODE
  if [ "$status" = "$2" ]; then pass "$1: status $2"; else fail "$1: expected status $2, got $status"; fi
}

expect_header() { # LABEL NAME VALUE: exactly one such header, with exactly this value
  local values n
  values=$(header_values "$2")
  n=$(printf '%s' "$values" | grep -c '' || true)
  if [ "$n" -ne 1 ]; then fail "$1: expected one $2 header, got $n"; fi
  local shown=$3
  if [ "${#shown}" -gt 72 ]; then shown="${shown:0:60}... (all ${#3} characters)"; fi
  if [ "$values" = "$3" ]; then pass "$1: $2: $shown"; else fail "$1: $2 is \"$values\", expected \"$3\""; fi
}

expect_no_header_containing() { # LABEL NAME TEXT
  if header_values "$2" | grep -qiF -- "$3"; then fail "$1: $2 must not contain \"$3\""; fi
  pass "$1: $2 without \"$3\""
}

expect_no_header() { # LABEL NAME
  if [ -n "$(header_values "$2")" ]; then fail "$1: unexpected $2 header"; fi
  pass "$1: no $2 header"
}

expect_body_has() { # LABEL TEXT
  if grep -qF -- "$2" "$tmp/b"; then pass "$1: body contains $2"; else fail "$1: body lacks $2"; fi
}

expect_body_lacks() { # LABEL TEXT
  if grep -qF -- "$2" "$tmp/b"; then fail "$1: body contains $2"; else pass "$1: body does not contain $2"; fi
}

expect_body_is() { # LABEL FILE
  if cmp -s "$tmp/b" "$2"; then pass "$1: body is ${2#"$site"/}"; else fail "$1: body differs from ${2#"$site"/}"; fi
}

expect_security_headers() { # LABEL
  expect_header "$1" Content-Security-Policy "$csp"
  expect_header "$1" Strict-Transport-Security "$hsts"
  expect_header "$1" Referrer-Policy "no-referrer"
  expect_header "$1" X-Content-Type-Options "nosniff"
  expect_header "$1" X-Frame-Options "DENY"
  expect_header "$1" Permissions-Policy "$permissions"
  expect_header "$1" Server "nginx"
}

# --- What the site holds -----------------------------------------------------------------
pass "site: $(find "$site_src" -type f | wc -l) files in $site_src"
for f in index.html en/index.html 404.html en/404.html; do
  [ -f "$site/$f" ] || fail "site: SITE_DIR has no $f"
done
grep -qF 'lang="da"' "$site/404.html" || fail "site: 404.html has no lang=\"da\""
grep -qF 'lang="en"' "$site/en/404.html" || fail "site: en/404.html has no lang=\"en\""
pass "site: index.html, en/index.html, 404.html (lang=\"da\"), en/404.html (lang=\"en\") present"

shopt -s nullglob
da_page=""
en_page=""
notice=""
for f in "$site"/*/notice.json "$site"/*/index.html; do
  d=$(basename "$(dirname "$f")")
  case $d in en | matrix | kontakt | "$probe_dir") continue ;; esac
  da_page=$d
  break
done
for f in "$site"/en/*/index.html; do
  d=$(basename "$(dirname "$f")")
  case $d in matrix | kontakt) continue ;; esac
  en_page=$d
  break
done
for f in "$site"/*/notice.json "$site"/en/*/notice.json; do notice=${f#"$site"}; break; done
[ -n "$da_page" ] || fail "site: no Danish page folder (<slug>/index.html) in SITE_DIR"
[ -n "$en_page" ] || fail "site: no English page folder (en/<slug>/index.html) in SITE_DIR"
hashed_css=""
plain_css=""
for f in "$site"/*.css; do
  name=$(basename "$f")
  if [[ $name =~ ^style\.[0-9a-fA-F]{8,}\.css$ ]]; then hashed_css=$name; else plain_css=$name; fi
done
shopt -u nullglob
[ -n "$hashed_css$plain_css" ] || fail "site: no stylesheet (*.css) at the top of SITE_DIR"
pass "site: pages /$da_page/ and /en/$en_page/, stylesheet ${hashed_css:-$plain_css}${notice:+, $notice}"

# --- The configuration for this run -------------------------------------------------------
grep -q "^[[:space:]]*root $placeholder;" "$conf_src" || fail "config: variant A has no 'root $placeholder;' (update this test)"
[ "$(grep -c '^server {$' "$conf_src")" -eq 1 ] || fail "config: expected exactly one active 'server {' line"
grep -q "^#B[[:space:]]*alias $placeholder/;" "$conf_src" || fail "config: variant B has no 'alias $placeholder/;' (update this test)"
pass "config: $conf_src has variant A (server) and variant B (#B lines)"

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
pick_port() { # [PORT_TO_AVOID]
  local p
  for _ in $(seq 200); do
    p=$((20000 + RANDOM % 40000))
    if [ "$p" != "${1:-}" ] && ! port_in_use "$p"; then echo "$p"; return 0; fi
  done
  return 1
}

temp_paths() { # the temp paths of the modules this nginx has, inside $tmp/temp
  local v m
  v=$("$NGINX" -V 2>&1)
  echo "    client_body_temp_path $tmp/temp/client_body;"
  for m in proxy fastcgi uwsgi scgi; do
    case $v in *"--without-http_${m}_module"*) ;; *) echo "    ${m}_temp_path $tmp/temp/$m;" ;; esac
  done
}

write_config() { # PORT_A PORT_B
  # Variant A: the file as shipped; its "listen" lines replaced by a loopback port.
  sed -e '/^[[:space:]]*listen[[:space:]]/d' \
      -e "s|^server {\$|server {\\n    listen 127.0.0.1:$1;|" \
      -e "s|$placeholder|$site|g" "$conf_src" >"$tmp/privacy-site.conf"
  # Variant B: the "#B " lines, uncommented.
  sed -n -e 's/^#B$//p' -e 's/^#B //p' "$conf_src" | sed "s|$placeholder|$site|g" >"$tmp/variant-b.conf"
  local user_line=""
  if [ "$(id -u)" -eq 0 ]; then
    if id www-data >/dev/null 2>&1; then user_line="user www-data www-data;"; else user_line="user nobody nogroup;"; fi
  fi
  cat >"$tmp/nginx.conf" <<EOF
# Written by scripts/test-nginx.sh; lives in $tmp only.
worker_processes 1;
daemon off;
pid $tmp/nginx.pid;
error_log $tmp/error.log notice;
$user_line
events { worker_connections 64; }
http {
    access_log $tmp/access.log;
$(temp_paths)

    # Variant A: deploy/nginx/privacy-site.conf as shipped (maps + server).
    include $tmp/privacy-site.conf;

    # Variant B: a stand-in for www.lejre.dk, with headers and a PHP rule of its
    # own (as a CMS has), holding the config's "#B" block.
    server {
        listen 127.0.0.1:$2;
        server_name www.lejre.dk;
        root $tmp/host;
        add_header Content-Security-Policy "default-src 'self' https://cms.example" always;
        add_header X-Frame-Options "SAMEORIGIN" always;
        add_header Cache-Control "max-age=600" always;
        location ~ \.php\$ { return 500; }
        include $tmp/variant-b.conf;
    }
}
EOF
}

eflag=()
if "$NGINX" -h 2>&1 | grep -q -- '-e filename'; then eflag=(-e "$tmp/error.log"); fi

start_nginx() { # -> 0 started, 1 port taken (try again)
  port_a=$(pick_port) || fail "nginx: no free loopback port found"
  port_b=$(pick_port "$port_a") || fail "nginx: no free loopback port found"
  write_config "$port_a" "$port_b"
  : >"$tmp/error.log"
  if ! "$NGINX" -t -q -p "$tmp/" -c "$tmp/nginx.conf" "${eflag[@]}" >"$tmp/nginx-t.out" 2>&1; then
    sed 's/^/    /' "$tmp/nginx-t.out"
    fail "config: nginx -t rejects the configuration"
  fi
  "$NGINX" -p "$tmp/" -c "$tmp/nginx.conf" "${eflag[@]}" >"$tmp/nginx.out" 2>&1 &
  nginx_pid=$!
  for _ in $(seq 100); do
    if ! kill -0 "$nginx_pid" 2>/dev/null; then
      wait "$nginx_pid" 2>/dev/null || true
      nginx_pid=""
      if grep -q 'Address already in use' "$tmp/error.log" "$tmp/nginx.out" 2>/dev/null; then return 1; fi
      cat "$tmp/nginx.out"
      fail "nginx: exited at start"
    fi
    if curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port_a/" \
      && curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port_b/"; then
      return 0
    fi
    sleep 0.1
  done
  fail "nginx: not listening on 127.0.0.1:$port_a and :$port_b after 10 s"
}

started=""
for _ in 1 2 3; do
  if start_nginx; then started=1; break; fi
done
[ -n "$started" ] || fail "nginx: ports taken three times in a row"
pass "nginx: config accepted (nginx -t); listening on 127.0.0.1:$port_a (A) and :$port_b (B, /privatliv/)"

# --- The checks, once per variant ---------------------------------------------------------
check_variant() { # NAME BASE PREFIX
  local v=$1 base=$2 prefix=$3 p
  local u="$base$prefix"

  fetch "$u/"
  expect_status "$v GET $prefix/" 200
  expect_header "$v GET $prefix/" Content-Type "text/html; charset=utf-8"
  expect_body_has "$v GET $prefix/" 'lang="da"'
  expect_security_headers "$v GET $prefix/"
  expect_header "$v GET $prefix/" Cache-Control "no-cache"

  fetch "$u/$da_page/"
  expect_status "$v GET $prefix/$da_page/" 200
  expect_body_is "$v GET $prefix/$da_page/" "$site/$da_page/index.html"
  expect_security_headers "$v GET $prefix/$da_page/"
  expect_header "$v GET $prefix/$da_page/" Cache-Control "no-cache"
  expect_no_header_containing "$v GET $prefix/$da_page/" Cache-Control immutable
  expect_no_header "$v GET $prefix/$da_page/" Access-Control-Allow-Origin

  local modified
  modified=$(header_values Last-Modified)
  [ -n "$modified" ] || fail "$v GET $prefix/$da_page/: no Last-Modified header"
  fetch "$u/$da_page/" -H "If-Modified-Since: $modified"
  expect_status "$v GET $prefix/$da_page/ (If-Modified-Since: unchanged)" 304
  expect_header "$v GET $prefix/$da_page/ (304)" Content-Security-Policy "$csp"
  expect_header "$v GET $prefix/$da_page/ (304)" Cache-Control "no-cache"

  fetch "$u/$da_page/" -H 'Accept-Encoding: gzip'
  expect_header "$v GET $prefix/$da_page/ (gzip)" Content-Encoding gzip

  fetch "$u/en/"
  expect_status "$v GET $prefix/en/" 200
  expect_body_has "$v GET $prefix/en/" 'lang="en"'

  fetch "$u/en/$en_page/"
  expect_status "$v GET $prefix/en/$en_page/" 200
  expect_body_has "$v GET $prefix/en/$en_page/" 'lang="en"'
  expect_header "$v GET $prefix/en/$en_page/" Content-Type "text/html; charset=utf-8"

  fetch "$u/$da_page"
  expect_status "$v GET $prefix/$da_page (no slash)" 301
  expect_header "$v GET $prefix/$da_page (no slash)" Location "$prefix/$da_page/"
  expect_security_headers "$v GET $prefix/$da_page (no slash)"

  # The stylesheet: content-hashed (cached a year) and/or plain (revalidated).
  if [ -n "$hashed_css" ]; then
    fetch "$u/$hashed_css"
    expect_status "$v GET $prefix/$hashed_css" 200
    expect_header "$v GET $prefix/$hashed_css" Content-Type "text/css; charset=utf-8"
    expect_header "$v GET $prefix/$hashed_css" Cache-Control "$immutable"
    expect_security_headers "$v GET $prefix/$hashed_css"
  else
    skip "$v: no content-hashed stylesheet (style.<8+ hex digits>.css) in SITE_DIR; immutable caching not checked"
  fi
  if [ -n "$plain_css" ]; then
    fetch "$u/$plain_css"
    expect_status "$v GET $prefix/$plain_css" 200
    expect_header "$v GET $prefix/$plain_css" Content-Type "text/css; charset=utf-8"
    expect_header "$v GET $prefix/$plain_css" Cache-Control "no-cache"
    expect_security_headers "$v GET $prefix/$plain_css"
  fi

  # 404s: Danish at the top, English under /en/, never cached for a year.
  p="/test-nginx-missing-$RANDOM/"
  fetch "$u$p"
  expect_status "$v GET $prefix$p" 404
  expect_body_is "$v GET $prefix$p" "$site/404.html"
  expect_body_has "$v GET $prefix$p" 'lang="da"'
  expect_header "$v GET $prefix$p" Content-Type "text/html; charset=utf-8"
  expect_header "$v GET $prefix$p" Cache-Control "no-cache"
  expect_security_headers "$v GET $prefix$p"

  p="/$da_page/test-nginx-missing.html"
  fetch "$u$p"
  expect_status "$v GET $prefix$p" 404
  expect_body_is "$v GET $prefix$p" "$site/404.html"

  p="/en/test-nginx-missing-$RANDOM/"
  fetch "$u$p"
  expect_status "$v GET $prefix$p" 404
  expect_body_is "$v GET $prefix$p" "$site/en/404.html"
  expect_body_has "$v GET $prefix$p" 'lang="en"'
  expect_security_headers "$v GET $prefix$p"

  p="/en"
  fetch "$u$p"
  expect_status "$v GET $prefix$p" 301
  expect_header "$v GET $prefix$p" Location "$prefix/en/"

  p="/style.0badc0de99.css"
  fetch "$u$p"
  expect_status "$v GET $prefix$p (missing)" 404
  expect_header "$v GET $prefix$p (missing)" Cache-Control "no-cache"

  # Types of the other files the build writes.
  if [ -n "$notice" ]; then
    fetch "$u$notice"
    expect_status "$v GET $prefix$notice" 200
    expect_header "$v GET $prefix$notice" Content-Type "application/json"
    expect_header "$v GET $prefix$notice" Cache-Control "no-cache"
    expect_header "$v GET $prefix$notice" Access-Control-Allow-Origin "*"
    expect_security_headers "$v GET $prefix$notice"
  else
    skip "$v: no <slug>/notice.json in SITE_DIR; JSON type not checked"
  fi
  if [ -f "$site/sitemap.xml" ]; then
    fetch "$u/sitemap.xml"
    expect_status "$v GET $prefix/sitemap.xml" 200
    expect_header "$v GET $prefix/sitemap.xml" Content-Type "application/xml; charset=utf-8"
    expect_header "$v GET $prefix/sitemap.xml" Cache-Control "no-cache"
  else
    skip "$v: no sitemap.xml in SITE_DIR; XML type not checked"
  fi
  if [ -f "$site/robots.txt" ]; then
    fetch "$u/robots.txt"
    expect_status "$v GET $prefix/robots.txt" 200
    expect_header "$v GET $prefix/robots.txt" Content-Type "text/plain; charset=utf-8"
  else
    skip "$v: no robots.txt in SITE_DIR"
  fi

  # No folder listing; no hidden files.
  fetch "$u/$probe_dir/"
  expect_status "$v GET $prefix/$probe_dir/ (folder without index.html)" 404
  expect_body_lacks "$v GET $prefix/$probe_dir/" "file.txt"
  expect_body_lacks "$v GET $prefix/$probe_dir/" "Index of"
  expect_body_has "$v GET $prefix/$probe_dir/" 'lang="da"'

  fetch "$u/$hidden_file"
  expect_status "$v GET $prefix/$hidden_file" 404
  expect_body_lacks "$v GET $prefix/$hidden_file" "$hidden"

  # ".." never leaves the site's folder (secret.txt lies just outside it).
  for p in "/../secret.txt" "/../../secret.txt" "/en/../../secret.txt" "/$da_page/../../secret.txt" \
    "/%2e%2e/secret.txt" "/%2E%2E/secret.txt" "/..%2fsecret.txt" "/%2e%2e%2fsecret.txt" \
    "/en/..%2f..%2fsecret.txt" "/..%5csecret.txt" "/..;/secret.txt"; do
    fetch "$u$p"
    if [ "$status" = 200 ] || grep -qF "$secret" "$tmp/b"; then
      fail "$v GET $prefix$p: reached a file outside the site (status $status)"
    fi
    pass "$v GET $prefix$p: status $status, outside file not served"
  done
}

check_variant "A" "http://127.0.0.1:$port_a" ""
check_variant "B" "http://127.0.0.1:$port_b" "/privatliv"

# Variant B inside its host: only /privatliv/ is ours, the host's rules stay out.
b="http://127.0.0.1:$port_b"
fetch "$b/privatliv"
expect_status "B GET /privatliv (no slash)" 301
expect_header "B GET /privatliv (no slash)" Location "/privatliv/"
fetch "$b/"
expect_status "B GET / (the host's own front page)" 200
expect_body_has "B GET / (the host's own front page)" "test-nginx host site"
fetch "$b/privatliv/test-nginx.php"
expect_status "B GET /privatliv/test-nginx.php (the host's PHP rule must not apply)" 404
expect_body_is "B GET /privatliv/test-nginx.php" "$site/404.html"
for p in "/privatliv../secret.txt" "/privatliv..%2fsecret.txt" "/privatliv%2f..%2fsecret.txt" "/privatliv/../secret.txt"; do
  fetch "$b$p"
  if [ "$status" = 200 ] || grep -qF "$secret" "$tmp/b"; then
    fail "B GET $p: reached a file outside the site (status $status)"
  fi
  pass "B GET $p: status $status, outside file not served"
done

# A site built for the path (base_url https://…/privatliv): every root-relative link
# and asset of every page lies under /privatliv/ and answers 200 through variant B.
if grep -qF 'href="/privatliv/' "$site/index.html"; then
  links=$(cd "$site" && find . -name '*.html' -not -path "./$probe_dir/*" -exec grep -ohE '(href|src)="/[^"]*"' {} + \
    | sed -E 's/^(href|src)="//; s/"$//; s/#.*//; s/&amp;/\&/g' | sort -u)
  [ -n "$links" ] || fail "B links: no root-relative links found in the site's pages"
  n=0
  while IFS= read -r link; do
    case $link in
      /privatliv/*) ;;
      *) fail "B links: $link leads outside /privatliv/ (found in the site's pages)" ;;
    esac
    fetch "$b$link"
    [ "$status" = 200 ] || fail "B GET $link (a link in the site's pages): expected status 200, got $status"
    n=$((n + 1))
  done <<<"$links"
  pass "B links: all $n root-relative links and assets of every page are under /privatliv/ and answer 200"
else
  skip "B links: the site was not built for /privatliv (build --base-url https://www.lejre.dk/privatliv); its links were not followed"
fi

echo "== all $count checks passed (nginx $("$NGINX" -v 2>&1 | sed 's|.*/||'), site $site_src)"
