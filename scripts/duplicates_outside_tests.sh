#!/usr/bin/env bash
# The `duplicates` pairs of the code outside tests/ and migrations/ (issue 24:
# no block of 6+ lines written twice there). `duplicates` lists at most 200 rows
# and counts a run standing in more than 8 places as too common, so filtering
# its whole-tree listing undercounts; this copies the files git knows (tracked,
# and untracked but not ignored) without tests and migrations into a temporary
# folder and runs it there. Its first line counts the pairs: all, by shape
# alone, and of those the boilerplate; the rest are identical.
#
#   scripts/duplicates_outside_tests.sh [MOST]     (MOST rows, default 200)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
copy="$(mktemp -d)"
trap 'rm -rf "$copy"' EXIT
git ls-files -z --cached --others --exclude-standard \
  | grep -zv -e '^tests/' -e '/tests/' -e 'migrations/' \
  | while IFS= read -r -d '' file; do
      if [ -f "$file" ] && [ ! -L "$file" ]; then
        mkdir -p "$copy/$(dirname "$file")"
        cp "$file" "$copy/$file"
      fi
    done
duplicates --repo "$copy" --seconds 120 --most "${1:-200}"
