#!/usr/bin/env bash
# The openspace Debian package on a clean Debian: builds it from the release binary, installs it
# with apt into a fresh debootstrap root (dependencies from deb.debian.org), checks what landed,
# upgrades it, removes and purges it. Run by DeployTests (make test); needs root.
#   deploy/test-install.sh [BINARY]     (default: .build/release/openspace, built by make deb)
# Prints "CHECK ok WHAT" or "CHECK FAIL WHAT: WHY" for each check, "TIME ..." for the phases, and
# exits non-zero when a check failed. The clean root is cached as a tarball in
# /var/cache/openspace-test (made again whenever it is missing).
set -uo pipefail

deploy=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$deploy")
binary=${1:-$repo/.build/release/openspace}
suite=bookworm
mirror=http://deb.debian.org/debian
# What the clean root holds besides minbase: systemd, for systemd-analyze on the installed units
# (as on any Debian or Raspberry Pi OS system the board runs on).
include=systemd
cache=/var/cache/openspace-test
failures=0
started=$SECONDS

pass() { echo "CHECK ok $1"; }
fail() {
  echo "CHECK FAIL $1"
  failures=$((failures + 1))
}
# check WHAT COMMAND...: passes when COMMAND succeeds, else fails with its output.
check() {
  local what=$1 output
  shift
  if output=$("$@" 2>&1); then pass "$what"; else fail "$what: $(echo "$output" | tail -5 | tr '\n' ' ')"; fi
}
finish() {
  echo "TIME total $((SECONDS - started)) s"
  echo "$failures check(s) failed"
  exit $((failures > 0))
}
# Stops the run at once, when nothing after it could be checked.
abort() {
  fail "$1"
  finish
}

[ "$(id -u)" -eq 0 ] || abort "deploy/test-install.sh needs root (debootstrap, chroot, mount)"
for tool in debootstrap chroot mount umount findmnt dpkg-deb dpkg-shlibdeps strip sha256sum; do
  command -v "$tool" >/dev/null || abort "$tool is missing: run deploy/install-build-deps.sh"
done
[ -x "$binary" ] || abort "no release binary at $binary: run make deb (make test builds it before the tests)"

work=$(mktemp -d /tmp/openspace-install-test.XXXXXX)
root=$work/root
# Unmounts whatever is mounted under the root (deepest first), then deletes the work folder,
# but never through a mount that is still there: rm would reach the host's /dev.
cleanup() {
  local mounts
  stop_container
  mounts=$(findmnt -rn -o TARGET | grep "^$root/" | sort -r)
  for target in $mounts; do umount "$target" 2>/dev/null || umount -l "$target"; done
  if findmnt -rn -o TARGET | grep "^$root/" >/dev/null; then
    echo "still mounted under $root: left in place" >&2
  else
    rm -rf --one-file-system "$work"
  fi
}
# The booted container, while it runs: killing its init ends every process in it (killing
# only nspawn would leave them running).
container_init=""
container_nspawn=""
stop_container() {
  [ -n "$container_nspawn" ] || return 0
  if [ -n "$container_init" ]; then
    nsenter -t "$container_init" -a /usr/bin/systemctl poweroff >/dev/null 2>&1
    for _ in $(seq 1 300); do kill -0 "$container_nspawn" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$container_init" 2>/dev/null && kill -KILL "$container_init"
  fi
  kill -0 "$container_nspawn" 2>/dev/null && kill -KILL "$container_nspawn"
  wait "$container_nspawn" 2>/dev/null
  container_init=""
  container_nspawn=""
}
trap cleanup EXIT
trap 'exit 130' INT TERM
in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"; }

# The packages: this build, and the same rebuilt as the next version for the upgrade.
version=$("$binary" --version) || abort "$binary --version failed"
next="$version+1"
phase=$SECONDS
first=$("$deploy/build-deb.sh" "$binary" "$work/debs" 2>"$work/build-deb.log") ||
  abort "build-deb.sh failed: $(tail -5 "$work/build-deb.log" | tr '\n' ' ')"
second=$("$deploy/build-deb.sh" "$binary" "$work/debs" "$next" 2>"$work/build-deb.log") ||
  abort "build-deb.sh $next failed: $(tail -5 "$work/build-deb.log" | tr '\n' ' ')"
