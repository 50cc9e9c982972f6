#!/usr/bin/env bash
# `npm start` as a newcomer runs it (client build, local LiveKit, server), until /readyz answers 200;
# then Ctrl-C (SIGINT), and nothing may be left running. Used by CI on each supported Node.
set -euo pipefail
cd "$(dirname "$0")/.."
port=${SMOKE_PORT:-3917}
data=$(mktemp -d)
log="$data/start.log"
PORT=$port LIVEKIT_PORT=${SMOKE_LIVEKIT_PORT:-17990} DATABASE_PATH="$data/caucus.db" setsid npm start >"$log" 2>&1 &
pid=$!
ready=""
for _ in $(seq 1 240); do
  if curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; then ready=yes; break; fi
  kill -0 "$pid" 2>/dev/null || break
  sleep 1
done
kill -INT -- "-$pid" 2>/dev/null || true
for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
if [ -z "$ready" ]; then
  echo "npm start on Node $(node -v) did not become ready:"; cat "$log"; exit 1
fi
if ss -ltn | grep -q ":${SMOKE_LIVEKIT_PORT:-17990} "; then
  echo "npm start left LiveKit running after Ctrl-C"; exit 1
fi
echo "npm start on Node $(node -v): /readyz 200; stopped cleanly"
grep -E "Caucus is running|host link" "$log" || true
rm -rf "$data"
