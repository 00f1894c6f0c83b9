#!/usr/bin/env bash
# Builds the VM test rig from Debian's packages, out of the host's way:
#   - Debian's kernel and its headers, downloaded and unpacked (never installed on the host),
#   - gpio-sim (off in Debian's kernels) and vspi (modules/vspi) built out of tree,
#   - a depmod'ed module tree and a busybox initramfs that mounts the host's root read-only.
# Everything goes into $RIG (default: .rig/ at the top of the repository). Safe to run again:
# it does nothing when the rig is up to date.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
RIG=${RIG:-$HERE/../../.rig}
mkdir -p "$RIG"
RIG=$(cd "$RIG" && pwd)
log() { echo "rig: $*" >&2; }

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
tools=(qemu-system-x86 busybox-static kmod cpio bc zstd xz-utils xxd gcc make python3 libgpiod-dev gpiod)
missing=()
for package in "${tools[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]}"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# The kernel ABI that linux-image-amd64 points at today, unless one is asked for.
KVER=${KVER:-$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image-/ { sub("linux-image-", "", $2); print $2; exit }')}
[ -n "$KVER" ] || { log "cannot tell the kernel version: run apt-get update"; exit 1; }
KSERIES=$(echo "$KVER" | cut -d. -f1-2)
stamp=$RIG/built-$KVER
# The jobs in guest/ run from the host's tree and need no rebuild; the rest does.
newest=$(find "$HERE/build.sh" "$HERE/modules" "$HERE/vm" -type f -newer "$stamp" 2>/dev/null | head -1 || true)
if [ -f "$stamp" ] && [ -z "$newest" ]; then exit 0; fi
rm -f "$RIG"/built-*

# Downloads are kept apart (RIG_DEBS), so fresh clones on one machine fetch them once.
DEBS=${RIG_DEBS:-${XDG_CACHE_HOME:-$HOME/.cache}/openspace-rig/debs}
mkdir -p "$DEBS"
packages=(linux-image-$KVER linux-headers-$KVER linux-headers-${KVER%-*}-common linux-kbuild-$KSERIES linux-source-$KSERIES)
for package in "${packages[@]}"; do
  ls "$DEBS/${package}_"*.deb >/dev/null 2>&1 || (cd "$DEBS" && log "downloading $package" && apt-get download -q "$package")
done

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
  make -s -C "$KDIR" M="$src/$module" modules >"$src/$module.log" 2>&1 || { cat "$src/$module.log"; exit 1; }
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
KVER=$KVER RIG=$RIG "$HERE/vm/mkinitramfs.sh" >/dev/null
mkdir -p "$RIG/shared"
echo "$KVER" > "$RIG/kver"
touch "$stamp"
log "ready: kernel $KVER in $RIG"
