#!/usr/bin/env bash
# Runs a command beside a throwaway PostgreSQL (pg-test-server.sh), named to it by
# OPENSPACE_TEST_POSTGRES_URL and OPENSPACE_TEST_PGDATA. The server is stopped and its data
# removed afterwards whatever the command's outcome; the command's status is this script's.
#   with-test-server.sh COMMAND [ARGUMENT...]
set -euo pipefail
here=$(dirname "$0")
pgdata=$(mktemp -d /tmp/openspace-pg.XXXXXX)
trap '"$here/pg-test-server.sh" stop "$pgdata"; rm -rf "$pgdata"' EXIT
trap 'exit 130' INT TERM
url=$("$here/pg-test-server.sh" start "$pgdata")
echo "PostgreSQL for the tests: $url (data in $pgdata)"
OPENSPACE_TEST_POSTGRES_URL="$url" OPENSPACE_TEST_PGDATA="$pgdata" "$@"
