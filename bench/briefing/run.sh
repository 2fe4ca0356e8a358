#!/usr/bin/env bash
# Xiangtu benchmark: briefing packs (issue 19, item 5). See bench/README.md, "Briefing packs".
#
#   bench/briefing/run.sh          # about 3 minutes on 2 cores; results in bench/results/briefing-<date>/
#
# On the demo county (a GeoPackage built from data/, the server started from the jar as the README runs it):
# 1. ours: GET /api/briefing?scope=district (cover + a page per town): the first request after start (cold), one
#    warm-up, then RUNS timed (median, min); the same for one town's pack (scope=town:TOWN&pages=villages);
# 2. the floor: headless Chromium (one chromedriver session, print.py) loading the cockpit of the same scopes
#    (/?asOf=…&year=…&theme=…, then /?town=CODE&… for each of the 28 towns: 29 pages), waiting for
#    body[data-ready]="true" and printing each to an A4 PDF; CHROMIUM_ROUNDS rounds, each in a new session;
#    for the town: its page and a page per village (/?town=…&village=…). Every PDF is checked with pdftotext;
# 3. the ratio Chromium / ours (the issue's goal: ours at least 3 × as fast);
# 4. heap: the smallest -Xmx of HEAP_LADDER at which `java -jar JAR briefing --scope district` writes the pack
#    (skipped when the jar has no briefing command), and the bytes the request thread allocates for a pack
#    (BriefingAllocBench, in-process, ThreadMXBean#getThreadAllocatedBytes).
#
# Environment (all optional):
#   BENCH_JAR        server jar (default target/xiangtu.jar; built with mvn -o -q -DskipUnitTests package if missing)
#   BENCH_REV        what the jar was built from, for env.txt (default: this working tree's commit)
#   RUNS             timed requests per pack of ours (default 5)
#   CHROMIUM_ROUNDS  Chromium print rounds of the district's 29 pages (default 1)
#   TOWN             the town of the town pack (default: the town with the most villages)
#   AS_OF YEAR THEME LANG   the pack's date, income year, theme and language (default: the data's date and year
#                    from /api/dashboard, theme water_coverage, zh)
#   HEAP_LADDER      -Xmx values tried for the command line (default "48m 64m 96m 128m 192m 256m")
#   CHROMIUM=0       skip steps 2 and 3 (Chromium, the ratio)
#   ALLOC=0          skip the allocation bench (it needs target/test-classes: mvn -o test-compile)
#   XTB_WORK         scratch directory (default /tmp/xtb-briefing)
#   OUT              results directory (default bench/results/briefing-<date>)
# Every process it starts listens on 127.0.0.1 only and is stopped on exit.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE=$ROOT/bench/briefing
cd "$ROOT"

RUNS=${RUNS:-5}
CHROMIUM_ROUNDS=${CHROMIUM_ROUNDS:-1}
HEAP_LADDER=${HEAP_LADDER:-48m 64m 96m 128m 192m 256m}
THEME=${THEME:-water_coverage}
LANG_=${LANG_PACK:-zh}
unset DATABASE_URL   # the server must not pick up a database from the caller's environment
WORK=${XTB_WORK:-/tmp/xtb-briefing}
OUT=${OUT:-$ROOT/bench/results/briefing-$(date +%F)}
JAR=${BENCH_JAR:-$ROOT/target/xiangtu.jar}
RAW=$OUT/raw

APT="apt-get install -y chromium chromium-driver poppler-utils curl python3 openjdk-17-jre-headless"
for cmd in java python3 chromium chromedriver curl pdftotext pdfinfo; do
    command -v "$cmd" >/dev/null || { echo "bench: '$cmd' not found; install the prerequisites: $APT" >&2; exit 1; }
done
if [ ! -f "$JAR" ]; then
    echo "bench: building $JAR (mvn -o -q -DskipUnitTests package)" >&2
    mvn -o -q -DskipUnitTests package
fi

