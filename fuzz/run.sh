#!/usr/bin/env bash
# make fuzz: builds the libFuzzer executables (fuzz/Package.swift, with the fuzzer and address
# sanitizers, into .build-fuzz) and runs each target for RUNS executions, starting from its
# committed seeds (fuzz/corpus/<target>) and keeping what it finds in out/fuzz/<target>/corpus.
# A crash, a leak, a timeout or running out of memory stops the target: its input is written to
# out/fuzz/<target>/ (crash-*, timeout-*, oom-*), to be fixed and kept in fuzz/regressions/<target>
# with a test (FuzzSmokeTests runs every regression input in make test).
#   fuzz/run.sh RUNS [TARGET...]        all targets when none is named
# out/fuzz/summary.txt gets one line per target: executions, seconds, corpus size, outcome.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:?how many executions per target}
shift
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(scan-codes scan-evdev scan-hid scan-serial escpos-status sync-json sync-events
  layout-yaml board-settings hub-settings png hub-http)

swift build --package-path fuzz --scratch-path .build-fuzz -c release --sanitize=fuzzer --sanitize=address
bin=$(swift build --package-path fuzz --scratch-path .build-fuzz -c release --show-bin-path)
mkdir -p out/fuzz
status=0
for target in "${targets[@]}"; do
  work=out/fuzz/$target
  mkdir -p "$work/corpus"
  started=$(date +%s)
  set +e
  "$bin/fuzz-$target" -runs="$runs" -timeout=10 -rss_limit_mb=4096 -max_len=65536 -print_final_stats=1 \
    -artifact_prefix="$work/" "$work/corpus" "fuzz/corpus/$target" > "$work/log.txt" 2>&1
  code=$?
  set -e
  seconds=$(( $(date +%s) - started ))
  done_runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$work/log.txt" | grep -o '[0-9]*$' | tail -1)
  outcome="no crash"
  if [ $code -ne 0 ]; then
    outcome="FAILED (exit $code): $(ls "$work" | grep -E '^(crash|timeout|oom|leak)-' | tr '\n' ' ')"
    status=1
  fi
  line="$target: ${done_runs:-?} executions in ${seconds} s, corpus $(ls "$work/corpus" | wc -l) inputs, $outcome"
  echo "$line" | tee -a out/fuzz/summary.txt
done
exit $status
