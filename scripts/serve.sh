#!/usr/bin/env bash
# Installs whatever is missing, builds the app and serves it on http://127.0.0.1:8080 (rebuilds on change).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$here/setup.sh" --build-only
source "$here/env.sh"
cd "$root"
exec trunk serve --release "$@"
