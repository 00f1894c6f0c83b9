#!/usr/bin/env bash
# Cross-compiles openspace for a Raspberry Pi 4/5 (arm64) on an x86_64 Debian machine with
# Debian's Swift, and packages it (what `make deb-arm64` runs):
#   deploy/arm64/cross-build.sh OUTDIR      writes OUTDIR/openspace_VERSION_arm64.deb
#   deploy/arm64/cross-build.sh --check     only builds (what `make test` runs: the project still
#                                           compiles for aarch64 with Swift 6.2.3, with no warning)
# The roots it needs are made once and kept in ARM64_CACHE (default /var/cache/openspace-arm64):
#   build-root/                    sid amd64 with swiftlang 6.2.3 and the arm64 swiftlang package
#                                  (deploy/arm64/make-build-root.sh)
#   SUITE-arm64-sysroot/           the arm64 libraries the package links, for SUITE (default
#                                  trixie: Raspberry Pi OS since October 2025; make-sysroot.sh)
#   build-root/opt/swift-sdks/     the Swift SDK made of the two (make-swift-sdk.sh)
#   build-root/build/              SwiftPM's build folder, so a second build is incremental
# The project's files (those git knows) are copied to build-root/src with their times, the
# build runs there in a private mount namespace (proc, dev and the sysroot bound in; the
# machine's git configuration copied, and any local folder it rewrites GitHub URLs to bound in
# read-only), and deploy/build-deb.sh packages the binary with the sysroot's shlibs on this
# machine. Runs as root (mmdebstrap, chroot); run as a user, it starts itself again through sudo
# and gives the result to that user.
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 OUTDIR   (e.g. out/deb), or $0 --check" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "$0 needs root (or sudo) for chroot" >&2; exit 1; }
  exec sudo --preserve-env=ARM64_CACHE,SUITE,MIRROR -- "$0" "$@"
fi
check=no
if [ "$1" = --check ]; then
  check=yes
else
  mkdir -p "$1"
  outdir=$(cd "$1" && pwd)
fi
cache=${ARM64_CACHE:-/var/cache/openspace-arm64}
suite=${SUITE:-trixie}
root=$cache/build-root
sysroot=$cache/$suite-arm64-sysroot
sdk_name=openspace-$suite-aarch64
triple=aarch64-unknown-linux-gnu
log() { echo "arm64: $*" >&2; }

"$repo/deploy/install-build-deps.sh" rsync git dpkg-dev binutils-aarch64-linux-gnu file

started=$(date +%s)
[ -e "$root/opt/swiftlang-arm64.deb" ] || { rm -rf "$root"; log "making the build root"; "$here/make-build-root.sh" "$root"; }
[ -e "$sysroot/SUITE" ] || { rm -rf "$sysroot"; log "making the $suite sysroot"; SUITE=$suite "$here/make-sysroot.sh" "$sysroot"; }
roots_ready=$(date +%s)

# The sources, with their modification times, so that SwiftPM rebuilds only what changed.
log "copying the sources to $root/src"
mkdir -p "$root/src" "$root/build" "$root/opt/sysroot" "$root/opt/swift-sdks"
(cd "$repo" && git ls-files -z --cached --others --exclude-standard) |
  rsync -a --delete --from0 --files-from=- "$repo/" "$root/src/"
# rsync --files-from deletes nothing that is gone from the list: remove such files by hand.
(cd "$repo" && git ls-files --cached --others --exclude-standard) | sort >"$root/tmp/wanted"
(cd "$root/src" && find . -type f -printf '%P\n') | sort | comm -13 "$root/tmp/wanted" - |
  (cd "$root/src" && xargs -r -d '\n' rm -f)

