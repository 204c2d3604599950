#!/usr/bin/env bash
# Runs every shipped scenario with --deterministic, one process each, and keeps each report.json with the
# fields that may differ between builds or machines removed (git commit and the provenance hash over it, wall
# time, heap, events/s).
# Two builds do the same work when `diff -r` finds nothing between their output directories:
#   scripts/deterministic-reports.sh old.jar /tmp/before && scripts/deterministic-reports.sh new.jar /tmp/after
#   diff -r /tmp/before /tmp/after
# Usage: scripts/deterministic-reports.sh [JAR] OUTDIR   (JAR defaults to sim-main/target/tdpsim.jar)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -ge 2 ]; then jar=$1; out=$2; else jar=sim-main/target/tdpsim.jar; out=${1:?usage: $0 [JAR] OUTDIR}; fi
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for s in builtin-default scenarios/*.conf scenarios/queues/*.conf; do
  name=$(basename "$s" .conf)
  arg=$s; [ "$s" = builtin-default ] && arg=
  rc=0
  timeout 600 java -jar "$jar" run --deterministic --quiet --force --out "$tmp/$name" $arg 2>"$out/$name.stderr" || rc=$?
  echo "exit $rc" >>"$out/$name.stderr"
  if [ -f "$tmp/$name/report.json" ]; then
    python3 - "$tmp/$name/report.json" >"$out/$name.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d.get("provenance", {}).pop("gitCommit", None)
d.get("provenance", {}).pop("hash", None)  # hashes the commit too
for k in ("wallSeconds", "eventsPerSecond", "heapBytes"):
    d.get("simulator", {}).pop(k, None)
json.dump(d, sys.stdout, indent=1, sort_keys=True)
PY
  fi
  echo "$name: exit $rc"
done
