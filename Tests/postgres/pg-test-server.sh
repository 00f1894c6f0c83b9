#!/usr/bin/env bash
# A throwaway PostgreSQL for the hub's store tests.
#
#   pg-test-server.sh start DIR     creates a cluster in DIR (new or empty), starts it on a free port
#                                   of 127.0.0.1 with its socket in DIR, creates the database
#                                   openspace_test and prints its URL
#   pg-test-server.sh restart DIR   restarts it on the same port (tests use it to drop connections)
#   pg-test-server.sh stop DIR      stops it; DIR stays for the caller to remove
#
# PostgreSQL refuses to run as root: as root, DIR is handed to the postgres user and the server
# runs as that user. Anyone may connect over TCP as "openspace" without a password, so use it
# for tests only.
set -euo pipefail

superuser=openspace
database=openspace_test

usage() {
  echo "usage: $0 start|restart|stop DIR" >&2
  exit 2
}

# The newest PostgreSQL installed the Debian way (/usr/lib/postgresql/<version>/bin), else
# whatever pg_ctl is on PATH.
find_bin() {
  local newest
  newest=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$newest" ] && [ -x "$newest/pg_ctl" ]; then
    echo "$newest"
  elif command -v pg_ctl >/dev/null; then
    dirname "$(command -v pg_ctl)"
  else
    echo "PostgreSQL is not installed: run deploy/install-build-deps.sh (it installs postgresql)" >&2
    exit 1
  fi
}

# Runs a server command as the user that owns the cluster: postgres when we are root.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# The server keeps whatever it inherits open for as long as it runs, so a caller that waits for
# its own descriptors to close (Foundation's Process does) would wait for the server too: pg_ctl's
# own output goes to files in the cluster's folder for the same reason.
close_inherited_descriptors() {
  local fd
  for fd in $(ls /proc/$$/fd); do
    if [ "$fd" -gt 2 ]; then eval "exec $fd>&-"; fi
  done
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

fail_with_log() {
  echo "$1" >&2
  [ -f "$dir/pg_ctl.log" ] && tail -n 5 "$dir/pg_ctl.log" >&2
  [ -f "$dir/server.log" ] && tail -n 20 "$dir/server.log" >&2
  exit 1
}

start() {
  mkdir -p "$dir"
  if [ -n "$(ls -A "$dir")" ]; then
    echo "$dir is not empty: give start a new or empty directory" >&2
    exit 1
  fi
  if [ "$(id -u)" -eq 0 ]; then
    getent passwd postgres >/dev/null || { echo "running as root needs the postgres user (apt-get install postgresql)" >&2; exit 1; }
    chown postgres: "$dir"
    runuser -u postgres -- test -w "$dir" ||
      { echo "the postgres user cannot reach $dir: pick a directory under /tmp" >&2; exit 1; }
  fi
  local output
  output=$(as_owner "$bin/initdb" --pgdata="$dir" --username="$superuser" --auth=trust --encoding=UTF8 \
    --no-locale 2>&1) || { echo "$output" >&2; exit 1; }
  # Later lines win, so each attempt below only appends its port.
  cat >>"$dir/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
fsync = on
CONF

  local port attempt
  for attempt in 1 2 3 4 5 6 7 8 9 10; do
    port=$((20000 + RANDOM % 30000))
    port_in_use "$port" && continue
    echo "port = $port" >>"$dir/postgresql.conf"
    if as_owner "$bin/pg_ctl" --pgdata="$dir" --log="$dir/server.log" --wait --timeout=60 start >/dev/null 2>>"$dir/pg_ctl.log"; then
      "$bin/createdb" --host=127.0.0.1 --port="$port" --username="$superuser" "$database" ||
        fail_with_log "could not create the database $database"
      echo "postgres://$superuser@127.0.0.1:$port/$database"
      return 0
    fi
    # Another process may have taken the port between the check and the start: try another.
    grep -q "could not bind" "$dir/server.log" 2>/dev/null || fail_with_log "PostgreSQL did not start in $dir"
  done
  fail_with_log "found no free port for PostgreSQL after $attempt tries"
}

[ $# -eq 2 ] || usage
close_inherited_descriptors
dir=$(realpath -m "$2")
bin=$(find_bin)
case "$1" in
  start) start ;;
  restart)
    as_owner "$bin/pg_ctl" --pgdata="$dir" --log="$dir/server.log" --wait --timeout=60 --mode=fast restart >/dev/null \
      2>>"$dir/pg_ctl.log" ||
      fail_with_log "PostgreSQL in $dir did not restart"
    ;;
  stop)
    if [ -f "$dir/postmaster.pid" ]; then
      as_owner "$bin/pg_ctl" --pgdata="$dir" --wait --timeout=60 --mode=fast stop >/dev/null
    fi
    ;;
  *) usage ;;
esac
