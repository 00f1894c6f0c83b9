#!/usr/bin/env bash
# Builds a Debian arm64 sysroot for cross-compiling openspace on another machine (x86_64) for a
# Raspberry Pi 4/5 running 64-bit Raspberry Pi OS or Debian (trixie by default, SUITE=bookworm
# for Debian 12):
#   deploy/arm64/make-sysroot.sh OUTDIR        (e.g. /var/cache/openspace-arm64/sysroot)
# It downloads the arm64 .debs of the C libraries the package links, their headers and their
# dependencies from the Debian archive and only unpacks them (mmdebstrap --variant=extract, with
# /lib, /bin and /sbin linked into /usr as on an installed system): no arm64 code runs, so no
# qemu is needed. Then it
#   - writes the suite's name to OUTDIR/SUITE (make-swift-sdk.sh names the SDK after it);
#   - keeps, from the .debs, what packaging an arm64 binary needs: OUTDIR/DEBIAN/symbols and
#     OUTDIR/DEBIAN/shlibs for `dpkg-shlibdeps -S OUTDIR`, and OUTDIR/PACKAGES (every package,
#     its version and architecture);
#   - drops what no compiler reads (documentation, translations, device nodes);
#   - turns every absolute symlink into a relative one (a sysroot requirement: /lib/... would
#     otherwise mean the build machine's own files);
#   - checks that every header and library the package needs is there, and prints the size.
# Environment: SUITE (default trixie), MIRROR (default http://deb.debian.org/debian),
# SECURITY_MIRROR (default http://deb.debian.org/debian-security; empty leaves it out).
# mmdebstrap runs as root: run as a user, the script starts itself again through sudo and gives
# the result to that user. mmdebstrap and debian-archive-keyring are installed with apt-get when
# missing. deploy/arm64/check-sysroot.sh checks the result against the package's C code.
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 OUTDIR   (e.g. /var/cache/openspace-arm64/sysroot)" >&2
  exit 2
fi
outdir=$1
suite=${SUITE:-trixie}
mirror=${MIRROR:-http://deb.debian.org/debian}
security_mirror=${SECURITY_MIRROR-http://deb.debian.org/debian-security}
arch=arm64
triple=aarch64-linux-gnu
# The suite's default GCC, whose libstdc++, libgcc and crt files a Swift program links.
case "$suite" in
  bookworm) gcc_version=12 ;;
  trixie) gcc_version=14 ;;
  *) echo "unknown suite $suite: trixie or bookworm (or add its default GCC version here)" >&2; exit 2 ;;
esac

if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "$0 needs root (or sudo) for mmdebstrap" >&2; exit 1; }
  exec sudo --preserve-env=SUITE,MIRROR,SECURITY_MIRROR -- "$0" "$@"
fi

if [ -e "$outdir" ] && [ -n "$(ls -A "$outdir" 2>/dev/null)" ]; then
  echo "$outdir exists and is not empty: remove it first (rm -rf $outdir)" >&2
  exit 1
fi

# The tools, from the build machine's own archive.
"$(dirname "$0")/../install-build-deps.sh" mmdebstrap debian-archive-keyring

# What the package links (Package.swift's system libraries and CGPIOD, GRDB's SQLite), what a
# Swift program for Linux links besides (glibc, libstdc++, libgcc's crt files and libgcc_s),
# and zlib. Their dependencies come along.
packages=(
  libc6-dev
  libstdc++-$gcc_version-dev
  libgcc-$gcc_version-dev
  zlib1g-dev
  libgpiod-dev
  libqrencode-dev
  libusb-1.0-0-dev
  libfreetype-dev
  libfontconfig-dev
  libpng-dev
  libsqlite3-dev
  libsystemd-dev
)
include=$(IFS=,; echo "${packages[*]}")

sources=("deb $mirror $suite main" "deb $mirror $suite-updates main")
[ -n "$security_mirror" ] && sources+=("deb $security_mirror $suite-security main")

mkdir -p "$outdir"
outdir=$(cd "$outdir" && pwd)
work_control=$(mktemp -d /tmp/openspace-sysroot-control.XXXXXX)
trap 'rm -rf "$work_control"' EXIT
started=$(date +%s)
# The setup hook makes /lib, /bin and /sbin links into /usr, as on an installed Debian system
# (merged /usr); only unpacking the packages would leave /lib a directory of its own.
mmdebstrap --variant=extract --architectures="$arch" --include="$include" \
  --keyring=/usr/share/keyrings/debian-archive-keyring.gpg \
  --setup-hook=/usr/share/mmdebstrap/hooks/merged-usr/setup00.sh \
  --skip=cleanup/apt/cache \
  "$suite" "$outdir" "${sources[@]}"

