#!/usr/bin/env bash
# Reruns `tdpsim sensitivity` on the claim scenarios the README's "Costs, tails and sensitivity" section lists and
# prints, per scenario, one Markdown row per headline metric: the baseline ranking, the worst/best ratio, whether
# the ranking survives every assumption x0.25 and x4 (and which assumption at which factor overturns it), and how
# far the worst/best ratio moves. Paste the rows into the README when the model or a default changes.
# Usage: scripts/sensitivity-claims.sh [-j JAR] [-o OUTDIR] [-p PARALLELISM] [SCENARIO.conf ...]
#   defaults: sim-main/target/tdpsim.jar, a temporary directory, 2, and
#   scenarios/unified-faults.conf scenarios/prepopulate.conf scenarios/zaps-avoided.conf
#   scenarios/migration-nic-receive.conf (1 min 43 s on an idle 2-core machine; name fewer to go faster)
set -euo pipefail
cd "$(dirname "$0")/.."
jar=sim-main/target/tdpsim.jar
out=
par=2
while getopts "j:o:p:" opt; do
  case $opt in
    j) jar=$OPTARG ;;
    o) out=$OPTARG ;;
    p) par=$OPTARG ;;
    *) sed -n '2,9p' "$0"; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
if [ $# -eq 0 ]; then
  set -- scenarios/unified-faults.conf scenarios/prepopulate.conf scenarios/zaps-avoided.conf \
    scenarios/migration-nic-receive.conf
fi
if [ -z "$out" ]; then out=$(mktemp -d); fi
for s in "$@"; do
  name=$(basename "$s" .conf)
  start=$(date +%s)
  java -jar "$jar" sensitivity "$s" --parallelism "$par" --quiet --out "$out/$name" || {
    echo "$s: tdpsim sensitivity failed (exit $?); see above" >&2
    continue
  }
  echo
  echo "### $s ($(($(date +%s) - start)) s wall; output in $out/$name)"
  python3 - "$out/$name/sensitivity.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
n = len(d["assumptions"])
print(f"{n} assumptions x {d['factors'][0]:g} / x {d['factors'][1]:g}, tolerance {d['tolerance']:g}, "
      f"{len(d['modes'])} designs")
print()
print("| metric | baseline ranking | worst/best | verdict | ratio moves |")
print("|---|---|---|---|---|")
for name, m in d["metrics"].items():
    base = m["baselineBestWorstRatio"]
    flips = [f"{c['key']} x{c['factor']:g}" for c in m["cases"] if c.get("key") and c["rankingChanged"]]
    moves = [c["ratioVsBaseline"] for c in m["cases"] if c["ratioVsBaseline"] is not None]
    if m["robust"]:
        verdict = "robust to every assumption"
    elif flips:
        verdict = "depends on " + ", ".join(flips)
    else:
        verdict = f"changed only in {m['jointDrawsChangingRanking']} joint draws"
    ratio = "n/a (best is 0)" if base is None else f"{base:.3g}"
    move = f"x{min(moves):.3g}..x{max(moves):.3g}" if moves else "n/a"
    print(f"| {name} | {m['baselineRanking']} | {ratio} | {verdict} | {move} |")
unfinished = d.get("unfinishedWork") or {}
if unfinished:
    print()
    print(f"WARNING: {len(unfinished)} case(s) with a design that did not finish its work (run.until = work): "
          + "; ".join(f"{case} ({', '.join(modes)})" for case, modes in unfinished.items()))
PY
done
