#!/usr/bin/env bash
# Runs inside the rig's VM (hardware/rig/vm/run.sh hardware/gpiod2/rig-job.sh, with RIG set):
# makes a gpio-sim chip shaped like the panel's lines and runs shimcheck, built by build.sh
# against libgpiod 2.x and against the system's libgpiod, on real lines. Exits 0 only if both pass.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${OUT:-$here/../../.build/gpiod2}
label=osb-shimcheck
modprobe -d "$RIG/kmod" configfs
mountpoint -q /sys/kernel/config || mount -t configfs none /sys/kernel/config
modprobe -d "$RIG/kmod" gpio-sim-oot
bank=/sys/kernel/config/gpio-sim/$label
mkdir "$bank" "$bank/gpio-bank0"
echo 32 >"$bank/gpio-bank0/num_lines"
echo "$label" >"$bank/gpio-bank0/label"
# The Waveshare HAT's lines at their BCM offsets.
for line in 17:RST 25:DC 24:BUSY 18:PWR; do
  mkdir "$bank/gpio-bank0/line${line%%:*}"
  echo "${line#*:}" >"$bank/gpio-bank0/line${line%%:*}/name"
done
echo 1 >"$bank/live"
sim=/sys/devices/platform/$(cat "$bank/dev_name")/$(cat "$bank/gpio-bank0/chip_name")
status=0
for harness in shimcheck shimcheck-system; do
  echo "== $harness"
  echo pull-down >"$sim/sim_gpio24/pull"
  "$out/$harness" lines "$label" 17 24 --sim "$sim" --name DC=25 || status=1
done
echo 0 >"$bank/live"
exit $status
