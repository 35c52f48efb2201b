#!/usr/bin/env bash
# Sets up a fresh machine for the tests: Debian's Mesa EGL/GL (WebGPU through Dawn's OpenGL ES
# backend on the CPU) and Chromium (the browser conformance run), the pinned pnpm, and the
# workspace's dependencies. Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."

sudo_if_needed() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

need=()
for pkg in libegl-dev libegl-mesa0 libgl1-mesa-dri chromium; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  sudo_if_needed apt-get update -qq
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}"
fi

pnpm_version=$(node -p "require('./package.json').packageManager.split('@')[1]")
if [ "$(pnpm --version 2>/dev/null || true)" != "$pnpm_version" ]; then
  # corepack's signature check fails on these machines: install the pinned pnpm with npm.
  npm install -g "pnpm@$pnpm_version"
fi
pnpm install --frozen-lockfile
