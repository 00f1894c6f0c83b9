#!/bin/bash
# Runs inside the rig's VM, after the USB and udev jobs: `openspace doctor` on the rig's devices, first
# with everything in order, then with one fault made on purpose at a time, each undone before the next:
#   healthy            gpio-sim chip "pinctrl-bcm2711", vspi's /dev/spidev0.0, the scanner and printer
#                      gadgets (printerpeer.py answering its status), a hub served on loopback by the same
#                      binary (SQLite in /tmp) with the board enrolled, the service user openspace
#   layout-us          --scan-test: the gadget types the test code as a US scanner does
#   layout-qwertz      --scan-test: the gadget types it as a scanner set to German (QWERTZ) does
#   spidev-missing     panel.spi_device names a node that does not exist
#   cs-conflict        the buzzer on GPIO8, held by a gpio-sim hog named "spi0 CS0" (the SPI driver's CE0)
#   wrong-chip         panel.gpio_chip names a label no chip has
#   no-access          /dev/gpiochipN and /dev/spidev0.0 mode 600, the doctor run as nobody (setpriv)
#   scanner-unplugged  the scanner gadget unbound
#   scanner-grabbed    another process holds the scanner with EVIOCGRAB (evgrab.py)
#   printer-unplugged  the printer gadget unbound
#   hub-unreachable    hub.url on a port nobody listens on
#   clock-2001         the clock set to 2001 (restored after)
#   journal-full       the journal on a full 1 MB tmpfs
#   token-revoked      the board revoked on the hub (`openspace hub board revoke`)
# Each run's output goes to $RIG/shared/doctor/cases/NAME.out and its exit status to NAME.status, for
# Tests/RigTests/DoctorRigTests.swift; this script's log to job.log. Exits 9 when the set-up failed,
# else 0 (the test judges the runs). Every wait is bounded.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../../.." && pwd)
BIN=$(cat "$RIG/shared/openspace-bin" 2>/dev/null || echo "$REPO/.build/debug/openspace")
LAYOUT=$REPO/deploy/examples/conference.yaml
OUT=$RIG/shared/doctor
rm -rf "$OUT" && mkdir -p "$OUT/cases"
exec > "$OUT/job.log" 2>&1
W=/tmp/doctor
PORT=18080
HUBPID= PEERPID=
say() { echo "job: [$(cut -d' ' -f1 /proc/uptime)] $*"; }
setup_failed() { say "FAIL: $*"; cleanup; exit 9; }
cleanup() {
  for pid in $HUBPID $PEERPID; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; done
  mountpoint -q "$W/full" && umount "$W/full"
  mountpoint -q "$W/var" && umount "$W/var"
}
# waitfor TEXT FILE SECONDS: until FILE holds TEXT.
waitfor() {
  local end=$((SECONDS + $3))
  while [ "$SECONDS" -lt "$end" ]; do
    grep -qsF -- "$1" "$2" && return 0
    sleep 0.1
  done
  say "timed out after $3 s waiting for '$1' in $2"
  return 1
}
# scanner_present: whether the kernel has the scanner gadget as an input device.
scanner_present() { grep -qs "OpenSpaceRig Barcode Scanner" /proc/bus/input/devices; }

