#!/bin/bash
# Runs inside the rig's VM: every rig job in one boot. Each job's exit status goes to
# $RIG/shared/results as "NAME STATUS"; the host's test reads it and the jobs' logs.
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../../.." && pwd)
RESULTS=$RIG/shared/results
: > "$RESULTS"
"$HERE/panel-job.sh"
echo "panel $?" >> "$RESULTS"
# Whatever still holds /dev/vspi-peer after the panel job (a peer it could not stop) is ended, so
# that the next job's peer can open it.
stale=$(fuser /dev/vspi-peer 2>/dev/null)
[ -z "$stale" ] || kill $stale 2>/dev/null
# The libgpiod 2.x path of the C shim (x86 only: the aarch64 rig's binary links trixie's libgpiod 2.x itself).
if [ "$(uname -m)" = x86_64 ]; then
  "$REPO/hardware/gpiod2/rig-job.sh" > "$RIG/shared/gpiod2.log" 2>&1
  echo "gpiod2 $?" >> "$RESULTS"
fi
# USB scanner and printer gadgets; it drives the panel the panel job set up. Its own waits are
# bounded; the outer limit only turns a hang into a failure (status 124).
timeout -k 5 300 "$HERE/usb-job.sh"
echo "usb $?" >> "$RESULTS"
# The udev rules on Debian's systemd-udevd, with the gadgets the USB job left.
timeout -k 5 120 "$HERE/udev-job.sh"
echo "udev $?" >> "$RESULTS"
# `openspace doctor` on the rig's devices, healthy and with each fault made on purpose (after the USB
# and udev jobs, whose gadgets it uses). Its waits are bounded; the outer limit turns a hang into 124.
timeout -k 5 300 "$HERE/doctor-job.sh"
echo "doctor $?" >> "$RESULTS"
# The board's systemd unit under its sandboxing, where systemd is PID 1 (the aarch64 rig).
if [ -d /run/systemd/system ]; then
  timeout -k 5 300 "$HERE/unit-job.sh"
  echo "unit $?" >> "$RESULTS"
fi
