#!/usr/bin/env bash
# Xiangtu benchmark: the relapse watch's rules (issue 17, item 7). See bench/README.md, "Relapse watch (issue 17)".
#
#   bench/watch/run.sh             # PostGIS database xiangtu_watchbench (dropped and made again), SIZE households
#   SIZE=50000 bench/watch/run.sh  # a smaller province
#
# 1. load: the demo data imported (Flyway migrate, COPY), households copied with new codes up to SIZE (same mix),
#    one in 200 given a visit that reported an event in the last 30 days; alerts emptied (not timed as the bench);
# 2. the floor: the 7 rules as one SELECT of (rule, household) hits, read over JDBC, FLOOR_RUNS times;
# 3. RelapseWatch.runAll through PostgisStore.openWork(): first run (opens the alerts), second (opens none);
# 4. CHECKS households changed (UPDATE of one guarantee) then RelapseWatch.check(code) timed: p50/p99;
# 5. the same runAll/check on a GeoPackage of the demo county (4,448 households) for reference;
# 6. the watch view's API (WatchApiBench): GET /api/watch/summary over HTTP on this database and on the demo county.
#
# Environment (all optional): SIZE (500000), CHECKS (1000), FLOOR_RUNS (3), GPKG (1: also the GeoPackage),
# API (1: step 6), API_N (200), API_COLD (30),
# XTB_DB (xiangtu_watchbench), XTB_WORK (/tmp/xtb-watch), OUT (bench/results/watch-<date>), PGHOST PGPORT PGUSER (127.0.0.1 5432 postgres).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
SIZE=${SIZE:-500000}
CHECKS=${CHECKS:-1000}
FLOOR_RUNS=${FLOOR_RUNS:-3}
WORK=${XTB_WORK:-/tmp/xtb-watch}
OUT=${OUT:-$ROOT/bench/results/watch-$(date +%F)}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
DB=${XTB_DB:-xiangtu_watchbench}
URL="jdbc:postgresql://$PGHOST:$PGPORT/$DB?user=$PGUSER"
mkdir -p "$WORK" "$OUT"
log() { printf '%s %s\n' "$(date +%T)" "$*" | tee -a "$OUT/run.log" >&2; }

[ -f target/cp.txt ] && [ -f target/test-classes/org/xiangtu/bench/WatchBench.class ] \
  || mvn -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
CP="target/classes:target/test-classes:$(cat target/cp.txt)"
bench() { java -Xmx2g -cp "$CP" org.xiangtu.bench.WatchBench "$@" 2>>"$OUT/java.log" | tee -a "$OUT/run.log"; }

log "machine: $(nproc) CPUs, $(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo), $(psql -d postgres -Atc 'show server_version'), load $(cut -d' ' -f1-3 /proc/loadavg)"
dropdb --if-exists "$DB" && createdb "$DB"
log "load: $SIZE households"
bench load "$URL" "$SIZE"
log "floor: the rules as one SQL statement"
bench floor "$URL" "$FLOOR_RUNS"
log "RelapseWatch on PostGIS"
bench postgis "$URL" "$CHECKS"
log "floor again (after the runs)"
bench floor "$URL" 1
if [ "${GPKG:-1}" = 1 ]; then
  log "RelapseWatch on the GeoPackage (demo county)"
  bench gpkg "$WORK/watch.gpkg" "$CHECKS"
fi
if [ "${API:-1}" = 1 ]; then
  # the watch view's API over HTTP (bench/README.md, "Watch view API (issue 17)"): the app on this database, then
  # on a GeoPackage of the demo county; API_N warm requests and API_COLD cold ones (each after a change) per case
  log "watch view API on PostGIS (province)"
  java -Xmx2g -cp "$CP" org.xiangtu.bench.WatchApiBench postgis "$URL" "${API_N:-200}" "${API_COLD:-30}" 2>>"$OUT/java.log" | tee -a "$OUT/run.log"
  log "watch view API on the GeoPackage (demo county)"
  java -Xmx2g -cp "$CP" org.xiangtu.bench.WatchApiBench gpkg "$WORK/watch-api.gpkg" "${API_N:-200}" "${API_COLD:-30}" 2>>"$OUT/java.log" | tee -a "$OUT/run.log"
fi
log "done; load $(cut -d' ' -f1-3 /proc/loadavg)"
