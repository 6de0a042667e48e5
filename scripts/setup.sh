#!/usr/bin/env bash
# Installs whatever is missing for Multaqa on a Debian 12 machine, and nothing that is there:
#   - Debian packages (redis-server; for tests also chromium and sox),
#   - the mediasoup worker, built offline against Debian's libraries and cached outside the
#     clone (a clean build takes 5-10 minutes once; later runs reuse it),
#   - npm dependencies (npm ci, skipped while package-lock.json is unchanged).
# Usage: scripts/setup.sh [start|test]   (test also installs the browser-test packages)
set -euo pipefail
cd "$(dirname "$0")/.."

MODE="${1:-start}"
log() { printf '[setup] %s\n' "$*" >&2; }
die() { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }

CACHE_DIR="${MULTAQA_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/multaqa}"
MEDIASOUP_VERSION="$(node -p "require('./server/package.json').dependencies.mediasoup")"

# ------------------------------------------------------------------ Debian packages
APT_PACKAGES=(redis-server)
[[ "$MODE" == test ]] && APT_PACKAGES+=(chromium sox)
missing=()
for package in "${APT_PACKAGES[@]}"; do
	dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if ((${#missing[@]})); then
	SUDO=""
	if [[ $(id -u) -ne 0 ]]; then
		command -v sudo >/dev/null || die "need root or sudo to install: ${missing[*]}"
		SUDO="sudo"
	fi
	log "installing Debian packages: ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	if ! $SUDO apt-get install -y --no-install-recommends "${missing[@]}"; then
		$SUDO apt-get update
		$SUDO apt-get install -y --no-install-recommends "${missing[@]}" || die "could not install: ${missing[*]}"
	fi
fi

# ------------------------------------------------------------------ mediasoup worker
if [[ -n "${MEDIASOUP_WORKER_BIN:-}" ]]; then
	WORKER_BIN="$MEDIASOUP_WORKER_BIN"
	[[ -x "$WORKER_BIN" ]] || die "MEDIASOUP_WORKER_BIN=$WORKER_BIN is not an executable file"
else
	WORKER_BIN="$CACHE_DIR/mediasoup-worker-$MEDIASOUP_VERSION/mediasoup-worker"
	if [[ ! -x "$WORKER_BIN" ]]; then
		log "building the mediasoup $MEDIASOUP_VERSION worker (first time only; 5-10 minutes)"
		MEDIASOUP_VERSION="$MEDIASOUP_VERSION" WORKDIR="$CACHE_DIR/build" INSTALL_BIN="$WORKER_BIN" \
			bash scripts/build-mediasoup-worker.sh >&2 || die "the mediasoup worker build failed (see above)"
	fi
fi
ldd "$WORKER_BIN" | grep -q 'not found' && die "$WORKER_BIN misses shared libraries: $(ldd "$WORKER_BIN" | grep 'not found')"

# ------------------------------------------------------------------ npm dependencies
# MEDIASOUP_WORKER_BIN makes mediasoup's postinstall skip its download from GitHub.
export MEDIASOUP_WORKER_BIN="$WORKER_BIN"
STAMP=node_modules/.multaqa-install-stamp
lock_hash="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [[ ! -f "$STAMP" || "$(cat "$STAMP")" != "$lock_hash" ]]; then
	log "installing npm dependencies"
	npm ci --no-audit --no-fund --loglevel=error >&2 || die "npm ci failed"
	echo "$lock_hash" > "$STAMP"
fi

# mediasoup looks for its worker here when MEDIASOUP_WORKER_BIN is not set at run time.
DEFAULT_BIN=node_modules/mediasoup/worker/out/Release/mediasoup-worker
if [[ "$(readlink -f "$DEFAULT_BIN" 2>/dev/null)" != "$(readlink -f "$WORKER_BIN")" ]]; then
	mkdir -p "$(dirname "$DEFAULT_BIN")"
	ln -sfn "$(readlink -f "$WORKER_BIN")" "$DEFAULT_BIN"
fi
log "ready (mediasoup worker: $WORKER_BIN)"
