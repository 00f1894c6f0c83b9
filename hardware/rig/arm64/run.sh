#!/bin/bash
# Boots the aarch64 rig (qemu-system-aarch64, the virt machine, TCG) on its trixie arm64 root
# (hardware/rig/arm64/build.sh), with the project's tree shared read-only at its own path, and runs
# one job under the root's systemd (openspace-rig.service runs it, then powers off). With no job:
# a root shell on the console, chrooted by the rig's init (no systemd).
: "${RIG:?set RIG}" "${KVER:?set KVER}" "${REPO:?set REPO}"
JOB="rig.dir=$RIG rig.repo=$REPO ${1:+rig.init=systemd rig.job=$1}"
exec qemu-system-aarch64 -machine virt -accel tcg,thread=multi -cpu max,pauth-impdef=on -smp 2 -m 1536 \
  -nographic -no-reboot \
  -kernel "$RIG/kernel/boot/vmlinuz-$KVER" -initrd "$RIG/initramfs.cpio.gz" \
  -append "console=ttyAMA0 quiet loglevel=3 panic=-1 $JOB ${EXTRA_APPEND:-}" \
  -virtfs local,path="$RIG/root",mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap \
  -virtfs local,path="$REPO",mount_tag=repo,security_model=none,readonly=on,multidevs=remap \
  -virtfs local,path="$RIG/shared",mount_tag=shared,security_model=none ${EXTRA_QEMU:-}
