#!/bin/bash
# Runs inside the rig's VM: the unchanged openspace binary drives the Waveshare 7.5" V2 driver
# over real kernel interfaces (gpio-sim lines on a chip labelled like a Pi 4's, /dev/spidev0.0 on
# vspi), while uc8179peer.py answers as the panel controller. The boot screen (full), the grid
# with a prompt (full: the whole screen changes), a placement (two partial windows, the cell and
# the status line) whose second refresh's BUSY never ends, which the board must recover from by a
# reset and a full resend, then a second prompt (partial) on the recovered panel. Then the panel
# goes away for a minute (the peer holds BUSY low whatever it is sent, a reset included): the
# board keeps answering scans, says the panel fails, never exits, and shows the grid again once
# BUSY works.
# Results go to $RIG/shared/panel for the host's test to compare.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../../.." && pwd)
BIN=$(cat "$RIG/shared/openspace-bin" 2>/dev/null || echo "$REPO/.build/debug/openspace")
LAYOUT=$REPO/deploy/examples/conference.yaml
OUT=$RIG/shared/panel
rm -rf "$OUT" && mkdir -p "$OUT"
exec > "$OUT/job.log" 2>&1
say() { echo "job: $*"; }
waitfor() { # FILE SECONDS
  for _ in $(seq $(($2 * 10))); do [ -e "$1" ] && return 0; sleep 0.1; done
  say "timed out waiting for $1"; return 1
}

modprobe -d "$RIG/kmod" configfs
mountpoint -q /sys/kernel/config || mount -t configfs none /sys/kernel/config
modprobe -d "$RIG/kmod" gpio-sim-oot || { say "gpio-sim did not load"; exit 1; }
C=/sys/kernel/config/gpio-sim/board
mkdir "$C" "$C/gpio-bank0"
echo 28 > "$C/gpio-bank0/num_lines"
echo pinctrl-bcm2711 > "$C/gpio-bank0/label"
for line in 17 18 24 25; do
  mkdir "$C/gpio-bank0/line$line" && echo "GPIO$line" > "$C/gpio-bank0/line$line/name"
done
echo 1 > "$C/live"
SIM=/sys/devices/platform/$(cat "$C/dev_name")/$(cat "$C/gpio-bank0/chip_name")
modprobe -d "$RIG/kmod" vspi || { say "vspi did not load"; exit 1; }
say "gpio chip $(cat "$C/gpio-bank0/chip_name") at $SIM, spi $(ls /dev/spidev*)"

python3 "$HERE/uc8179peer.py" --sim "$SIM" --out "$OUT/peer" --refresh-ms 300 --stuck 4 &
PEER=$!
waitfor "$OUT/peer/ready" 20 || exit 1

JOURNAL=/tmp/journal.sqlite
CARD=$("$BIN" card add --layout "$LAYOUT" --journal "$JOURNAL" --title "Rig: 開放空間 on real SPI" --host Rig | awk '{ print $2 }')
SECOND=$("$BIN" card add --layout "$LAYOUT" --journal "$JOURNAL" --title "Rig: the second card" --host Rig | awk '{ print $2 }')
THIRD=$("$BIN" card add --layout "$LAYOUT" --journal "$JOURNAL" --title "Rig: placed while the panel is gone" --host Rig | awk '{ print $2 }')
FOURTH=$("$BIN" card add --layout "$LAYOUT" --journal "$JOURNAL" --title "Rig: scanned while the panel is gone" --host Rig | awk '{ print $2 }')
say "cards $CARD $SECOND $THIRD $FOURTH"
mkfifo /tmp/scans
"$BIN" board --layout "$LAYOUT" --journal "$JOURNAL" --frames "$OUT/frames" --input /tmp/scans \
  --start 2027-05-14T09:30 --busy-timeout 2 --trace "$OUT/trace.txt" > "$OUT/board.out" 2> "$OUT/board.err" &
BOARD=$!
waitfor "$OUT/peer/refresh-001.pbm" 120 || exit 1
say "boot screen shown"
echo "$CARD" > /tmp/scans
waitfor "$OUT/peer/refresh-002.pbm" 60 || exit 1
say "grid with the prompt shown"
echo "HTTPS://OS.EXAMPLE.ORG/S/1-R101-1100" > /tmp/scans
waitfor "$OUT/peer/refresh-005.pbm" 60 || exit 1
say "placement shown after the stuck refresh"
echo "$SECOND" > /tmp/scans
waitfor "$OUT/peer/refresh-006.pbm" 60 || exit 1
sleep 1
say "second prompt shown"

# A minute without a panel: scans are answered all along, and the board says why the panel is blank.
printed() { grep -c "$1" "$OUT/board.out"; }
kill -USR1 "$PEER"
gone=$(date +%s)
echo "$THIRD" > /tmp/scans
echo "HTTPS://OS.EXAMPLE.ORG/S/1-R102-1100" > /tmp/scans
for _ in $(seq 300); do [ "$(printed 'accepted: Placed "Rig: placed while the panel is gone"')" -ge 1 ] && break; sleep 0.1; done
[ "$(printed 'accepted: Placed "Rig: placed while the panel is gone"')" -ge 1 ] || { say "no answer while the panel is gone"; exit 1; }
say "placement answered while the panel is gone"
for round in 1 2 3 4; do
  echo "$FOURTH" > /tmp/scans
  for _ in $(seq 300); do [ "$(printed 'prompt: "Rig: scanned while the panel is gone"')" -ge "$round" ] && break; sleep 0.1; done
  [ "$(printed 'prompt: "Rig: scanned while the panel is gone"')" -ge "$round" ] || { say "scan $round not answered"; exit 1; }
  kill -0 "$BOARD" || { say "the board exited while the panel was gone"; exit 1; }
  sleep 12
done
while [ $(($(date +%s) - gone)) -lt 60 ]; do sleep 1; done
kill -0 "$BOARD" || { say "the board exited while the panel was gone"; exit 1; }
[ "$(printed 'panel failing since')" -ge 1 ] || { say "the board never said the panel fails"; exit 1; }
say "a minute without a panel: every scan answered, the board still running"
kill -USR2 "$PEER"
# The recovery is a full refresh of the newest frame and, since it may have begun while the panel
# still ignored commands, a second one.
waitfor "$OUT/peer/refresh-008.pbm" 120 || exit 1
sleep 1
say "the grid is back on the panel"
kill "$BOARD" "$PEER" 2>/dev/null
wait "$BOARD" 2>/dev/null
echo done > "$OUT/done"
