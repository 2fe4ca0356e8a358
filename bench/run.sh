#!/usr/bin/env bash
# Xiangtu benchmark: OGC API Features bbox pages, ours vs the PostGIS floor vs MapServer 8, at
# district and province scale, plus the import comparison with ogr2ogr. See bench/README.md.
#
#   bench/run.sh                 # everything, about 15 minutes on 2 cores
#
# Environment (all optional):
#   (the server refuses unknown XIANGTU_* variables, hence BENCH_*)
#   BENCH_JAR     server jar (default target/xiangtu.jar; built with mvn -o -DskipTests package if missing)
#   BENCH_REV     what the jar was built from, for env.txt (default: this working tree's commit)
#   BENCH_JAVA_OPTS  JVM options for our servers (default none: java -jar as the README runs it)
#   DURATION      seconds per measured load run (default 10)
#   ROUNDS        interleaved rounds of all load runs (default 2)
#   WARMUP        seconds of warm-up load per HTTP target before round 1 (default 30 for ours, 5 for MapServer)
#   IMPORT_RUNS   timed imports each way (default 2)
#   N             synthetic province villages (default 200000)
#   MS_PROCS      MapServer FastCGI processes (default 8: one per client at 8 clients)
#   PGHOST PGPORT PGUSER   PostgreSQL with PostGIS (default 127.0.0.1 5432 postgres, trust auth)
#   XTB_WORK      scratch directory for the large files (default /tmp/xtb-bench; about 0.6 GB)
#   OUT           results directory (default bench/results/<date>)
#   KEEP_DBS=1    keep the databases xtb_district, xtb_province, xtb_ogr afterwards (default: dropped)
#
# It creates (and by default drops) the databases xtb_district, xtb_province and xtb_ogr. Every
# process it starts listens on 127.0.0.1 only and is stopped on exit.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH=$ROOT/bench
cd "$ROOT"

DURATION=${DURATION:-10}
ROUNDS=${ROUNDS:-2}
WARMUP=${WARMUP:-}
IMPORT_RUNS=${IMPORT_RUNS:-2}
N=${N:-200000}
MS_PROCS=${MS_PROCS:-8}
LIMIT=500
unset DATABASE_URL   # our gpkg servers must not pick up a database from the caller's environment
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
WORK=${XTB_WORK:-/tmp/xtb-bench}
OUT=${OUT:-$BENCH/results/$(date +%F)}
JAR=${BENCH_JAR:-$ROOT/target/xiangtu.jar}
RAW=$OUT/raw
MS=$WORK/mapserver
DBS=(xtb_district xtb_province xtb_ogr)
jdbc() { echo "jdbc:postgresql://$PGHOST:$PGPORT/$1?user=$PGUSER"; }

log() { printf '%s %s\n' "$(date +%T)" "$*" | tee -a "$OUT/run.log" >&2; }
die() { log "FAILED: $*"; exit 1; }

# ---------------------------------------------------------------- prerequisites
APT="apt-get install -y mapserver-bin cgi-mapserver nginx spawn-fcgi wrk postgresql-client postgresql-contrib gdal-bin python3 curl"
for cmd in java python3 psql pgbench wrk nginx spawn-fcgi ogr2ogr curl; do
    command -v "$cmd" >/dev/null || { echo "bench: '$cmd' not found; install the prerequisites: $APT" >&2; exit 1; }
done
[ -x /usr/lib/cgi-bin/mapserv ] || { echo "bench: /usr/lib/cgi-bin/mapserv not found; install the prerequisites: $APT" >&2; exit 1; }
psql -qAtc 'select 1' postgres >/dev/null || { echo "bench: cannot connect to PostgreSQL at $PGHOST:$PGPORT as $PGUSER" >&2; exit 1; }
if [ ! -f "$JAR" ]; then
    echo "bench: building $JAR (mvn -q -o -DskipTests package)" >&2
    mvn -q -o -DskipTests package
fi

