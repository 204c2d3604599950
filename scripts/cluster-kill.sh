#!/usr/bin/env bash
# Checks that a tdpsim cluster survives a lost member, against the built jar: starts three members on loopback,
# runs a sweep across them from a fourth (submitting) JVM, kill -9's one member while it runs an item, and then
# checks that
#   1. the sweep finishes complete (exit 0),
#   2. every item the killed member had started and not finished ran again elsewhere (cluster.json "reruns"),
#   3. sweep.csv is byte-identical to a local run of the same sweep.
# Prints one line per step; exits 0 when all three hold, 1 when one does not, 2 when it cannot set up.
# Every JVM started here is stopped on exit (by its own pid) and the work directory removed unless KEEP=1.
#
#   scripts/cluster-kill.sh [SWEEP.conf]        (default: scripts/cluster-kill-sweep.conf)
#
# Environment: TDPSIM_JAR (default sim-main/target/tdpsim.jar), SEED_PORT (25641; the other members take free
# ports), WORK (a fresh directory for logs and reports; default a new temporary one), TIMEOUT (120: seconds the
# sweep may take after the kill), VICTIM (m1, m2 or m3: kill that member once it runs an item; default the
# first of m2, m3 to run one), JAVA_OPTS (default -Xmx256m -XX:+UseSerialGC).
set -euo pipefail

cd "$(dirname "$0")/.."
JAR=${TDPSIM_JAR:-sim-main/target/tdpsim.jar}
SWEEP=${1:-scripts/cluster-kill-sweep.conf}
SEED_PORT=${SEED_PORT:-25641}
TIMEOUT=${TIMEOUT:-120}
JAVA_OPTS=${JAVA_OPTS:-"-Xmx256m -XX:+UseSerialGC"}

say() { printf 'cluster-kill: %s\n' "$*"; }
if [[ ! -f "$JAR" ]]; then
  say "$JAR not found; build it with: mvn -B -DskipTests package" >&2
  exit 2
fi
if [[ ! -f "$SWEEP" ]]; then
  say "$SWEEP not found" >&2
  exit 2
fi

if [[ -n "${WORK:-}" ]]; then mkdir -p "$WORK"; else WORK=$(mktemp -d "${TMPDIR:-/tmp}/tdpsim-cluster-kill.XXXXXX"); fi
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
  done
  if [[ "${KEEP:-0}" == 1 ]]; then say "logs and reports kept in $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

