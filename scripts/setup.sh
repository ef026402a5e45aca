#!/usr/bin/env bash
# Installs every system package MinerKit's build, tests and demo need on a fresh Debian machine.
# Idempotent: packages already present are left alone. Run as root or with sudo.
set -euo pipefail

packages=(
  pkg-config
  libsqlite3-dev      # embedded store
  libsodium-dev       # Ed25519, ristretto255, BLAKE2b, SHA-512
  libopenblas-dev     # tensor core (cblas_sgemm)
  espeak-ng           # speech synthesis for the demo and training data
  python3             # interop tests (schnorrkel, numpy clients), in a virtual environment of the project's
  python3-venv        #   own (.build/python): Debian's system Python refuses pip (PEP 668)
  openssl             # self-signed certificates for the PostgreSQL TLS tests (sslmode)
  postgresql          # PostgreSQL 15 server and tools (initdb, pg_ctl, pgbench): MinerKitPostgres tests and benches
  chromium            # headless browser and its WebDriver, driven by selenium in the console tests
  chromium-driver     #   (Tests/MinerKitHTTPTests/Console/ConsoleBrowserTests.swift)
  libpocketsphinx3    # offline speech recogniser for `inference serve --transcribe` (bound with dlopen)
  pocketsphinx-en-us  #   and its US English model
  alsa-utils          # recorded voices (/usr/share/sounds/alsa) the transcription test listens to
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
echo "setup: system packages present (${#packages[@]})"

# The Debian package starts a cluster of its own as a service; MinerKit's tests and benches start
# throwaway clusters instead (PostgresTestCluster) and need only the binaries and the postgres user.
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  echo "setup: warning: postgresql is installed but no initdb was found under /usr/lib/postgresql" >&2
fi

# Python packages for the interop tests, schemathesis for the contract tests and selenium for the browser
# tests go into the project's own virtual environment, .build/python (the tests use it: TestPython in
# MinerKitTesting), never into the system Python: Debian's refuses pip (PEP 668). Tests that need them
# report themselves skipped when absent (and fail instead when CI is set).
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="$root/.build/python"
if command -v python3 >/dev/null 2>&1; then
  if [ ! -x "$venv/bin/python3" ] || ! "$venv/bin/python3" -c "import sys" >/dev/null 2>&1; then
    rm -rf "$venv"
    mkdir -p "$root/.build"
    python3 -m venv "$venv"
  fi
  "$venv/bin/python3" -m pip install --quiet --disable-pip-version-check -r "$root/scripts/requirements-test.txt"
  echo "setup: python test packages in $venv"
else
  echo "setup: warning: no python3; the interop tests will be skipped" >&2
fi
