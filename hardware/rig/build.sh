#!/usr/bin/env bash
# Builds the VM test rig from Debian's packages, out of the host's way:
#   - Debian's kernel and its headers, downloaded and unpacked (never installed on the host),
#   - gpio-sim (off in Debian's kernels) and vspi (modules/vspi) built out of tree,
#   - a depmod'ed module tree and a busybox initramfs that mounts the host's root read-only.
# Everything goes into $RIG (default: .rig/ at the top of the repository). Safe to run again:
# it does nothing when the rig is up to date.
# RIG_ARCH=arm64 builds the same for the aarch64 rig (hardware/rig/arm64/build.sh): Debian's arm64
# kernel, headers and busybox-static (downloaded with an apt of its own: the machine's apt is not
# told about arm64), the modules built with Debian's aarch64 cross gcc, the kernel's own compiler
# version, and the machine's kbuild tools.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
RIG=${RIG:-$HERE/../../.rig}
mkdir -p "$RIG"
RIG=$(cd "$RIG" && pwd)
log() { echo "rig: $*" >&2; }

ARCH=${RIG_ARCH:-amd64}
# sqlite3 and e2fsprogs: the power-cut job reads the journal with sqlite3, on a disk made by mkfs.ext4.
tools=(qemu-system-x86 busybox-static kmod cpio bc zstd xz-utils xxd gcc make python3 libgpiod-dev gpiod sqlite3 e2fsprogs)
make_arch=()
case $ARCH in
  amd64) ;;
  arm64) tools+=(qemu-system-arm gcc-aarch64-linux-gnu file); make_arch=(ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-) ;;
  *) log "RIG_ARCH=$ARCH: amd64 or arm64"; exit 2 ;;
esac
"$HERE/../../deploy/install-build-deps.sh" "${tools[@]}"

# Downloads are kept apart (RIG_DEBS), so fresh clones on one machine fetch them once.
DEBS=${RIG_DEBS:-${XDG_CACHE_HOME:-$HOME/.cache}/openspace-rig/debs}
mkdir -p "$DEBS"
# apt_target: the machine's apt, or for arm64 one of its own (lists in DEBS/apt-arm64).
apt_target() { apt-get -q "$@"; }
apt_cache_target() { apt-cache "$@"; }
if [ "$ARCH" != amd64 ]; then
  aptdir=$DEBS/apt-$ARCH
  mkdir -p "$aptdir/lists/partial" "$aptdir/cache/archives/partial"
  suite=$(. /etc/os-release && echo "$VERSION_CODENAME")
  printf 'deb %s %s main\ndeb %s %s-updates main\ndeb http://deb.debian.org/debian-security %s-security main\n' \
    "${MIRROR:-http://deb.debian.org/debian}" "$suite" "${MIRROR:-http://deb.debian.org/debian}" "$suite" "$suite" >"$aptdir/sources.list"
  apt_options=(-o Dir::Etc::SourceList="$aptdir/sources.list" -o Dir::Etc::SourceParts=/dev/null
    -o Dir::State::Lists="$aptdir/lists" -o Dir::Cache="$aptdir/cache" -o Dir::State::Status=/dev/null
    -o APT::Architecture="$ARCH" -o APT::Architectures::="$ARCH" -o APT::Sandbox::User=root)
  apt_target() { apt-get -q "${apt_options[@]}" "$@"; }
  apt_cache_target() { apt-cache "${apt_options[@]}" "$@"; }
  find "$aptdir/lists" -name '*Packages*' -mmin -1440 | grep -q . || apt_target update >/dev/null
fi

# The kernel ABI that linux-image-ARCH points at today, unless one is asked for.
KVER=${KVER:-$(apt_cache_target depends "linux-image-$ARCH" | awk '/Depends: linux-image-/ { sub("linux-image-", "", $2); print $2; exit }')}
[ -n "$KVER" ] || { log "cannot tell the kernel version: run apt-get update"; exit 1; }
KSERIES=$(echo "$KVER" | cut -d. -f1-2)
stamp=$RIG/built-$KVER
# The jobs in guest/ run from the host's tree and need no rebuild; the rest does.
newest=$(find "$HERE/build.sh" "$HERE/modules" "$HERE/vm" -type f -newer "$stamp" 2>/dev/null | head -1 || true)
if [ -f "$stamp" ] && [ -z "$newest" ]; then exit 0; fi
rm -f "$RIG"/built-*

# The kernel and its headers for ARCH; the common headers, the kbuild tools (run here) and the
# sources from the machine's own apt.
for package in linux-image-$KVER linux-headers-$KVER; do
  ls "$DEBS/${package}_"*.deb >/dev/null 2>&1 || (cd "$DEBS" && log "downloading $package" && apt_target download "$package")