# The members' shared secret (docs/cluster.md): a fresh one, readable by this user alone.
( umask 077; head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$WORK/secret" )
# shellcheck disable=SC2206
JOPTS=($JAVA_OPTS "-Dtdpsim.cluster.secret-file=$WORK/secret")
SEED="127.0.0.1:$SEED_PORT"
t0=$(date +%s%N)
elapsed() { local ms=$((($(date +%s%N) - t0) / 1000000)); printf '%d.%d s' $((ms / 1000)) $((ms % 1000 / 100)); }

start_member() { # name port [seed]
  local log="$WORK/$1.log"
  local seeds=()
  [[ -n "${3:-}" ]] && seeds=(--seed-nodes "$3")
  java "${JOPTS[@]}" -jar "$JAR" node --host 127.0.0.1 --port "$2" "${seeds[@]}" --stop-after 300s > "$log" 2>&1 &
  PIDS+=($!)
  eval "PID_$1=$!"
  disown $! 2>/dev/null || true   # members are stopped by pid; no "Killed" notices from this shell
}
await_up() { # name
  local log="$WORK/$1.log" pid
  pid=$(eval echo "\$PID_$1")
  for _ in $(seq 1 300); do
    grep -q "up as" "$log" && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  say "member $1 did not come up; its log:" >&2
  cat "$log" >&2
  exit 2
}

# All three at once: m2 and m3 retry joining through m1 until it is up.
start_member m1 "$SEED_PORT"
start_member m2 0 "$SEED"
start_member m3 0 "$SEED"
await_up m1
await_up m2
await_up m3
say "3 members up after $(elapsed)"

java "${JOPTS[@]}" -jar "$JAR" sweep "$SWEEP" --deterministic --quiet --cluster "$SEED" --out "$WORK/cluster" \
  > "$WORK/submitter.log" 2>&1 &
SUBMITTER=$!
PIDS+=("$SUBMITTER")

# Kill whichever of m2, m3 starts an item first, while that item runs (m1 founded the cluster and hosts the
# shard coordinator; losing it works too but takes a singleton hand-over longer). If the items all went to m1
# (its shard region was the only one registered when they were allocated), kill m1 3 s into its first item.
victim=""
m1_since=""
candidates="${VICTIM:-m2 m3}"
for i in $(seq 1 600); do
  for m in $candidates; do
    if grep -q "item started" "$WORK/$m.log"; then victim=$m; break 2; fi
  done
  [[ -n "${VICTIM:-}" ]] && { kill -0 "$SUBMITTER" 2>/dev/null || break; sleep 0.1; continue; }
  if [[ -z "$m1_since" ]] && grep -q "item started" "$WORK/m1.log"; then m1_since=$i; fi
  if [[ -n "$m1_since" ]] && ((i - m1_since >= 30)); then victim=m1; break; fi
  kill -0 "$SUBMITTER" 2>/dev/null || break
  sleep 0.1
done
if [[ -z "$victim" ]]; then
  say "FAIL: no member started an item within 60 s (submitter log follows)"
  cat "$WORK/submitter.log"
  exit 1
fi
victim_pid=$(eval echo "\$PID_$victim")
disown "$victim_pid" 2>/dev/null || true   # no "Killed" notice from this shell
kill -9 "$victim_pid"
victim_address=$(grep -o 'up as pekko://[^;]*' "$WORK/$victim.log" | head -1 | sed 's/^up as //')
started=$(grep -c "item started" "$WORK/$victim.log" || true)
finished=$(grep -c "item finished\|item failed" "$WORK/$victim.log" || true)
lost=$((started - finished))
say "killed $victim ($victim_address, kill -9) after $(elapsed) with $lost item(s) unfinished there"

# The local run of the same sweep, while the cluster notices the loss.
java "${JOPTS[@]}" -jar "$JAR" sweep "$SWEEP" --deterministic --quiet --parallelism 1 --out "$WORK/local" \
  > "$WORK/local.log" 2>&1 &
LOCAL=$!
PIDS+=("$LOCAL")

status=0
for _ in $(seq 1 $((TIMEOUT * 5))); do kill -0 "$SUBMITTER" 2>/dev/null || break; sleep 0.2; done
if kill -0 "$SUBMITTER" 2>/dev/null; then
  say "FAIL: the sweep did not finish within $TIMEOUT s of the kill (stalled); submitter log follows"
  cat "$WORK/submitter.log"
  exit 1
fi
wait "$SUBMITTER" || status=$?
say "cluster sweep ended with exit $status after $(elapsed)"
if [[ $status -ne 0 ]]; then
  say "FAIL: the cluster sweep did not complete; its log follows"
  cat "$WORK/submitter.log"
  exit 1
fi

reran=$(grep -c "\"lostOn\" : \"$victim_address\"" "$WORK/cluster/cluster.json" || true)
if [[ $reran -lt $lost || $reran -lt 1 ]]; then
  say "FAIL: $lost item(s) were lost with $victim but cluster.json lists $reran re-run(s) from it"
  cat "$WORK/cluster/cluster.json"
  exit 1
fi
say "$reran item(s) lost with $victim ran again on the survivors"

lstatus=0
wait "$LOCAL" || lstatus=$?
if [[ $lstatus -ne 0 ]]; then
  say "FAIL: the local sweep exited $lstatus; its log follows"
  cat "$WORK/local.log"
  exit 1
fi
if ! cmp -s "$WORK/cluster/sweep.csv" "$WORK/local/sweep.csv"; then
  say "FAIL: sweep.csv differs between the cluster and the local run"
  diff "$WORK/cluster/sweep.csv" "$WORK/local/sweep.csv" | head -20
  exit 1
fi
say "sweep.csv byte-identical to the local run ($(wc -l < "$WORK/local/sweep.csv") lines); OK after $(elapsed)"
