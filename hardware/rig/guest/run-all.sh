#!/bin/bash
# Runs inside the rig's VM: every rig job in one boot. Each job's exit status goes to
# $RIG/shared/results as "NAME STATUS"; the host's test reads it and the jobs' logs.
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../../.." && pwd)
RESULTS=$RIG/shared/results
: > "$RESULTS"
"$HERE/panel-job.sh"
echo "panel $?" >> "$RESULTS"
"$REPO/hardware/gpiod2/rig-job.sh" > "$RIG/shared/gpiod2.log" 2>&1
echo "gpiod2 $?" >> "$RESULTS"
