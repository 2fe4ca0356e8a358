#!/usr/bin/env bash
# Grep-based figures for issue 14 ("one store seam"): run on any checkout to compare states.
#
#   docs/measure-seam.sh [CHECKOUT]        (default: the current directory)
#
# A throwaway checkout of an older state, without touching your own:
#   git worktree add --detach /tmp/before 10ace0a^ && docs/measure-seam.sh /tmp/before
#   git worktree remove --force /tmp/before
#
# It prints four sections, each as text that reads as a table:
#   1. the package import graph of src/main/java/org/xiangtu: "from -> to  count", where count is
#      the number of lines in `from` that name a type of `to` (import lines, static imports and
#      fully qualified names in code); then the package cycles (strongly connected sets), first by
#      package, then by top-level folder (io/upload counts as io, store/postgis as store); then the
#      same lines between the parts of the architecture sheet, each marked as an intended arrow, a
#      NEVER (a broken rule) or neither;
#   2. `import java.sql.*` / `javax.sql.*` lines per package;
#   3. catch blocks per file in web/;
#   4. route handler lengths: every method in web/*Controller.java with a Context parameter, its body
#      lines (between the line with the opening brace and the closing brace), largest first, with the
#      median.
# Text only: string literals, comments and imports of other libraries are not read as code, so a
# figure can be off by one where a brace sits in an odd place; open the file before you trust a row.
set -euo pipefail

ROOT=${1:-.}
SRC="$ROOT/src/main/java/org/xiangtu"
[ -d "$SRC" ] || { echo "no $SRC: give the root of a checkout" >&2; exit 2; }
export LC_ALL=C