# What git needs inside: the machine's configuration, and the local folders it points URLs to.
binds=()
[ ! -e /etc/gitconfig ] || cp /etc/gitconfig "$root/etc/gitconfig"
[ ! -e "$HOME/.gitconfig" ] || cp "$HOME/.gitconfig" "$root/root/.gitconfig"
while read -r key _; do
  base=${key#url.}
  base=${base%.insteadof}
  case "$base" in /*) [ -d "$base" ] && binds+=("$base") ;; esac
done < <(git config --system --get-regexp '^url\..*\.insteadof$' 2>/dev/null; git config --global --get-regexp '^url\..*\.insteadof$' 2>/dev/null)
cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true

sdk=/opt/swift-sdks/$sdk_name.artifactbundle
inside=$(cat <<INSIDE
set -euo pipefail
cd /src
if [ ! -e $sdk/info.json ] || [ /opt/sysroot/SUITE -nt $sdk/info.json ]; then
  rm -rf $sdk
  deploy/arm64/make-swift-sdk.sh /opt/sysroot /opt/swiftlang-arm64.deb /opt/swift-sdks
fi
sdkroot=\$(ls -d $sdk/*/$triple/debian-$suite.sdk)
export PKG_CONFIG_SYSROOT_DIR=\$sdkroot
export PKG_CONFIG_PATH=\$sdkroot/usr/lib/aarch64-linux-gnu/pkgconfig:\$sdkroot/usr/share/pkgconfig
swift build --swift-sdks-path /opt/swift-sdks --swift-sdk $sdk_name --scratch-path /build \
  -c release --static-swift-stdlib --product openspace
INSIDE
)
log "building (swift build --swift-sdk $sdk_name -c release --static-swift-stdlib)"
# A private mount namespace: every mount goes away with the build, whatever its outcome.
buildlog=$root/tmp/build.log
unshare --mount --propagation private -- bash -euo pipefail -c '
  root=$1 sysroot=$2 inside=$3; shift 3
  mount -t proc proc "$root/proc"
  mount --rbind /dev "$root/dev"
  mount --bind -o ro "$sysroot" "$root/opt/sysroot"
  for dir in "$@"; do mkdir -p "$root$dir"; mount --bind -o ro "$dir" "$root$dir"; done
  chroot "$root" env -i PATH=/usr/bin:/bin HOME=/root LANG=C.UTF-8 bash -c "$inside"
' bash "$root" "$sysroot" "$inside" "${binds[@]}" 2>&1 | tee "$buildlog"
built=$(date +%s)
# The project's own sources compile with no warning (the dependencies' warnings are theirs); a
# module SwiftPM did not need to compile again was checked by the build that last compiled it.
if grep -E "^/src/(Sources|Tests)/.*: warning:" "$buildlog"; then
  log "the project's sources have warnings with Swift 6.2.3 (above)"
  exit 1
fi

binary=$root/build/$triple/release/openspace
case "$(file -b "$binary")" in
  *"ARM aarch64"*) ;;
  *) log "$binary is not an aarch64 executable: $(file -b "$binary")"; exit 1 ;;
esac
if [ "$check" = yes ]; then
  log "roots $((roots_ready - started)) s, build $((built - roots_ready)) s: $binary is ARM aarch64, no warnings"
  exit 0
fi
version=$(sed -n 's/.*static let current = "\(.*\)".*/\1/p' "$repo/Sources/BoardModel/Version/OpenSpaceVersion.swift")
[ -n "$version" ] || { log "cannot read the version from Sources/BoardModel/Version/OpenSpaceVersion.swift"; exit 1; }
package=$(DEB_ARCH=arm64 SYSROOT=$sysroot "$repo/deploy/build-deb.sh" "$binary" "$outdir" "$version")
if [ -n "${SUDO_UID:-}" ] && [ "${SUDO_UID}" != 0 ]; then
  chown "$SUDO_UID:${SUDO_GID:-$SUDO_UID}" "$package"
fi
log "roots $((roots_ready - started)) s, build $((built - roots_ready)) s, package $(($(date +%s) - built)) s: $(du -h "$package" | cut -f1) $package"
echo "$package"