rm -rf "$WORK" "$RAW"
mkdir -p "$OUT" "$RAW" "$WORK"
: > "$OUT/run.log"
log() { printf '%s %s\n' "$(date +%T)" "$*" | tee -a "$OUT/run.log" >&2; }
say() { printf '%s\n' "$*" | tee -a "$OUT/run.log"; }   # a result line, on stdout
die() { log "FAILED: $*"; exit 1; }
START=$(date +%s)

PIDS=()
cleanup() {
    set +e
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
    sleep 1
    for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_http() { # URL TIMEOUT_S: polls every 20 ms until 200
    local deadline=$(( $(date +%s) + $2 ))
    until [ "$(curl -s -o /dev/null -w '%{http_code}' "$1" 2>/dev/null)" = 200 ]; do
        [ "$(date +%s)" -lt "$deadline" ] || return 1
        sleep 0.02
    done
}
# stats MS...: "median M ms, min N ms"
stats() { python3 -c 'import sys, statistics as s; v = [float(x) for x in sys.argv[1:]]; print(f"median {s.median(v):.0f} ms, min {min(v):.0f} ms")' "$@"; }
median() { python3 -c 'import sys, statistics as s; print(f"{s.median(float(x) for x in sys.argv[1:]):.0f}")' "$@"; }
# check_pdf FILE MIN_PAGES WORD: a PDF of at least MIN_PAGES pages whose text has WORD; prints "pages, bytes"
check_pdf() {
    local pages text
    pages=$(pdfinfo "$1" 2>/dev/null | awk '/^Pages:/ {print $2}' || true)
    [ -n "$pages" ] && [ "$pages" -ge "$2" ] || die "$1: ${pages:-no} pages, expected at least $2"
    text=$(pdftotext -q "$1" - | tr -d ' \n' || true)
    [[ $text == *"$3"* ]] || die "$1: its text lacks '$3' (blank or not loaded?)"
    echo "$pages pages, $(stat -c %s "$1") bytes"
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
    echo "settings: RUNS=$RUNS CHROMIUM_ROUNDS=$CHROMIUM_ROUNDS HEAP_LADDER='$HEAP_LADDER'"
} > "$OUT/env.txt"
cat "$OUT/env.txt" | tee -a "$OUT/run.log" >&2

# ---------------------------------------------------------------- our server (the README's run command, own store)
GPKG=$WORK/demo.gpkg
java -jar "$JAR" import --gpkg "$GPKG" > "$RAW/import.log" 2>&1 || die "import into $GPKG; see $RAW/import.log"
PORT=$(free_port)
BASE=http://127.0.0.1:$PORT
java -jar "$JAR" serve --host 127.0.0.1 --port "$PORT" --gpkg "$GPKG" > "$RAW/server.log" 2>&1 &
PIDS+=($!)
wait_http "$BASE/health" 120 || die "the server does not start; see $RAW/server.log"
log "server listening on $PORT"

# the date and year the cockpit shows by default, so both sides draw the same figures
curl -sf "$BASE/api/dashboard" > "$WORK/district.json" || die "/api/dashboard"
AS_OF=${AS_OF:-$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["asOf"])' "$WORK/district.json")}
YEAR=${YEAR:-$(python3 -c 'import json,sys; d = json.load(open(sys.argv[1])); print(d.get("year") or d["options"]["year"])' "$WORK/district.json" 2>/dev/null || echo "")}
[ -n "$YEAR" ] || YEAR=$(( ${AS_OF%%-*} - 1 ))
# the towns (code and name) in the order of data/towns.geojson, and the town pack's town
python3 - "$ROOT/data/towns.geojson" "$ROOT/data/villages.geojson" "${TOWN:-}" > "$WORK/towns.tsv" <<'EOF'
import json, sys
towns = [f["properties"] for f in json.load(open(sys.argv[1]))["features"]]
villages = [f["properties"] for f in json.load(open(sys.argv[2]))["features"]]
def of(t): return [v for v in villages if v.get("town_code") == t["code"]]
town = sys.argv[3] or max(towns, key=lambda t: len(of(t)))["code"]
for t in towns:
    print("town", t["code"], t["name"], sep="\t")
t = next(t for t in towns if t["code"] == town)
print("pack", t["code"], t["name"], sep="\t")
for v in sorted(of(t), key=lambda v: v["code"]):
    print("village", v["code"], v["name"], sep="\t")
EOF
TOWN=$(awk -F'\t' '$1 == "pack" {print $2}' "$WORK/towns.tsv")
TOWN_NAME=$(awk -F'\t' '$1 == "pack" {print $3}' "$WORK/towns.tsv")
NTOWNS=$(grep -c '^town' "$WORK/towns.tsv")
NVILLAGES=$(grep -c '^village' "$WORK/towns.tsv")
DISTRICT_NAME=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["features"][0]["properties"]["name"])' "$ROOT/data/district.geojson")
log "scopes: district ($DISTRICT_NAME, $NTOWNS towns), town $TOWN $TOWN_NAME ($NVILLAGES villages); asOf $AS_OF, year $YEAR, theme $THEME, lang $LANG_"
Q="asOf=$AS_OF&year=$YEAR&theme=$THEME&lang=$LANG_"

