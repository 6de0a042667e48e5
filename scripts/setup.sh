#!/usr/bin/env bash
# Installs whatever is missing for Multaqa on a Debian 12 machine, and nothing that is there:
#   - Debian packages (redis-server; for tests also chromium, sox and coturn), only those whose
#     command is not on PATH already; none for Redis when REDIS_URL names one,
#   - the mediasoup worker, built offline against Debian's libraries and cached outside the
#     clone, keyed by the mediasoup version and the build script's content (a clean build takes
#     5-10 minutes once; a changed build script builds again),
#   - npm dependencies (npm ci, skipped while package-lock.json is unchanged).
# Usage: scripts/setup.sh [start|test] [--only packages|worker|npm]   (test adds the browser-test packages)
#        scripts/setup.sh [start|test] --worker-path                    (where the worker is cached)
set -euo pipefail
cd "$(dirname "$0")/.."

MODE="${1:-start}"
log() { printf '[setup] %s\n' "$*" >&2; }
die() { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }

CACHE_DIR="${MULTAQA_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/multaqa}"
MEDIASOUP_VERSION="$(node -p "require('./server/package.json').dependencies.mediasoup")"

# ------------------------------------------------------------------ Debian packages
APT_PACKAGES=(redis-server ffmpeg)
[[ "$MODE" == test ]] && APT_PACKAGES+=(chromium sox)

# The browser tests through TURN start a real coturn.
[[ "$MODE" == test ]] && APT_PACKAGES+=(coturn)

# The command that shows a package is there (a package installed some other way counts too).
command_of() {
	case "$1" in
	coturn) echo turnserver ;;
	chromium) echo "${CHROMIUM_PATH:-chromium}" ;;
	*) echo "$1" ;;
	esac
}

missing_packages() {
	local package
	for package in "${APT_PACKAGES[@]}"; do
		# `npm start` and the tests use the Redis that REDIS_URL names instead of their own.
		[[ "$package" == redis-server && -n "${REDIS_URL:-}" ]] && continue
		command -v "$(command_of "$package")" >/dev/null 2>&1 || echo "$package"
	done
}

# Debian starts a package's daemon as it installs it (where policy-rc.d allows): a system Redis
# on 6379, a coturn on 3478. Multaqa runs its own, so one it brought along is stopped for good.
stop_system_daemon() {
	local service
	case "$1" in
	redis-server | coturn) service="$1" ;;
	*) return 0 ;;
	esac
	if command -v systemctl >/dev/null 2>&1 && $SUDO systemctl disable --now "$service" >/dev/null 2>&1; then
		log "stopped and disabled the system $service service (Multaqa runs its own)"
	elif command -v service >/dev/null 2>&1; then
		$SUDO service "$service" stop >/dev/null 2>&1 || true
		if command -v update-rc.d >/dev/null 2>&1; then $SUDO update-rc.d "$service" disable >/dev/null 2>&1 || true; fi
		log "stopped the system $service service (Multaqa runs its own)"
	fi
}

install_packages() {
	local missing=() package commands=()
	mapfile -t missing < <(missing_packages)
	((${#missing[@]})) || return 0
	for package in "${missing[@]}"; do commands+=("$(command_of "$package") (Debian package $package)"); done
	local what="not on PATH: ${commands[*]}"
	local how="install them (on Debian or Ubuntu: apt-get install ${missing[*]}) or put them on PATH"
	[[ " ${missing[*]} " == *" redis-server "* ]] && how+="; instead of redis-server, REDIS_URL may name a Redis 7 server"
	[[ " ${missing[*]} " == *" chromium "* ]] && how+="; CHROMIUM_PATH may name a Chromium binary"
	command -v apt-get >/dev/null 2>&1 || die "$what. This machine has no apt-get: $how."
	SUDO=""
	if [[ $(id -u) -ne 0 ]]; then
		command -v sudo >/dev/null 2>&1 || die "$what. Installing needs root or sudo: $how."
		SUDO="sudo"
	fi
	log "installing Debian packages: ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	if ! $SUDO apt-get install -y --no-install-recommends "${missing[@]}"; then
		$SUDO apt-get update
		$SUDO apt-get install -y --no-install-recommends "${missing[@]}" || die "could not install: ${missing[*]}; $how."
	fi
	for package in "${missing[@]}"; do stop_system_daemon "$package"; done
}

# ------------------------------------------------------------------ mediasoup worker
BUILD_SCRIPT=scripts/build-mediasoup-worker.sh

# Keyed by the build script's content too: a fixed patch or shim in it must reach every machine.
cached_worker() {
	echo "$CACHE_DIR/mediasoup-worker-$MEDIASOUP_VERSION-$(sha256sum "$BUILD_SCRIPT" | cut -c1-12)/mediasoup-worker"
}

prepare_worker() {
	if [[ -n "${MEDIASOUP_WORKER_BIN:-}" ]]; then
		WORKER_BIN="$MEDIASOUP_WORKER_BIN"
		[[ -x "$WORKER_BIN" ]] || die "MEDIASOUP_WORKER_BIN=$WORKER_BIN is not an executable file"
	else
		WORKER_BIN="$(cached_worker)"
		if [[ ! -x "$WORKER_BIN" ]]; then
			log "building the mediasoup $MEDIASOUP_VERSION worker (once per version and build script; 5-10 minutes from scratch)"
			# The build directory is kept: a build script that changed a little rebuilds a little.
			MEDIASOUP_VERSION="$MEDIASOUP_VERSION" WORKDIR="$CACHE_DIR/build" INSTALL_BIN="$WORKER_BIN" \
				bash "$BUILD_SCRIPT" >&2 || die "the mediasoup worker build failed (see above)"
		fi
	fi
	if ldd "$WORKER_BIN" 2>/dev/null | grep -q 'not found'; then
		die "$WORKER_BIN misses shared libraries: $(ldd "$WORKER_BIN" | grep 'not found')"
	fi
}

# ------------------------------------------------------------------ npm dependencies
install_npm() {
	# MEDIASOUP_WORKER_BIN makes mediasoup's postinstall skip its download from GitHub.
	export MEDIASOUP_WORKER_BIN="$WORKER_BIN"
	local stamp=node_modules/.multaqa-install-stamp lock_hash
	lock_hash="$(sha256sum package-lock.json | cut -d' ' -f1)"
	if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$lock_hash" ]]; then
		log "installing npm dependencies"
		npm ci --no-audit --no-fund --loglevel=error >&2 || die "npm ci failed"
		echo "$lock_hash" > "$stamp"
	fi

	# mediasoup looks for its worker here when MEDIASOUP_WORKER_BIN is not set at run time.
	local default_bin=node_modules/mediasoup/worker/out/Release/mediasoup-worker
	if [[ "$(readlink -f "$default_bin" 2>/dev/null)" != "$(readlink -f "$WORKER_BIN")" ]]; then
		mkdir -p "$(dirname "$default_bin")"
		ln -sfn "$(readlink -f "$WORKER_BIN")" "$default_bin"
	fi
	log "ready (mediasoup worker: $WORKER_BIN)"
}

# ------------------------------------------------------------------ main
case "${2:-}" in
"")
	install_packages
	prepare_worker
	install_npm
	;;
--worker-path) cached_worker ;;
--only)
	case "${3:-}" in
	packages) install_packages ;;
	worker) prepare_worker ;;
	npm) prepare_worker && install_npm ;;
	*) die "--only takes packages, worker or npm" ;;
	esac
	;;
*) die "unknown option ${2}; usage: scripts/setup.sh [start|test] [--only packages|worker|npm | --worker-path]" ;;
esac
