#!/usr/bin/env bash
# Builds libgpiod 2.x as a static library and links the GPIO shim (Sources/CGPIOD/osb_gpio.c)
# against it with the harness shimcheck.c, so the shim's 2.x code path is compiled, linked and
# run on a machine whose system libgpiod is 1.x (Debian bookworm). Also builds the same harness
# against the system's libgpiod, so the rig can run both generations against gpio-sim.
#
# libgpiod's C sources come from the source distribution of its Python bindings on PyPI, which
# vendors lib/*.c, include/gpiod.h and libgpiod-version.txt. Needs python3 with pip (only for the
# first download), gcc and ar. Everything lands in OUT (default .build/gpiod2, git-ignored):
#   OUT/cache/       the downloaded sdist, checked against its pinned SHA-256
#   OUT/lib/         libgpiod.a and the include/ folder it was built from
#   OUT/shimcheck         the harness on libgpiod 2.x (static)
#   OUT/shimcheck-system  the harness on the system's libgpiod (-lgpiod)
# Usage: hardware/gpiod2/build.sh [OUT]
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${1:-$root/.build/gpiod2}
bindings_version=2.2.0
sdist_sha256=4447f05ab42a9ea596e548a9a65389aa84bf61c95dc7a78074bb9c5f8f6a6b35
sdist=$out/cache/gpiod-$bindings_version.tar.gz
shim=$root/Sources/CGPIOD

mkdir -p "$out/cache"
# Test runs and developers may build at the same time; one builder at a time.
exec 9>"$out/.lock"
flock 9

if [ ! -f "$sdist" ]; then
  python3 -m pip download --quiet --no-deps --no-binary :all: "gpiod==$bindings_version" -d "$out/cache"
fi
if ! echo "$sdist_sha256  $sdist" | sha256sum --check --quiet --status; then
  rm -f "$sdist"
  echo "build.sh: $sdist did not match its pinned SHA-256 (a broken download?); removed it, run again" >&2
  exit 1
fi

# The static library is rebuilt only when the sdist changes (its stamp names the checksum).
stamp=$out/lib/built-from-$sdist_sha256
if [ ! -f "$stamp" ]; then
  work=$(mktemp -d "$out/work.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  tar -xzf "$sdist" -C "$work"
  src=$work/gpiod-$bindings_version
  libgpiod_version=$(tr -d '[:space:]' <"$src/libgpiod-version.txt")
  case $libgpiod_version in
    2.*) ;;
    *) echo "build.sh: $sdist vendors libgpiod '$libgpiod_version', expected 2.x" >&2; exit 1 ;;
  esac
  mkdir -p "$work/obj"
  for source in "$src"/lib/*.c; do
    gcc -O2 -fPIC -D_GNU_SOURCE "-DGPIOD_VERSION_STR=\"$libgpiod_version\"" -I"$src/include" -I"$src/lib" \
      -c "$source" -o "$work/obj/$(basename "${source%.c}").o"
  done
  rm -rf "$out/lib"
  mkdir -p "$out/lib"
  ar rcs "$out/lib/libgpiod.a" "$work"/obj/*.o
  cp -r "$src/include" "$out/lib/include"
  echo "$libgpiod_version" >"$out/lib/libgpiod-version.txt"
  touch "$stamp"
fi

# The shim and harness are rebuilt every time: two small files, and always the current source.
# -I order matters: the vendored 2.x gpiod.h must win over the system's /usr/include/gpiod.h.
warnings=(-std=c11 -Wall -Wextra -Werror)
gcc -O2 "${warnings[@]}" -DOSB_EXPECT_GENERATION=2 -I"$out/lib/include" -I"$shim/include" \
  "$shim/osb_gpio.c" "$here/shimcheck.c" "$out/lib/libgpiod.a" -o "$out/shimcheck.tmp"
mv "$out/shimcheck.tmp" "$out/shimcheck"
gcc -O2 "${warnings[@]}" -I"$shim/include" \
  "$shim/osb_gpio.c" "$here/shimcheck.c" -lgpiod -o "$out/shimcheck-system.tmp"
mv "$out/shimcheck-system.tmp" "$out/shimcheck-system"
echo "built $out/shimcheck (libgpiod $(cat "$out/lib/libgpiod-version.txt"), static) and $out/shimcheck-system"
