#!/usr/bin/env bash
# Installs whatever this machine lacks to build, serve and test Splitbrain. Idempotent: every step checks
# the installed version first, so a warm machine passes through in a second.
#   scripts/setup.sh               everything (what scripts/test.sh needs)
#   scripts/setup.sh --build-only  only what building and serving need: no browser, no test driver
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=versions.env
source "$root/scripts/versions.env"
build_only=false
[ "${1:-}" = "--build-only" ] && build_only=true
log() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }

export PATH="$HOME/.cargo/bin:$root/.tools/node_modules/.bin:$PATH"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! $build_only && { ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; }; then
  log "installing Debian chromium and chromium-driver"
  # Root on CI machines; elsewhere (a laptop, GitHub's runners) through sudo.
  sudo=""
  if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null; then sudo="sudo"; fi
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    chromium chromium-driver fonts-dejavu-core >/dev/null
fi

if [ "$(trunk --version 2>/dev/null | awk '{print $2}')" != "$TRUNK_VERSION" ]; then
  log "installing trunk $TRUNK_VERSION (about 7 minutes cold)"
  cargo install --locked trunk --version "=$TRUNK_VERSION"
fi

bindgen_version="$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/"/, "", $3); print $3}' "$root/Cargo.lock")"
if [ -z "$bindgen_version" ]; then
  echo "setup: could not read the wasm-bindgen version from Cargo.lock" >&2
  exit 1
fi
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$bindgen_version" ]; then
  log "installing wasm-bindgen-cli $bindgen_version (must equal Cargo.lock)"
  # Not --locked: its own lockfile pins a crate version the registry no longer serves.
  cargo install wasm-bindgen-cli --version "=$bindgen_version" --force
fi

if [ "$(wasm-pack --version 2>/dev/null | awk '{print $2}')" != "$WASM_PACK_VERSION" ]; then
  log "installing wasm-pack $WASM_PACK_VERSION"
  cargo install --locked wasm-pack --version "=$WASM_PACK_VERSION"
fi

# Debian's binaryen (108) corrupts wasm-bindgen output; the npm build of 132 is known good.
if [ "$(wasm-opt --version 2>/dev/null | awk '{print $3}')" != "${BINARYEN_VERSION%%.*}" ]; then
  log "installing wasm-opt from npm binaryen@$BINARYEN_VERSION"
  npm install --silent --no-audit --no-fund --prefix "$root/.tools" "binaryen@$BINARYEN_VERSION" >/dev/null
fi

# The release-site smoke test drives Debian's chromium through playwright-core (never its own browser).
installed_pw="$(node -p "require('$root/.tools/node_modules/playwright-core/package.json').version" 2>/dev/null || true)"
if ! $build_only && [ "$installed_pw" != "$PLAYWRIGHT_CORE_VERSION" ]; then
  log "installing playwright-core $PLAYWRIGHT_CORE_VERSION from npm"
  npm install --silent --no-audit --no-fund --prefix "$root/.tools" "playwright-core@$PLAYWRIGHT_CORE_VERSION" >/dev/null
fi

# Trunk builds offline (it passes --offline to cargo), so the registry crates must be fetched first.
(cd "$root" && cargo fetch --locked >/dev/null 2>&1 || cargo fetch)
log "toolchain ready"
