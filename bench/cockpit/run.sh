#!/usr/bin/env bash
# Xiangtu benchmark: the cockpit's speed (bench/README.md, "Cockpit").
#   1. time to a fully rendered cockpit (performance.mark('xiangtu:ready')) in fresh headless Chromium
#      sessions: our server (GeoPackage and PostGIS stores) against the same page served as static
#      files by nginx (every response of a real page load saved to disk), loads interleaved;
#   2. the dashboard API's latency on both stores (district, a town, a village, with and without asOf)
#      against the same answers as static files and the raw store reads (floor.py).
#
#   bench/cockpit/run.sh          # about 20 minutes on 2 cores; results in bench/results/<date>-cockpit/
#
# Environment (all optional):
#   BENCH_JAR    server jar (default target/xiangtu.jar; built with mvn -o -DskipTests package if missing)
#   BENCH_REV    what the jar was built from, for env.txt (default: this working tree's commit)
#   BENCH_DB     scratch PostgreSQL database (default xtb_cockpit; created, and dropped at the end unless KEEP_DB=1)
#   PAGE_RUNS    page loads per target (default 15)
#   API_ROUNDS   interleaved rounds of the API runs (default 3)
#   DURATION     seconds per API run (default 4)
#   PGHOST PGPORT PGUSER   PostgreSQL with PostGIS (default 127.0.0.1 5432 postgres, trust auth)
#   XTC_WORK     scratch directory (default /tmp/xtc-cockpit-bench)
#   OUT          results directory (default bench/results/<date>-cockpit)
# Every process it starts listens on 127.0.0.1 only and is stopped on exit.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE=$ROOT/bench/cockpit
cd "$ROOT"

PAGE_RUNS=${PAGE_RUNS:-15}
API_ROUNDS=${API_ROUNDS:-3}
DURATION=${DURATION:-4}
DB=${BENCH_DB:-xtb_cockpit}
unset DATABASE_URL
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
WORK=${XTC_WORK:-/tmp/xtc-cockpit-bench}
OUT=${OUT:-$ROOT/bench/results/$(date +%F)-cockpit}
JAR=${BENCH_JAR:-$ROOT/target/xiangtu.jar}
RAW=$OUT/raw
URL_DB="jdbc:postgresql://$PGHOST:$PGPORT/$DB?user=$PGUSER"
ACCEPT='Accept-Encoding: gzip, deflate, br'   # what Chromium sends

# ---------------------------------------------------------------- prerequisites
APT="apt-get install -y chromium chromium-driver nginx-light wrk curl postgresql-client postgresql-contrib python3 openjdk-17-jre-headless"
for cmd in java python3 chromium chromedriver nginx wrk curl psql pgbench; do
    command -v "$cmd" >/dev/null || { echo "cockpit bench: '$cmd' not found; install the prerequisites: $APT" >&2; exit 1; }
done
nginx -V 2>&1 | grep -q http_gzip_static_module || { echo "cockpit bench: nginx lacks gzip_static; $APT" >&2; exit 1; }
psql -qAtc 'select 1' postgres >/dev/null || { echo "cockpit bench: cannot connect to PostgreSQL at $PGHOST:$PGPORT as $PGUSER" >&2; exit 1; }
if [ ! -f "$JAR" ]; then
    echo "cockpit bench: building $JAR (mvn -q -o -DskipTests package)" >&2
    mvn -q -o -DskipTests package
fi

mkdir -p "$OUT" "$RAW"
rm -rf "$WORK"; mkdir -p "$WORK/nginx-tmp"; chmod 755 "$WORK"
: > "$OUT/run.log"
log() { printf '%s %s\n' "$(date +%T)" "$*" | tee -a "$OUT/run.log" >&2; }
die() { log "FAILED: $*"; exit 1; }
START=$(date +%s)

