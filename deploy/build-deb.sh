#!/usr/bin/env bash
# Builds the openspace Debian package from a built binary (make deb builds a static one first):
#   deploy/build-deb.sh BINARY OUTDIR [VERSION]
# VERSION defaults to what `BINARY --version` prints; the architecture is this machine's
# (dpkg --print-architecture), so the same recipe builds arm64 on a Pi. Prints the .deb's path.
set -euo pipefail

if [ $# -lt 2 ] || [ $# -gt 3 ]; then
  echo "usage: $0 BINARY OUTDIR [VERSION]" >&2
  exit 2
fi
binary=$1
outdir=$2
deploy=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$deploy")

[ -x "$binary" ] || { echo "$binary: no such executable (make deb builds it)" >&2; exit 1; }
for tool in dpkg-deb dpkg-shlibdeps strip readelf; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: run deploy/install-build-deps.sh" >&2; exit 1; }
done
# The package must not need a Swift toolchain on the board.
if readelf -d "$binary" | grep -q 'NEEDED.*libswiftCore'; then
  echo "$binary links the Swift runtime dynamically: build it with --static-swift-stdlib (make deb does)" >&2
  exit 1
fi
version=${3:-$("$binary" --version)}
# DEB_ARCH=arm64 SYSROOT=<the arm64 sysroot> for a cross build (deploy/README.md, section 5): then the
# version must be the third argument, since this machine cannot run the binary to ask it.
architecture=${DEB_ARCH:-$(dpkg --print-architecture)}
strip=strip
shlibdeps_options=()
if [ "$architecture" != "$(dpkg --print-architecture)" ]; then
  strip=$(dpkg-architecture -qDEB_HOST_GNU_TYPE -a"$architecture" 2>/dev/null)-strip
  [ -n "${SYSROOT:-}" ] || { echo "DEB_ARCH=$architecture needs SYSROOT=<the $architecture sysroot>" >&2; exit 1; }
  shlibdeps_options=(-S"$SYSROOT")
  export DEB_HOST_ARCH=$architecture
fi

work=$(mktemp -d /tmp/openspace-deb.XXXXXX)
trap 'rm -rf "$work"' EXIT
root=$work/root
umask 022

# The binary finds its resource bundles (the hub's page templates) beside its real path, so it
# lives with them in /usr/lib/openspace; /usr/bin/openspace links to it.
install -D -m 0755 "$binary" "$root/usr/lib/openspace/openspace"
# As dh_strip does: no debug sections or local symbols (more than half the size); the Swift
# metadata sections stay.
"$strip" --strip-unneeded --remove-section=.comment "$root/usr/lib/openspace/openspace"
for bundle in "$(dirname "$binary")"/*.resources; do
  [ -d "$bundle" ] || continue
  cp -R "$bundle" "$root/usr/lib/openspace/"
done
chmod -R u=rwX,go=rX "$root/usr/lib/openspace"
install -d -m 0755 "$root/usr/bin"
ln -s ../lib/openspace/openspace "$root/usr/bin/openspace"
install -D -m 0644 "$deploy/systemd/openspace-board.service" "$root/lib/systemd/system/openspace-board.service"
install -D -m 0644 "$deploy/systemd/openspace-hub.service" "$root/lib/systemd/system/openspace-hub.service"
install -D -m 0644 "$repo/udev/99-openspace.rules" "$root/lib/udev/rules.d/99-openspace.rules"
install -D -m 0644 "$deploy/debian/modules-load.conf" "$root/usr/lib/modules-load.d/openspace.conf"
install -D -m 0644 "$deploy/debian/copyright" "$root/usr/share/doc/openspace/copyright"

# The example configurations, and the board's, the hub's and the layout they both name as
# conffiles in /etc/openspace for the admin to edit (an upgrade keeps edits). Whatever examples
# exist are shipped.
install -d -m 0755 "$root/usr/share/doc/openspace/examples" "$root/DEBIAN"
conffiles=()
for example in "$deploy"/examples/*.yaml; do
  [ -e "$example" ] || continue
  name=$(basename "$example")
  install -m 0644 "$example" "$root/usr/share/doc/openspace/examples/$name"
  case "$name" in
    board.yaml | hub.yaml | conference.yaml)
      install -D -m 0644 "$example" "$root/etc/openspace/$name"
      conffiles+=("/etc/openspace/$name")
      ;;
  esac
done
if [ ${#conffiles[@]} -gt 0 ]; then
  printf '%s\n' "${conffiles[@]}" >"$root/DEBIAN/conffiles"
  chmod 0644 "$root/DEBIAN/conffiles"
fi
install -m 0755 "$deploy/debian/postinst" "$deploy/debian/prerm" "$deploy/debian/postrm" "$root/DEBIAN/"

# Depends: the shared libraries the binary links (the Swift runtime is linked in statically),
# as dpkg-shlibdeps names their packages; it wants a debian/control to read.
mkdir -p "$work/shlibs/debian"
printf 'Source: openspace\n\nPackage: openspace\nArchitecture: any\n' >"$work/shlibs/debian/control"
shlibs=$(cd "$work/shlibs" && dpkg-shlibdeps "${shlibdeps_options[@]}" -O "$root/usr/lib/openspace/openspace")
shlibs=${shlibs#shlibs:Depends=}
[ -n "$shlibs" ] || { echo "dpkg-shlibdeps found no dependencies for $binary" >&2; exit 1; }

installed_size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@ARCHITECTURE@/$architecture/" \
  -e "s/@INSTALLED_SIZE@/$installed_size/" -e "s/@SHLIBS_DEPENDS@/$shlibs/" \
  "$deploy/debian/control.in" >"$root/DEBIAN/control"

mkdir -p "$outdir"
package="$outdir/openspace_${version}_${architecture}.deb"
dpkg-deb --build --root-owner-group -Zxz "$root" "$package" >/dev/null
echo "$package"