pass "build-deb.sh built $(basename "$first") and $(basename "$second")"
echo "TIME package $((SECONDS - phase)) s"
echo "SIZE package $(stat -c %s "$first") bytes, installed $(dpkg-deb -f "$first" Installed-Size) KiB"
echo "DEPENDS $(dpkg-deb -f "$first" Depends)"
shipped_board_config=false
dpkg-deb -c "$first" >"$work/contents" || abort "dpkg-deb cannot list $first"
grep -q " ./etc/openspace/board.yaml$" "$work/contents" && shipped_board_config=true

# The clean root: from the cache when it is there, else debootstrap (and cache it).
architecture=$(dpkg --print-architecture)
key=$(echo "$suite minbase $architecture $mirror include=$include" | sha256sum | cut -c1-16)
tarball=$cache/debian-$suite-minbase-$architecture-$key.tar.gz
mkdir -p "$root" "$cache/apt-archives/partial"
phase=$SECONDS
if [ -s "$tarball" ] && tar -xzf "$tarball" -C "$root"; then
  echo "TIME root warm (from $tarball) $((SECONDS - phase)) s"
else
  rm -rf --one-file-system "$root" && mkdir -p "$root"
  if ! output=$(debootstrap --variant=minbase --include="$include" "$suite" "$root" "$mirror" 2>&1); then
    abort "debootstrap $suite failed: $(echo "$output" | tail -5 | tr '\n' ' ')"
  fi
  tar -czf "$tarball.tmp.$$" -C "$root" . && mv "$tarball.tmp.$$" "$tarball"
  echo "TIME root cold (debootstrap, cached in $tarball) $((SECONDS - phase)) s"
fi

mount -t proc proc "$root/proc" || abort "cannot mount /proc in $root"
mount --bind /dev "$root/dev" || abort "cannot bind /dev into $root"
# Downloaded dependencies are kept between runs.
mount --bind "$cache/apt-archives" "$root/var/cache/apt/archives" || abort "cannot bind the apt cache into $root"
cp /etc/resolv.conf "$root/etc/resolv.conf"
# As in any chroot: no maintainer script may start a service here.
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d" && chmod 0755 "$root/usr/sbin/policy-rc.d"
cp "$first" "$second" "$root/tmp/"
apt_get() {
  in_root DEBIAN_FRONTEND=noninteractive apt-get -q -y --no-install-recommends \
    -o APT::Sandbox::User=root "$@" </dev/null
}

phase=$SECONDS
output=$(apt_get update 2>&1) || abort "apt-get update in the clean root failed: $(echo "$output" | tail -3)"
if output=$(apt_get install "/tmp/$(basename "$first")" 2>&1); then
  pass "apt installs $(basename "$first") and its dependencies into a clean $suite"
else
  abort "apt-get install $(basename "$first") failed: $(echo "$output" | tail -8 | tr '\n' ' ')"
fi
echo "TIME install $((SECONDS - phase)) s"

# has_mode PATH MODE OWNER:GROUP (names as the root knows them)
# appears_within SECONDS FILE: waits for FILE to exist and be non-empty, checking every 0.2 s.
appears_within() {
  local tries=$(($1 * 5))
  while [ "$tries" -gt 0 ]; do
    [ -s "$2" ] && return 0
    sleep 0.2
    tries=$((tries - 1))
  done
  echo "$2 did not appear within $1 s"
  return 1
}

has_mode() {
  local found
  found=$(in_root stat -c '%a %U:%G' "$1" 2>&1) || { echo "$1 is missing"; return 1; }
  [ "$found" = "$2 $3" ] || { echo "$1 is $found, not $2 $3"; return 1; }
}
check "/usr/lib/openspace/openspace is root's, mode 755" has_mode /usr/lib/openspace/openspace 755 root:root
check "/usr/bin/openspace runs /usr/lib/openspace/openspace" \
  test "$(in_root readlink -f /usr/bin/openspace)" = /usr/lib/openspace/openspace
for unit in openspace-board.service openspace-hub.service; do
  check "/lib/systemd/system/$unit is root's, mode 644" has_mode "/lib/systemd/system/$unit" 644 root:root
  check "$unit is the one in deploy/systemd" cmp "$deploy/systemd/$unit" "$root/lib/systemd/system/$unit"
