#!/usr/bin/env bash
# Installs the strata command line from this checkout (for example a clone of a tagged version):
# builds it and copies the binary to PREFIX/bin.
#
#   scripts/install.sh [--prefix DIR] [--configuration release|debug]
#
# PREFIX defaults to ~/.local (so the binary lands in ~/.local/bin); the configuration to release.
# Needs Swift 6.1 or later and libsqlite3-dev. Prints the installed binary's path.
set -euo pipefail
cd "$(dirname "$0")/.."
prefix="$HOME/.local"
configuration=release
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) prefix="$2"; shift 2 ;;
    --configuration) configuration="$2"; shift 2 ;;
    *) echo "usage: scripts/install.sh [--prefix DIR] [--configuration release|debug]" >&2; exit 64 ;;
  esac
done
case "$configuration" in release|debug) ;; *) echo "install: --configuration is release or debug" >&2; exit 64 ;; esac
swift build -c "$configuration" --product strata >&2
binary="$(swift build -c "$configuration" --product strata --show-bin-path)/strata"
mkdir -p "$prefix/bin"
install -m 0755 "$binary" "$prefix/bin/strata"
echo "$prefix/bin/strata"
