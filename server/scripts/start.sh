#!/usr/bin/env bash
# One command from a fresh clone: install, build, start on the embedded SQLite database with the
# seeded demo consortium (logins printed on start). Data lives in ./data (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ ! -x node_modules/.bin/remix ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
npm run build
exec env NODE_ENV=production node --enable-source-maps build/server/index.js
