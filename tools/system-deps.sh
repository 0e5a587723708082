#!/bin/sh
# Install the given Debian packages, only those that are missing; a no-op (and silent) when all are there.
# Used by `make test` (LibreOffice for the Word check, poppler for PDF pages).
# Usage: tools/system-deps.sh PACKAGE...
set -eu
missing=""
for pkg in "$@"; do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    case "$status" in
        *"install ok installed"*) ;;
        *) missing="$missing $pkg" ;;
    esac
done
[ -z "$missing" ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
    echo "system-deps: cannot install$missing (no apt-get); the tests that need them will be skipped" >&2
    exit 0
fi
run=""
if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1; then run="sudo -n"; else
        echo "system-deps: cannot install$missing (not root, no sudo); the tests that need them will be skipped" >&2
        exit 0
    fi
fi
echo "system-deps: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
# wait for another apt run (a parallel `make test`) instead of failing on its lock
apt_opts="-q -y -o DPkg::Lock::Timeout=600 --no-install-recommends"
$run apt-get $apt_opts install $missing >/dev/null 2>&1 || {
    $run apt-get -q -o DPkg::Lock::Timeout=600 update >/dev/null
    $run apt-get $apt_opts install $missing >/dev/null
}
