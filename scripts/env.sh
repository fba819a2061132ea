# Sourced by the scripts: puts the project's tools first on PATH and makes trunk work offline.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$root/.tools/node_modules/.bin:$PATH"
export TRUNK_OFFLINE=true
export TRUNK_SKIP_VERSION_CHECK=true
export NODE_PATH="$root/.tools/node_modules"
