# shellcheck shell=bash
# Sourced by scripts/test and scripts/demo: installs what a fresh Debian machine lacks.
# Idempotent and quiet when everything is there.

ECOZONE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export ECOZONE_ROOT

# The Debian packages EcoZone builds and runs against (GEOS 3.11, PROJ 9.1, GDAL 3.6 on Debian 12), and
# libjs-leaflet, which run inlines into report.html for its interactive map.
ECOZONE_APT_PACKAGES=(pkg-config libgeos-dev libproj-dev proj-data libgdal-dev gdal-bin libyaml-dev libjs-leaflet)

ecozone_missing_packages() {
    local missing=()
    for p in "${ECOZONE_APT_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    # scripts/fuzz, scripts/sanitize and scripts/check-banan need a python3 with sqlite3 and venv (ensurepip).
    python3 -c 'import sqlite3, venv, ensurepip' >/dev/null 2>&1 || missing+=(python3 python3-venv)
    echo "${missing[@]}"
}

ecozone_install_system_packages() {
    local missing
    missing="$(ecozone_missing_packages)"
    [ -z "$missing" ] && return 0
    echo "setup: installing Debian packages: $missing" >&2
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || { echo "setup: need root (or sudo) to install: $missing" >&2; return 1; }
        sudo="sudo"
    fi
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq || { echo "setup: apt-get update failed" >&2; return 1; }
    # shellcheck disable=SC2086
    $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null || { echo "setup: apt-get install failed: $missing" >&2; return 1; }
}

ecozone_check_swift() {
    if ! command -v swift >/dev/null; then
        [ -x /opt/swift/usr/bin/swift ] && export PATH="$PATH:/opt/swift/usr/bin"
    fi
    command -v swift >/dev/null || { echo "setup: no Swift toolchain on PATH (Swift 6 is needed)" >&2; return 1; }
}

# A Python with pyproj/shapely for the reference scripts and benchmarks, in .venv (git-ignored).
ecozone_python_env() {
    local venv="$ECOZONE_ROOT/.venv"
    if [ ! -x "$venv/bin/python" ]; then
        python3 -m venv "$venv" || return 1
    fi
    if [ $# -gt 0 ]; then
        "$venv/bin/python" -m pip install -q --disable-pip-version-check "$@" || return 1
    fi
    echo "$venv/bin/python"
}

ecozone_setup() {
    ecozone_install_system_packages && ecozone_check_swift
}
