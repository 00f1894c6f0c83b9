#!/bin/bash
# Runs inside the rig's VM, after panel-job.sh: the unchanged openspace binary with USB devices on
# dummy_hcd (gadgets.sh), in three parts:
#   print   a USB printer gadget on the second UDC (printerpeer.py) receives two cards from
#           `openspace print card`, one over libusb, one through usblp's /dev/usb/lp0;
#   evdev   a HID boot keyboard gadget types those cards' codes and slot codes as a wedge scanner
#           does (scantype.py); the board reads it through evdev and drives the panel over the
#           gpio-sim lines and vspi bus the panel job left set up, against a fresh UC8179 peer;
#           the scanner is unplugged and plugged back in between the two cards;
#   libusb  the same through libusb, with the board's print spooler on the USB printer, which is
#           unplugged: a card queued meanwhile is printed once after the printer is plugged back.
#
# Everything goes to $RIG/shared/usb for the host's test (Tests/RigTests/UsbRigTests.swift):
#   job.log              this script's log ("job: …" lines, "FAIL: …" for each failed check)
#   cards.txt            NAME CARDID URL for every card registered or printed
#   numbers.txt          NAME VALUE for measured figures (replug to connected, in ms)
#   retries.txt          a code typed a second time because the board did not answer it
#   evdev/, libusb/      board.out, board.err, frames/ and the panel peer's refreshes (peer/)
#   printer/             the jobs the printer received from `openspace print card --printer`
#   queue/               the jobs it received from the board's spooler after the replug
#   usb-journal.sqlite*  the journal, copied at the end, so the host can render the cards again
# The exit status is the number of failed parts (0 when everything passed).
#
# Under TCG every process started costs tens of milliseconds of a CPU the board needs, so the
# waits below poll with shell builtins only (no grep, cat or sleep in a loop).
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../../.." && pwd)
BIN=$(cat "$RIG/shared/openspace-bin" 2>/dev/null || echo "$REPO/.build/debug/openspace")
LAYOUT=$REPO/deploy/examples/conference.yaml
OUT=$RIG/shared/usb
rm -rf "$OUT" && mkdir -p "$OUT"
exec > "$OUT/job.log" 2>&1
JOURNAL=/tmp/usb-journal.sqlite
rm -f "$JOURNAL"*
HUB=HTTPS://OS.EXAMPLE.ORG
FAILED=0
BOARD= PEER= PRINTERPEER= PACE=0 CARD_A= CARD_B=