# ---------------------------------------------------------------- 1. ours
# ms URL FILE: one request, the PDF to FILE; prints the milliseconds (curl's time_total), fails unless 200
ms() {
    local r; r=$(curl -s -o "$2" -w '%{http_code} %{time_total}' "$1")
    [ "${r%% *}" = 200 ] || die "$1 answered ${r%% *}: $(head -c 300 "$2")"
    python3 -c "print(round(float('${r#* }') * 1000))"
}
ours() { # NAME URL MIN_PAGES WORD
    local name=$1 url=$2 cold times=()
    cold=$(ms "$url" "$WORK/ours-$name.pdf")
    log "ours $name: cold $cold ms, $(check_pdf "$WORK/ours-$name.pdf" "$3" "$4")"
    ms "$url" "$WORK/ours-$name.pdf" > /dev/null   # warm-up
    for _ in $(seq "$RUNS"); do times+=("$(ms "$url" "$WORK/ours-$name.pdf")"); done
    check_pdf "$WORK/ours-$name.pdf" "$3" "$4" > /dev/null
    printf 'ours\t%s\tcold\t%s\n' "$name" "$cold" >> "$OUT/times.tsv"
    for t in "${times[@]}"; do printf 'ours\t%s\twarm\t%s\n' "$name" "$t" >> "$OUT/times.tsv"; done
    say "ours $name pack: first request ${cold} ms; warm $(stats "${times[@]}") (runs: ${times[*]})"
    OURS_MEDIAN[$name]=$(median "${times[@]}")
}
declare -A OURS_MEDIAN
printf 'who\tpack\tkind\tms\n' > "$OUT/times.tsv"
ours district "$BASE/api/briefing?scope=district&$Q" $(( NTOWNS + 1 )) "$DISTRICT_NAME"
ours town "$BASE/api/briefing?scope=town:$TOWN&pages=villages&$Q" $(( NVILLAGES + 1 )) "$TOWN_NAME"

# ---------------------------------------------------------------- 2. Chromium printing the cockpit
if [ "${CHROMIUM:-1}" = 1 ]; then
DRIVER_PORT=$(free_port)
chromedriver --port="$DRIVER_PORT" --allowed-ips=127.0.0.1 > "$RAW/chromedriver.log" 2>&1 &
PIDS+=($!)
wait_http "http://127.0.0.1:$DRIVER_PORT/status" 30 || die "chromedriver does not start"
DRIVER=http://127.0.0.1:$DRIVER_PORT
DISTRICT_TARGETS=("district=$BASE/?$Q")
while IFS=$'\t' read -r kind code _; do
    [ "$kind" = town ] && DISTRICT_TARGETS+=("town-$code=$BASE/?town=$code&$Q")
