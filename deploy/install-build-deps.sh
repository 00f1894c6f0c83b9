#!/usr/bin/env bash
# Installs the Debian packages OpenSpace Board needs to build, run and test, if any is missing.
# Uses sudo when not run as root. Safe to run again: it does nothing when all are present.
#   deploy/install-build-deps.sh               the packages below
#   deploy/install-build-deps.sh PACKAGE...    these instead (what the arm64 and rig scripts need)
set -euo pipefail

packages=(
  pkg-config
  libsqlite3-dev          # the board's journal (GRDB)
  libqrencode-dev         # QR codes
  libfreetype-dev         # text
  libfontconfig-dev       # font fallback
  libpng-dev              # PNG frames and cards
  fonts-dejavu-core       # Latin text
  fonts-wqy-microhei      # Chinese, Japanese and Korean titles
  fonts-symbola           # emoji as outlines (the panel is 1-bit)
  zbar-tools              # tests decode every printed QR with zbarimg
  udev                    # the rig checks udev/99-openspace.rules with systemd-udevd
  libusb-1.0-0-dev        # USB scanners and printers
  libgpiod-dev            # GPIO (the 1.x API on bookworm, 2.x on trixie)
  gpiod                   # gpioinfo and friends, for people debugging wiring
  gcc                     # the libgpiod 2.x check builds the C shim against libgpiod 2.x
  python3-pip             # it fetches libgpiod 2.x's sources from PyPI
  chromium                # the web grid is tested in a real headless browser
  libnss3-tools           # certutil: that browser trusts a test CA for the HTTPS sign-in test
  iproute2                # network namespaces and tc for the partition test and the fault campaign
  nftables                # the fault campaign loses packets with it where tc netem is missing
  postgresql              # make test runs the hub's store tests on a throwaway server too
  libsystemd-dev          # sd_notify: systemd readiness and watchdog (Sources/CSystemd)
  systemd                 # systemd-analyze verify/security check the units (deploy/systemd)
  dpkg-dev                # make deb: dpkg-shlibdeps computes the package's Depends
  binutils                # make deb strips the binary
  debootstrap             # the package install test builds a clean Debian root
  debian-archive-keyring  # debootstrap checks the archive's signatures with these keys
  gpgv                    # and this tool
  systemd-container       # systemd-nspawn boots the installed package to start its units for real
)

[ $# -eq 0 ] || packages=("$@")
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
echo "installing: ${missing[*]}"
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
