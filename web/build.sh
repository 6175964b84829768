#!/bin/sh
# Regenerates the typed operations (src/gql) from the schema and the built
# app (dist) that embed.go embeds; run by `go generate ./...`. npm ci runs
# only when node_modules does not match package-lock.json.
set -eu
cd "$(dirname "$0")"
if ! command -v npm >/dev/null 2>&1; then
	echo "web: building the app needs Node 20+ and npm" >&2
	exit 1
fi
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat node_modules/.lock-sha256 2>/dev/null || true)" != "$want" ]; then
	npm ci --no-audit --no-fund --loglevel=error
	echo "$want" >node_modules/.lock-sha256
fi
# Quiet when it works; everything the build said when it does not.
if ! log=$(npm run --silent build 2>&1); then
	printf '%s\n' "$log" >&2
	exit 1
fi
npm run --silent size