done < "$WORK/towns.tsv"
TOWN_TARGETS=("town-$TOWN=$BASE/?town=$TOWN&$Q")
while IFS=$'\t' read -r kind code _; do
    [ "$kind" = village ] && TOWN_TARGETS+=("village-$code=$BASE/?town=$TOWN&village=$code&$Q")
done < "$WORK/towns.tsv"
# checks every PDF of a round: its text has the scope's name (the cockpit's title), i.e. it was printed loaded
check_round() { # DIR
    local dir=$1 kind code name
    [ -f "$dir/district.pdf" ] && check_pdf "$dir/district.pdf" 1 "$DISTRICT_NAME" > /dev/null
    while IFS=$'\t' read -r kind code name; do
        case $kind in
            town|village) [ -f "$dir/$kind-$code.pdf" ] && check_pdf "$dir/$kind-$code.pdf" 1 "$name" > /dev/null ;;
        esac
    done < "$WORK/towns.tsv"
    return 0
}
CHROMIUM_MS=()
CHROMIUM_WITH_START=()
for r in $(seq "$CHROMIUM_ROUNDS"); do
    line=$(python3 "$HERE/print.py" --driver "$DRIVER" --out "$WORK/chromium-$r" --tsv "$OUT/chromium.tsv" \
        --label "district-$r" "${DISTRICT_TARGETS[@]}") || die "Chromium, district round $r"
    check_round "$WORK/chromium-$r"
    IFS=$'\t' read -r _ n session pages <<< "$line"
    CHROMIUM_MS+=("$pages")
    CHROMIUM_WITH_START+=("$(( session + pages ))")
    printf 'chromium\tdistrict\tround-%s\t%s\n' "$r" "$pages" >> "$OUT/times.tsv"
    say "chromium district round $r: $n pages printed in $pages ms ($(( pages / n )) ms a page) after a $session ms session start; $(du -cb "$WORK/chromium-$r"/*.pdf | tail -1 | cut -f1) bytes of PDF, every one checked"
done
line=$(python3 "$HERE/print.py" --driver "$DRIVER" --out "$WORK/chromium-town" --tsv "$OUT/chromium.tsv" \
    --label town "${TOWN_TARGETS[@]}") || die "Chromium, town"
check_round "$WORK/chromium-town"
check_pdf "$WORK/chromium-town/town-$TOWN.pdf" 1 "$TOWN_NAME" > /dev/null
IFS=$'\t' read -r _ n session town_pages <<< "$line"
printf 'chromium\ttown\tround-1\t%s\n' "$town_pages" >> "$OUT/times.tsv"
say "chromium town $TOWN: $n pages printed in $town_pages ms after a $session ms session start"

# ---------------------------------------------------------------- 3. the ratio
cm=$(median "${CHROMIUM_MS[@]}")
cmin=$(python3 -c 'import sys; print(min(int(x) for x in sys.argv[1:]))' "${CHROMIUM_MS[@]}")
ratio() { python3 -c "import sys; print(f'{float(sys.argv[1]) / float(sys.argv[2]):.1f}')" "$1" "$2"; }
say "RATIO district: Chromium $cm ms (median of $CHROMIUM_ROUNDS rounds; fastest $cmin ms) / ours ${OURS_MEDIAN[district]} ms (median) = $(ratio "$cm" "${OURS_MEDIAN[district]}") x (fastest Chromium round: $(ratio "$cmin" "${OURS_MEDIAN[district]}") x; with the browser's start: $(ratio "$(median "${CHROMIUM_WITH_START[@]}")" "${OURS_MEDIAN[district]}") x); goal >= 3 x"
say "RATIO town $TOWN: Chromium $town_pages ms / ours ${OURS_MEDIAN[town]} ms = $(ratio "$town_pages" "${OURS_MEDIAN[town]}") x"

fi

