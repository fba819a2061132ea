#!/usr/bin/env bash
# Installs whatever is missing, then runs every check: formatting, clippy, native tests (unit, paper
# sections, golden scenarios, seeded sweeps), browser tests in headless Chrome, the release build, and a
# smoke test of the release site in headless Chromium. Fails on the first failure.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$here/setup.sh"
source "$here/env.sh"
cd "$root"
step() { printf '\n\033[1;34m==> %s\033[0m\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all -- --check

step "clippy (native crates)"
cargo clippy --all-targets -- -D warnings

step "clippy (the app, wasm32)"
cargo clippy -p splitbrain --all-targets --target wasm32-unknown-unknown -- -D warnings

step "native tests (optimised, with debug assertions; every protocol's sweeps over 10 000 seeds each)"
SWEEP_SEEDS="${SWEEP_SEEDS:-10000}" cargo test --profile ci

step "browser tests: wasm-pack test --headless --chrome"
wasm-pack test --headless --chrome --chromedriver "$(command -v chromedriver)" --mode no-install

step "release build: trunk build --release"
trunk build --release

step "smoke test of the release site in headless Chromium"
node tests/smoke/smoke.mjs

step "all checks passed"