# package of a file, relative to org.xiangtu ("(root)" for org.xiangtu itself)
pkg_of() {
    local d=${1#"$SRC"}; d=${d%/*}; d=${d#/}
    if [ -z "$d" ]; then echo "(root)"; else echo "${d//\//.}"; fi
}

echo "# checkout: $ROOT ($(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo 'not a git checkout'))"
echo

# ---- 1. package graph -------------------------------------------------------------------------
edges=$(mktemp)
trap 'rm -f "$edges"' EXIT
while IFS= read -r f; do
    from=$(pkg_of "$f")
    # every org.xiangtu.<lowercase segments>.<Type> or wildcard import, outside the package line and comments
    grep -v -E '^\s*(package|//|\*|/\*)' "$f" \
        | grep -o -E 'org\.xiangtu(\.[a-z][a-z0-9_]*)*\.([A-Z][A-Za-z0-9_]*|\*)' \
        | sed -E 's/^org\.xiangtu//; s/\.([A-Z][A-Za-z0-9_]*|\*)$//; s/^\.//' \
        | while IFS= read -r to; do
            [ -z "$to" ] && to="(root)"
            [ "$to" != "$from" ] && echo "$from $to"
          done || true
done < <(find "$SRC" -name '*.java' | sort) > "$edges"

echo "## 1. package import graph (from -> to: lines naming a type of 'to')"
sort "$edges" | uniq -c | awk '{ printf "%-20s -> %-20s %4d\n", $2, $3, $1 }'
echo "edges: $(sort -u "$edges" | wc -l | tr -d ' '), references: $(wc -l < "$edges" | tr -d ' ')"

# strongly connected sets by transitive closure (a few dozen packages: cheap)
cycles() {
    awk '
    { n[$1]=1; n[$2]=1; r[$1 SUBSEP $2]=1 }
    END {
        for (k in n) for (i in n) if (r[i SUBSEP k]) for (j in n) if (r[k SUBSEP j]) r[i SUBSEP j]=1
        found=0
        for (i in n) if (!(i in done)) {
            set=i; done[i]=1; m=1
            for (j in n) if (j != i && r[i SUBSEP j] && r[j SUBSEP i]) { set=set " <-> " j; done[j]=1; m++ }
            if (m > 1) { print "  cycle: " set; found=1 }
        }
        if (!found) print "  no cycles"
    }'
}
echo
echo "cycles between packages:"
sort -u "$edges" | cycles | sort
echo "cycles between top-level folders (io.upload -> io, store.postgis -> store):"
sed -E 's/^([^ .]+)[^ ]* ([^ .]+)[^ ]*$/\1 \2/' "$edges" | awk '$1 != $2' | sort -u | cycles | sort
echo "store <-> io lines (a backend or store type naming io, io naming store):"
sort "$edges" | uniq -c | awk '($2 ~ /^store/ && $3 ~ /^io/) { printf "  %s -> %s %d\n", $2, $3, $1 }'

echo
echo "parts (as src/test/java/org/xiangtu/ArchitectureRulesTest.java maps them): from -> to  lines  arrow|NEVER|-"
awk '
function part(p) {   # p: package relative to org.xiangtu, "(root)" for Main, UserCommand, App
    if (p == "(root)") return "Entry"
    if (p ~ /^store\.geopackage/) return "Gpkg"
    if (p ~ /^store\.postgis/) return "Postgis"
    if (p ~ /^store/) return "Store"
    if (p ~ /^(account|edit)(\.|$)/) return "Rules"
    split(p, seg, "."); return name[seg[1]] ? name[seg[1]] : "?" p
}
BEGIN {
    split("web Web ogc Ogc service Services analysis Analysis io Io demo Demo catalog Catalog geo Geo config Config", kv, " ")
    for (i = 1; i < 20; i += 2) name[kv[i]] = kv[i + 1]
    n = split("Entry>Web Entry>Gpkg Entry>Postgis Entry>Demo Web>Services Web>Ogc Services>Rules Services>Analysis " \
              "Services>Store Rules>Store Io>Store Gpkg>Store Postgis>Store Store>Catalog Store>Geo", a, " ")
    for (i = 1; i <= n; i++) arrow[a[i]] = 1
    n = split("Store>Io Gpkg>Io Postgis>Io Rules>Gpkg Rules>Postgis Services>Gpkg Services>Postgis Web>Gpkg " \
              "Web>Postgis Web>Demo Services>Demo Store>Web Store>Services Analysis>Services", b, " ")
    for (i = 1; i <= n; i++) never[b[i]] = 1
}
{ f = part($1); t = part($2); if (f != t) c[f ">" t]++ }
END { for (e in c) { split(e, ft, ">"); printf "%-9s -> %-9s %4d  %s\n", ft[1], ft[2], c[e], (e in never) ? "NEVER" : (e in arrow) ? "arrow" : "-" } }
' "$edges" | sort

# ---- 2. java.sql imports per package ----------------------------------------------------------
echo
echo "## 2. java.sql / javax.sql per package: import lines, fully qualified uses in code, files"
while IFS= read -r f; do
    i=$(grep -c -E '^import (static )?javax?\.sql\.' "$f" || true)
    q=$(grep -v -E '^\s*(import|//|\*|/\*)' "$f" | grep -c -E '\bjavax?\.sql\.' || true)
    if [ $((i + q)) -gt 0 ]; then echo "$(pkg_of "$f") $i $q"; fi
done < <(find "$SRC" -name '*.java' | sort) \
    | awk '{ imp[$1]+=$2; fq[$1]+=$3; files[$1]++; ti+=$2; tq+=$3; tf++ }
        END { for (p in imp) printf "%-20s imports %3d  qualified %2d  files %2d\n", p, imp[p], fq[p], files[p]
              printf "~total               imports %3d  qualified %2d  files %2d\n", ti, tq, tf }' \
    | sort | sed 's/^~total/total /'

# ---- 3. catch blocks in web/ ------------------------------------------------------------------
echo
echo "## 3. catch blocks in web/"
for f in "$SRC"/web/*.java; do
    c=$(sed -E 's/"([^"\\]|\\.)*"//g; s://.*$::' "$f" | { grep -o -E '\bcatch[[:space:]]*\(' || true; } | wc -l | tr -d ' ')
    if [ "$c" -gt 0 ]; then printf '%-32s %3d\n' "${f##*/}" "$c"; fi
