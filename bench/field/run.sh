#!/usr/bin/env bash
# Xiangtu benchmark: the field app's sync (issue 16, item 8). See bench/README.md, "Field app sync (issue 16)".
#
#   bench/field/run.sh                # GeoPackage store (a fresh copy of the demo county)
#   STORE=postgis bench/field/run.sh  # PostGIS: database xiangtu_bench, dropped and made again
#
# 1. one device syncs N queued visits with one photo each (originals ~3 MB reduced to 1600 px / 0.8 before
#    the run, not timed), sequentially on one keep-alive connection, against the floor: curl sending the same
#    requests, headers and bytes on one connection to a sink that only reads the bodies (FieldSyncBench sink);
#    interleaved rounds, floor first; server CPU time from /proc, heap from the server's GC log;
# 2. DEVICES cadres syncing VISITS visits + photos each at once, then everything again (status counts, rows);
# 3. LISTS requests of GET /api/field/households across the DEVICES cadres (p50/p99).
#
# Environment (all optional): STORE gpkg|postgis, BENCH_JAR (default target/xiangtu.jar), ROUNDS (3), N (200),
# DEVICES (100), VISITS (3), LISTS (2000), PORT (7391), SINK_PORT (7392), XTB_WORK (/tmp/xtb-field),
# OUT (bench/results/field-<date>-<store>), PGHOST PGPORT PGUSER (127.0.0.1 5432 postgres), SERVER_OPTS (extra JVM
# options of the server, e.g. -XX:StartFlightRecording=filename=/tmp/x.jfr for a profile).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
STORE=${STORE:-gpkg}
ROUNDS=${ROUNDS:-3}
N=${N:-200}
DEVICES=${DEVICES:-100}
VISITS=${VISITS:-3}
LISTS=${LISTS:-2000}
PORT=${PORT:-7391}
SINK_PORT=${SINK_PORT:-7392}
WORK=${XTB_WORK:-/tmp/xtb-field}
OUT=${OUT:-$ROOT/bench/results/field-$(date +%F)-$STORE}
JAR=${BENCH_JAR:-$ROOT/target/xiangtu.jar}
PASSWORD=bench-field-password-1
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
unset DATABASE_URL
mkdir -p "$WORK" "$OUT"
log() { printf '%s %s\n' "$(date +%T)" "$*" | tee -a "$OUT/run.log" >&2; }

[ -f "$JAR" ] || mvn -o -q -DskipUnitTests package
[ -f target/cp.txt ] && [ -d target/test-classes/org/xiangtu/bench ] \
  || mvn -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
CP="target/classes:target/test-classes:$(cat target/cp.txt)"
bench() { java -cp "$CP" org.xiangtu.bench.FieldSyncBench "$@"; }

PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

if [ "$STORE" = postgis ]; then
  URL="jdbc:postgresql://$PGHOST:$PGPORT/xiangtu_bench?user=$PGUSER"
  dropdb --if-exists xiangtu_bench && createdb xiangtu_bench
  java -jar "$JAR" import --database-url "$URL" >"$OUT/import.log"
  OPT=(--database-url "$URL")
  count() { psql -d xiangtu_bench -Atc "select (select count(*) from visits), (select count(*) from $1)"; }
else
  rm -rf "$WORK"/xiangtu.gpkg*   # the file, its journal and its uploads folder
  OPT=(--gpkg "$WORK/xiangtu.gpkg")
  count() { sqlite3 "$WORK/xiangtu.gpkg" "select (select count(*) from visits), (select count(*) from $1)"; }
fi

[ -d "$WORK/photos" ] || { log "making the photos (not timed)"; bench photos "$WORK/photos" "$N" | tee -a "$OUT/run.log"; }
log "adding $((DEVICES + 1)) cadres"
bench cadres "${OPT[@]}" $((DEVICES + 1)) "$PASSWORD" | grep "^gb" >"$WORK/cadres.txt"
ONE=$(head -1 "$WORK/cadres.txt")
MANY=($(tail -n +2 "$WORK/cadres.txt"))

java -Xlog:gc:file="$OUT/gc.log" ${SERVER_OPTS:-} -jar "$JAR" serve --port "$PORT" "${OPT[@]}" >"$OUT/server.log" 2>&1 &
SERVER=$!
PIDS+=("$SERVER")
java -cp "$CP" org.xiangtu.bench.FieldSyncBench sink "$SINK_PORT" >"$OUT/sink.log" 2>&1 &   # not through bench(): $! must be the JVM
PIDS+=($!)
BASE=http://127.0.0.1:$PORT
for _ in $(seq 120); do curl -fs "$BASE/health" >/dev/null && break; sleep 1; done
cpu() { awk '{print $14 + $15}' "/proc/$SERVER/stat"; }   # clock ticks, user + system
TCK=$(getconf CLK_TCK)

log "warm-up: $N visits (also writes the curl floor's requests)"
bench sync "$BASE" "$ONE" "$PASSWORD" "$WORK/photos" "$N" "$WORK/curl" "http://127.0.0.1:$SINK_PORT" | tee -a "$OUT/run.log"
for r in $(seq "$ROUNDS"); do
  t0=$(date +%s%N)
  curl -s --http1.1 -K "$WORK/curl/curl.cfg"
  t1=$(date +%s%N)
  log "round $r floor: seconds $(awk "BEGIN{printf \"%.3f\", ($t1 - $t0) / 1e9}")"
  c0=$(cpu)
  line=$(bench sync "$BASE" "$ONE" "$PASSWORD" "$WORK/photos" "$N")
  c1=$(cpu)
  log "round $r ours: $line server-cpu $(awk "BEGIN{printf \"%.2f\", ($c1 - $c0) / $TCK}")"
done

PHOTOS=field_photos
log "rows before (visits, photos): $(count "$PHOTOS" | tr '|' ' ')"
bench devices "$BASE" "$PASSWORD" "$WORK/photos" "$VISITS" "${MANY[@]}" | tee -a "$OUT/run.log"
log "rows after (visits, photos): $(count "$PHOTOS" | tr '|' ' ')"
bench list "$BASE" "$PASSWORD" "$LISTS" "${MANY[@]}" | tee -a "$OUT/run.log"
log "server heap from the GC log: at most $(grep -o '[0-9]*M->[0-9]*M' "$OUT/gc.log" | cut -dM -f1 | sort -n | tail -1) MB used before a GC, at most $(grep -o '[0-9]*M->[0-9]*M' "$OUT/gc.log" | sed 's/.*->//; s/M//' | sort -n | tail -1) MB live after one; $(grep -c Pause "$OUT/gc.log") pauses"
log "server CPU in all: $(awk "BEGIN{printf \"%.1f\", $(cpu) / $TCK}") s; load: $(cut -d' ' -f1-3 /proc/loadavg)"
