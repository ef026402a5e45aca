#!/usr/bin/env bash
# Checks the Dockerfile without a container engine (none runs on MinerKit's development machines):
# hadolint lints it, and each server runs as its image runs it: as nobody, with every filesystem
# read-only except a data folder (Tests/PythonClients/read_only_runtime_client.py; needs root).
# Usage: scripts/check-containers.sh [path/to/minerkit]   (default: the debug build)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
binary="${1:-$here/.build/debug/minerkit}"
# The test tools live in the project's virtual environment (scripts/setup.sh makes it).
[ -x "$here/.build/python/bin/python3" ] && PATH="$here/.build/python/bin:$PATH"

if command -v hadolint >/dev/null 2>&1; then
  hadolint --config "$here/.hadolint.yaml" "$here/Dockerfile"
  echo "ok   hadolint: Dockerfile"
else
  echo "skip hadolint is not installed (run scripts/setup.sh)"
fi
python3 "$here/Tests/PythonClients/read_only_runtime_client.py" "$binary" "$here/Models/speech-enhancer"
