#!/usr/bin/env bash
# Starts 3 tdpsim cluster members on loopback, runs a sweep across them from a 4th (submitting) JVM, then stops
# the members and removes their logs unless KEEP_LOGS=1. Bounded: members leave by themselves after STOP_AFTER,
# the submission is killed after RUN_TIMEOUT, and every JVM started here is stopped on exit (by its own pid).
#
#   scripts/cluster-sweep.sh [SWEEP.conf]
#
# With SWEEP.conf and a 'sweep' command that takes --cluster, runs 'tdpsim sweep SWEEP.conf --cluster SEED'.
# Otherwise runs 'tdpsim run --cluster SEED --deterministic' over the seeds in SEEDS (each seed: every design of
# the scenario in SCENARIO, default the built-in one), one report directory per seed.
#
# Environment: TDPSIM_JAR (default sim-main/target/tdpsim.jar), BASE_PORT (25631: members on 25631..25633),
# OUT (default tdpsim-out/cluster-sweep), SEEDS ("1 2 3"), SCENARIO, STOP_AFTER (180s), RUN_TIMEOUT (150),
# JAVA_OPTS (-Xmx256m -XX:+UseSerialGC).
set -euo pipefail

cd "$(dirname "$0")/.."
JAR=${TDPSIM_JAR:-sim-main/target/tdpsim.jar}
BASE_PORT=${BASE_PORT:-25631}
OUT=${OUT:-tdpsim-out/cluster-sweep}
SEEDS=${SEEDS:-"1 2 3"}
SCENARIO=${SCENARIO:-}
STOP_AFTER=${STOP_AFTER:-180s}
RUN_TIMEOUT=${RUN_TIMEOUT:-150}
JAVA_OPTS=${JAVA_OPTS:-"-Xmx256m -XX:+UseSerialGC"}
SWEEP=${1:-}

if [[ ! -f "$JAR" ]]; then
  echo "cluster-sweep: $JAR not found; build it with: mvn -B -q -pl sim-main -am package -DskipTests" >&2
  exit 2
fi

LOGS=$(mktemp -d "${TMPDIR:-/tmp}/tdpsim-cluster.XXXXXX")
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true           # SIGTERM: the member leaves the cluster gracefully
  done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
  done
  if [[ "${KEEP_LOGS:-0}" == 1 ]]; then echo "cluster-sweep: member logs in $LOGS"; else rm -rf "$LOGS"; fi
}
trap cleanup EXIT

SEED_NODE="127.0.0.1:$BASE_PORT"
for i in 0 1 2; do
  port=$((BASE_PORT + i))
  seeds=()
  [[ $i -gt 0 ]] && seeds=(--seed-nodes "$SEED_NODE")
  # shellcheck disable=SC2086
  java $JAVA_OPTS -jar "$JAR" node --host 127.0.0.1 --port "$port" "${seeds[@]}" --stop-after "$STOP_AFTER" \
    > "$LOGS/node-$port.log" 2>&1 &
  PIDS+=($!)
  # The founding member must be up before the others join through it.
  for _ in $(seq 1 150); do
    grep -q "up as" "$LOGS/node-$port.log" && break
    kill -0 "${PIDS[-1]}" 2>/dev/null || { cat "$LOGS/node-$port.log" >&2; exit 1; }
    sleep 0.2
  done
  grep -q "up as" "$LOGS/node-$port.log" || { echo "cluster-sweep: member on $port did not come up" >&2; exit 1; }
  echo "cluster-sweep: member $((i + 1)) up on 127.0.0.1:$port"
done

mkdir -p "$OUT"
start=$(date +%s.%N)
status=0
if [[ -n "$SWEEP" ]] && java -jar "$JAR" sweep --help 2>/dev/null | grep -q -- '--cluster'; then
  # shellcheck disable=SC2086
  timeout "$RUN_TIMEOUT" java $JAVA_OPTS -jar "$JAR" sweep "$SWEEP" --cluster "$SEED_NODE" --out "$OUT" \
    || status=$?
else
  [[ -n "$SWEEP" ]] && echo "cluster-sweep: this build's sweep has no --cluster; sweeping seeds with run instead"
  for seed in $SEEDS; do
    # shellcheck disable=SC2086
    timeout "$RUN_TIMEOUT" java $JAVA_OPTS -jar "$JAR" run $SCENARIO --deterministic --seed "$seed" --quiet \
      --cluster "$SEED_NODE" --out "$OUT/seed-$seed" || status=$?
    echo "cluster-sweep: seed $seed -> $OUT/seed-$seed ($(grep -o '"member" : "[^"]*"' "$OUT/seed-$seed/cluster.json" \
      | sort | uniq -c | awk '{printf "%s on %s; ", $1, $NF}'))"
  done
fi
end=$(date +%s.%N)
printf 'cluster-sweep: done in %.1f s (exit %d); reports under %s\n' "$(echo "$end - $start" | bc)" "$status" "$OUT"
exit "$status"