# ---------------------------------------------------------------- 4. heap
# gc_live LOG: the most heap left after a collection in a -Xlog:gc log ("…M->5M(64M)…"); near the limit this is
# the limit itself (collections that free nothing), with room to spare it is what the pack held at its peak
gc_live() { grep -o -- '->[0-9]*M' "$1" 2>/dev/null | tr -dc '0-9\n' | sort -n | tail -1 || true; }
# heap_try XMX: makes the district pack with -XmxXMX; the command line when the jar has it, else (older jars)
# a server started with that heap and asked once (then the figure includes what the server itself holds)
heap_try() {
    local x=$1 f=$WORK/heap-$1.pdf gc=$RAW/heap-gc-$1.log t0 p pid code ok=0
    rm -f "$f"
    t0=$(date +%s%N)
    if [ "$HEAP_BY" = cli ]; then
        java "-Xmx$x" -Xlog:gc:file="$gc" -jar "$JAR" briefing --scope district --out "$f" --gpkg "$GPKG" \
            --as-of "$AS_OF" --year "$YEAR" --theme "$THEME" --lang "$LANG_" > "$RAW/heap-$x.log" 2>&1 && ok=1
    else
        p=$(free_port)
        java "-Xmx$x" -Xlog:gc:file="$gc" -jar "$JAR" serve --host 127.0.0.1 --port "$p" --gpkg "$GPKG" > "$RAW/heap-$x.log" 2>&1 &
        pid=$!
        if wait_http "http://127.0.0.1:$p/health" 60; then
            code=$(curl -s -o "$f" -w '%{http_code}' "http://127.0.0.1:$p/api/briefing?scope=district&$Q" || true)
            [ "$code" = 200 ] && ok=1 || echo "the pack answered HTTP $code: $(head -c 200 "$f")" >> "$RAW/heap-$x.log"
        fi
        kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true
    fi
    local ms=$(( ($(date +%s%N) - t0) / 1000000 ))
    if [ "$ok" = 1 ] && [ -s "$f" ] && (check_pdf "$f" $(( NTOWNS + 1 )) "$DISTRICT_NAME" > /dev/null 2>&1); then
        say "heap: -Xmx$x ($HEAP_BY): district pack written, $(check_pdf "$f" 1 "$DISTRICT_NAME"); heap after a GC at most $(gc_live "$gc") MB; $ms ms wall clock with the JVM's start"
        return 0
    fi
    say "heap: -Xmx$x ($HEAP_BY): fails after $ms ms ($(grep -m1 -o 'OutOfMemoryError[^ ]*' "$RAW/heap-$x.log" || tail -1 "$RAW/heap-$x.log" | cut -c1-200))"
    return 1
}
if java -jar "$JAR" briefing --help > "$RAW/briefing-help.txt" 2>&1; then HEAP_BY=cli; else HEAP_BY=server; fi
fit=""
for x in $HEAP_LADDER; do
    if heap_try "$x"; then fit=$x; break; fi
done
if [ "$HEAP_BY" = cli ]; then
    say "HEAP: smallest -Xmx of ($HEAP_LADDER) at which 'java -jar xiangtu.jar briefing --scope district' writes the pack: ${fit:-none}"
else
    say "HEAP: the jar has no 'briefing' command; smallest -Xmx of ($HEAP_LADDER) at which a server started with it answers the district pack: ${fit:-none}"
fi
if [ "${ALLOC:-1}" = 1 ]; then
    [ -f target/cp.txt ] && [ -f target/test-classes/org/xiangtu/bench/BriefingAllocBench.class ] \
        || mvn -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
    CP="target/classes:target/test-classes:$(cat target/cp.txt)"
    cp "$GPKG" "$WORK/alloc.gpkg"
    java -Xmx1g -cp "$CP" org.xiangtu.bench.BriefingAllocBench "$WORK/alloc.gpkg" 3 \
        "scope=district&$Q" "scope=town:$TOWN&pages=villages&$Q" 2>>"$RAW/alloc.log" | grep '^alloc' | tee -a "$OUT/run.log"
fi

log "done in $(( $(date +%s) - START )) s; load $(cut -d' ' -f1-3 /proc/loadavg)"