# run NAME [VAR=VALUE ...] [-- OPTIONS]: one doctor run with the environment and options given.
run() {
  local name=$1 vars=()
  shift
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do vars+=("$1"); shift; done
  [ $# -gt 0 ] && shift
  say "$name: ${vars[*]} $*"
  timeout -k 5 120 env "${vars[@]}" "$BIN" doctor --config "$W/board.yaml" "$@" \
    > "$OUT/cases/$name.out" 2> "$OUT/cases/$name.err"
  local status=$?
  echo "$status" > "$OUT/cases/$name.status"
  say "$name: exit $status"
  cat "$OUT/cases/$name.out"
}

# scan_test NAME TEXT: the doctor waits for a scan; the gadget types TEXT once it asks (once more if
# the doctor says keys were lost, as a person scans again).
scan_test() {
  local name=$1 text=$2 out=$OUT/cases/$1.out pid retried=
  say "$name: doctor --scan-test, typing $text"
  timeout -k 5 120 "$BIN" doctor --config "$W/board.yaml" --scan-test 40 > "$out" 2> "$OUT/cases/$name.err" &
  pid=$!
  if waitfor "scan the test code now" "$out" 60; then
    python3 "$HERE/scantype.py" --timeout 20 --pace 0.01 "$text"
    local end=$((SECONDS + 20))
    while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$end" ]; do
      if [ -z "$retried" ] && grep -qs "scan not read" "$out"; then
        say "$name: the doctor lost keys; typing once more"
        retried=1
        python3 "$HERE/scantype.py" --timeout 20 --pace 0.01 "$text"
      fi
      sleep 0.2
    done
  fi
  wait "$pid"
  local status=$?
  echo "$status" > "$OUT/cases/$name.status"
  say "$name: exit $status"
  cat "$out"
}

# --- Set-up --------------------------------------------------------------------------------------
. "$HERE/gadgets.sh"
K="modprobe -d $RIG/kmod"
$K configfs
mountpoint -q /sys/kernel/config || mount -t configfs none /sys/kernel/config
ip link set lo up

# The scanner and printer gadgets, plugged in (the USB and udev jobs leave them; made here otherwise).
gadgets_load || setup_failed "the USB gadget modules did not load"
[ -d /sys/kernel/config/usb_gadget/scanner ] || gadget_scanner
[ -d /sys/kernel/config/usb_gadget/printer ] || gadget_printer
[ -n "$(cat /sys/kernel/config/usb_gadget/scanner/UDC)" ] || gadget_plug scanner dummy_udc.0
[ -n "$(cat /sys/kernel/config/usb_gadget/printer/UDC)" ] || gadget_plug printer dummy_udc.1
waitfor "OpenSpaceRig Barcode Scanner" /proc/bus/input/devices 20 || setup_failed "no scanner input device"

# The header chip, with GPIO8 held by a hog named as the SPI core names the chip select it requests
# ("spi0 CS0"): hogs are made when the chip goes live, so the panel job's chip is taken down for it.
$K gpio-sim-oot || setup_failed "gpio-sim did not load"
C=/sys/kernel/config/gpio-sim/board
if [ -d "$C" ]; then
  echo 0 > "$C/live" || setup_failed "the gpio-sim chip cannot be taken down (lines still requested?)"
else
  mkdir "$C" "$C/gpio-bank0" && echo 28 > "$C/gpio-bank0/num_lines" && echo pinctrl-bcm2711 > "$C/gpio-bank0/label"
  for line in 17 18 24 25; do mkdir "$C/gpio-bank0/line$line" && echo "GPIO$line" > "$C/gpio-bank0/line$line/name"; done
fi
mkdir -p "$C/gpio-bank0/line8/hog"
echo GPIO8 > "$C/gpio-bank0/line8/name"
echo "spi0 CS0" > "$C/gpio-bank0/line8/hog/name"
echo output-high > "$C/gpio-bank0/line8/hog/direction"
echo 1 > "$C/live" || setup_failed "the gpio-sim chip did not come back with its hog"
CHIP=/dev/$(cat "$C/gpio-bank0/chip_name")
[ -e /dev/spidev0.0 ] || $K vspi || setup_failed "vspi did not load"
say "chip $CHIP: $(gpioinfo "$(basename "$CHIP")" 2>&1 | grep -E 'line +8:')"

# The service's account and its devices as udev/99-openspace.rules leaves them (the udev job checks
# the rules themselves; udevd is not running any more).
getent group openspace > /dev/null || groupadd -r openspace
id openspace > /dev/null 2>&1 || useradd -r -g openspace -d /var/lib/openspace -s /usr/sbin/nologin openspace
chgrp openspace "$CHIP" /dev/spidev0.0 && chmod 660 "$CHIP" /dev/spidev0.0

rm -rf "$W" && mkdir -p "$W/var" "$W/full" && chmod 755 "$W"
# The journal's own file system, so the free space it sees does not depend on what other jobs left.
mount -t tmpfs -o size=512m tmpfs "$W/var" && mkdir -p "$W/var/journal"

# The hub: the same binary, SQLite in /tmp, on loopback; the board enrolled with its one-time code.
"$BIN" hub board add rig-doctor --database "$W/hub.sqlite" --layout "$LAYOUT" > "$W/add.txt" 2>&1 \
  || setup_failed "hub board add: $(cat "$W/add.txt")"
CODE=$(sed -n 's/.*enrolment code \([A-Z0-9-]*\).*/\1/p' "$W/add.txt")
"$BIN" hub serve --database "$W/hub.sqlite" --layout "$LAYOUT" --port $PORT > "$OUT/hub.log" 2>&1 &
HUBPID=$!
waitfor "hub ready" "$OUT/hub.log" 90 || setup_failed "the hub did not start"
python3 - "$CODE" "$W/hub-token" "http://127.0.0.1:$PORT" <<'PY' || setup_failed "enrolment failed"
import json, os, sys, urllib.request
code, path, hub = sys.argv[1:4]
body = json.dumps({"protocolVersion": 1, "code": code}).encode()
request = urllib.request.Request(hub + "/api/v1/enrol", body, {"Content-Type": "application/json"})
answer = json.load(urllib.request.urlopen(request, timeout=20))
with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as f:
    f.write(answer["token"] + "\n" + answer["boardID"] + "\n")
print("enrolled as", answer["boardID"])
PY

# The printer's side of the gadget, answering DLE EOT as a healthy printer.
python3 "$HERE/printerpeer.py" "$W/printer" &
PEERPID=$!
waitfor "ready" "$W/printer/peer.log" 20 || setup_failed "the printer peer did not start"

cat > "$W/board.yaml" <<EOF
board:
  name: Rig doctor
  layout: $LAYOUT
  journal: $W/var/journal/journal.sqlite
hub:
  url: http://127.0.0.1:$PORT
  token_file: $W/hub-token
panel:
  model: waveshare-7in5-v2
  gpio_chip: pinctrl-bcm2711
  spi_device: /dev/spidev0.0
  pins:
    rst: 17
    dc: 25
    busy: 24
    pwr: 18
scanner:
  device: evdev:1d6b:0104
printer:
  device: usb:0525:a4a8
feedback:
  buzzer: none
  led: none
EOF
# For the unprivileged run: the panel alone, a journal folder anyone may write.
mkdir -p "$W/open" && chmod 1777 "$W/open"
sed -e '/^hub:/,/^  token_file/d' -e 's/device: evdev:1d6b:0104/device: none/' -e 's/device: usb:0525:a4a8/device: none/' \
  -e "s|journal: .*|journal: $W/open/journal.sqlite|" "$W/board.yaml" > "$W/panel-only.yaml"
chmod 644 "$W/board.yaml" "$W/panel-only.yaml"
say "set up: chip $CHIP, /dev/spidev0.0, gadgets, hub on port $PORT"

# --- The runs ------------------------------------------------------------------------------------
run healthy
# The text of the code `openspace print test-code` prints ("TEXT  PATH"), as a US scanner types it.
TEST_CODE=$("$BIN" print test-code --output "$W/test-code" --layout "$LAYOUT" | cut -d' ' -f1)
scan_test layout-us "$TEST_CODE"
# A scanner set to German presses, for each character, the key that makes it on a German keyboard;
# read as a US keyboard: Y and Z swap, '/' is shift-7 ('&'), ':' shift-'.' ('>'), '-' the '/' key.
scan_test layout-qwertz "$(echo "$TEST_CODE" | tr 'YZ/:-' 'ZY&>/')"
run spidev-missing OPENSPACE_PANEL_SPI_DEVICE=/dev/spidev9.9
run cs-conflict OPENSPACE_FEEDBACK_BUZZER=8
run wrong-chip OPENSPACE_PANEL_GPIO_CHIP=pinctrl-bcm2835

chmod 600 "$CHIP" /dev/spidev0.0
say "no-access: $(ls -l "$CHIP" /dev/spidev0.0 | tr '\n' ' ')"
timeout -k 5 120 env HOME=/tmp setpriv --reuid=65534 --regid=65534 --clear-groups \
  "$BIN" doctor --config "$W/panel-only.yaml" > "$OUT/cases/no-access.out" 2> "$OUT/cases/no-access.err"
echo $? > "$OUT/cases/no-access.status"
say "no-access: exit $(cat "$OUT/cases/no-access.status")"
cat "$OUT/cases/no-access.out"
chmod 660 "$CHIP" /dev/spidev0.0

gadget_unplug scanner
for _ in $(seq 100); do scanner_present || break; sleep 0.1; done
run scanner-unplugged
gadget_plug scanner dummy_udc.0
for _ in $(seq 100); do scanner_present && [ -n "$(ls /dev/input/event* 2>/dev/null)" ] && break; sleep 0.1; done
sleep 1

python3 "$HERE/evgrab.py" 1d6b 0104 "$W/grabbed" &
GRABBER=$!
for _ in $(seq 100); do [ -s "$W/grabbed" ] && break; sleep 0.1; done
say "scanner-grabbed: evgrab.py holds $(cat "$W/grabbed" 2>/dev/null)"
run scanner-grabbed
kill "$GRABBER" 2>/dev/null; wait "$GRABBER" 2>/dev/null

gadget_unplug printer
sleep 1
run printer-unplugged
gadget_plug printer dummy_udc.1

run hub-unreachable OPENSPACE_HUB_URL=http://127.0.0.1:9

# Restored from the uptime (bash's SECONDS follows the wall clock and would jump with it).
uptime_s() { local up; read -r up _ < /proc/uptime; echo "${up%.*}"; }
SAVED=$(date +%s) STARTED=$(uptime_s)
date -s "2001-01-01 10:00:00" > /dev/null
run clock-2001
date -s "@$((SAVED + $(uptime_s) - STARTED))" > /dev/null
say "clock restored: $(date -u +%FT%TZ)"

mount -t tmpfs -o size=1m tmpfs "$W/full"
dd if=/dev/zero of="$W/full/filler" bs=64k 2> /dev/null
say "journal-full: $(df -k "$W/full" | tail -1)"
run journal-full OPENSPACE_BOARD_JOURNAL="$W/full/journal/journal.sqlite"

"$BIN" hub board revoke rig-doctor --database "$W/hub.sqlite" --layout "$LAYOUT"
run token-revoked

cleanup
say "done"
echo done > "$OUT/done"
exit 0
