#!/usr/bin/env bash
# Lines of source (.cpp .h .td .g4 .py .c .inc) per top-level folder at a
# git revision (default HEAD): tools/dev/line_counts.sh [REV]
set -euo pipefail
rev=${1:-HEAD}
cd "$(git rev-parse --show-toplevel)"
git ls-tree -r --name-only "$rev" |
  grep -E '\.(cpp|h|td|g4|py|c|inc)$' |
  while read -r f; do
    printf '%s %s\n' "${f%%/*}" "$(git show "$rev:$f" | wc -l)"
  done |
  awk '{n[$1] += $2; t += $2} END {for (d in n) printf "%-10s %6d\n", d, n[d]; printf "%-10s %6d\n", "total", t}' |
  sort