done
for package in linux-headers-${KVER%-*}-common linux-kbuild-$KSERIES linux-source-$KSERIES; do
  ls "$DEBS/${package}_"*.deb >/dev/null 2>&1 || (cd "$DEBS" && log "downloading $package" && apt-get download -q "$package")
done
busybox=/bin/busybox
if [ "$ARCH" != amd64 ]; then
  ls "$DEBS"/busybox-static_*_"$ARCH".deb >/dev/null 2>&1 || (cd "$DEBS" && log "downloading busybox-static ($ARCH)" && apt_target download busybox-static)
  rm -rf "$RIG/busybox" && dpkg -x "$(ls "$DEBS"/busybox-static_*_"$ARCH".deb | tail -1)" "$RIG/busybox"
  busybox=$RIG/busybox/bin/busybox
fi

log "unpacking the kernel and headers for $KVER"
rm -rf "$RIG/kernel" "$RIG/headers"
dpkg -x "$DEBS"/linux-image-"$KVER"_*.deb "$RIG/kernel"
for package in linux-headers-$KVER linux-headers-${KVER%-*}-common linux-kbuild-$KSERIES; do
  dpkg -x "$DEBS"/"$package"_*.deb "$RIG/headers"
done
# The headers package links to the kbuild tools by absolute paths; point them into the rig.
find "$RIG/headers" -type l | while read -r link; do
  target=$(readlink "$link")
  case $target in /usr/*) ln -sfn "$RIG/headers$target" "$link" ;; esac
done
KDIR=$RIG/headers/usr/src/linux-headers-$KVER
# Its Makefile includes the common part by an absolute path, too.
sed -i "s|include /usr/src/|include $RIG/headers/usr/src/|" "$KDIR/Makefile"

log "extracting gpio-sim and irq_sim from linux-source-$KSERIES"
src=$RIG/src
rm -rf "$src" && mkdir -p "$src/gpio-sim" "$src/vspi"
dpkg --fsys-tarfile "$DEBS"/linux-source-"$KSERIES"_*.deb \
  | tar -x -O "./usr/src/linux-source-$KSERIES.tar.xz" \
  | tar -xJ -C "$src" "linux-source-$KSERIES/drivers/gpio/gpio-sim.c" "linux-source-$KSERIES/drivers/gpio/gpiolib.h" \
      "linux-source-$KSERIES/kernel/irq/irq_sim.c"
cp "$src/linux-source-$KSERIES/drivers/gpio/gpio-sim.c" "$src/linux-source-$KSERIES/drivers/gpio/gpiolib.h" "$src/gpio-sim/"
# irq_to_desc is not exported to modules; generic_handle_irq does the same for a simulated IRQ.
sed 's/handle_simple_irq(irq_to_desc(irqnum));/generic_handle_irq(irqnum);/' \
  "$src/linux-source-$KSERIES/kernel/irq/irq_sim.c" > "$src/gpio-sim/irq_sim.c"
grep -q "generic_handle_irq(irqnum)" "$src/gpio-sim/irq_sim.c" || { log "irq_sim.c changed upstream: patch it by hand"; exit 1; }
cp "$HERE/modules/gpio-sim/Kbuild" "$src/gpio-sim/"
cp "$HERE/modules/vspi/vspi.c" "$HERE/modules/vspi/Kbuild" "$src/vspi/"

for module in gpio-sim vspi; do
  log "building $module"
  make -s -C "$KDIR" "${make_arch[@]}" M="$src/$module" modules >"$src/$module.log" 2>&1 || { cat "$src/$module.log"; exit 1; }
done

log "module tree with depmod"
kmod=$RIG/kmod/lib/modules/$KVER
rm -rf "$RIG/kmod" && mkdir -p "$kmod/extra"
cp -as "$RIG/kernel/lib/modules/$KVER/." "$kmod/"
rm -f "$kmod"/modules.*
cp "$RIG/kernel/lib/modules/$KVER"/modules.{order,builtin,builtin.modinfo} "$kmod/" 2>/dev/null || true
cp "$src/gpio-sim/gpio-sim-oot.ko" "$src/vspi/vspi.ko" "$kmod/extra/"
depmod -b "$RIG/kmod" "$KVER"

log "initramfs"
BUSYBOX=$busybox KVER=$KVER RIG=$RIG "$HERE/vm/mkinitramfs.sh" >/dev/null
mkdir -p "$RIG/shared"
echo "$KVER" > "$RIG/kver"
touch "$stamp"
log "ready: kernel $KVER in $RIG"
