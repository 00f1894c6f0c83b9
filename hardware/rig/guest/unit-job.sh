#!/bin/bash
# Runs in the aarch64 rig (hardware/rig/arm64), where the root's systemd is PID 1, after the other
# jobs: the board's unit as the package installed it (openspace-board.service, its user, groups and
# sandboxing unchanged) started on the rig's devices: gpio-sim's chip labelled like a Pi's, vspi's
# /dev/spidev0.0 with uc8179peer.py answering as the panel, the scanner gadget the USB job left.
# Only /etc/openspace/board.yaml is written, as an admin would. The unit must reach ready (Type=notify:
# `systemctl start` returns once the board sent READY=1), draw its boot screen on the peer, run as the
# openspace user, and answer a code typed by the scanner gadget.
# Results in $RIG/shared/unit: checks.txt (PASS/FAIL lines), the unit's journal and status.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=$RIG/shared/unit
rm -rf "$OUT" && mkdir -p "$OUT"
exec > "$OUT/job.log" 2>&1
say() { echo "job: [$(cut -d' ' -f1 /proc/uptime)] $*"; }
check() { # NAME CONDITION...
  local name=$1; shift
  if "$@"; then echo "PASS $name" >> "$OUT/checks.txt"; else echo "FAIL $name" >> "$OUT/checks.txt"; fi
}
[ -d /run/systemd/system ] || { echo "FAIL systemd is not PID 1" > "$OUT/checks.txt"; exit 1; }
setup_failed() { say "FAIL: $*"; echo "FAIL set-up: $*" >> "$OUT/checks.txt"; exit 9; }

# The devices: what the earlier jobs left (the doctor job's chip, the USB job's scanner gadget),
# or made here when the job runs alone.
. "$HERE/gadgets.sh"
K="modprobe -d $RIG/kmod"
$K configfs
mountpoint -q /sys/kernel/config || mount -t configfs none /sys/kernel/config
$K gpio-sim-oot || setup_failed "gpio-sim did not load"
C=/sys/kernel/config/gpio-sim/board
if [ ! -d "$C" ]; then
  mkdir "$C" "$C/gpio-bank0" && echo 28 > "$C/gpio-bank0/num_lines" && echo pinctrl-bcm2711 > "$C/gpio-bank0/label"
  for line in 17 18 24 25; do mkdir "$C/gpio-bank0/line$line" && echo "GPIO$line" > "$C/gpio-bank0/line$line/name"; done
fi
[ "$(cat "$C/live")" = 1 ] || echo 1 > "$C/live" || setup_failed "the gpio-sim chip did not go live"
SIM=/sys/devices/platform/$(cat "$C/dev_name")/$(cat "$C/gpio-bank0/chip_name")
[ -e /dev/spidev0.0 ] || $K vspi || setup_failed "vspi did not load"
gadgets_load || setup_failed "the USB gadget modules did not load"
[ -d /sys/kernel/config/usb_gadget/scanner ] || gadget_scanner
[ -n "$(cat /sys/kernel/config/usb_gadget/scanner/UDC)" ] || gadget_plug scanner dummy_udc.0
for _ in $(seq 200); do grep -qs "OpenSpaceRig Barcode Scanner" /proc/bus/input/devices && break; sleep 0.1; done
grep -qs "OpenSpaceRig Barcode Scanner" /proc/bus/input/devices || setup_failed "no scanner input device"

# The devices belong to the groups the unit's user is in, as udev/99-openspace.rules makes them on a Pi.
chgrp gpio /dev/gpiochip* && chmod 660 /dev/gpiochip*
chgrp spi /dev/spidev0.0 && chmod 660 /dev/spidev0.0
for event in /sys/class/input/event*; do
  grep -qs "OpenSpaceRig Barcode Scanner" "$event/device/name" && chgrp input "/dev/input/$(basename "$event")" \
    && chmod 660 "/dev/input/$(basename "$event")"
done

python3 "$HERE/uc8179peer.py" --sim "$SIM" --out "$OUT/peer" --refresh-ms 300 &
PEER=$!
for _ in $(seq 200); do [ -e "$OUT/peer/ready" ] && break; sleep 0.1; done

cat > /etc/openspace/board.yaml <<YAML
board:
  name: Rig unit
  layout: /etc/openspace/conference.yaml
  journal: /var/lib/openspace/board/journal.sqlite
panel:
  model: waveshare-7in5-v2
  gpio_chip: pinctrl-bcm2711
  spi_device: /dev/spidev0.0
  pins:
    rst: 17
    dc: 25
    busy: 24
    pwr: 18
  busy_timeout: 10
scanner:
  device: evdev:1d6b:0104
  suffix: enter
YAML
say "starting openspace-board.service"
started=$(date +%s%N)
timeout 180 systemctl start openspace-board.service
status=$?
ready_ms=$((($(date +%s%N) - started) / 1000000))
say "systemctl start exited $status after $ready_ms ms"
echo "$ready_ms" > "$OUT/ready-ms"
check "the unit reached ready (systemctl start exited 0)" [ "$status" -eq 0 ]
check "the unit is active" [ "$(systemctl show -p ActiveState --value openspace-board.service)" = active ]
pid=$(systemctl show -p MainPID --value openspace-board.service)
check "the board runs as the openspace user" [ "$(stat -c %U "/proc/$pid" 2>/dev/null)" = openspace ]
for _ in $(seq 600); do [ -e "$OUT/peer/refresh-001.pbm" ] && break; sleep 0.1; done
check "the board drew on the panel through the unit's sandbox" [ -e "$OUT/peer/refresh-001.pbm" ]
python3 "$HERE/scantype.py" --timeout 20 --pace 0.01 "HTTPS://OS.EXAMPLE.ORG/S/1-R101-1100"
# The board prints each scan's result (accepted, refused or prompt) once it is on disk; the journal
# is read once a second (journalctl is slow under the software CPU), for at most a minute.
answered=no
for _ in $(seq 60); do
  journalctl -u openspace-board.service -o cat --no-pager | grep -q "^prompt: Room 101, Fri 11:00" \
    && { answered=yes; break; }
  sleep 1
done
check "the board answered the scanner gadget's code" [ "$answered" = yes ]
journalctl -u openspace-board.service -o cat --no-pager > "$OUT/journal.txt"
systemctl status --no-pager openspace-board.service > "$OUT/status.txt"
systemctl stop openspace-board.service
kill "$PEER" 2>/dev/null
! grep -q FAIL "$OUT/checks.txt"
