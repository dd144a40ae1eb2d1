#!/usr/bin/env bash
# The Debian packages the project needs beyond Python, make and git (`make deps`).
#
#   scripts/system-deps.sh run    what `make run` needs: python3-venv (venvs), nodejs and npm
#                                 (the page's graph library and the API docs' assets)
#   scripts/system-deps.sh test   that, plus what `make test` needs: postgresql (the store
#                                 tests start their own server), chromium and chromium-driver
#                                 (the browser tests), libatomic1 (Playwright's own node
#                                 driver links it; slim images lack it), a Java runtime (the
#                                 Spark test)
#
# Each package is checked by what it provides (a command, a file); only the missing ones are
# installed, with apt-get, when this script may: as root, or with sudo that asks no password.
# Otherwise it installs nothing and stops at once, printing the one command to run. `make
# run`, `make test` and .ci/run all call this script; nothing else installs system packages.
set -euo pipefail

profile=${1:-test}
PYTHON=${PYTHON:-python3}
# Where the checks look (the tests point them elsewhere).
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
PG_CTL_GLOB=${PG_CTL_GLOB:-/usr/lib/postgresql/*/bin/pg_ctl}
LIBATOMIC_GLOB=${LIBATOMIC_GLOB:-/usr/lib/*/libatomic.so.1}

has() { command -v "$1" >/dev/null 2>&1; }

missing=()
need() { # need PACKAGE CHECK...: PACKAGE is missing unless the check succeeds
    local package=$1
    shift
    "$@" >/dev/null 2>&1 || missing+=("$package")
}
pg_server() { compgen -G "$PG_CTL_GLOB" || has pg_ctl; }

case "$profile" in
run | test) ;;
*)
    echo "usage: $0 run|test" >&2
    exit 2
    ;;
esac

need python3-venv "$PYTHON" -c "import ensurepip"
need nodejs has node
need npm has npm
if [ "$profile" = test ]; then
    need postgresql pg_server
    need chromium test -x "$CHROMIUM"
    need chromium-driver has chromedriver
    need libatomic1 compgen -G "$LIBATOMIC_GLOB"
    need openjdk-17-jre-headless has java
fi

[ ${#missing[@]} -eq 0 ] && exit 0

install="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" = 0 ]; then
    sudo=()
elif has sudo && sudo -n true 2>/dev/null; then
    sudo=(sudo)
else
    echo "Missing system packages: ${missing[*]}. Install them with:" >&2
    echo "    sudo apt-get update && sudo $install" >&2
    exit 1
fi

echo "Installing system packages: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
# Slim images lack the man folder the JRE's postinst links into.
"${sudo[@]}" mkdir -p /usr/share/man/man1
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
