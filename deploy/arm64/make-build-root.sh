#!/usr/bin/env bash
# Makes the root in which openspace is cross-compiled for arm64 with Debian's Swift:
#   deploy/arm64/make-build-root.sh ROOT        (e.g. /var/cache/openspace-arm64/build-root)
# ROOT is a Debian sid amd64 system (mmdebstrap) with `swiftlang` (Swift 6.2.3: the compiler,
# SwiftPM, clang and lld; it needs glibc 2.42, newer than the build machine's, hence a root of
# its own) and, in ROOT/opt/swiftlang-arm64.deb, sid's arm64 `swiftlang` package, whose runtime
# (the Swift, Foundation and Dispatch modules for aarch64 and their static libraries) the SDK is
# made from (deploy/arm64/make-swift-sdk.sh). Nothing in ROOT is installed on the build machine.
# Environment: MIRROR (default http://deb.debian.org/debian), SUITE (default sid: the only suite
# with Swift 6.2, which the package's dependencies need; trixie has 6.0).
# Runs as root; run as a user, it starts itself again through sudo.
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 ROOT   (e.g. /var/cache/openspace-arm64/build-root)" >&2
  exit 2
fi
root=$1
suite=${SUITE:-sid}
mirror=${MIRROR:-http://deb.debian.org/debian}

if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "$0 needs root (or sudo) for mmdebstrap" >&2; exit 1; }
  exec sudo --preserve-env=SUITE,MIRROR -- "$0" "$@"
fi
if [ -e "$root" ] && [ -n "$(ls -A "$root" 2>/dev/null)" ]; then
  echo "$root exists and is not empty: remove it first (rm -rf $root)" >&2
  exit 1
fi
"$(dirname "$0")/../install-build-deps.sh" mmdebstrap debian-archive-keyring

started=$(date +%s)
mkdir -p "$root"
# sid's Release file may be past its Valid-Until date on a mirror that is not refreshed often.
# The arm64 architecture is added only so that apt can download the arm64 swiftlang; nothing
# arm64 is installed.
mmdebstrap --variant=apt --architectures=amd64,arm64 \
  --aptopt='Acquire::Check-Valid-Until "false"' \
  --include=swiftlang,libc6-dev,gcc,g++,pkgconf,git,ca-certificates,file,binutils \
  --customize-hook='chroot "$1" sh -c "cd /opt && apt-get download -q swiftlang:arm64 && mv swiftlang_*_arm64.deb swiftlang-arm64.deb"' \
  "$suite" "$root" "deb $mirror $suite main"

# swift-driver and SwiftPM read /proc; the cross build mounts it (deploy/arm64/cross-build.sh).
version=$(dpkg-deb --field "$root/opt/swiftlang-arm64.deb" Version)
host=$(chroot "$root" dpkg-query -W -f='${Version}' swiftlang)
[ "$version" = "$host" ] || { echo "swiftlang amd64 $host and arm64 $version differ: make the root again later" >&2; exit 1; }
if [ -n "${SUDO_UID:-}" ] && [ "${SUDO_UID}" != 0 ]; then
  chown "$SUDO_UID:${SUDO_GID:-$SUDO_UID}" "$root"
fi
echo "build root: $root ($suite amd64, swiftlang $host and its arm64 runtime), $(du -sh "$root" | cut -f1), made in $(($(date +%s) - started))s"