echo "$suite" >"$outdir/SUITE"

# Only unpacked, the packages leave no dpkg database behind, so what packaging needs from them
# is kept before their .debs go: DEBIAN/symbols and DEBIAN/shlibs (all the packages' symbols
# and shlibs files together), which `dpkg-shlibdeps -S SYSROOT` reads to compute an arm64
# binary's Depends as it would on the Pi, and PACKAGES.
archives=$outdir/var/cache/apt/archives
ls "$archives"/*.deb >/dev/null || { echo "mmdebstrap left no .debs in $archives" >&2; exit 1; }
mkdir -p "$outdir/DEBIAN"
: >"$outdir/DEBIAN/symbols"
: >"$outdir/DEBIAN/shlibs"
for deb in "$archives"/*.deb; do
  rm -rf "${work_control:?}"/*
  dpkg-deb --control "$deb" "$work_control"
  [ ! -f "$work_control/symbols" ] || cat "$work_control/symbols" >>"$outdir/DEBIAN/symbols"
  [ ! -f "$work_control/shlibs" ] || cat "$work_control/shlibs" >>"$outdir/DEBIAN/shlibs"
  dpkg-deb --show --showformat='${Package} ${Version} ${Architecture}\n' "$deb"
done | sort >"$outdir/PACKAGES"
rm -rf "$work_control"
echo "packages in the sysroot: $(wc -l <"$outdir/PACKAGES") (listed in $outdir/PACKAGES)"

# Nothing a compiler or linker reads: documentation, manuals, translations, apt's state, and the
# device nodes mmdebstrap makes in dev/ (`swift sdk install` cannot copy a bundle holding them).
rm -rf "$outdir"/usr/share/{doc,man,info,locale,lintian,bug} "$outdir"/var/cache/apt/* "$outdir"/var/lib/apt/lists/* \
  "$outdir"/dev/*

# Absolute symlinks become relative ones, so that they resolve inside the sysroot wherever it
# is and never to the build machine's own /usr (a sysroot requirement for clang and lld).
fixed=0
while IFS= read -r -d '' link; do
  target=$(readlink "$link")
  case "$target" in
    /*)
      relative=$(realpath -s -m --relative-to="$(dirname "$link")" "$outdir$target")
      ln -sfn "$relative" "$link"
      fixed=$((fixed + 1))
      ;;
  esac
done < <(find "$outdir" -type l -print0)
echo "absolute symlinks made relative: $fixed"
left=$(find "$outdir" -type l -lname '/*' | wc -l)
[ "$left" -eq 0 ] || { echo "absolute symlinks left: $left" >&2; exit 1; }

# Everything the package's C targets include and link must be there, for $arch.
lib=$outdir/usr/lib/$triple
problems=0
for header in gpiod.h qrencode.h libusb-1.0/libusb.h freetype2/ft2build.h fontconfig/fontconfig.h \
  png.h sqlite3.h systemd/sd-daemon.h zlib.h stdio.h; do
  [ -e "$outdir/usr/include/$header" ] || { echo "missing header: usr/include/$header" >&2; problems=$((problems + 1)); }
done
for library in libgpiod libqrencode libusb-1.0 libfreetype libfontconfig libpng16 libsqlite3 libsystemd libz \
  libc libm libstdc++; do
  if [ -e "$lib/$library.so" ] || [ -e "$outdir/usr/lib/gcc/$triple/$gcc_version/$library.so" ]; then
    :
  else
    echo "missing library: $library.so in usr/lib/$triple" >&2
    problems=$((problems + 1))
  fi
done
[ -e "$outdir/usr/lib/gcc/$triple/$gcc_version/crtbegin.o" ] || { echo "missing: usr/lib/gcc/$triple/$gcc_version/crtbegin.o" >&2; problems=$((problems + 1)); }
[ "$problems" -eq 0 ] || { echo "$problems missing: the sysroot is not usable" >&2; exit 1; }

# A user who ran this through sudo owns the result.
if [ -n "${SUDO_UID:-}" ] && [ "${SUDO_UID}" != 0 ]; then
  chown -R --no-dereference "$SUDO_UID:${SUDO_GID:-$SUDO_UID}" "$outdir"
fi

elapsed=$(($(date +%s) - started))
echo "sysroot: $outdir ($suite, $arch), $(du -sh "$outdir" | cut -f1), $(find "$outdir" -type f | wc -l) files, made in ${elapsed}s"
