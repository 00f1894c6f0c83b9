#!/usr/bin/env bash
# Assembles a Swift SDK (an .artifactbundle, SE-0387) for cross-compiling openspace to a
# Raspberry Pi 4/5 (Debian 12 / Raspberry Pi OS bookworm, 64-bit) from an x86_64 Linux machine:
#   deploy/arm64/make-swift-sdk.sh SYSROOT TARGET_SWIFT OUTDIR
# SYSROOT       the Debian arm64 sysroot from deploy/arm64/make-sysroot.sh (it is copied)
# TARGET_SWIFT  swift.org's toolchain for the TARGET, Debian 12 aarch64, of exactly the version
#               of the host's `swift` (e.g. swift-6.3.1-RELEASE-debian12-aarch64.tar.gz), as the
#               .tar.gz or unpacked; only its Swift runtime (usr/lib/swift, usr/lib/swift_static)
#               and usr/include go into the SDK
# OUTDIR        where openspace-debian12-aarch64.artifactbundle is written
# The bundle has the layout swift-sdk-generator gives a Linux SDK that uses the host's installed
# toolchain: info.json, and per target triple swift-sdk.json (sysroot, Swift resources),
# toolset.json (link with lld) and debian-bookworm.sdk (the sysroot plus the Swift runtime).
# Then: swift sdk install OUTDIR/openspace-debian12-aarch64.artifactbundle (see deploy/README.md, "Building for a Raspberry Pi").
set -euo pipefail

if [ $# -ne 3 ]; then
  echo "usage: $0 SYSROOT TARGET_SWIFT OUTDIR" >&2
  echo "  e.g. $0 /var/cache/openspace-arm64/sysroot swift-6.3.1-RELEASE-debian12-aarch64.tar.gz out/sdk" >&2
  exit 2
fi
sysroot=$1
target_swift=$2
outdir=$3
triple=aarch64-unknown-linux-gnu
bundle_name=openspace-debian12-aarch64

[ -d "$sysroot/usr/lib/aarch64-linux-gnu" ] || { echo "$sysroot is not an arm64 sysroot (make-sysroot.sh makes one)" >&2; exit 1; }
command -v swift >/dev/null || { echo "no swift on PATH: the host toolchain builds with this SDK" >&2; exit 1; }
# "Swift version 6.3.1 (swift-6.3.1-RELEASE)" -> swift-6.3.1-RELEASE
host_tag=$(swift --version 2>/dev/null | sed -n 's/.*(\(swift-[^)]*\)).*/\1/p' | head -1)
[ -n "$host_tag" ] || { echo "cannot read the host toolchain's version from swift --version" >&2; exit 1; }

work=$(mktemp -d /tmp/openspace-swift-sdk.XXXXXX)
trap 'rm -rf "$work"' EXIT
if [ -f "$target_swift" ]; then
  echo "unpacking $target_swift"
  # Only the runtime parts; the checks below say what is missing, so tar's own complaint is not fatal.
  tar -xzf "$target_swift" -C "$work" --wildcards '*/usr/lib/swift/*' '*/usr/lib/swift_static/*' '*/usr/include/*' 2>/dev/null || true
  target_root=$(find "$work" -mindepth 1 -maxdepth 1 -type d | head -1)
  [ -n "$target_root" ] || { echo "$target_swift holds no Swift runtime (usr/lib/swift)" >&2; exit 1; }
else
  target_root=$target_swift
fi
target_name=$(basename "$target_root")
runtime=$target_root/usr/lib/swift/linux/libswiftCore.so
[ -e "$runtime" ] || { echo "$target_swift has no usr/lib/swift/linux/libswiftCore.so: not a Swift toolchain for Linux" >&2; exit 1; }
case "$(file -L -b "$runtime")" in
  *"ARM aarch64"*) ;;
  *) echo "$runtime is not an aarch64 library: TARGET_SWIFT must be the aarch64 toolchain" >&2; exit 1 ;;
esac
[ -e "$target_root/usr/lib/swift_static/linux/libswiftCore.a" ] || { echo "$target_swift has no static runtime (usr/lib/swift_static)" >&2; exit 1; }
ls "$target_root/usr/lib/swift/linux/Swift.swiftmodule/$triple".* >/dev/null 2>&1 ||
  { echo "$target_swift has no Swift module for $triple (usr/lib/swift/linux/Swift.swiftmodule)" >&2; exit 1; }
# Swift modules only load into the compiler that built them: the versions must be the same.
case "$target_name" in
  "$host_tag"-*) ;;
  *) echo "$target_name is not $host_tag, the host's toolchain: use swift.org's $host_tag for Debian 12 aarch64" >&2; exit 1 ;;
esac

bundle=$outdir/$bundle_name.artifactbundle
variant=$bundle/${host_tag}_debian_bookworm_aarch64/$triple
sdk=$variant/debian-bookworm.sdk
rm -rf "$bundle"
mkdir -p "$variant"
echo "copying the sysroot into $sdk"
cp -a "$sysroot" "$sdk"
echo "adding the $target_name runtime"
mkdir -p "$sdk/usr/lib"
cp -a "$target_root/usr/lib/swift" "$target_root/usr/lib/swift_static" "$sdk/usr/lib/"
[ ! -d "$target_root/usr/include" ] || cp -a "$target_root/usr/include/." "$sdk/usr/include/"
# /lib must lead to usr/lib (make-sysroot.sh's merged /usr already does).
[ -e "$sdk/lib" ] || ln -s usr/lib "$sdk/lib"

cat >"$bundle/info.json" <<JSON
{
  "schemaVersion": "1.0",
  "artifacts": {
    "$bundle_name": {
      "type": "swiftSDK",
      "version": "${host_tag#swift-}",
      "variants": [
        { "path": "${host_tag}_debian_bookworm_aarch64/$triple" }
      ]
    }
  }
}
JSON
cat >"$variant/swift-sdk.json" <<JSON
{
  "schemaVersion": "4.0",
  "targetTriples": {
    "$triple": {
      "sdkRootPath": "debian-bookworm.sdk",
      "swiftResourcesPath": "debian-bookworm.sdk/usr/lib/swift",
      "swiftStaticResourcesPath": "debian-bookworm.sdk/usr/lib/swift_static",
      "toolsetPaths": ["toolset.json"]
    }
  }
}
JSON
cat >"$variant/toolset.json" <<JSON
{
  "schemaVersion": "1.0",
  "swiftCompiler": { "extraCLIOptions": ["-use-ld=lld", "-Xlinker", "-R/usr/lib/swift/linux/"] },
  "cxxCompiler": { "extraCLIOptions": ["-lstdc++"] },
  "librarian": { "path": "llvm-ar" }
}
JSON

installed=${SWIFT_SDKS_PATH:-$HOME/.swiftpm/swift-sdks}/$bundle_name.artifactbundle/${host_tag}_debian_bookworm_aarch64/$triple/debian-bookworm.sdk
echo "Swift SDK: $bundle ($(du -sh "$bundle" | cut -f1))"
echo "next (SwiftPM reads the .pc files of the SDK only through these two variables):"
echo "  swift sdk install $bundle"
echo "  PKG_CONFIG_SYSROOT_DIR=$installed \\"
echo "  PKG_CONFIG_PATH=$installed/usr/lib/aarch64-linux-gnu/pkgconfig:$installed/usr/share/pkgconfig \\"
echo "    swift build --swift-sdk $triple -c release --static-swift-stdlib --product openspace"
