#!/usr/bin/env bash
# guardview engine benchmark (`make bench-engines`): one generated organisation tree in the S3
# export layout, reduced to Rollup v1 by `guardview rollup` (release build, all cores), DuckDB
# and Spark local mode, each in its own process under /usr/bin/time -v for wall time and peak
# memory (maximum resident set size). MB/s is over the uncompressed JSON Lines bytes. Prints a
# Markdown table and checks that the three rollups are identical.
#
# Knobs: BENCH_FINDINGS (default 1000000, ≈ 3.2 GB of JSON Lines, 351 MB gzip), BENCH_DIR (target/bench-engines),
# SPARK_MASTER (local[*]), SKIP_SPARK=1, GUARDVIEW_BIN (a guardview to use instead of building
# the release one: for trying the script quickly, never for figures).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
FINDINGS="${BENCH_FINDINGS:-1000000}"
DIR="${BENCH_DIR:-$ROOT/target/bench-engines}"
PY="$ROOT/.tools/engines-venv/bin/python"
GV="${GUARDVIEW_BIN:-$ROOT/target/release/guardview}"
TREE="$DIR/tree-$FINDINGS"

./scripts/setup-engines.sh
[ -n "${GUARDVIEW_BIN:-}" ] || cargo build --release --bin guardview
mkdir -p "$DIR"
if [ ! -d "$TREE" ]; then
  echo "bench-engines: generating $TREE" >&2
  "$GV" sample --layout s3-org --out "$TREE.tmp" --findings "$FINDINGS" --seed 1
  mv "$TREE.tmp" "$TREE"
fi
gz_bytes=$(find "$TREE" -name '*.jsonl.gz' -printf '%s\n' | awk '{s+=$1} END {print s}')
json_bytes=$(find "$TREE" -name '*.jsonl.gz' -print0 | xargs -0 cat | gzip -dc 2>/dev/null | wc -c || true)
objects=$(find "$TREE" -name '*.jsonl.gz' | wc -l)

measure() { # name, output file, command...
  local name="$1" out="$2"
  shift 2
  rm -rf "$out"
  /usr/bin/time -v -o "$DIR/$name.time" "$@" >"$DIR/$name.log" 2>&1 || {
    # guardview exits 2 for the tree's two broken objects; anything else is a failure.
    status=$?
    [ "$name" = guardview ] && [ "$status" = 2 ] || { cat "$DIR/$name.log" >&2; exit 1; }
  }
  local wall rss
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$DIR/$name.time")
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$DIR/$name.time")
  local secs
  secs=$(echo "$wall" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  printf '| %s | %.1f s | %.0f MB/s | %.0f MB |\n' "$name" "$secs" \
    "$(echo "$json_bytes $secs" | awk '{print $1/1e6/$2}')" "$(echo "$rss" | awk '{print $1/1024}')"
}

"$GV" sql --source s3-export --engine duckdb --location "$TREE" --output "$DIR/duckdb" >"$DIR/duckdb.sql"
"$GV" sql --source s3-export --engine spark --location "$TREE" --output "$DIR/spark" >"$DIR/spark.sql"
mkdir -p "$DIR/duckdb"

echo "Tree: $objects objects, $((gz_bytes / 1000000)) MB gzip, $((json_bytes / 1000000)) MB JSON Lines, $FINDINGS findings; $(nproc) cores"
echo
echo "| engine | wall | MB/s (JSON) | peak RSS |"
echo "|---|---|---|---|"
measure guardview "$DIR/guardview.csv" "$GV" rollup "$TREE" -o "$DIR/guardview.csv"
measure duckdb "$DIR/duckdb/rollup.csv" "$PY" -c \
  "import duckdb,sys; duckdb.connect().execute(open(sys.argv[1]).read())" "$DIR/duckdb.sql"
if [ "${SKIP_SPARK:-0}" != 1 ]; then
  measure spark "$DIR/spark" "$PY" "$ROOT/tests/engines/run_spark_script.py" \
    "${SPARK_MASTER:-local[*]}" "$DIR/spark.sql"
fi
cmp "$DIR/guardview.csv" "$DIR/duckdb/rollup.csv"
if [ "${SKIP_SPARK:-0}" != 1 ]; then cmp "$DIR/guardview.csv" "$DIR"/spark/rollup/part-*.csv; fi
echo
echo "bench-engines: the rollups are identical"
