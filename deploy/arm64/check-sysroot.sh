#!/usr/bin/env bash
# Checks an arm64 sysroot made by make-sysroot.sh against this package, with the Swift
# toolchain's own clang and lld (the ones a Swift SDK build uses):
#   deploy/arm64/check-sysroot.sh SYSROOT
#  1. every header and aarch64 library the package includes and links is there (`file` each);
#  2. pkg-config, pointed at the sysroot as SwiftPM is, gives the module maps' flags;
#  3. the CGPIOD target (osb_gpio.c) and each system-library shim (CQREncode, CFreeType, CPNG,
#     CLibUSB, CSystemd) compile for aarch64-unknown-linux-gnu;
#  4. a C program calling every library (through osb_gpio.o for libgpiod) links with lld into an
#     aarch64 executable;
#  5. where qemu-aarch64 is installed (apt-get install qemu-user), it runs with -L SYSROOT;
#  6. the toolchain's swiftc compiles Swift that imports the package's own module maps (CGPIOD,
#     CQREncode, CFreeType, CPNG, CLibUSB, CSystemd) for aarch64 against the sysroot, and it runs.
#     This is Embedded Swift (the toolchain ships its small standard library for
#     aarch64-none-none-elf), because a Swift runtime for aarch64 Linux is not part of an x86_64
#     toolchain: it proves the importer and the aarch64 code generation, not Foundation or NIO.
# CLANG (default: the clang beside `swift`, else /opt/swift/usr/bin/clang) can be set. Exits
# non-zero on the first failure; prints what it did.
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 SYSROOT" >&2
  exit 2
fi
sysroot=$(cd "$1" && pwd)
repo=$(cd "$(dirname "$0")/../.." && pwd)
target=aarch64-unknown-linux-gnu
triple=aarch64-linux-gnu
if [ -z "${CLANG:-}" ]; then
  if command -v swift >/dev/null && [ -x "$(dirname "$(readlink -f "$(command -v swift)")")/clang" ]; then
    CLANG=$(dirname "$(readlink -f "$(command -v swift)")")/clang
  else
    CLANG=/opt/swift/usr/bin/clang
  fi
fi
[ -x "$CLANG" ] || { echo "no clang at $CLANG (set CLANG)" >&2; exit 1; }
[ -x "$(dirname "$CLANG")/ld.lld" ] || { echo "no ld.lld beside $CLANG" >&2; exit 1; }
for tool in file pkg-config; do
  command -v "$tool" >/dev/null || { echo "$tool is missing (apt-get install $tool)" >&2; exit 1; }
done
work=$(mktemp -d /tmp/openspace-arm64-check.XXXXXX)
trap 'rm -rf "$work"' EXIT
echo "sysroot: $sysroot"
echo "clang:   $CLANG ($("$CLANG" --version | head -1))"

echo
echo "== 1. headers and aarch64 libraries"
for header in gpiod.h qrencode.h libusb-1.0/libusb.h freetype2/ft2build.h fontconfig/fontconfig.h png.h \
  sqlite3.h systemd/sd-daemon.h zlib.h; do
  [ -f "$sysroot/usr/include/$header" ] || { echo "missing: usr/include/$header" >&2; exit 1; }
  echo "usr/include/$header"
done
for library in libgpiod libqrencode libusb-1.0 libfreetype libfontconfig libpng16 libsqlite3 libsystemd libz; do
  so=$sysroot/usr/lib/$triple/$library.so
  [ -e "$so" ] || { echo "missing: usr/lib/$triple/$library.so" >&2; exit 1; }
  description=$(file -L -b "$so")
  case "$description" in
    *"ARM aarch64"*) ;;
    *) echo "usr/lib/$triple/$library.so is not aarch64: $description" >&2; exit 1 ;;
  esac
  echo "usr/lib/$triple/$(readlink "$so") ($library.so): ${description%%, BuildID*}"
done

echo
echo "== 2. pkg-config in the sysroot (as SwiftPM reads the module maps' pkgConfig names)"
export PKG_CONFIG_SYSROOT_DIR=$sysroot
export PKG_CONFIG_LIBDIR=$sysroot/usr/lib/$triple/pkgconfig:$sysroot/usr/share/pkgconfig
for module in libqrencode fontconfig libpng libusb-1.0 libsystemd libgpiod sqlite3; do
  echo "$module $(pkg-config --modversion "$module"): $(pkg-config --cflags --libs "$module")"
