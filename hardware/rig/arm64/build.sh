#!/usr/bin/env bash
# Builds the aarch64 rig: the x86 rig's jobs (hardware/rig/guest) in qemu-system-aarch64, on a
# Debian trixie arm64 root in which the arm64 package is installed by apt:
#   RIG=DIR DEB=out/deb/openspace_VERSION_arm64.deb hardware/rig/arm64/build.sh
#   - Debian's arm64 kernel, gpio-sim and vspi built for it, the module tree and a busybox
#     initramfs with the same init as the x86 rig (hardware/rig/build.sh with RIG_ARCH=arm64);
#   - DIR/root: trixie arm64 made by mmdebstrap with the package as a local .deb (its Depends,
#     fonts included, come from the archive: if they cannot be met, this fails), python3, udev and
#     the tools the jobs use; arm64 maintainer scripts run through qemu-user (binfmt_misc).
# The root is made again when the package changes; the rest only when the rig's build or modules do.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
RIGSRC=$(cd "$HERE/.." && pwd)
: "${RIG:?set RIG}" "${DEB:?set DEB to the arm64 package}"
mkdir -p "$RIG"
RIG=$(cd "$RIG" && pwd)
DEB=$(cd "$(dirname "$DEB")" && pwd)/$(basename "$DEB")
SUITE=${SUITE:-trixie}
MIRROR=${MIRROR:-http://deb.debian.org/debian}
log() { echo "rig-arm64: $*" >&2; }
# Root for mmdebstrap and binfmt_misc: run as a user, it starts itself again through sudo.
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { log "needs root (or sudo) for mmdebstrap and binfmt_misc"; exit 1; }
  exec sudo --preserve-env=SUITE,MIRROR -- env RIG="$RIG" DEB="$DEB" "$0" "$@"
fi
[ "$(dpkg-deb --field "$DEB" Architecture)" = arm64 ] || { log "$DEB is not an arm64 package"; exit 1; }

tools=(qemu-system-arm qemu-user-static mmdebstrap debian-archive-keyring arch-test)
"$RIGSRC/../../deploy/install-build-deps.sh" "${tools[@]}"
# qemu-user-static ships binfmt_misc entries that systemd registers at boot; where no systemd
# did (a container), register aarch64 here so that mmdebstrap can run the root's arm64 programs.
mountpoint -q /proc/sys/fs/binfmt_misc || mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
if [ ! -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ]; then
  conf=/usr/lib/binfmt.d/qemu-aarch64.conf
  [ -e "$conf" ] || { log "no $conf from qemu-user-static"; exit 1; }
  grep -v '^#' "$conf" | head -1 >/proc/sys/fs/binfmt_misc/register
fi

# Debian's arm64 kernel, gpio-sim and vspi built for it, the modules and the initramfs: the x86
# rig's build.sh for arm64.
RIG_ARCH=arm64 RIG=$RIG "$RIGSRC/build.sh"
KVER=$(cat "$RIG/kver")

# The root, made again whenever the package (or what the rig adds to the root) changed: its control
# fields and its files' contents, not the .deb's bytes, which change with every packaging's times.
sum=$({ dpkg-deb --field "$DEB"; dpkg-deb --fsys-tarfile "$DEB" | tar -xO; cat "$HERE/openspace-rig.service"; } |
  sha256sum | cut -d' ' -f1)
if [ "$(cat "$RIG/root.deb-sha256" 2>/dev/null)" != "$sum" ]; then
  log "making the $SUITE arm64 root with $(basename "$DEB") installed by apt"
  # A build stopped half-way may leave mounts inside the root: never delete through them.
  { grep -o " $RIG/root/[^ ]*" /proc/mounts || true; } | sort -r | xargs -r umount -l
  rm -rf --one-file-system "$RIG/root" "$RIG/root.deb-sha256"
  started=$(date +%s)
  # systemd as init for the unit's job, udev for the rules' job (which starts its own udevd, as in
  # the x86 rig, so the root's is masked), python3 for the peers, the jobs' tools; the package
  # itself as a local .deb, whose Depends apt resolves. openspace-rig.service runs the job.
  # The hook makes the local .deb visible to apt and dpkg inside the root.
  mmdebstrap --architectures=arm64 --variant=apt --hook-dir=/usr/share/mmdebstrap/hooks/file-mirror-automount \
    --include=systemd,systemd-sysv,udev,dbus,python3,kmod,psmisc,procps,xxd,iproute2,gpiod,passwd,"$DEB" \
    --customize-hook='chroot "$1" dpkg-query -W openspace' \
    --customize-hook="copy-in $HERE/openspace-rig.service /etc/systemd/system" \
    --customize-hook='chroot "$1" systemctl enable openspace-rig.service' \
    --customize-hook='chroot "$1" systemctl mask systemd-udevd.service systemd-udevd-control.socket systemd-udevd-kernel.socket serial-getty@ttyAMA0.service' \
    "$SUITE" "$RIG/root" "deb $MIRROR $SUITE main" >"$RIG/mmdebstrap.log" 2>&1 ||
    { tail -40 "$RIG/mmdebstrap.log"; log "the root could not be made (see $RIG/mmdebstrap.log)"; exit 1; }
  grep -E "^(Setting up|Unpacking) openspace" "$RIG/mmdebstrap.log" | head -2 >&2 || true
  echo "$sum" >"$RIG/root.deb-sha256"
  log "root made in $(($(date +%s) - started)) s, $(du -sh "$RIG/root" | cut -f1)"
fi
log "ready: kernel $KVER, root $RIG/root"
