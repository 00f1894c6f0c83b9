#!/bin/bash
# Build a tiny busybox initramfs with the given modules (+deps, in load order).
set -e
: "${KVER:?set KVER}" "${RIG:?set RIG}"
MODROOT=$RIG/kmod/lib/modules/$KVER      # depmod'ed tree (symlink to $RIG/kernel)
OUT=${OUT:-$RIG/initramfs.cpio.gz}
STAGE=$RIG/initramfs
MODS="${MODS:-9p 9pnet_virtio virtio_pci overlay virtio_blk crc32c_generic ext4}"   # the power-cut job's disk: virtio_blk, ext4 and the crc32c it checksums with
rm -rf $STAGE; mkdir -p $STAGE/{bin,dev,proc,sys,mnt,newroot,lib/modules}
cp "${BUSYBOX:-/bin/busybox}" $STAGE/bin/busybox   # BUSYBOX: the aarch64 rig gives an arm64 one
ln -s busybox $STAGE/bin/sh
# resolve deps: modules.dep lists deps so that the LAST one must be loaded first
declare -A SEEN; ORDER=()
resolve() { local path=$1; [[ ${SEEN[$path]} ]] && return; SEEN[$path]=1
  local deps; deps=$(grep -E "^$path:" $MODROOT/modules.dep | cut -d: -f2)
  local d; for d in $(echo $deps | tr ' ' '\n' | tac); do resolve $d; done
  ORDER+=("$path"); }
for m in $MODS; do
  p=$(grep -E "/${m}\.ko(\.xz)?:" $MODROOT/modules.dep | cut -d: -f1)
  if [ -z "$p" ]; then grep -qE "/${m}\.ko$" $MODROOT/modules.builtin && { echo "($m is built in)"; continue; }
    echo "module $m not found"; exit 1; fi; resolve $p; done
: > $STAGE/lib/modules/load.order
for p in "${ORDER[@]}"; do
  b=$(basename $p); case $b in
    *.xz) xz -dc $MODROOT/$p > $STAGE/lib/modules/${b%.xz};  b=${b%.xz};;
    *.zst) zstd -dcq $MODROOT/$p > $STAGE/lib/modules/${b%.zst}; b=${b%.zst};;
    *) cp $MODROOT/$p $STAGE/lib/modules/$b;; esac
  echo $b >> $STAGE/lib/modules/load.order; done
cp "$(dirname "$0")/init" $STAGE/init; chmod +x $STAGE/init
(cd $STAGE && find . | busybox cpio -o -H newc 2>/dev/null | gzip -1 > $OUT)
echo "load order: $(tr '\n' ' ' < $STAGE/lib/modules/load.order)"; ls -la $OUT