done
pcflags=$(pkg-config --cflags libqrencode fontconfig freetype2 libpng libusb-1.0 libsystemd)

echo
echo "== 3. the package's C code, compiled for $target"
cc=("$CLANG" "--target=$target" "--sysroot=$sysroot")
"${cc[@]}" -std=gnu11 -O2 -Wall -Wextra -Werror -c "$repo/Sources/CGPIOD/osb_gpio.c" \
  -I "$repo/Sources/CGPIOD/include" -o "$work/osb_gpio.o"
echo "Sources/CGPIOD/osb_gpio.c -> $(file -b "$work/osb_gpio.o")"
for shim in CQREncode CFreeType CPNG CLibUSB CSystemd; do
  header=$repo/Sources/$shim/shim.h
  [ -f "$header" ] || { echo "Sources/$shim/shim.h: not in this tree, skipped"; continue; }
  printf '#include "%s"\nint osb_check_%s;\n' "$header" "$shim" >"$work/$shim.c"
  # shellcheck disable=SC2086
  "${cc[@]}" -Wall -Werror $pcflags -c "$work/$shim.c" -o "$work/$shim.o"
  echo "Sources/$shim/shim.h -> $(file -b "$work/$shim.o")"
done

echo
echo "== 4. a program calling every library, linked with lld for $target"
cat >"$work/libraries.c" <<'PROGRAM'
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "osb_gpio.h"
#include <qrencode.h>
#include <libusb.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <fontconfig/fontconfig.h>
#include <png.h>
#include <sqlite3.h>
#include <systemd/sd-daemon.h>
#include <zlib.h>

