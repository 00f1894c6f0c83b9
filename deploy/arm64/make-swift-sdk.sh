#!/usr/bin/env bash
# Assembles a Swift SDK (an .artifactbundle, SE-0387) for cross-compiling openspace to a
# Raspberry Pi 4/5 (64-bit Raspberry Pi OS or Debian) from an x86_64 Linux machine:
#   deploy/arm64/make-swift-sdk.sh SYSROOT TARGET_SWIFT OUTDIR
# SYSROOT       the Debian arm64 sysroot from deploy/arm64/make-sysroot.sh (it is copied); its
#               SUITE file names the suite (trixie, bookworm)
# TARGET_SWIFT  the Swift runtime for aarch64, of exactly the version of the host's `swift`
#               (Swift modules load only into the compiler that built them), one of:
#               - Debian's arm64 `swiftlang` package (swiftlang_6.2.3-1+b1_arm64.deb, the .deb
#                 itself; its runtime is under usr/libexec/swift/lib);
#               - swift.org's toolchain for Debian 12 aarch64
#                 (swift-6.3.1-RELEASE-debian12-aarch64.tar.gz, as the .tar.gz or unpacked);
#               only the runtime (lib/swift, lib/swift_static, clang's headers in lib/clang)
#               and usr/include go into the SDK
# OUTDIR        where openspace-SUITE-aarch64.artifactbundle is written
# The bundle has the layout swift-sdk-generator gives a Linux SDK that uses the host's installed
# toolchain: info.json, and per target triple swift-sdk.json (sysroot, Swift resources),
# toolset.json (link with lld) and SUITE.sdk (the sysroot plus the Swift runtime).
# Then: swift build --swift-sdks-path OUTDIR --swift-sdk openspace-SUITE-aarch64 (see
# deploy/README.md, "Building for a Raspberry Pi"), or swift sdk install the bundle first.
set -euo pipefail

if [ $# -ne 3 ]; then
  echo "usage: $0 SYSROOT TARGET_SWIFT OUTDIR" >&2
  echo "  e.g. $0 /var/cache/openspace-arm64/trixie-arm64-sysroot swiftlang_6.2.3-1+b1_arm64.deb out/sdk" >&2
  exit 2
fi
sysroot=$1
target_swift=$2
outdir=$3
triple=aarch64-unknown-linux-gnu

[ -d "$sysroot/usr/lib/aarch64-linux-gnu" ] || { echo "$sysroot is not an arm64 sysroot (make-sysroot.sh makes one)" >&2; exit 1; }
suite=$(cat "$sysroot/SUITE" 2>/dev/null || echo bookworm)
bundle_name=openspace-$suite-aarch64
command -v swift >/dev/null || { echo "no swift on PATH: the host toolchain builds with this SDK" >&2; exit 1; }
# "Swift version 6.3.1 (swift-6.3.1-RELEASE)" -> 6.3.1
host_version=$(swift --version 2>/dev/null | sed -n 's/.*(swift-\([0-9.]*\)-RELEASE).*/\1/p' | head -1)
[ -n "$host_version" ] || { echo "cannot read the host toolchain's version from swift --version" >&2; exit 1; }
host_tag=swift-$host_version-RELEASE

work=$(mktemp -d /tmp/openspace-swift-sdk.XXXXXX)
trap 'rm -rf "$work"' EXIT
case "$target_swift" in
  *.deb)
    # Debian's swiftlang: version 6.2.3-1+b1 is Swift 6.2.3.
    target_version=$(dpkg-deb --field "$target_swift" Version | sed 's/-[^-]*$//; s/^[0-9]*://')
    [ "$(dpkg-deb --field "$target_swift" Architecture)" = arm64 ] ||
      { echo "$target_swift is not an arm64 package: Debian's swiftlang for arm64 is" >&2; exit 1; }
    echo "unpacking the runtime from $target_swift"
    dpkg-deb --fsys-tarfile "$target_swift" |
      tar -x -C "$work" ./usr/libexec/swift/lib/swift ./usr/libexec/swift/lib/swift_static ./usr/libexec/swift/lib/clang
    runtime_root=$work/usr/libexec/swift/lib
    ;;
  *.tar.gz)
    echo "unpacking $target_swift"
    # Only the runtime parts; the checks below say what is missing, so tar's own complaint is not fatal.
    tar -xzf "$target_swift" -C "$work" --wildcards '*/usr/lib/swift/*' '*/usr/lib/swift_static/*' '*/usr/lib/clang/*' '*/usr/include/*' 2>/dev/null || true
    target_root=$(find "$work" -mindepth 1 -maxdepth 1 -type d | head -1)
    [ -n "$target_root" ] || { echo "$target_swift holds no Swift runtime (usr/lib/swift)" >&2; exit 1; }
    runtime_root=$target_root/usr/lib
    target_version=$(basename "$target_root" | sed -n 's/^swift-\([0-9.]*\)-RELEASE-.*/\1/p')
    ;;
  *)
    runtime_root=$target_swift/usr/lib
    target_version=$(basename "$target_swift" | sed -n 's/^swift-\([0-9.]*\)-RELEASE-.*/\1/p')
    ;;
