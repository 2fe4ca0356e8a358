#!/bin/sh
# Peak heap and time of `xiangtu import --gpkg` on the 200,000 synthetic village polygons
# (bench/README.md, "Import into a GeoPackage: memory"). Manual, not part of mvn verify.
#
#   bench/import-gpkg-heap.sh JAR DATA_DIR XMX [LABEL]
#
# JAR the server jar (e.g. target/xiangtu.jar), DATA_DIR the catalogue it is built for (data/ of the
# same commit), XMX the heap limit (512m). Writes into $XTB_WORK (default /tmp/xtb-gpkg): villages.geojson
# (generated once, 249 MB), LABEL.gpkg, LABEL.gc.log (-Xlog:gc), LABEL.time (/usr/bin/time -v), and prints
# one line: exit code, wall clock, CPU, the most heap used before any GC, the most left after any GC
# (what the import holds live), and the process's peak RSS.
set -eu
jar=$(readlink -f "$1"); data=$(readlink -f "$2"); xmx=$3; label=${4:-run}
work=${XTB_WORK:-/tmp/xtb-gpkg}
here=$(dirname "$(readlink -f "$0")")
mkdir -p "$work"
cd "$work"
[ -f villages.geojson ] || python3 "$here/gen_villages.py" villages.geojson 200000
rm -f "$label.gpkg" "$label.gc.log"
set +e
/usr/bin/time -v -o "$label.time" java "-Xmx$xmx" "-Xlog:gc:file=$label.gc.log" -jar "$jar" \
    import --gpkg "$label.gpkg" --data "$data" villages.geojson > "$label.out" 2>&1
code=$?
set -e
python3 - "$label" "$code" "$xmx" <<'PY'
import re, sys
label, code, xmx = sys.argv[1:4]
before = after = gcs = 0
for line in open(label + ".gc.log"):
    m = re.search(r"(\d+)M->(\d+)M\((\d+)M\)", line)
    if m:
        gcs += 1
        before = max(before, int(m.group(1)))
        after = max(after, int(m.group(2)))
t = open(label + ".time").read()
wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", t).group(1)
cpu = float(re.search(r"User time \(seconds\): (\S+)", t).group(1)) + float(re.search(r"System time \(seconds\): (\S+)", t).group(1))
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1)) // 1024
oom = "OutOfMemoryError" in open(label + ".out").read()
print(f"{label}: -Xmx{xmx} exit {code}{' (OutOfMemoryError)' if oom else ''}, wall {wall}, CPU {cpu:.1f} s, "
      f"heap used before GC at most {before} MB, live after GC at most {after} MB, {gcs} GCs, peak RSS {rss} MB")
PY
