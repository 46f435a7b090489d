#!/usr/bin/env bash
# Installs the Debian packages the project needs when they are missing:
#   chromium    headless browser for the browser tests
#   postgresql  database server for the PostgreSQL test run (CI) and production-like runs
#   redis-server   shared rate-limit store of the production-like run
#   haproxy        TLS-terminating reverse proxy and load balancer of the production-like run
# As root it runs apt-get; otherwise it says what to install.
set -euo pipefail

declare -A probe=(
  [chromium]=/usr/bin/chromium [postgresql]=/usr/lib/postgresql
  [redis-server]=/usr/bin/redis-server [haproxy]=/usr/sbin/haproxy
)
missing=()
for pkg in "$@"; do
  [[ -e "${probe[$pkg]}" ]] || missing+=("$pkg")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ $(id -u) -ne 0 ]]; then
  echo "missing Debian packages: ${missing[*]}; install them with: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
echo "installing Debian packages: ${missing[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