int main(void) {
    int failures = 0;
    printf("libgpiod %s (osb_gpio compiled for API generation %d)\n", osb_gpio_library_version(),
           osb_gpio_api_generation());
    osb_gpio_chip *chip = NULL;
    int error = osb_gpio_chip_open("/dev/gpiochip0", &chip);
    printf("  osb_gpio_chip_open(/dev/gpiochip0): %s\n", error ? strerror(error) : "opened");
    if (chip) osb_gpio_chip_close(chip);

    QRcode *qr = QRcode_encodeString("HTTPS://OS.EXAMPLE.ORG/C/7Q2MXKD", 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (qr) {
        printf("libqrencode %s: QRcode_encodeString -> version %d, %d x %d modules\n", QRcode_APIVersionString(),
               qr->version, qr->width, qr->width);
        QRcode_free(qr);
    } else { printf("QRcode_encodeString failed: %s\n", strerror(errno)); failures++; }

    const struct libusb_version *usb = libusb_get_version();
    libusb_context *context = NULL;
    int usbError = libusb_init(&context);
    printf("libusb %u.%u.%u: libusb_init -> %s\n", usb->major, usb->minor, usb->micro, usbError == 0 ? "ok" : libusb_error_name(usbError));
    if (usbError == 0) libusb_exit(context);

    FT_Library freetype;
    if (FT_Init_FreeType(&freetype) == 0) {
        FT_Int major, minor, patch;
        FT_Library_Version(freetype, &major, &minor, &patch);
        printf("FreeType %d.%d.%d: FT_Init_FreeType -> ok\n", major, minor, patch);
        FT_Done_FreeType(freetype);
    } else { printf("FT_Init_FreeType failed\n"); failures++; }
    printf("fontconfig %d\n", FcGetVersion());

    printf("libpng %s (png_access_version_number -> %u)\n", png_get_libpng_ver(NULL), (unsigned)png_access_version_number());

    sqlite3 *db = NULL;
    sqlite3_stmt *statement = NULL;
    if (sqlite3_open(":memory:", &db) == SQLITE_OK
        && sqlite3_prepare_v2(db, "SELECT 6 * 7", -1, &statement, NULL) == SQLITE_OK
        && sqlite3_step(statement) == SQLITE_ROW) {
        printf("SQLite %s: SELECT 6 * 7 -> %d\n", sqlite3_libversion(), sqlite3_column_int(statement, 0));
    } else { printf("SQLite failed\n"); failures++; }
    sqlite3_finalize(statement);
    sqlite3_close(db);

    printf("libsystemd: sd_notify(READY=1) without NOTIFY_SOCKET -> %d, sd_booted() -> %d\n",
           sd_notify(0, "READY=1"), sd_booted());
    printf("zlib %s\n", zlibVersion());
    return failures;
}
PROGRAM
# shellcheck disable=SC2086
"${cc[@]}" -O2 -Wall -Werror $pcflags -I "$repo/Sources/CGPIOD/include" -c "$work/libraries.c" -o "$work/libraries.o"
"${cc[@]}" -fuse-ld=lld "$work/libraries.o" "$work/osb_gpio.o" -o "$work/libraries" \
  -lgpiod -lqrencode -lusb-1.0 -lfreetype -lfontconfig -lpng16 -lsqlite3 -lsystemd -lz
echo "libraries: $(file -b "$work/libraries" | sed 's/, BuildID[^,]*//')"
echo "NEEDED: $(readelf -d "$work/libraries" 2>/dev/null | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p' | tr '\n' ' ')"

echo
echo "== 5. run under qemu-aarch64 -L $sysroot"
qemu=$(command -v qemu-aarch64 || command -v qemu-aarch64-static || true)
if [ -z "$qemu" ]; then
  echo "qemu-aarch64 is not installed (apt-get install qemu-user): not run"
  exit 0
fi
"$qemu" -L "$sysroot" "$work/libraries"
echo "exit status: 0"

echo
echo "== 6. Swift importing the package's module maps, compiled for aarch64 (Embedded Swift)"
swiftc=$(dirname "$CLANG")/swiftc
if [ ! -x "$swiftc" ] || [ ! -d "$(dirname "$CLANG")/../lib/swift/embedded/aarch64-none-none-elf" ]; then
  echo "no swiftc with Embedded Swift for aarch64 beside $CLANG: not run"
  exit 0
fi
mkdir -p "$work/CGPIOD"
printf 'module CGPIOD {\n    header "%s"\n    export *\n}\n' "$repo/Sources/CGPIOD/include/osb_gpio.h" >"$work/CGPIOD/module.modulemap"
cat >"$work/probe.swift" <<'PROBE'
import CGPIOD
import CQREncode
import CFreeType
import CPNG
import CLibUSB
import CSystemd

@_cdecl("main")
func main(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    guard let qr = QRcode_encodeString("HTTPS://OS.EXAMPLE.ORG/C/7Q2MXKD", 0, QR_ECLEVEL_M, QR_MODE_8, 1) else { return 1 }
    let version = qr.pointee.version
    let width = qr.pointee.width
    QRcode_free(qr)
    var freetype: FT_Library? = nil
    guard FT_Init_FreeType(&freetype) == 0 else { return 2 }
    FT_Done_FreeType(freetype)
    let usb = libusb_get_version()!.pointee
    print("Swift (Embedded) on aarch64: libgpiod API generation \(osb_gpio_api_generation()); QR version \(version), \(width) x \(width); FreeType initialised; libusb 1.0.\(usb.micro); libpng \(png_access_version_number()); fontconfig \(FcGetVersion()); sd_booted() \(sd_booted())")
    return 0
}
PROBE
# The none-elf target does not define the Linux macros or the multiarch include folder; glibc's
# headers want both (and redefine two macros clang predefines for it).
"$swiftc" -enable-experimental-feature Embedded -wmo -parse-as-library -O -target aarch64-none-none-elf \
  -Xcc "--sysroot=$sysroot" -Xcc -D__linux__ -Xcc -D__gnu_linux__ -Xcc -D__unix__ -Xcc -Dlinux -Xcc -Dunix -Xcc -Wno-macro-redefined \
  -Xcc "-I$sysroot/usr/include/$triple" -Xcc "-I$sysroot/usr/include" $(for flag in $pcflags; do printf -- '-Xcc %s ' "$flag"; done) \
  -I "$work/CGPIOD" -I "$repo/Sources/CQREncode" -I "$repo/Sources/CFreeType" -I "$repo/Sources/CPNG" \
  -I "$repo/Sources/CLibUSB" -I "$repo/Sources/CSystemd" -c "$work/probe.swift" -o "$work/probe.o"
"${cc[@]}" -fuse-ld=lld "$work/probe.o" "$work/osb_gpio.o" -o "$work/probe" \
  -lgpiod -lqrencode -lusb-1.0 -lfreetype -lfontconfig -lpng16 -lsystemd
echo "probe: $(file -b "$work/probe" | sed 's/, BuildID[^,]*//')"
"$qemu" -L "$sysroot" "$work/probe"
echo "exit status: 0"
