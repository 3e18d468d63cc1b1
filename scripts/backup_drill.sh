#!/usr/bin/env bash
# Backup and restore drill (备份恢复演练), PostgreSQL. Proves that a backup taken
# now can be restored into a fresh database and serves the same archive:
#
#   1. the source's facts: rows per case-module table, its archive index (document
#      count, answers to a few searches), before and after the dump (equal, or the
#      county was writing meanwhile and the drill cannot compare);
#   2. pg_dump -Fc of the source;
#   3. createdb (a scratch database with a unique name) + pg_restore --no-owner;
#   4. manage.py verify_history on the restored copy: the history hash chains hold;
#   5. manage.py archive_index rebuild on the restored copy (database backend,
#      inside the copy: the live index, Elasticsearch or not, is never written),
#      then archive_index status (index and records in step) and the same facts,
#      which must equal the source's.
# The scratch database is dropped on exit, whatever happened. The last line says
# PASS or FAIL; the exit status is non-zero on any failure or mismatch.
#
#   scripts/backup_drill.sh [SOURCE_DATABASE_URL]    (default: $DATABASE_URL)
#
# Environment: DJANGO_SETTINGS_MODULE as for the site (manage.py's default
# otherwise); PYTHON (default .venv/bin/python); DRILL_KEEP_DUMP=PATH keeps the
# dump there; DRILL_QUERIES="q1|q2|…" searches to compare (default: a few).
# The role needs CREATEDB. Docs: docs/operations/backup.md.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
SOURCE_URL="${1:-${DATABASE_URL:-}}"
PYTHON="${PYTHON:-.venv/bin/python}"
[ -x "$PYTHON" ] || PYTHON="$(command -v python3)"

say() { printf '[drill] %s\n' "$*"; }
FAILURES=()
fail() {
  FAILURES+=("$1")
  printf '[drill] FAILED: %s\n' "$1" >&2
}
finish() {
  if [ "${#FAILURES[@]}" -eq 0 ]; then
    printf 'BACKUP DRILL PASS: %s\n' "$*"
    exit 0
  fi
  printf 'BACKUP DRILL FAIL: %s\n' "$(IFS=';'; echo "${FAILURES[*]}")"
  exit 1
}

# A step that fails outright (set -e) still ends on a FAIL line.
trap 'printf "BACKUP DRILL FAIL: step failed (line %s): %s\n" "$LINENO" "$BASH_COMMAND"' ERR

case "$SOURCE_URL" in
  postgres://* | postgresql://*) ;;
  *)
    FAILURES+=("give the source as a postgres:// URL (argument or DATABASE_URL)")
    finish
    ;;
esac

# The scratch database: the source's URL with another database name.
base="${SOURCE_URL%%\?*}"
query="${SOURCE_URL#"$base"}"
source_db="${base##*/}"
scratch_db="$(printf '%.30s' "$source_db")_drill_$(date +%Y%m%d%H%M%S)_$$"
SCRATCH_URL="${base%/*}/$scratch_db$query"
WORK="$(mktemp -d)"
CREATED=0

# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
  if [ "$CREATED" -eq 1 ]; then
    dropdb --force --if-exists --maintenance-db="$SOURCE_URL" "$scratch_db" ||
      printf '[drill] WARNING: could not drop %s: drop it by hand\n' "$scratch_db" >&2
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

manage() { # manage DATABASE_URL ARGS...: a management command against that database
  local url="$1"
  shift
  DATABASE_URL="$url" "$PYTHON" manage.py "$@"
}
snapshot() { # snapshot URL FILE: the facts a copy must share (JSON)
  local url="$1" file="$2"
  local args=(archive_index snapshot)
  if [ -n "${DRILL_QUERIES:-}" ]; then
    local q
    IFS='|' read -r -a queries <<<"$DRILL_QUERIES"
    for q in "${queries[@]}"; do args+=(--query "$q"); done
  fi
  if ! DATABASE_URL="$url" "$PYTHON" manage.py "${args[@]}" >"$file" 2>"$file.err"; then
    cat "$file.err" >&2
    return 1
  fi
  say "$(tail -n 1 "$file.err")"
}

started=$SECONDS
say "source: database $source_db; scratch copy: $scratch_db"

say "1/5 facts of the source (records, index, answers)"
snapshot "$SOURCE_URL" "$WORK/source-before.json"

say "2/5 pg_dump -Fc"
DUMP="${DRILL_KEEP_DUMP:-$WORK/source.dump}"
pg_dump -Fc -f "$DUMP" -d "$SOURCE_URL"
say "dump: $(du -h "$DUMP" | cut -f1)"
snapshot "$SOURCE_URL" "$WORK/source-after.json"
if ! diff -q "$WORK/source-before.json" "$WORK/source-after.json" >/dev/null; then
  fail "the source changed while it was dumped: run the drill in a quiet hour"
  diff -u "$WORK/source-before.json" "$WORK/source-after.json" | head -n 40 >&2 || true
fi

say "3/5 createdb + pg_restore --no-owner"
createdb --maintenance-db="$SOURCE_URL" -T template0 -E UTF8 "$scratch_db"
CREATED=1
pg_restore --no-owner --no-privileges --exit-on-error -d "$SCRATCH_URL" "$DUMP"

say "4/5 verify_history on the restored copy"
if manage "$SCRATCH_URL" verify_history >"$WORK/verify.log" 2>&1; then
  tail -n 1 "$WORK/verify.log"
else
  sed 's/^/[verify_history] /' "$WORK/verify.log" >&2
  # cases.HistoricalCase -> cases_historicalcase, the table an operator looks at.
  tables="$(grep 'history_id' "$WORK/verify.log" | grep -oE '[a-z_]+\.Historical[A-Za-z]+' |
    tr 'A-Z.' 'a-z_' | sort -u | paste -sd, - || true)"
  fail "verify_history failed on the restored copy${tables:+ (table $tables)}"
fi

say "5/5 archive index rebuilt from the restored copy"
export SEARCH_BACKEND=database
if ! manage "$SCRATCH_URL" archive_index rebuild >"$WORK/rebuild.log" 2>&1; then
  cat "$WORK/rebuild.log" >&2
  fail "archive_index rebuild failed on the restored copy"
fi
tail -n 1 "$WORK/rebuild.log"
if ! manage "$SCRATCH_URL" archive_index status >"$WORK/status.log" 2>&1; then
  cat "$WORK/status.log" >&2
  fail "the rebuilt index and the restored records differ (archive_index status)"
fi
snapshot "$SCRATCH_URL" "$WORK/restored.json"
unset SEARCH_BACKEND
if diff -u --label source --label restored \
  "$WORK/source-before.json" "$WORK/restored.json" >"$WORK/facts.diff"; then
  say "records, document count and answers match the source"
else
  sed 's/^/[facts] /' "$WORK/facts.diff" | head -n 80 >&2
  fail "the restored copy differs from the source (see the [facts] lines)"
fi

finish "$source_db restored into a fresh database, history intact, index identical ($((SECONDS - started)) s)"
