#!/usr/bin/env bash
# make run / make serve: the development server, and a background-job worker
# beside it (manage.py db_worker takes the jobs the site queues in the database:
# archive index updates, deadline recomputation, Wagtail's own). The worker stops
# when the server stops (Ctrl+C), whichever way it stops.
#
#   scripts/serve_with_worker.sh PYTHON HOST:PORT
set -euo pipefail

PYTHON="${1:?usage: $0 PYTHON HOST:PORT}"
ADDRESS="${2:?usage: $0 PYTHON HOST:PORT}"
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# Links made without a request (commands, e-mail) name the address served here,
# unless BASE_URL fixes a public one (config/settings/base.py); 0.0.0.0 is no
# address to give anyone, so such links name this machine's loopback then.
case "$ADDRESS" in
  0.0.0.0:*) SERVED_AT="http://127.0.0.1:${ADDRESS##*:}" ;;
  *) SERVED_AT="http://$ADDRESS" ;;
esac
export SERVED_AT

# Job control: each gets a process group of its own, so that stopping one also
# stops the child its autoreloader (DEBUG) runs the code in.
set -m
"$PYTHON" manage.py db_worker &
WORKER=$!
"$PYTHON" manage.py runserver "$ADDRESS" &
SERVER=$!
stop_both() {
  kill -TERM -- "-$SERVER" "-$WORKER" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap stop_both EXIT
trap 'exit 130' INT TERM
wait "$SERVER"
