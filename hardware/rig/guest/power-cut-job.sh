#!/bin/bash
# Runs inside the rig's VM, once per boot of the power-cut campaign (Tests/RigTests/PowerCutTests).
# The board's journal lives on the guest's own disk: ext4 on a virtio block device (/dev/vda), as
# on a Pi's SD card. Each boot mounts it (ext4 replays its own journal), prints what the board's
# journal holds (POWERCUT lines on the console, which the host reads), then runs the board and a
# host scanning cards into cells as fast as it answers, until the host kills the VM: a power cut.
set -u
fail() {
  echo "POWERCUT FAILED $*"
  exit 1
}
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../../.." && pwd)
BIN=$(cat "$RIG/shared/openspace-bin")
LAYOUT=$REPO/deploy/examples/conference.yaml
DISK=/dev/vda
MOUNT=/mnt/journal
JOURNAL=$MOUNT/journal.sqlite

[ -b "$DISK" ] || fail "no disk $DISK"
mkdir -p "$MOUNT"
mount -t ext4 "$DISK" "$MOUNT" || fail "mount $DISK"
if [ ! -f "$JOURNAL" ]; then
  # The first boot: twelve printed cards registered at the board.
  for number in 01 02 03 04 05 06 07 08 09 10 11 12; do
    "$BIN" card add --layout "$LAYOUT" --journal "$JOURNAL" --title "Cut $number" >/dev/null || fail "card add"
  done
fi
echo "POWERCUT INTEGRITY $(sqlite3 "$JOURNAL" 'PRAGMA integrity_check' 2>&1 | tr '\n' ' ')"
sqlite3 -separator ' ' "$JOURNAL" "SELECT 'POWERCUT OUTBOX', id, mutation FROM outbox ORDER BY id" ||
  fail "reading the outbox"
# (No process substitution: the guest's /dev has no /dev/fd.)
cards=($(sqlite3 "$JOURNAL" "SELECT id FROM card ORDER BY id"))
[ ${#cards[@]} -eq 12 ] || fail "the journal holds ${#cards[@]} cards, not 12"
echo "POWERCUT READY"

scans=/tmp/scans
mkfifo "$scans"
"$BIN" board --simulate --panel-timing instant --layout "$LAYOUT" --journal "$JOURNAL" --frames /tmp/frames \
  --start 2027-05-14T09:00 --input "$scans" 2>/tmp/board.log &
exec 3>"$scans"
# Friday's open cells in six rooms, 10:00 to 16:00: a host moves a card to one of them after another.
rooms=(R101 R102 R103 R104 R202 GARDEN)
while true; do
  card=${cards[RANDOM % ${#cards[@]}]}
  room=${rooms[RANDOM % ${#rooms[@]}]}
  hour=$((10 + RANDOM % 7))
  # As a scanner types them: upper case.
  printf 'HTTPS://OS.EXAMPLE.ORG/C/%s\nHTTPS://OS.EXAMPLE.ORG/S/1-%s-%d00\n' "$card" "$room" "$hour" >&3 || break
  sleep 0.05
done
fail "the board stopped reading scans: $(tail -n 5 /tmp/board.log)"