mkdir -p "$OUT" "$RAW" "$WORK"
rm -rf "$MS"; mkdir -p "$MS/nginx-tmp"
chmod 755 "$WORK" "$MS"
: > "$OUT/run.log"
START=$(date +%s)

# ---------------------------------------------------------------- clean-up on exit
PIDS=()
cleanup() {
    set +e
    local ms_pids=()
    [ -f "$MS/spawn.pid" ] && ms_pids=($(cat "$MS/spawn.pid"))
    # mapserv's FastCGI loop only acts on SIGTERM after its next request, so it gets SIGKILL below
    for pid in "${PIDS[@]}" "${ms_pids[@]}"; do kill "$pid" 2>/dev/null; done
    sleep 1
    for pid in "${PIDS[@]}" "${ms_pids[@]}"; do kill -9 "$pid" 2>/dev/null; done
    if [ "${KEEP_DBS:-0}" != 1 ]; then
        for db in "${DBS[@]}"; do psql -qc "DROP DATABASE IF EXISTS $db" postgres >/dev/null 2>&1; done
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# ---------------------------------------------------------------- environment
{
    echo "date: $(date -Is)"
    echo "host: $(uname -srm), $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB"
    echo "xiangtu jar: $JAR, $(stat -c '%s bytes, built %y' "$JAR"), sha256 $(sha256sum "$JAR" | cut -c1-12)"
    echo "jar source: ${BENCH_REV:-the working tree at $(git rev-parse --short HEAD 2>/dev/null)$(git diff --quiet HEAD -- src pom.xml 2>/dev/null || echo ' with uncommitted changes in src/ or pom.xml')}"
    echo "java: $(java -version 2>&1 | head -1)"
    echo "postgresql: $(psql -qAtc 'show server_version' postgres), postgis $(psql -qAtc "select default_version from pg_available_extensions where name='postgis'" postgres)"
    echo "pgbench: $(pgbench --version)"
    echo "mapserver: $(/usr/lib/cgi-bin/mapserv -v | head -1 | cut -c1-40)"
    echo "nginx: $(nginx -v 2>&1)"
    echo "wrk: $(wrk -v 2>&1 | head -1)"
    echo "gdal: $(ogr2ogr --version)"
    echo "settings: DURATION=$DURATION ROUNDS=$ROUNDS IMPORT_RUNS=$IMPORT_RUNS N=$N MS_PROCS=$MS_PROCS LIMIT=$LIMIT"
} > "$OUT/env.txt"
cat "$OUT/env.txt" >&2

# ---------------------------------------------------------------- data
for db in "${DBS[@]}"; do
    psql -qc "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" postgres
done
psql -qc 'CREATE EXTENSION postgis' xtb_ogr

log "generating $N synthetic villages"
python3 "$BENCH/gen_villages.py" "$WORK/villages.geojson" "$N"
ls -l "$WORK/villages.geojson" >> "$OUT/run.log"

log "district: import data/ into PostGIS and into a GeoPackage"
java -jar "$JAR" import --database-url "$(jdbc xtb_district)" > "$RAW/import-district-pg.log" 2>&1 || die "district import (PostGIS), see $RAW/import-district-pg.log"
rm -f "$WORK/district.gpkg"
java -jar "$JAR" import --gpkg "$WORK/district.gpkg" > "$RAW/import-district-gpkg.log" 2>&1 || die "district import (GeoPackage)"

# Times one command; appends "what, run, seconds, extra" to import.tsv.
echo -e "what\trun\tseconds\tnote" > "$OUT/import.tsv"
timed() {
    local what=$1 run=$2 logf=$3; shift 3
    local t0 t1
    t0=$(date +%s.%N)
    "$@" > "$logf" 2>&1 || die "$what (run $run), see $logf"
    t1=$(date +%s.%N)
    local note
    note=$(grep -o 'features in [0-9]* ms' "$logf" | tail -1 || true)
    printf '%s\t%s\t%.2f\t%s\n' "$what" "$run" "$(awk -v a="$t0" -v b="$t1" 'BEGIN{print b - a}')" "$note" | tee -a "$OUT/import.tsv" >&2
}

log "province: our import --gpkg of the GeoJSON (builds the GeoPackage both servers read)"
rm -f "$WORK/province.gpkg"
timed "xiangtu import --gpkg (GeoJSON -> GeoPackage)" 1 "$RAW/import-province-gpkg.log" \
    java -jar "$JAR" import --gpkg "$WORK/province.gpkg" "$WORK/villages.geojson"

log "import comparison: xiangtu import --database-url vs ogr2ogr, $IMPORT_RUNS runs each, interleaved"
for r in $(seq 1 "$IMPORT_RUNS"); do
    timed "xiangtu import --database-url (GeoJSON -> PostGIS)" "$r" "$RAW/import-province-pg-$r.log" \
        java -jar "$JAR" import --database-url "$(jdbc xtb_province)" "$WORK/villages.geojson"
    timed "xiangtu import --database-url (GeoPackage -> PostGIS)" "$r" "$RAW/import-province-pg-gpkg-$r.log" \
        java -jar "$JAR" import --database-url "$(jdbc xtb_province)" "$WORK/province.gpkg"
    timed "ogr2ogr (GeoPackage -> PostGIS)" "$r" "$RAW/ogr2ogr-gpkg-$r.log" \
        ogr2ogr -f PostgreSQL "PG:host=$PGHOST port=$PGPORT user=$PGUSER dbname=xtb_ogr" "$WORK/province.gpkg" villages \
        -nln villages -lco GEOMETRY_NAME=geom -lco FID=fid -gt unlimited -overwrite
done
timed "ogr2ogr (GeoJSON -> PostGIS), reference" 1 "$RAW/ogr2ogr-geojson.log" \
    ogr2ogr -f PostgreSQL "PG:host=$PGHOST port=$PGPORT user=$PGUSER dbname=xtb_ogr" "$WORK/villages.geojson" \
    -nln villages_geojson -lco GEOMETRY_NAME=geom -lco FID=fid -gt unlimited -overwrite
psql -qc 'DROP TABLE IF EXISTS villages_geojson' xtb_ogr

# A clean, analysed table for the load runs (re-imports leave dead rows behind; autovacuum must not
# start in the middle of a run). The floor and both servers read this same table.
for db in xtb_district xtb_province; do psql -qc 'VACUUM ANALYZE villages' "$db"; done
psql -qc 'CHECKPOINT' postgres

# ---------------------------------------------------------------- servers
declare -A PORT
start_ours() { # name store-args...
    local name=$1; shift
    PORT[$name]=$(free_port)
    java ${BENCH_JAVA_OPTS:-} -jar "$JAR" serve --host 127.0.0.1 --port "${PORT[$name]}" "$@" > "$RAW/server-$name.log" 2>&1 &
    PIDS+=($!)
    SERVER_PID[$name]=$!
}
declare -A SERVER_PID
log "starting our servers"
start_ours ours_pg_district --database-url "$(jdbc xtb_district)"
start_ours ours_gpkg_district --gpkg "$WORK/district.gpkg"
start_ours ours_pg_province --database-url "$(jdbc xtb_province)"
start_ours ours_gpkg_province --gpkg "$WORK/province.gpkg"

log "starting MapServer ($MS_PROCS FastCGI processes) behind nginx"
NGINX_PORT=$(free_port)
sed -e "s#@DIR@#$MS#g" "$BENCH/mapserver/mapserver.conf.in" > "$MS/mapserver.conf"
for scale in district province; do
    sed -e "s#@ALIAS@#${scale}_pg#g" -e "s#@NGINX_PORT@#$NGINX_PORT#g" -e "s#@SOURCE@#CONNECTIONTYPE POSTGIS\n    CONNECTION \"host=$PGHOST port=$PGPORT dbname=xtb_$scale user=$PGUSER\"\n    DATA \"geom FROM villages USING UNIQUE id USING SRID=4490\"\n    PROCESSING \"CLOSE_CONNECTION=DEFER\"#" \
        "$BENCH/mapserver/villages.map.in" > "$MS/${scale}_pg.map"
    sed -e "s#@ALIAS@#${scale}_gpkg#g" -e "s#@NGINX_PORT@#$NGINX_PORT#g" -e "s#@SOURCE@#CONNECTIONTYPE OGR\n    CONNECTION \"$WORK/$scale.gpkg\"\n    DATA \"villages\"#" \
        "$BENCH/mapserver/villages.map.in" > "$MS/${scale}_gpkg.map"
done
touch "$MS/mapserver-errors.log"; chmod 666 "$MS/mapserver-errors.log"
MS_USER=(); [ "$(id -u)" = 0 ] && MS_USER=(-u nobody -g nogroup)   # spawn-fcgi refuses to run children as root
MAPSERVER_CONFIG_FILE=$MS/mapserver.conf spawn-fcgi -s "$MS/mapserv.sock" -M 0666 -F "$MS_PROCS" "${MS_USER[@]}" \
    -P "$MS/spawn.pid" -- /usr/lib/cgi-bin/mapserv > "$RAW/spawn-fcgi.log" 2>&1 || die "spawn-fcgi, see $RAW/spawn-fcgi.log"
sed -e "s#@DIR@#$MS#g" -e "s#@PORT@#$NGINX_PORT#g" -e "s#@SOCKET@#$MS/mapserv.sock#g" "$BENCH/nginx/nginx.conf.in" > "$MS/nginx.conf"
nginx -p "$MS" -c "$MS/nginx.conf" > "$RAW/nginx.log" 2>&1 &
NGINX_PID=$!
PIDS+=($NGINX_PID)

# base URL and path prefix of each HTTP target
declare -A BASE PREFIX
for scale in district province; do
    for store in pg gpkg; do
        BASE[ours_${store}_$scale]=http://127.0.0.1:${PORT[ours_${store}_$scale]}
        PREFIX[ours_${store}_$scale]="/ogc/collections/villages/items?"
        BASE[ms_${store}_$scale]=http://127.0.0.1:$NGINX_PORT
        PREFIX[ms_${store}_$scale]="/ms/${scale}_$store/ogcapi/collections/villages/items?f=json&"
    done
done
for t in "${!BASE[@]}"; do
    grep "^${t##*_} " "$BENCH/bboxes.txt" | awk -v p="${PREFIX[$t]}" -v l="$LIMIT" \
        '{printf "%sbbox=%s,%s,%s,%s&limit=%s\n", p, $2, $3, $4, $5, l}' > "$MS/$t.paths"
done
# pgbench scripts: one file per bbox, the committed SQL with the bbox's \set lines in front
for scale in district province; do
    i=0
    while read -r _ x0 y0 x1 y1; do
        i=$((i + 1))
        for q in rows count_rows; do
            { printf '\\set x0 %s\n\\set y0 %s\n\\set x1 %s\n\\set y1 %s\n\\set lim %s\n' "$x0" "$y0" "$x1" "$y1" "$LIMIT"
              cat "$BENCH/pgbench/$q.sql"; } > "$MS/$q-$scale-$i.sql"
        done
    done < <(grep "^$scale " "$BENCH/bboxes.txt")
done

log "waiting for the servers"
for t in "${!BASE[@]}"; do
    ok=0
    for _ in $(seq 1 240); do
        code=$(curl -s -o /dev/null -w '%{http_code}' "${BASE[$t]}$(head -1 "$MS/$t.paths")" || true)
        [ "$code" = 200 ] && { ok=1; break; }
        if [ -n "${SERVER_PID[$t]:-}" ] && ! kill -0 "${SERVER_PID[$t]}" 2>/dev/null; then break; fi
        sleep 0.5
    done
    [ $ok = 1 ] || die "$t does not answer 200 (last: $code); see $RAW/server-$t.log, $MS/nginx-error.log, $MS/mapserver-errors.log"
done

# ---------------------------------------------------------------- same answers?
log "checking that every target returns the same features for every bbox"
CHECK_ARGS=(); for t in "${!BASE[@]}"; do CHECK_ARGS+=("$t" "${BASE[$t]}"); done
python3 - "$OUT/check.tsv" "$MS" "$LIMIT" "${CHECK_ARGS[@]}" <<'PY' || log "WARNING: the targets do not return the same features for every bbox; see $OUT/check.tsv"
import json, subprocess, sys, urllib.request
out, ms, limit = sys.argv[1], sys.argv[2], sys.argv[3]
kv = sys.argv[4:]
base = {kv[i]: kv[i + 1] for i in range(0, len(kv), 2)}
ok = True
with open(out, "w") as f:
    names = ("ours_pg", "ours_gpkg", "ms_pg", "ms_gpkg")
    f.write("scale\tbbox\tfloor_rows\t" + "\t".join(names) + "\tsame_ids\n")
    for scale in ("district", "province"):
        targets = [f"{n}_{scale}" for n in names]
        paths = {t: open(f"{ms}/{t}.paths").read().split() for t in targets}
        for i in range(len(paths[targets[0]])):
            counts, ids = [], []
            for t in targets:
                d = json.load(urllib.request.urlopen(base[t] + paths[t][i]))
                counts.append(len(d["features"]))
                ids.append(sorted(str(x.get("id")) for x in d["features"]))
            sql = open(f"{ms}/rows-{scale}-{i + 1}.sql").read()
            b = [l.split()[2] for l in sql.splitlines() if l.startswith("\\set")]
            rows = subprocess.run(["psql", "-qAt", "-c",
                "SELECT count(*) FROM (SELECT 1 FROM villages t WHERE t.geom && ST_MakeEnvelope(%s,%s,%s,%s,4490) "
                "AND ST_Intersects(t.geom, ST_MakeEnvelope(%s,%s,%s,%s,4490)) LIMIT %s) x" % (*b[:4], *b[:4], b[4]),
                "xtb_" + scale], capture_output=True, text=True, check=True).stdout.strip()
            same = all(x == ids[0] for x in ids) and str(counts[0]) == rows
            ok &= same
            f.write(f"{scale}\t{','.join(b[:4])}\t{rows}\t" + "\t".join(map(str, counts)) + f"\t{'yes' if same else 'NO'}\n")
sys.exit(0 if ok else 1)
PY
column -t "$OUT/check.tsv" >&2

# ---------------------------------------------------------------- load runs
echo -e "round\tscale\tclients\ttarget\trate_per_s\tlatency_mean_ms\tlatency_p99_ms\tbytes_per_request\terrors\tdb_cpu_ms_per_page\tserver_cpu_ms_per_page\tloadavg_before" > "$OUT/raw.tsv"

# the processes whose CPU counts as "server": our JVM, or MapServer's FastCGI processes + nginx
server_pids() { # target (ours_pg, ms_gpkg, ...) scale
    case $1 in
        ours_*) echo "${SERVER_PID[${1}_$2]}" ;;
        ms_*) echo "$(cat "$MS/spawn.pid") $NGINX_PID $(pgrep -P "$NGINX_PID" | tr '\n' ' ')" ;;
    esac
}
run_http() { # round scale clients target seconds
    local r=$1 scale=$2 c=$3 t=$4 secs=$5 f="$RAW/r$1-$2-c$3-$4.txt"
    local load; load=$(cut -d' ' -f1 /proc/loadavg)
    python3 "$BENCH/cpuwatch.py" --db "xtb_$scale" --pids "$(server_pids "$t" "$scale")" -- \
        wrk -t1 -c"$c" -d"${secs}s" --timeout 10s -s "$BENCH/wrk/items.lua" "${BASE[${t}_$scale]}" -- "$MS/${t}_$scale.paths" > "$f" 2>&1
    [ "$r" = warm ] && return 0
    python3 - "$f" "$r" "$scale" "$c" "$t" "$load" >> "$OUT/raw.tsv" <<'PY'
import json, sys
f, r, scale, c, t, load = sys.argv[1:]
lines = open(f).read().splitlines()
d = json.loads([l for l in lines if l.startswith("XTB ")][0][4:])
cpu = json.loads([l for l in lines if l.startswith("CPU ")][0][4:])
n, secs = d["requests"], d["duration_us"] / 1e6
errors = sum(d["errors"].values())
per = lambda s: f"{1000 * s / n:.2f}" if n else ""
print(f"{r}\t{scale}\t{c}\t{t}\t{n / secs:.1f}\t{d['latency_us']['mean'] / 1000:.1f}\t{d['latency_us']['p99'] / 1000:.1f}\t"
      f"{d['bytes'] // max(n, 1)}\t{errors}\t{per(cpu['db_s']) if '_pg' in t else ''}\t{per(cpu['server_s'])}\t{load}")
PY
}
run_pgbench() { # round scale clients target(floor|count_rows) seconds
    local r=$1 scale=$2 c=$3 t=$4 secs=$5 f="$RAW/r$1-$2-c$3-$4.txt" q
    q=rows; [ "$t" = count_rows ] && q=count_rows
    local load; load=$(cut -d' ' -f1 /proc/loadavg)
    local files=()
    for s in "$MS/$q-$scale-"*.sql; do files+=(-f "$s"); done
    python3 "$BENCH/cpuwatch.py" --db "xtb_$scale" -- \
        pgbench -n -M prepared -j1 -c"$c" -T"$secs" "${files[@]}" "xtb_$scale" > "$f" 2>&1
    [ "$r" = warm ] && return 0
    python3 - "$f" "$r" "$scale" "$c" "$t" "$load" >> "$OUT/raw.tsv" <<'PY'
import re, sys
f, r, scale, c, t, load = sys.argv[1:]
txt = open(f).read()
tps = float(re.search(r"^tps = ([0-9.]+)", txt, re.M).group(1))
n = int(re.search(r"^number of transactions actually processed: (\d+)", txt, re.M).group(1))
db_s = float(re.search(r'^CPU \{"db_s": ([0-9.]+)', txt, re.M).group(1))
lat = float(re.search(r"^latency average = ([0-9.]+) ms", txt, re.M).group(1))
failed = int(re.search(r"^number of failed transactions: (\d+)", txt, re.M).group(1))
print(f"{r}\t{scale}\t{c}\t{t}\t{tps:.1f}\t{lat:.1f}\t\t\t{failed}\t{1000 * db_s / max(n, 1):.2f}\t\t{load}")
PY
}