esac
static=$runtime_root/swift_static/linux
[ -e "$static/libswiftCore.a" ] || { echo "$target_swift has no static Swift runtime (lib/swift_static/linux/libswiftCore.a)" >&2; exit 1; }
case "$(file -b "$static/libswiftCore.a")" in
  *archive*) ;;
  *) echo "$static/libswiftCore.a is not a static library" >&2; exit 1 ;;
esac
# The objects inside must be aarch64 (file names the architecture of an object, not of an archive).
(cd "$work" && ar x "$static/libswiftCore.a" "$(ar t "$static/libswiftCore.a" | head -1)" && \
  file -b "$(ar t "$static/libswiftCore.a" | head -1)") | grep -q "ARM aarch64" ||
  { echo "$static/libswiftCore.a is not aarch64: TARGET_SWIFT must be the aarch64 runtime" >&2; exit 1; }
ls -d "$runtime_root/swift/linux/Swift.swiftmodule/$triple".* "$runtime_root/swift_static/linux/Swift.swiftmodule/$triple".* >/dev/null 2>&1 ||
  ls -d "$runtime_root/swift/linux/Swift.swiftmodule/$triple".* >/dev/null 2>&1 ||
  { echo "$target_swift has no Swift module for $triple (lib/swift/linux/Swift.swiftmodule)" >&2; exit 1; }
[ "$target_version" = "$host_version" ] ||
  { echo "the runtime is Swift ${target_version:-of an unknown version}, the host's toolchain is $host_version: they must be the same" >&2; exit 1; }

bundle=$outdir/$bundle_name.artifactbundle
variant=$bundle/${host_tag}_debian_${suite}_aarch64/$triple
sdk=$variant/debian-$suite.sdk
rm -rf "$bundle"
mkdir -p "$variant"
echo "copying the sysroot into $sdk"
cp -a "$sysroot" "$sdk"
echo "adding the Swift $target_version runtime"
mkdir -p "$sdk/usr/lib"
cp -a "$runtime_root/swift" "$runtime_root/swift_static" "$sdk/usr/lib/"
# lib/swift/clang leads to ../clang/N: clang's own headers (limits.h, stdarg.h, ...) for the C modules.
[ -e "$sdk/usr/lib/swift/clang/include/limits.h" ] || cp -a "$runtime_root/clang" "$sdk/usr/lib/"
[ -e "$sdk/usr/lib/swift/clang/include/limits.h" ] || { echo "$target_swift has no clang headers (lib/clang)" >&2; exit 1; }
[ ! -d "$runtime_root/../include" ] || cp -a "$runtime_root/../include/." "$sdk/usr/include/"
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
        { "path": "${host_tag}_debian_${suite}_aarch64/$triple" }
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
      "sdkRootPath": "debian-$suite.sdk",
      "swiftResourcesPath": "debian-$suite.sdk/usr/lib/swift",
      "swiftStaticResourcesPath": "debian-$suite.sdk/usr/lib/swift_static",
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

echo "Swift SDK: $bundle ($(du -sh "$bundle" | cut -f1))"
echo "next (SwiftPM reads the .pc files of the SDK only through the PKG_CONFIG variables):"
echo "  PKG_CONFIG_SYSROOT_DIR=$sdk PKG_CONFIG_PATH=$sdk/usr/lib/aarch64-linux-gnu/pkgconfig:$sdk/usr/share/pkgconfig \\"
echo "    swift build --swift-sdks-path $outdir --swift-sdk $bundle_name -c release --static-swift-stdlib --product openspace"
