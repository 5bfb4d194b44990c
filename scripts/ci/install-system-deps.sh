#!/usr/bin/env bash
# Debian packages this repo needs outside npm, installed only when missing (idempotent, quiet):
#   chromium        - the browser playwright-core drives in the e2e tests (Playwright's own browser
#                     download cannot be fetched here, so we use Debian's build at /usr/bin/chromium)
#   libkrb5-dev     - headers code-server's native "kerberos" module compiles against during its
#                     npm install (GitHub, where its prebuilt binaries live, is unreachable)
#   ripgrep         - the rg binary fed to @vscode/ripgrep's postinstall instead of its GitHub download
#   g++ make python3 - node-gyp's toolchain for code-server's native modules (node-pty, kerberos, ...)
#
#   scripts/ci/install-system-deps.sh [package ...]     (no arguments: all of the above)
#
# `npm start` and the e2e setup run it with just what they find missing (scripts/e2e/
# ensure-code-server.mjs, test/e2e/harness/browser.ts); .ci/run runs it with no arguments.
# Not root: uses sudo (asking for a password only on a terminal). Exits 3 with one line saying
# what to install when it cannot install: not Debian, no root/sudo, or XLAM_NO_SYSTEM_INSTALL=1.
set -euo pipefail

if [ $# -gt 0 ]; then
  wanted=("$@")
else
  wanted=(chromium libkrb5-dev ripgrep g++ make python3)
fi

cannot() {
  echo "install-system-deps: cannot install ${need[*]}: $1" >&2
  exit 3
}

need=()
if command -v dpkg-query >/dev/null 2>&1; then
  for pkg in "${wanted[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
      need+=("$pkg")
    fi
  done
else
  need=("${wanted[@]}")
fi
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg-query >/dev/null 2>&1; then
  cannot "this is not a Debian/Ubuntu system (no apt-get); install them with your package manager (Kerberos headers: krb5-devel on Fedora, krb5 on Homebrew)"
fi
if [ -n "${XLAM_NO_SYSTEM_INSTALL:-}" ]; then
  cannot "XLAM_NO_SYSTEM_INSTALL is set; run: sudo apt-get install ${need[*]}"
fi

if [ "$(id -u)" -eq 0 ]; then
  SUDO=()
elif ! command -v sudo >/dev/null 2>&1; then
  cannot "not root and no sudo; as root run: apt-get install ${need[*]}"
elif sudo -n true 2>/dev/null || [ -t 0 ]; then
  SUDO=(sudo)
else
  cannot "sudo needs a password and there is no terminal to ask on; run: sudo apt-get install ${need[*]}"
fi

echo "install-system-deps: installing ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
echo "install-system-deps: done"