done | sort -k2,2nr -k1,1
printf '%-32s %3d\n' "in *Controller.java" "$(cat "$SRC"/web/*Controller.java | sed -E 's/"([^"\\]|\\.)*"//g; s://.*$::' | { grep -o -E '\bcatch[[:space:]]*\(' || true; } | wc -l)"
printf '%-32s %3d\n' total "$(cat "$SRC"/web/*.java | sed -E 's/"([^"\\]|\\.)*"//g; s://.*$::' | { grep -o -E '\bcatch[[:space:]]*\(' || true; } | wc -l)"

# ---- 4. handler lengths -----------------------------------------------------------------------
echo
echo "## 4. handlers in web/*Controller.java (body lines, largest first)"
echo "route = a method the route table (web/Routes.java) calls; helper = another method taking a Context"
# accessor -> controller type, from the Controllers record; then the methods the table names
routed=$(awk '
    { for (s = $0; match(s, /[A-Z][A-Za-z]*Controller [a-z][A-Za-z]*[,)]/); s = substr(s, RSTART + RLENGTH)) {
          split(substr(s, RSTART, RLENGTH - 1), kv, " "); type[kv[2]] = kv[1] } }
    { for (s = $0; match(s, /c\.[a-z][A-Za-z]*\(\)::[a-zA-Z]+/); s = substr(s, RSTART + RLENGTH)) {
          r = substr(s, RSTART + 2, RLENGTH - 2); split(r, am, "\\(\\)::"); use[am[1] " " am[2]] = 1 } }
    END { for (u in use) { split(u, am, " "); if (am[1] in type) print type[am[1]] "." am[2] } }' "$SRC/web/Routes.java" | sort -u)
lengths=$(for f in "$SRC"/web/*Controller.java; do
    awk -v file="${f##*/}" '
    function strip(s) {
        gsub(/\\\\/, "", s); gsub(/\\"/, "", s); gsub(/"[^"]*"/, "\"\"", s); gsub(/'"'"'[^'"'"']*'"'"'/, "x", s)
        sub(/\/\/.*$/, "", s); return s
    }
    {
        line = strip($0)
        if (line ~ /^[[:space:]]*(\*|\/\*)/) next
        if (!inm && line ~ /^    [A-Za-z@]/ && line ~ /[A-Za-z0-9_>\]] [a-zA-Z_][A-Za-z0-9_]*\(/ \
            && line !~ /(^|[[:space:]])(class|record|interface|enum|new|return|throw)[[:space:]]/ && line !~ /;[[:space:]]*$/) {
            inm = 1; sig = line; open = 0; depth = 0; name = line
            sub(/\(.*/, "", name); sub(/.* /, "", name)
        } else if (inm && open == 0) {
            sig = sig " " line
        }
        if (inm) {
            for (i = 1; i <= length(line); i++) {
                ch = substr(line, i, 1)
                if (ch == "{") { if (open == 0) { open = NR }; depth++ }
                else if (ch == "}") {
                    depth--
                    if (depth == 0 && open) {
                        if (sig ~ /\(([^)]*[ ,(])?Context [a-z]/ || sig ~ /\(Context [a-z]/) printf "%d %s.%s\n", NR - open - 1, file, name
                        inm = 0; break
                    }
                }
            }
            if (inm && open == 0 && line ~ /;[[:space:]]*$/) inm = 0   # abstract or interface method
        }
    }' "$f"
done | sed 's/Controller\.java\./Controller./' | sort -k1,1nr -k2,2)
lengths=$(echo "$lengths" | while read -r n m; do
    [ -z "$n" ] && continue
    if grep -qx "$m" <<< "$routed"; then echo "$n $m route"; else echo "$n $m helper"; fi
done)
echo "$lengths" | awk '{ printf "  %4d  %-40s %s\n", $1, $2, $3 }'
echo "$lengths" | awk '$3 == "route" { v[++n]=$1; if (n == 1) top=$2 } $3 == "helper" { h++; if ($1 > 20) ho++ } END {
    if (n == 0) { print "no routed handlers found"; exit }
    # v is sorted largest first
    med = (n % 2) ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
    over = 0; for (i = 1; i <= n; i++) if (v[i] > 20) over++
    printf "routed handlers: %d, largest: %d (%s), median: %s, over 20 lines: %d; helpers taking a Context: %d, over 20 lines: %d\n", n, v[1], top, med, over, h, ho + 0 }'