log "warm-up (JIT, caches, connections)"
for scale in district province; do
    run_pgbench warm "$scale" 8 floor 3
    for t in ours_pg ours_gpkg ms_pg ms_gpkg; do
        secs=${WARMUP:-$([ "${t%%_*}" = ours ] && echo 30 || echo 5)}
        run_http warm "$scale" 8 "$t" "$secs"
    done
done

ORDER=(floor ours_pg ms_pg ours_gpkg ms_gpkg count_rows)
for r in $(seq 1 "$ROUNDS"); do
    for scale in district province; do
        for c in 1 8; do
            log "round $r/$ROUNDS: $scale, $c client(s)"
            for t in "${ORDER[@]}"; do
                case $t in
                    floor|count_rows) run_pgbench "$r" "$scale" "$c" "$t" "$DURATION" ;;
                    *) run_http "$r" "$scale" "$c" "$t" "$DURATION" ;;
                esac
            done
        done
    done
    # the next round runs the targets in reverse order, so no target always follows the same one
    for ((i = 0, j = ${#ORDER[@]} - 1; i < j; i++, j--)); do tmp=${ORDER[i]}; ORDER[i]=${ORDER[j]}; ORDER[j]=$tmp; done
done

python3 "$BENCH/summarize.py" "$OUT" > "$OUT/summary.md"
log "done in $(( $(date +%s) - START )) s; summary: $OUT/summary.md"
cat "$OUT/summary.md"