# A FIFO nobody writes to: reading it with a timeout is a sleep without a new process.
rm -f /tmp/usb-job-nap && mkfifo /tmp/usb-job-nap && exec {NAPFD}<> /tmp/usb-job-nap
nap() { read -r -t "$1" -u "$NAPFD" _; return 0; }
# clock: NOW is the uptime in milliseconds.
clock() { local up; read -r up _ < /proc/uptime; NOW=$((10#${up/./} * 10)); }
# Log lines go to stderr, which is the log too, so that functions can return text on stdout.
say() { clock; printf 'job: [%d.%03d] %s\n' $((NOW / 1000)) $((NOW % 1000)) "$*" >&2; }
fail() { say "FAIL: $*"; return 1; }
# lines FILE TEXT: N is the number of lines of FILE holding TEXT, LAST the last of them.
lines() {
  N=0 LAST=
  [ -r "$1" ] || return 0
  local line
  while IFS= read -r line; do [[ $line == *"$2"* ]] && { N=$((N + 1)); LAST=$line; }; done < "$1"
  return 0
}
# answers BOARDOUT: N is the number of scans the board has answered, LAST the last answer.
answers() {
  N=0 LAST=
  [ -r "$1" ] || return 0
  local line
  while IFS= read -r line; do
    case $line in accepted:* | refused:* | prompt:*) N=$((N + 1)); LAST=$line ;; esac
  done < "$1"
}
# waitcount FILE TEXT COUNT SECONDS: until COUNT lines of FILE hold TEXT; fails after SECONDS.
waitcount() {
  clock; local end=$((NOW + $4 * 1000))
  while lines "$1" "$2"; [ "$N" -lt "$3" ]; do
    clock; [ "$NOW" -lt "$end" ] || { say "timed out after $4 s waiting for $3 x '$2' in $1"; return 1; }
    nap 0.05
  done
}
# waitfile PATH SECONDS
waitfile() {
  clock; local end=$((NOW + $2 * 1000))
  until [ -e "$1" ]; do
    clock; [ "$NOW" -lt "$end" ] || { say "timed out after $2 s waiting for $1"; return 1; }
    nap 0.05
  done
}
# jobs DIR: N is the number of print jobs the printer peer saved in DIR.
jobs_in() { local saved=("$1"/job-*.bin); N=${#saved[@]}; [ -e "${saved[0]}" ] || N=0; }

# scan BOARDOUT CODE: types CODE on the scanner gadget (PACE seconds between characters) and waits
# for the board's answer. Under TCG keys were lost at times (evdev overrun: "scanner dropped"); one
# more try is allowed, at once after a drop or after 8 s without an answer, no more.
scan() {
  local before dropped end
  answers "$1"; before=$N
  lines "$1" "scanner dropped"; dropped=$N
  say "typing $2"
  python3 "$HERE/scantype.py" --timeout 20 --pace "$PACE" "$2" >&2 || return 1
  clock; end=$((NOW + 8000))
  while answers "$1"; [ "$N" -le "$before" ]; do
    lines "$1" "scanner dropped"; [ "$N" -le "$dropped" ] || break
    clock; [ "$NOW" -lt "$end" ] || break
    nap 0.05
  done
  answers "$1"
  if [ "$N" -le "$before" ]; then
    lines "$1" "scanner dropped"
    if [ "$N" -gt "$dropped" ]; then say "board: $LAST"; else say "no answer to $2 within 8 s"; fi
    say "typing $2 once more"
    echo "$2" >> "$OUT/retries.txt"
    python3 "$HERE/scantype.py" --timeout 20 --pace "$PACE" "$2" >&2 || return 1
    clock; end=$((NOW + 20000))
    while answers "$1"; [ "$N" -le "$before" ]; do
      clock; [ "$NOW" -lt "$end" ] || { fail "the board never answered $2"; return 1; }
      nap 0.05
    done
  fi
  say "board: $LAST"
}

# place BOARDOUT CARDURL SLOT [WORD]: card then slot; the slot must be answered with
# "accepted: WORD" (Placed, or Moved for a card already on the board).
place() {
  local had
  lines "$1" "accepted: ${4:-Placed}"; had=$N
  scan "$1" "$2" || return 1
  scan "$1" "$HUB/S/$3" || return 1
  lines "$1" "accepted: ${4:-Placed}"
  [ "$N" -gt "$had" ] || fail "card $2 was not ${4:-Placed} in $3"
}

# new_card NAME TITLE: registers a card, records "NAME ID URL", prints the URL.
new_card() {
  local line fields
  line=$("$BIN" card add --layout "$LAYOUT" --journal "$JOURNAL" --title "$2" --host Rig --contact @rig) \
    || { fail "card add $1 failed: $line"; return 1; }
  read -r -a fields <<< "$line"
  echo "$1 ${fields[0]} ${fields[1]}" >> "$OUT/cards.txt"
  echo "${fields[1]}"
}

# print_card NAME SPEC TITLE: registers a card and prints it now on the printer SPEC; records
# "NAME ID URL" and prints the URL.
print_card() {
  local line fields
  line=$("$BIN" print card --layout "$LAYOUT" --journal "$JOURNAL" --title "$3" --host Rig --contact @rig \
    --summary "Printed in the rig over $2" --printer "$2") || { fail "print card --printer $2 failed: $line"; return 1; }
  say "print card --printer $2: $line"
  read -r -a fields <<< "$line"
  echo "$1 ${fields[0]} ${fields[1]}" >> "$OUT/cards.txt"
  echo "${fields[1]}"
}

# The panel: gpio-sim chip "pinctrl-bcm2711" and /dev/spidev0.0 from panel-job.sh, or set up here
# when this job runs alone.
panel_setup() {
  local m="modprobe -d $RIG/kmod"
  $m configfs
  mountpoint -q /sys/kernel/config || mount -t configfs none /sys/kernel/config
  C=/sys/kernel/config/gpio-sim/board
  if [ ! -d "$C" ]; then
    say "no gpio-sim chip left by the panel job: setting one up"
    $m gpio-sim-oot || return 1
    mkdir "$C" "$C/gpio-bank0" && echo 28 > "$C/gpio-bank0/num_lines" && echo pinctrl-bcm2711 > "$C/gpio-bank0/label"
    for line in 17 18 24 25; do mkdir "$C/gpio-bank0/line$line" && echo "GPIO$line" > "$C/gpio-bank0/line$line/name"; done
    echo 1 > "$C/live"
  fi
  [ -e /dev/spidev0.0 ] || $m vspi || return 1
  SIM=/sys/devices/platform/$(cat "$C/dev_name")/$(cat "$C/gpio-bank0/chip_name")
  [ -d "$SIM" ] && [ -e /dev/spidev0.0 ] || { fail "no gpio-sim chip ($SIM) or /dev/spidev0.0"; return 1; }
  # A peer left running by the panel job (its RST watcher is a forked child that outlives it) would
  # hold /dev/vspi-peer and spin on a CPU: end the processes holding the device, by their ids.
  local stale
  stale=$(fuser /dev/vspi-peer 2>/dev/null)
  if [ -n "$stale" ]; then
    say "ending processes still holding /dev/vspi-peer: $stale"
    # shellcheck disable=SC2086
    kill $stale 2>/dev/null
  fi
  say "panel: gpio chip at $SIM, /dev/spidev0.0"
}

# board_start DIR SCANNER [more options]: a fresh panel peer in DIR/peer, then the board.
board_start() {
  local dir=$1 scanner=$2; shift 2
  mkdir -p "$dir"
  setsid python3 "$HERE/uc8179peer.py" --sim "$SIM" --out "$dir/peer" --refresh-ms 300 &
  PEER=$!
  waitfile "$dir/peer/ready" 20 || return 1
  # The peer watches RST from a forked process that polls the line without pause; a reset pulse is
  # 2 ms long, and while that process waits for a CPU it misses pulses (and then ignores the
  # frame that follows as sent to a sleeping panel). A higher priority keeps it on its CPU.
  local watcher
  for watcher in $(cat "/proc/$PEER/task/$PEER/children" 2>/dev/null); do renice -n -10 -p "$watcher" > /dev/null; done
  say "board with --scanner $scanner $*"
  "$BIN" board --layout "$LAYOUT" --journal "$JOURNAL" --frames "$dir/frames" --start 2027-05-14T09:30 \
    --busy-timeout 2 --scanner "$scanner" "$@" > "$dir/board.out" 2> "$dir/board.err" &
  BOARD=$!
  waitcount "$dir/board.out" "board ready" 1 90 || return 1
  say "board: $LAST"
  waitcount "$dir/board.out" "scanner connected" 1 30 || return 1
  say "board: $LAST"
}

# board_stop DIR: once the panel has shown the last frame (no new frame and no new refresh for
# 2 s), stops the board and its peer.
board_stop() {
  local dir=$1 last="" since end state
  clock; since=$NOW; end=$((NOW + 30000))
  while clock; [ "$NOW" -lt "$end" ]; do
    local frames=("$dir"/frames/frame-*) shown=("$dir"/peer/refresh-*)
    state="${#frames[@]} frames, ${#shown[@]} panel refreshes"
    if [ "$state" != "$last" ]; then last=$state; since=$NOW; fi
    [ $((NOW - since)) -lt 2000 ] || break
    nap 0.2
  done
  [ "$NOW" -lt "$end" ] || say "the panel was still changing after 30 s"
  if [ -n "$BOARD" ]; then kill "$BOARD" 2>/dev/null; wait "$BOARD" 2>/dev/null; fi
  # The peer runs in a session of its own with its RST watcher: end both.
  if [ -n "$PEER" ]; then kill -- -"$PEER" 2>/dev/null; wait "$PEER" 2>/dev/null; fi
  BOARD= PEER=
  lines "$dir/peer/peer.log" "ignored"
  say "board stopped: $state ($N transfers the peer ignored, asleep after a reset it did not see)"
}

# Whether the scanner is back as the board looks for it: an evdev node, or a configured USB device.
present_evdev() {
  local vendor id
  for vendor in /sys/class/input/event*/device/id/vendor; do
    { read -r id < "$vendor"; } 2>/dev/null && [ "$id" = 1d6b ] && return 0
  done
  return 1
}
present_libusb() { [ -e /sys/bus/usb/devices/1-1:1.0 ]; }

# replug_scanner BOARDOUT NAME: unplug, expect "scanner disconnected"; plug, expect "scanner
# connected" again. Records the time from the plug to the board's line, and the board's own share
# of it: from the moment the kernel had the device ready (present_NAME) to the board's line.
replug_scanner() {
  local connected gone plugged present=
  lines "$1" "scanner connected"; connected=$N
  lines "$1" "scanner disconnected"; gone=$N
  say "unplugging the scanner"
  gadget_unplug scanner
  waitcount "$1" "scanner disconnected" $((gone + 1)) 15 || { fail "no 'scanner disconnected' after the unplug"; return 1; }
  say "board: $LAST"
  nap 1
  say "plugging the scanner back in"
  clock; plugged=$NOW
  gadget_plug scanner dummy_udc.0
  while lines "$1" "scanner connected"; [ "$N" -le "$connected" ]; do
    clock
    [ -n "$present" ] || ! "present_$2" || { present=$NOW; say "the kernel has the scanner ready"; }
    [ $((NOW - plugged)) -lt 20000 ] || { fail "no 'scanner connected' within 20 s of the replug"; return 1; }
    nap 0.02
  done
  clock
  say "board: $LAST"
  say "replug to 'scanner connected': $((NOW - plugged)) ms, of which the board's share $((NOW - ${present:-$plugged})) ms"
  echo "$2-replug-ms $((NOW - plugged))" >> "$OUT/numbers.txt"
  echo "$2-ready-to-connected-ms $((NOW - ${present:-$plugged}))" >> "$OUT/numbers.txt"
}

# printer_peer DIR: (re)starts the printer's side, saving jobs into DIR.
printer_peer() {
  if [ -n "$PRINTERPEER" ]; then kill "$PRINTERPEER" 2>/dev/null; wait "$PRINTERPEER" 2>/dev/null; fi
  python3 "$HERE/printerpeer.py" "$1" &
  PRINTERPEER=$!
  waitfile "$1/ready" 20
}

# Two cards printed now, one over libusb (usblp detached meanwhile), one through usblp's
# /dev/usb/lp0; they are the cards the evdev part scans.
part_print() {
  local ok=0
  printer_peer "$OUT/printer" || return 1
  CARD_A=$(print_card print-libusb usb:0525:a4a8 "Rig: printed over libusb") || ok=1
  [ -z "$CARD_A" ] || waitfile "$OUT/printer/job-001.bin" 20 || ok=1
  # libusb gave the interface back to usblp when it let go: /dev/usb/lp0 returns.
  waitfile /dev/usb/lp0 10 || ok=1
  CARD_B=$(print_card print-usblp /dev/usb/lp0 "Rig: printed through usblp") || ok=1
  [ -z "$CARD_B" ] || waitfile "$OUT/printer/job-002.bin" 20 || ok=1
  jobs_in "$OUT/printer"
  say "printer: $N job(s)"
  return $ok
}

# The board reads the scanner through evdev (grabbed) and drives the panel; a card and a slot,
# an unplug and replug, then a second card and slot.
part_evdev() {
  local dir=$OUT/evdev ok=0
  # evdev keeps 64 events (about six characters) for its reader; the debug build under TCG is
  # some fifty times slower than on a Pi and fell behind a full-speed typist now and then (two
  # "scanner dropped" in three boots), so this scanner waits 10 ms after each character, as
  # scanners with an inter-character delay setting do.
  PACE=0.01
  [ -n "$CARD_A" ] || CARD_A=$(new_card evdev-1 "Rig: scanned through evdev") || return 1
  [ -n "$CARD_B" ] || CARD_B=$(new_card evdev-2 "Rig: evdev after a replug") || return 1
  board_start "$dir" evdev:1d6b:0104 || { board_stop "$dir"; return 1; }
  place "$dir/board.out" "$CARD_A" 1-R101-1100 || ok=1
  [ $ok != 0 ] || replug_scanner "$dir/board.out" evdev || ok=1
  [ $ok != 0 ] || place "$dir/board.out" "$CARD_B" 1-R102-1100 || ok=1
  board_stop "$dir"
  return $ok
}

# The board reads the scanner through libusb (usbhid detached) and prints queued cards on the
# USB printer, which is unplugged when the board starts: a card and a slot, an unplug and replug
# of the scanner, then the evdev part's first card moved to another slot; then a card queued
# while the printer is away, printed once after it is plugged back in.
part_libusb() {
  local dir=$OUT/libusb ok=0 card line fields queued=
  # libusb asks for one report per interrupt transfer: nothing can overrun.
  PACE=0
  card=$(new_card libusb "Rig: scanned through libusb") || return 1
  say "unplugging the printer before the board starts"
  gadget_unplug printer
  board_start "$dir" usb:1d6b:0104 --printer usb:0525:a4a8 --printer-retry 1 || { board_stop "$dir"; return 1; }
  place "$dir/board.out" "$card" 1-R103-1100 || ok=1
  [ $ok != 0 ] || replug_scanner "$dir/board.out" libusb || ok=1
  [ $ok != 0 ] || place "$dir/board.out" "${CARD_A:-$card}" 1-R104-1100 Moved || ok=1

  say "queueing a card while the printer is unplugged"
  if line=$("$BIN" print card --layout "$LAYOUT" --journal "$JOURNAL" --title "Rig: queued while unplugged" \
      --host Rig --contact @rig --queue); then
    say "print card --queue: $line"
    read -r -a fields <<< "$line"
    echo "queued ${fields[0]} ${fields[1]}" >> "$OUT/cards.txt"
    queued=${fields[0]}
  else
    fail "print card --queue failed: $line"; ok=1
  fi
  if [ -n "$queued" ]; then
    if waitcount "$dir/board.err" "Print queue waiting" 1 20; then
      say "board: ${LAST:0:240}"
    else
      fail "the board never said its print queue was waiting"; ok=1
    fi
    printer_peer "$OUT/queue" || ok=1
    say "plugging the printer back in"
    gadget_plug printer dummy_udc.1
    if waitfile "$OUT/queue/job-001.bin" 30; then
      say "the queued card reached the printer"
      waitcount "$dir/board.err" "Printed job" 1 10 || { fail "the board did not log the job as printed"; ok=1; }
      # Three more retry periods: a second copy would arrive here.
      nap 3
      jobs_in "$OUT/queue"
      say "printer after the replug: $N job(s)"
    else
      fail "the queued card was not printed after the printer came back"; ok=1
    fi
  fi
  board_stop "$dir"
  return $ok
}

say "loading dummy_hcd and the gadget functions"
. "$HERE/gadgets.sh"
gadgets_load || { fail "the USB gadget modules did not load"; exit 9; }
gadget_scanner && gadget_printer || { fail "the gadgets could not be set up"; exit 9; }
waitcount /proc/bus/input/devices "OpenSpaceRig Barcode Scanner" 1 20 || { fail "the scanner never showed up as an input device"; exit 9; }
waitfile /dev/usb/lp0 20 || { fail "usblp never bound the printer gadget"; exit 9; }
waitfile /dev/hidg0 5 || exit 9
say "gadgets up: scanner on dummy_udc.0 (/dev/hidg0), printer on dummy_udc.1 (/dev/g_printer0, /dev/usb/lp0)"
panel_setup || { fail "no panel to drive"; exit 9; }

part_print || { say "FAIL: the printing part"; FAILED=$((FAILED + 1)); }
part_evdev || { say "FAIL: the evdev part"; FAILED=$((FAILED + 1)); }
part_libusb || { say "FAIL: the libusb and print queue part"; FAILED=$((FAILED + 1)); }
if [ -n "$PRINTERPEER" ]; then kill "$PRINTERPEER" 2>/dev/null; wait "$PRINTERPEER" 2>/dev/null; fi
# The journal, for the host to render the printed cards again and compare them byte for byte.
cp "$JOURNAL"* "$OUT/" 2>/dev/null
say "done, $FAILED part(s) failed"
echo done > "$OUT/done"
exit "$FAILED"
