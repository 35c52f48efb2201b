#!/usr/bin/env bash
# The release checks CI runs (after pnpm build): every public package changed since main has a
# changeset (`changeset status`), and `pnpm publish -r --dry-run` packs and would publish every
# public package (private ones are skipped). Nothing is published.
set -euo pipefail
cd "$(dirname "$0")/../.."

# A fresh clone of another branch has origin/main but no local main.
base=main
git rev-parse -q --verify main >/dev/null || base=origin/main
if git rev-parse -q --verify "$base" >/dev/null; then
  pnpm changeset status --since="$base"
else
  echo "release check: no main branch to compare with; changeset status skipped"
fi

log=$(mktemp)
if ! pnpm publish -r --dry-run --no-git-checks >"$log" 2>&1; then
  cat "$log"
  exit 1
fi
published=$(grep -c '^+ @othergrad/' "$log" || true)
expected=$(node -e "
  const { readdirSync, readFileSync } = require('node:fs')
  const names = readdirSync('packages').filter((d) => {
    try { return !JSON.parse(readFileSync('packages/' + d + '/package.json', 'utf8')).private } catch { return false }
  })
  console.log(names.length)
")
grep '^+ @othergrad/' "$log"
echo "publish dry run: $published of $expected public packages would be published"
rm -f "$log"
# Fewer means some version is already on the registry (pnpm skips those): bump it with changesets.
[ "$published" -eq "$expected" ]
