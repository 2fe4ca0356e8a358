#!/bin/sh
# Screen soak: our server (jar) on a fresh GeoPackage, a planner for the minute-by-minute events, the
# soak in headless Chromium, then 500 open /events streams with the server's memory measured.
#   bench/soak/run.sh [MINUTES] [PORT]     (needs target/xiangtu.jar: mvn -q -DskipTests package)
set -eu
cd "$(dirname "$0")/../.."
MINUTES=${1:-30}
PORT=${2:-7399}
WORK=$(mktemp -d)
OUT=bench/soak/results
mkdir -p "$OUT"
PW="soak-planner-$(date +%s)"
echo "$PW" | java -jar target/xiangtu.jar user add soak --role planner --password-stdin --gpkg "$WORK/soak.gpkg" >/dev/null
java -jar target/xiangtu.jar serve --port "$PORT" --gpkg "$WORK/soak.gpkg" > "$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
for i in $(seq 60); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 1; done
node --experimental-websocket --no-warnings bench/soak/soak.mjs --base "http://127.0.0.1:$PORT" --minutes "$MINUTES" \
  --dwell 5 --event-every 60 --user soak --password "$PW" --out "$OUT/screen-soak.csv"

rss() { awk '/VmRSS/ {print $2}' /proc/$SERVER/status; }
heap() { jcmd $SERVER GC.run >/dev/null 2>&1; jcmd $SERVER GC.heap_info 2>/dev/null | awk '/used/ {for (i=1;i<=NF;i++) if ($i=="used") {print $(i+1); exit}}'; }
threads() { ls /proc/$SERVER/task | wc -l; }
echo "before: rss_kb=$(rss) heap_used=$(heap) threads=$(threads)"
node --no-warnings bench/soak/sse500.mjs "http://127.0.0.1:$PORT" 500 40 &
CLIENTS=$!
sleep 25
echo "500 open: rss_kb=$(rss) heap_used=$(heap) threads=$(threads) established=$(ss -tnH state established "( sport = :$PORT )" | wc -l)"
wait $CLIENTS
sleep 3
echo "after close: rss_kb=$(rss) heap_used=$(heap) threads=$(threads)"
