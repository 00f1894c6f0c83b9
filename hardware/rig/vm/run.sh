#!/bin/bash
# Boots the rig's VM and runs one job inside it (a script path as the host sees it; the host's
# root is mounted read-only inside). With no job: an interactive shell; exit it to power off.
# ACCEL=tcg (default: /dev/kvm on these machines cannot run Debian's stock kernels);
# ACCEL=kvm on a host with real VT-x or AMD-V.
: "${RIG:?set RIG}" "${KVER:?set KVER}"
K=${KERNEL:-$RIG/kernel/boot/vmlinuz-$KVER}
case ${ACCEL:-tcg} in
  kvm) A="-enable-kvm -cpu host" ;;
  *) A="-accel tcg,thread=multi -cpu max" ;;
esac
JOB="rig.dir=$RIG ${1:+rig.job=$1}"
exec qemu-system-x86_64 $A -smp 2 -m 1024 -nographic -no-reboot \
  -kernel "$K" -initrd "${INITRD:-$RIG/initramfs.cpio.gz}" \
  -append "console=ttyS0 quiet loglevel=3 panic=-1 $JOB ${EXTRA_APPEND:-}" \
  -virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap \
  -virtfs local,path="$RIG/shared",mount_tag=shared,security_model=none ${EXTRA_QEMU:-}