done
check "/lib/udev/rules.d/99-openspace.rules, mode 644" has_mode /lib/udev/rules.d/99-openspace.rules 644 root:root
check "the udev rules are udev/99-openspace.rules unchanged" \
  cmp "$repo/udev/99-openspace.rules" "$root/lib/udev/rules.d/99-openspace.rules"
check "/usr/lib/modules-load.d/openspace.conf, mode 644" has_mode /usr/lib/modules-load.d/openspace.conf 644 root:root
check "/usr/share/doc/openspace/copyright, mode 644" has_mode /usr/share/doc/openspace/copyright 644 root:root
for example in "$deploy"/examples/*.yaml; do
  name=$(basename "$example")
  check "example $name in /usr/share/doc/openspace/examples" \
    cmp "$example" "$root/usr/share/doc/openspace/examples/$name"
done
if $shipped_board_config; then
  check "/etc/openspace/board.yaml is readable by the service only (root:openspace 640)" \
    has_mode /etc/openspace/board.yaml 640 root:openspace
fi
if [ -e "$deploy/examples/conference.yaml" ]; then
  check "/etc/openspace/conference.yaml, the layout both configurations name, mode 644" \
    has_mode /etc/openspace/conference.yaml 644 root:root
fi
if [ -e "$deploy/examples/hub.yaml" ]; then
  check "/etc/openspace/hub.yaml is readable by the service only (root:openspace 640)" \
    has_mode /etc/openspace/hub.yaml 640 root:openspace
fi

# The service user: a system user without a login, in its group and the device groups.
user_is_right() {
  local entry uid home shell groups
  entry=$(in_root getent passwd openspace) || { echo "no openspace user"; return 1; }
  IFS=: read -r _ _ uid _ _ home shell <<<"$entry"
  [ "$uid" -lt 1000 ] || { echo "openspace has uid $uid, not a system uid"; return 1; }
  [ "$home" = /var/lib/openspace ] || { echo "openspace's home is $home"; return 1; }
  [ "$shell" = /usr/sbin/nologin ] || { echo "openspace's shell is $shell"; return 1; }
  [ "$(in_root id -gn openspace)" = openspace ] || { echo "openspace's group is $(in_root id -gn openspace)"; return 1; }
  groups=" $(in_root id -nG openspace) "
  for group in gpio spi input plugdev lp dialout; do
    [[ $groups == *" $group "* ]] || { echo "openspace is not in $group (only:$groups)"; return 1; }
  done
}
check "the openspace system user exists, in openspace gpio spi input plugdev lp dialout" user_is_right

version_is() {
  local printed
  printed=$(in_root /usr/bin/openspace --version 2>&1) || { echo "openspace --version failed: $printed"; return 1; }
  [ "$printed" = "$1" ] || { echo "openspace --version printed '$printed', not '$1'"; return 1; }
}
check "openspace --version prints $version on a clean $suite (no Swift runtime installed)" version_is "$version"

# The installed hub serves its web page: its templates are a resource bundle beside the binary.
http_status() {
  local port=$1 path=$2 line
  exec 3<>"/dev/tcp/127.0.0.1/$port" || return 1
  printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$path" >&3
  read -r line <&3
  exec 3<&-
  echo "$line" | cut -d' ' -f2
}
hub_serves_page() {
  local port=$((20000 + $$ % 10000)) pid status=""
  # chroot and env exec the hub, so $! is the hub itself (a function in the background would be
  # a subshell, and killing it would leave the hub running).
  chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 /usr/bin/openspace hub serve \
    --config /etc/openspace/hub.yaml --host 127.0.0.1 --port "$port" --database /tmp/hub-check.sqlite \
    >"$work/hub.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 100); do
    status=$(http_status "$port" / 2>/dev/null) && break
    sleep 0.1
  done
  kill "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  [ "$status" = 200 ] || { echo "GET / answered '${status:-nothing}'; the hub said: $(tail -3 "$work/hub.log")"; return 1; }
}
check "the installed hub serves its web page (GET / is 200)" hub_serves_page

not_enabled() {
  local links
  links=$(find "$root/etc/systemd/system" -name 'openspace-*' 2>/dev/null)
  [ -z "$links" ] || { echo "enabled: $links"; return 1; }
}
check "neither unit is enabled by the installation" not_enabled

for unit in openspace-board.service openspace-hub.service; do
  if output=$(in_root systemd-analyze verify "/lib/systemd/system/$unit" 2>&1) && [ -z "$output" ]; then
    pass "systemd-analyze verify $unit: no complaint"
  else
    fail "systemd-analyze verify $unit: $(echo "$output" | tr '\n' ' ')"
  fi
  output=$(in_root systemd-analyze security --offline=true "/lib/systemd/system/$unit" 2>&1)
  # "→ Overall exposure level for openspace-board.service: 1.5 OK 🙂": the score and its rating.
  overall=$(echo "$output" | grep "Overall exposure level for $unit:" | awk '{ print $(NF - 2), $(NF - 1) }')
  echo "SECURITY $unit $overall"
  rating=${overall#* }
  case "$rating" in
    PERFECT | SAFE | OK) pass "systemd-analyze security rates $unit $rating" ;;
    *) fail "systemd-analyze security rates $unit '${overall:-nothing}', not OK or better" ;;
  esac
done

# An upgrade keeps the board's journal and an edited configuration.
mkdir -p "$root/var/lib/openspace/board"
echo "journal of the install test" >"$root/var/lib/openspace/board/journal.sqlite"
in_root chown -R openspace:openspace /var/lib/openspace/board
if ! $shipped_board_config; then
  mkdir -p "$root/etc/openspace" && echo "# written by the admin" >"$root/etc/openspace/board.yaml"
fi
echo "# edited by the install test" >>"$root/etc/openspace/board.yaml"
edited=$(sha256sum <"$root/etc/openspace/board.yaml")
phase=$SECONDS
if output=$(apt_get install "/tmp/$(basename "$second")" 2>&1); then
  pass "apt upgrades to $next"
else
  fail "apt-get install $(basename "$second") failed: $(echo "$output" | tail -8 | tr '\n' ' ')"
fi
echo "TIME upgrade $((SECONDS - phase)) s"
check "openspace $next is installed" test "$(in_root dpkg-query -W -f='${Version}' openspace)" = "$next"
check "the upgrade keeps /var/lib/openspace/board" \
  grep -qx "journal of the install test" "$root/var/lib/openspace/board/journal.sqlite"
check "the upgrade keeps the edited /etc/openspace/board.yaml" test "$(sha256sum <"$root/etc/openspace/board.yaml")" = "$edited"
if $shipped_board_config; then
  check "after the upgrade /etc/openspace/board.yaml is still root:openspace 640" \
    has_mode /etc/openspace/board.yaml 640 root:openspace
fi
check "after the upgrade the openspace user is unchanged" user_is_right

# The units under a real systemd: the installed root booted in a container (its own network),
# where the hub's unit starts with all of its sandboxing, reports ready and pings the watchdog.
boot_checks() {
  local mounts nspawn leader state
  mounts=$(findmnt -rn -o TARGET | grep "^$root/" | sort -r)
  for target in $mounts; do umount "$target"; done
  systemd-nspawn -D "$root" --boot --register=no --keep-unit --private-network --console=pipe -q \
    </dev/null >"$work/boot.log" 2>&1 &
  nspawn=$!
  container_nspawn=$nspawn
  for _ in $(seq 1 100); do
    # nspawn's first children set the container up and go; its init is the one that stays.
    leader=$(ps -o pid=,comm= --ppid "$nspawn" | awk '$2 == "systemd" { print $1 }' | head -1)
    [ -n "$leader" ] && break
    sleep 0.1
  done
  container_init=$leader
  if [ -z "$leader" ]; then
    fail "systemd-nspawn did not boot the root: $(tail -5 "$work/boot.log" | tr '\n' ' ')"
    stop_container
    return
  fi
  in_boot() { nsenter -t "$leader" -a /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin "$@"; }
  # Until systemd has its socket up, systemctl cannot even ask.
  for _ in $(seq 1 120); do
    state=$(timeout 60 nsenter -t "$leader" -a /usr/bin/systemctl is-system-running --wait 2>&1)
    [[ $state == *"Failed to connect"* ]] || break
    sleep 0.5
  done
  echo "BOOT system state: $state"
  if output=$(timeout 120 nsenter -t "$leader" -a /usr/bin/systemctl start openspace-hub.service 2>&1); then
    pass "systemctl start openspace-hub: the hub reports ready (Type=notify) under its sandboxing"
  else
    fail "systemctl start openspace-hub failed: $output $(in_boot journalctl -u openspace-hub --no-pager -n 8 | tr '\n' ' ')"
  fi
  sleep 2
  check "openspace-hub runs as the openspace user" \
    test "$(in_boot stat -c %U "/proc/$(in_boot systemctl show -P MainPID openspace-hub)")" = openspace
  hub_page() { test "$(in_boot bash -c "$(declare -f http_status); http_status 8080 /")" = 200; }
  check "openspace-hub serves GET / with 200 inside the container" hub_page
  check "openspace-hub pings its watchdog (systemd recorded a ping)" \
    test "$(in_boot systemctl show -P WatchdogTimestampMonotonic openspace-hub)" -gt 0
  journal_has_levels() {
    local lines
    lines=$(in_boot journalctl -u openspace-hub -o cat --no-pager _COMM=openspace)
    [ -n "$lines" ] || { echo "the hub logged nothing"; return 1; }
    ! echo "$lines" | grep -E '^[0-9]{4}-[0-9]{2}-[0-9]{2}T' || { echo "lines with their own timestamp (not the journal format)"; return 1; }
    # errno=1 (EPERM) is the system call filter refusing; dispatch's errno=13 is the kernel's
    # nice limit, which a container's init cannot raise.
    ! echo "$lines" | grep -E 'Failed to set thread priority.*errno=1$|Operation not permitted' ||
      { echo "refused system calls"; return 1; }
    # Read whole before grep: grep -q stops at the first match, and under pipefail the SIGPIPE that
    # ends journalctl mid-output would fail the check.
    local entries
    entries=$(in_boot journalctl -u openspace-hub -p info -o json --no-pager _COMM=openspace)
    grep -q '"PRIORITY":"6"' <<<"$entries" || { echo "no entry at priority 6 (info)"; return 1; }
  }
  check "openspace-hub logs to the journal with priorities, no timestamps, no refused system calls" journal_has_levels

  # The board's unit, for real, against that hub: a simulated panel (no hardware in a container),
  # a scanner that is not plugged in (the board waits for it), enrolled with a code from the hub.
  local code
  code=$(in_boot runuser -u openspace -- openspace hub board add container --config /etc/openspace/hub.yaml |
    awk '/enrolment code/ { print $NF }')
  cat >"$root/etc/openspace/board.yaml" <<YAML
board: { name: Container board, layout: /etc/openspace/conference.yaml, journal: /var/lib/openspace/board/live/journal.sqlite }
hub: { url: "http://127.0.0.1:8080", enrol: "$code" }
panel: { model: simulated, frames: /var/lib/openspace/board/frames }
scanner: { device: "evdev:OpenSpace test scanner (not plugged in)" }
printer: { device: none }
YAML
  if output=$(timeout 120 nsenter -t "$leader" -a /usr/bin/systemctl start openspace-board.service 2>&1); then
    pass "systemctl start openspace-board: the board reports ready (Type=notify) under its sandboxing"
  else
    fail "systemctl start openspace-board failed: $output $(in_boot journalctl -u openspace-board --no-pager -n 8 | tr '\n' ' ')"
  fi
  sleep 3
  check "openspace-board runs as the openspace user" \
    test "$(in_boot stat -c %U "/proc/$(in_boot systemctl show -P MainPID openspace-board)")" = openspace
  check "openspace-board pings its watchdog from its main loop" \
    test "$(in_boot systemctl show -P WatchdogTimestampMonotonic openspace-board)" -gt 0
  check "openspace-board enrolled and keeps its token readable by itself only (600 openspace)" \
    has_mode /var/lib/openspace/board/live/hub-token 600 openspace:openspace
  # The emulated panel takes the real panel's 4.2 s for the boot screen's full refresh.
  check "openspace-board drew its panel (the boot screen) into its state directory" \
    appears_within 30 "$root/var/lib/openspace/board/frames/latest.png"
  board_listed() {
    local boards
    boards=$(in_boot runuser -u openspace -- openspace hub board list --config /etc/openspace/hub.yaml)
    echo "$boards" | grep -E "^container  enrolled  last seen .*openspace-board/" ||
      { echo "the hub lists: $boards"; return 1; }
  }
  check "the hub lists the board as enrolled, seen, with its software version" board_listed
  board_journal_clean() {
    local lines
    lines=$(in_boot journalctl -u openspace-board -o cat --no-pager _COMM=openspace)
    echo "$lines" | grep -q "board ready" || { echo "no 'board ready' line: $(echo "$lines" | tail -n 5)"; return 1; }
    ! echo "$lines" | grep -E 'Failed to set thread priority.*errno=1$|Operation not permitted|Permission denied' ||
      { echo "refused system calls or files"; return 1; }
  }
  check "openspace-board logs to the journal with no refused system call or file" board_journal_clean
  in_boot systemctl stop openspace-board.service
  stops_gracefully() {
    [ "$(in_boot systemctl is-active openspace-hub)" = active ] || { echo "it was not running"; return 1; }
    in_boot systemctl stop openspace-hub.service
    # A stopped unit nothing refers to is unloaded at once (its ExecMain* properties read 0 0), so
    # the journal says how it ended: "Deactivated successfully" only after an exit with status 0;
    # killed by the signal or by SIGKILL after the timeout, systemd logs the code and the result.
    local ended
    ended=$(in_boot journalctl -u openspace-hub -o cat --no-pager _PID=1)
    echo "$ended" | grep -q 'openspace-hub.service: Deactivated successfully' ||
      { echo "no clean stop in the journal: $(echo "$ended" | tail -n 3 | tr '\n' ' ')"; return 1; }
    ! echo "$ended" | grep -E 'code=killed|code=dumped|Failed with result|timed out' ||
      { echo "the hub did not end by itself"; return 1; }
    # Its own last line: the service group returned (systemd counts SIGTERM's default death as a
    # clean stop too, so the journal alone cannot tell).
    in_boot journalctl -u openspace-hub -o cat --no-pager _COMM=openspace | grep -x 'hub stopped' >/dev/null ||
      { echo "the hub did not say 'hub stopped': it was ended, not stopped"; return 1; }
  }
  check "openspace-hub stops on SIGTERM by itself, with status 0" stops_gracefully
  in_boot journalctl -u openspace-hub --no-pager >"$work/hub-journal.log" 2>&1
  stop_container
  mount -t proc proc "$root/proc" && mount --bind /dev "$root/dev" &&
    mount --bind "$cache/apt-archives" "$root/var/cache/apt/archives"
}
command -v systemd-nspawn >/dev/null || abort "systemd-nspawn is missing: run deploy/install-build-deps.sh"
phase=$SECONDS
boot_checks
echo "TIME boot $((SECONDS - phase)) s"

# Removing keeps data and configuration; purging removes the configuration, keeps the data.
output=$(apt_get remove openspace 2>&1) || fail "apt-get remove openspace failed: $(echo "$output" | tail -5)"
check "remove takes /usr/bin/openspace away" test ! -e "$root/usr/bin/openspace"
check "remove keeps /var/lib/openspace/board" test -s "$root/var/lib/openspace/board/journal.sqlite"
check "remove keeps /etc/openspace/board.yaml" test -s "$root/etc/openspace/board.yaml"
output=$(apt_get purge openspace 2>&1) || fail "apt-get purge openspace failed: $(echo "$output" | tail -5)"
if $shipped_board_config; then
  check "purge removes /etc/openspace/board.yaml" test ! -e "$root/etc/openspace/board.yaml"
  check "purge removes the configuration's statoverride" \
    test -z "$(in_root dpkg-statoverride --list /etc/openspace/board.yaml)"
fi
check "purge keeps /var/lib/openspace/board (the journal may hold scans the hub has not seen)" \
  test -s "$root/var/lib/openspace/board/journal.sqlite"
check "purge keeps the openspace user (files in /var/lib/openspace are still its)" in_root getent passwd openspace

finish
