#!/bin/bash
# Runs inside the rig's VM, after the USB job: installs udev/99-openspace.rules into the VM's
# writable overlay with the example vendor:product pairs changed to the rig's gadgets (as a user
# changes them to their devices), starts Debian's systemd-udevd, and checks that the service's
# group gets the scanner (evdev and USB), the printer (usblp and USB), the GPIO chips and the SPI
# device, and that the stable names /dev/openspace-scanner and /dev/openspace-printer exist.
# Writes "ok …" / "FAIL …" lines to $RIG/shared/udev/checks.txt; exits with the number of FAILs.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../../.." && pwd)
OUT=$RIG/shared/udev
rm -rf "$OUT" && mkdir -p "$OUT"
exec > "$OUT/job.log" 2>&1
say() { echo "job: $*"; }
. "$HERE/gadgets.sh"

UDEVD=/lib/systemd/systemd-udevd
# The VM runs its jobs chrooted into the host's root; udevadm ignores requests there unless told.
export SYSTEMD_IGNORE_CHROOT=1
[ -x "$UDEVD" ] || { echo "FAIL systemd-udevd missing (the udev package)" > "$OUT/checks.txt"; exit 1; }

# The devices the rules are for: the gadgets (made here when the USB job did not leave them),
# a gpio-sim chip and vspi's /dev/spidev0.0.
gadgets_load
[ -d /sys/kernel/config/usb_gadget/scanner ] || gadget_scanner
[ -d /sys/kernel/config/usb_gadget/printer ] || gadget_printer
# Plugged in afresh: a program that read them through libusb may have left the kernel's drivers
# (usbhid, usblp) detached.
for g in scanner:dummy_udc.0 printer:dummy_udc.1; do
  [ -z "$(cat "/sys/kernel/config/usb_gadget/${g%%:*}/UDC")" ] || gadget_unplug "${g%%:*}"
  gadget_plug "${g%%:*}" "${g#*:}"
done
ls /dev/gpiochip* > /dev/null 2>&1 || {
  modprobe -d "$RIG/kmod" gpio-sim-oot
  mkdir -p /sys/kernel/config/gpio-sim/udev/bank0 && echo 8 > /sys/kernel/config/gpio-sim/udev/bank0/num_lines
  echo 1 > /sys/kernel/config/gpio-sim/udev/live
}
[ -e /dev/spidev0.0 ] || modprobe -d "$RIG/kmod" vspi
for _ in $(seq 100); do ls /dev/input/event* /dev/usb/lp* > /dev/null 2>&1 && break; sleep 0.1; done
say "devices: $(ls /dev/input/event* /dev/usb/lp* 2>&1 | tr '\n' ' ')"

groupadd -r openspace 2>/dev/null || addgroup -S openspace
mkdir -p /etc/udev/rules.d
sed -e 's/"05e0"/"1d6b"/g; s/"1200"/"0104"/g; s/"0416"/"0525"/g; s/"5011"/"a4a8"/g' \
  "$REPO/udev/99-openspace.rules" > /etc/udev/rules.d/99-openspace.rules
say "rules installed: $(grep -c '^SUBSYSTEM' /etc/udev/rules.d/99-openspace.rules) rules"
say "udevd starting, uptime $(cut -d" " -f1 /proc/uptime)"
"$UDEVD" --daemon --resolve-names=late
udevadm trigger --action=add --subsystem-match=input --subsystem-match=usb --subsystem-match=usbmisc \
  --subsystem-match=tty --subsystem-match=gpio --subsystem-match=spidev
udevadm settle --timeout=20 || say "udevadm settle timed out"

say "udev settled, uptime $(cut -d" " -f1 /proc/uptime)"
CHECKS=$OUT/checks.txt
: > "$CHECKS"
check() { # WHAT PATH: the node's group is openspace and it is readable and writable by it
  local node mode group
  node=$(readlink -f "$2")
  if [ ! -e "$node" ]; then echo "FAIL $1: $2 does not exist" >> "$CHECKS"; return; fi
  group=$(stat -c %G "$node"); mode=$(stat -c %a "$node")
  if [ "$group" = openspace ] && [ "${mode:1:1}" -ge 6 ]; then
    echo "ok $1: $2 -> $node group $group mode $mode" >> "$CHECKS"
  else
    echo "FAIL $1: $2 -> $node group $group mode $mode" >> "$CHECKS"
  fi
}
usbnode() { # VID PID: the /dev/bus/usb node of that device
  local d
  for d in /sys/bus/usb/devices/*; do
    [ "$(cat "$d/idVendor" 2>/dev/null)" = "$1" ] && [ "$(cat "$d/idProduct" 2>/dev/null)" = "$2" ] \
      && printf '/dev/bus/usb/%03d/%03d\n' "$(cat "$d/busnum")" "$(cat "$d/devnum")" && return
  done
  echo "/dev/bus/usb/none-$1-$2"
}
check "scanner evdev (stable name)" /dev/openspace-scanner
case $(readlink -f /dev/openspace-scanner) in
  /dev/input/event*) echo "ok scanner name points at an input device" >> "$CHECKS" ;;
  *) echo "FAIL scanner name points at $(readlink -f /dev/openspace-scanner), not /dev/input/event*" >> "$CHECKS" ;;
esac
check "scanner usb (libusb)" "$(usbnode 1d6b 0104)"
check "printer usblp (stable name)" /dev/openspace-printer
check "printer usb (libusb)" "$(usbnode 0525 a4a8)"
for chip in /dev/gpiochip*; do check "gpio chip" "$chip"; done
check "spi" /dev/spidev0.0
udevadm control --exit 2>/dev/null
cat "$CHECKS"
exit "$(grep -c '^FAIL' "$CHECKS")"