PIDS=()
cleanup() {
    set +e
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
    sleep 1
    for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null; done
    [ "${KEEP_DB:-0}" = 1 ] || psql -qc "DROP DATABASE IF EXISTS $DB" postgres >/dev/null 2>&1
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
ms_since() { python3 -c "import time,sys; print(round((time.time()-float(sys.argv[1]))*1000))" "$1"; }
now() { python3 -c 'import time; print(time.time())'; }
wait_http() { # URL TIMEOUT_S: polls every 20 ms until 200
    local deadline=$(( $(date +%s) + $2 ))
    until [ "$(curl -s -o /dev/null -w '%{http_code}' "$1" 2>/dev/null)" = 200 ]; do
        [ "$(date +%s)" -lt "$deadline" ] || return 1
        sleep 0.02
    done
}

# ---------------------------------------------------------------- environment
{
    echo "date: $(date -Is)"
    echo "rev: ${BENCH_REV:-$(git rev-parse --short HEAD 2>/dev/null) (working tree)}"
    echo "jar: $JAR ($(stat -c %s "$JAR") bytes)"
    echo "host: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "java: $(java -version 2>&1 | head -1)"
    echo "chromium: $(chromium --version 2>/dev/null)"
    echo "chromedriver: $(chromedriver --version)"
    echo "nginx: $(nginx -v 2>&1)"
    echo "wrk: $(wrk -v 2>&1 | head -1)"
    echo "postgres: $(psql -qAtc 'select version()' postgres)"
    echo "python sqlite3: $(python3 -c 'import sqlite3; print(sqlite3.sqlite_version)')"
    echo "settings: PAGE_RUNS=$PAGE_RUNS API_ROUNDS=$API_ROUNDS DURATION=$DURATION"
} > "$OUT/env.txt"

# ---------------------------------------------------------------- stores
log "importing data/ into PostGIS ($DB) and into a GeoPackage"
psql -qc "DROP DATABASE IF EXISTS $DB" postgres >/dev/null 2>&1
psql -qc "CREATE DATABASE $DB" postgres >/dev/null
java -jar "$JAR" import --database-url "$URL_DB" > "$RAW/import-pg.log" 2>&1 || die "import into PostGIS; see $RAW/import-pg.log"
psql -qc "VACUUM ANALYZE" "$DB" >/dev/null
GPKG=$WORK/demo.gpkg
java -jar "$JAR" import --gpkg "$GPKG" > "$RAW/import-gpkg.log" 2>&1 || die "import into $GPKG; see $RAW/import-gpkg.log"

# ---------------------------------------------------------------- our servers, cold start
declare -A PORT
start_server() { # NAME STORE-ARGS...
    local name=$1; shift
    PORT[$name]=$(free_port)
    local t0; t0=$(now)
    java -jar "$JAR" serve --host 127.0.0.1 --port "${PORT[$name]}" "$@" > "$RAW/server-$name.log" 2>&1 &
    PIDS+=($!)
    wait_http "http://127.0.0.1:${PORT[$name]}/health" 120 || die "$name does not start; see $RAW/server-$name.log"
    local up; up=$(ms_since "$t0")
    # the first dashboard request, right after the server listens (its warm-up thread may still run)
    local first; first=$(curl -s -o /dev/null -H "$ACCEPT" -w '%{http_code} %{time_total}' "http://127.0.0.1:${PORT[$name]}/api/dashboard")
    [ "${first%% *}" = 200 ] || die "$name: /api/dashboard answers ${first%% *}"
    printf '%s\tstart_to_listen\t%s\n' "$name" "$up" >> "$OUT/cold.tsv"
    printf '%s\tfirst_dashboard\t%s\n' "$name" "$(python3 -c "print(round(float('${first#* }')*1000))")" >> "$OUT/cold.tsv"
    log "$name listening on ${PORT[$name]} after $up ms; first /api/dashboard ${first#* } s"
}
printf 'target\twhat\tms\n' > "$OUT/cold.tsv"
start_server gpkg --gpkg "$GPKG"
start_server pg --database-url "$URL_DB"

# the scopes: the district, the town with the median number of villages, that town's first village
base="http://127.0.0.1:${PORT[gpkg]}"
curl -s "$base/api/dashboard" > "$WORK/district.json"
read -r DISTRICT TOWN VILLAGE DATA_ASOF ASOF < <(python3 - "$WORK/district.json" <<'EOF'
import collections, json, sys
d = json.load(open(sys.argv[1]))
count = collections.Counter(v["town_code"] for v in d["villages"])
towns = sorted(count, key=lambda t: (count[t], t))
town = towns[len(towns) // 2]
village = min(v["code"] for v in d["villages"] if v["town_code"] == town)
year = int(d["asOf"][:4])
print(d["scope"]["code"], town, village, d["asOf"], f"{year - 1}-12-31")
EOF
)
log "scopes: district $DISTRICT, town $TOWN, village $VILLAGE; data as of $DATA_ASOF; asOf variant $ASOF"
echo "scopes: district $DISTRICT, town $TOWN, village $VILLAGE; data as of $DATA_ASOF; asOf variant $ASOF" >> "$OUT/env.txt"
# endpoint name, path, floor scope, floor code, floor as-of date
ENDPOINTS=(
    "district|/api/dashboard|district|$DISTRICT|$DATA_ASOF"
    "district_asof|/api/dashboard?asOf=$ASOF|district|$DISTRICT|$ASOF"
    "town|/api/dashboard/towns/$TOWN|town|$TOWN|$DATA_ASOF"
    "town_asof|/api/dashboard/towns/$TOWN?asOf=$ASOF|town|$TOWN|$ASOF"
    "village|/api/dashboard/villages/$VILLAGE|village|$VILLAGE|$DATA_ASOF"
    "village_asof|/api/dashboard/villages/$VILLAGE?asOf=$ASOF|village|$VILLAGE|$ASOF"
)
# first request of every other endpoint (a new scope, a new date: nothing cached for it yet)
for t in gpkg pg; do
    for e in "${ENDPOINTS[@]:1}"; do
        IFS='|' read -r name path _ <<< "$e"
        first=$(curl -s -o /dev/null -H "$ACCEPT" -w '%{http_code} %{time_total}' "http://127.0.0.1:${PORT[$t]}$path")
        [ "${first%% *}" = 200 ] || die "$t $path answers ${first%% *}"
        printf '%s\tfirst_%s\t%s\n' "$t" "$name" "$(python3 -c "print(round(float('${first#* }')*1000))")" >> "$OUT/cold.tsv"
    done
done

# ---------------------------------------------------------------- the static floor
log "saving the responses of one page load, for nginx"
DRIVER_PORT=$(free_port)
chromedriver --port="$DRIVER_PORT" --allowed-ips=127.0.0.1 > "$RAW/chromedriver.log" 2>&1 &
PIDS+=($!)
wait_http "http://127.0.0.1:$DRIVER_PORT/status" 30 || die "chromedriver does not start"
DRIVER=http://127.0.0.1:$DRIVER_PORT
python3 "$HERE/pageload.py" capture --driver "$DRIVER" --url "$base/" > "$WORK/urls.txt" 2>> "$OUT/run.log" \
    || die "the cockpit does not get ready on $base/"
for e in "${ENDPOINTS[@]}"; do IFS='|' read -r _ path _ <<< "$e"; echo "$base$path" >> "$WORK/urls.txt"; done
sort -u -o "$WORK/urls.txt" "$WORK/urls.txt"
python3 "$HERE/mirror.py" "$WORK/urls.txt" "$WORK/mirror" 2>> "$OUT/run.log"
chmod -R a+rX "$WORK/mirror"
cp "$WORK/urls.txt" "$RAW/urls.txt"
PORT[static]=$(free_port)
sed -e "s#@DIR@#$WORK#g" -e "s#@ROOT@#$WORK/mirror#g" -e "s#@PORT@#${PORT[static]}#g" "$HERE/nginx.conf.in" > "$WORK/nginx.conf"
nginx -p "$WORK" -c "$WORK/nginx.conf" > "$RAW/nginx.log" 2>&1 &
PIDS+=($!)
wait_http "http://127.0.0.1:${PORT[static]}/" 10 || die "nginx does not serve the mirror; see $WORK/nginx-error.log"
# same bytes: every saved URL must answer the same body from nginx as from our server (but the items'
# "timeStamp", which is the time of the answer)
same_body() { sed -E 's/^(\{"type":"FeatureCollection","timeStamp":")[^"]*"/\1"/'; }
while read -r url; do
    path=${url#"$base"}
    cmp -s <(curl -s "$url" | same_body) <(curl -s "http://127.0.0.1:${PORT[static]}$path" | same_body) \
        || die "nginx does not answer $path as saved"
done < "$WORK/urls.txt"
log "static floor on ${PORT[static]}: $(wc -l < "$WORK/urls.txt") responses"

# ---------------------------------------------------------------- warm-up
log "warm-up: 20 requests of each endpoint, 2 page loads per target"
for t in gpkg pg; do
    for e in "${ENDPOINTS[@]}"; do
        IFS='|' read -r _ path _ <<< "$e"
        for _ in $(seq 20); do curl -s -o /dev/null -H "$ACCEPT" "http://127.0.0.1:${PORT[$t]}$path"; done
    done
done
python3 "$HERE/pageload.py" run --driver "$DRIVER" --runs 2 --out "$RAW/page-warmup.tsv" \
    "static=http://127.0.0.1:${PORT[static]}/" "gpkg=http://127.0.0.1:${PORT[gpkg]}/" "pg=http://127.0.0.1:${PORT[pg]}/" \
    2>> "$OUT/run.log"

# ---------------------------------------------------------------- 1. page loads
log "page loads: $PAGE_RUNS rounds of static, gpkg, pg (order rotated every round)"
rm -f "$OUT/page.tsv"
rm -f "$RAW/page-resources.jsonl"
python3 "$HERE/pageload.py" run --driver "$DRIVER" --runs "$PAGE_RUNS" --out "$OUT/page.tsv" --resources "$RAW/page-resources.jsonl" \
    "static=http://127.0.0.1:${PORT[static]}/" "gpkg=http://127.0.0.1:${PORT[gpkg]}/" "pg=http://127.0.0.1:${PORT[pg]}/" \
    2>> "$OUT/run.log" || die "page loads; see $OUT/run.log"

# ---------------------------------------------------------------- 2. dashboard API
for e in "${ENDPOINTS[@]}"; do
    IFS='|' read -r name _ scope code asof <<< "$e"
    python3 "$HERE/floor.py" sql postgis "$GPKG" "$scope" "$code" "$asof" > "$WORK/floor-$name.sql"
    python3 "$HERE/floor.py" sql sqlite "$GPKG" "$scope" "$code" "$asof" > "$RAW/floor-$name.sqlite.sql"
    cp "$WORK/floor-$name.sql" "$RAW/floor-$name.postgis.sql"
done

run_target() { # ROUND ENDPOINT TARGET PATH SCOPE CODE ASOF
    local round=$1 name=$2 t=$3 path=$4 scope=$5 code=$6 asof=$7 line
    case $t in
        gpkg|pg|static)
            line=$(wrk -t1 -c1 -d"${DURATION}s" -H "$ACCEPT" -s "$HERE/latency.lua" "http://127.0.0.1:${PORT[$t]}$path" \
                | tee "$RAW/wrk-$round-$name-$t.txt" | grep '^WRK' | cut -f2-)
            ;;
        raw_gpkg)
            line=$(python3 "$HERE/floor.py" sqlite "$GPKG" "$scope" "$code" "$asof" "$DURATION" \
                | python3 -c 'import json,sys; d=json.load(sys.stdin); print("\t".join(str(x) for x in (d["n"],0,0,d["p50_ms"],d["p95_ms"],d["p99_ms"],d["mean_ms"])))')
            ;;
        raw_pg)
            rm -f "$WORK"/pgbench_log.*
            (cd "$WORK" && pgbench -n -M prepared -c1 -j1 -T "$DURATION" -l -f "$WORK/floor-$name.sql" "$DB" > "$RAW/pgbench-$round-$name.txt" 2>&1)
            line=$(python3 "$HERE/pgbench_stats.py" "$WORK"/pgbench_log.* \
                | python3 -c 'import json,sys; d=json.load(sys.stdin); print("\t".join(str(x) for x in (d["n"],0,0,d["p50_ms"],d["p95_ms"],d["p99_ms"],d["mean_ms"])))')
            ;;
    esac
    printf '%s\t%s\t%s\t%s\n' "$round" "$name" "$t" "$line" >> "$OUT/api.tsv"
}
printf 'round\tendpoint\ttarget\trequests\tsocket_errors\tnon2xx\tp50_ms\tp95_ms\tp99_ms\tmean_ms\n' > "$OUT/api.tsv"
TARGETS=(gpkg pg static raw_gpkg raw_pg)
for round in $(seq "$API_ROUNDS"); do
    log "API round $round of $API_ROUNDS ($DURATION s per run)"
    for i in "${!ENDPOINTS[@]}"; do
        IFS='|' read -r name path scope code asof <<< "${ENDPOINTS[$i]}"
        k=$(( (round + i) % ${#TARGETS[@]} ))
        order=("${TARGETS[@]:$k}" "${TARGETS[@]:0:$k}")
        for t in "${order[@]}"; do run_target "$round" "$name" "$t" "$path" "$scope" "$code" "$asof"; done
    done
done

# ---------------------------------------------------------------- summary
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg); wall clock $(( $(date +%s) - START )) s" >> "$OUT/env.txt"
python3 "$HERE/summarize.py" "$OUT" > "$OUT/summary.md"
log "done in $(( $(date +%s) - START )) s: $OUT/summary.md"
cat "$OUT/summary.md"
