#!/usr/bin/env bash
# Debian packages the end-to-end tests need, installed only when missing (idempotent, quiet):
#   chromium     - the browser playwright-core drives (Playwright's own browser download cannot be
#                  fetched here, so we use Debian's build at /usr/bin/chromium)
#   libkrb5-dev  - headers code-server's native "kerberos" module compiles against during npm install
#   ripgrep      - the rg binary fed to @vscode/ripgrep's postinstall instead of its GitHub download
set -euo pipefail

need=()
for pkg in chromium libkrb5-dev ripgrep; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    need+=("$pkg")
  fi
done
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
else
  SUDO=
fi
echo "install-system-deps: installing ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
echo "install-system-deps: done"
