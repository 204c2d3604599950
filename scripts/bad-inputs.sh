#!/usr/bin/env bash
# Issue 18's tally, against the shaded jar as users run it: feeds tdpsim the user mistakes a new user (or an
# attacker) makes and counts, per input, how it ended: one line on stderr with exit 2 (the goal), a stack trace,
# a hang (no exit within TIMEOUT seconds), or anything else. Exits 0 only when every input got one line and exit 2.
# Usage: scripts/bad-inputs.sh [JAR]   (JAR defaults to sim-main/target/tdpsim.jar; TIMEOUT defaults to 30)
set -uo pipefail
cd "$(dirname "$0")/.."
jar=$(realpath "${1:-sim-main/target/tdpsim.jar}")
limit=${TIMEOUT:-30}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

vm='{ name = a, vcpus = 1, memslots = [{ gpa = 0, size = 64MiB }] }'
scenario() { printf 'tdpsim.scenario { name = bad, run.duration = 1ms, vms = [%s]\n%s\n}\n' "${2:-$vm}" "${3:-}" >"$1.conf"; }
scenario slot-1pib '{ name = a, vcpus = 1, memslots = [{ gpa = 0, size = 1PiB }] }'
scenario gpa-48bit '{ name = a, vcpus = 1, memslots = [{ gpa = "0x1000000000000", size = 64MiB }] }'
scenario too-many-vms "$(for i in $(seq 1 16385); do printf '{ name = v%d, vcpus = 1, memslots = [{ gpa = 0, size = 2MiB }] },' "$i"; done)"
scenario heap '{ name = a, count = 16000, vcpus = 256, memslots = [{ gpa = 0, size = 2MiB }] }'
scenario frames '{ name = a, count = 4000000, vcpus = 1, memslots = [{ gpa = 0, size = 1GiB }] }'
scenario no-vms ' '
scenario ok
scenario seed-fraction "$vm" 'seed = 1.5'
scenario not-resolved "$vm" 'run.warmup = ${nope}'
scenario unknown-key "$vm" 'run.duratoin = 1ms'
scenario native-key "$vm" 'native = 1'
scenario bad-mode "$vm" 'modes = [shared-pri]'
scenario negative-duration "$vm" 'run.duration = -1ms'
scenario bad-unit '{ name = a, vcpus = 1, memslots = [{ gpa = 0, size = 64MeB }] }'
scenario zero-vcpus '{ name = a, vcpus = 0, memslots = [{ gpa = 0, size = 64MiB }] }'
scenario overlap '{ name = a, vcpus = 1, memslots = [{ gpa = 0, size = 64MiB }, { gpa = 1MiB, size = 64MiB }] }'
scenario bad-pattern '{ name = a, vcpus = 1, memslots = [{ gpa = 0, size = 64MiB }], access.pattern = spiral }'
scenario missing-trace '{ name = a, vcpus = 1, memslots = [{ gpa = 0, size = 64MiB }], access { pattern = trace, trace-file = nope.lackey } }'
head -c 4096 /dev/urandom >binary.lackey
: >empty.lackey
printf ' L 0400d7d4,8\n S zz,8\n' >malformed.lackey
for t in binary empty malformed; do
  scenario "trace-$t" "{ name = a, vcpus = 1, memslots = [{ gpa = 0, size = 64MiB }], access { pattern = trace, trace-file = $t.lackey } }"
done
scenario bad-include "$vm" 'include required("nope.conf")'
printf 'tdpsim.scenario { name = bad, run.duration = 1ms, vms = [%s] }\ntdpsim.engine.executor.kind = spin\n' "$vm" >bad-executor.conf
printf 'tdpsim.scenario {\n' >unclosed.conf
: >empty.conf
head -c 2048 /dev/urandom >binary.conf
printf 'hello' >file-not-dir

inputs=(
  "run slot-1pib.conf" "run gpa-48bit.conf" "run too-many-vms.conf" "run frames.conf" "run heap.conf" "run no-vms.conf"
  "run seed-fraction.conf" "run not-resolved.conf" "run unknown-key.conf" "run native-key.conf" "run bad-mode.conf"
  "run negative-duration.conf" "run bad-unit.conf" "run zero-vcpus.conf" "run overlap.conf" "run bad-pattern.conf"
  "run missing-trace.conf" "run trace-binary.conf" "run trace-empty.conf" "run trace-malformed.conf"
  "run bad-include.conf" "run bad-executor.conf" "run unclosed.conf" "run empty.conf" "run binary.conf" "run nope.conf" "run ."
  "sweep slot-1pib.conf" "sweep unclosed.conf" "sensitivity binary.conf" "compare nope.json nope2.json"
  "footprint --memory 1EiB" "footprint --backing 1GiB --memory 300TiB" "footprint --memory lots"
  "node --port 99999" "node --port -1"
  "run --out= ok.conf" "run --out /proc/x ok.conf" "--out=" "--out /proc/tdpsim" "--out /sys/tdpsim" "--out file-not-dir" "--out file-not-dir/x"
  "--modes shared-pri" "--seed 1.5" "--repeat 0" "run --repeat -3 no-vms.conf" "--no-such-option"
  "no-such-command" "bench --rounds 0" "run --log-level LOUD"
)
one=0; traces=0; hangs=0; other=0
for input in "${inputs[@]}"; do
  # shellcheck disable=SC2086 # each input is a command line, split on purpose
  set -- $input
  rc=0
  timeout -k 5 "$limit" java -jar "$jar" "$@" >stdout 2>stderr </dev/null || rc=$?
  lines=$(grep -cv '^[[:space:]]*$' stderr)
  if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then verdict=hang; hangs=$((hangs + 1))
  elif grep -qE '^[[:space:]]+at |Exception in thread|^Caused by:' stderr stdout; then verdict=stack-trace; traces=$((traces + 1))
  elif [ "$rc" = 2 ] && [ "$lines" = 1 ]; then verdict=one-line; one=$((one + 1))
  else verdict="exit-$rc-with-$lines-lines"; other=$((other + 1))
  fi
  printf '%-12s %-45s %s\n' "$verdict" "$input" "$(head -c 150 stderr | head -1)"
  if [ "$verdict" != one-line ]; then
    # The evidence, in full: a first line that reads well can hide a trace printed after it.
    sed 's/^/    stderr| /' stderr | head -60
    sed 's/^/    stdout| /' stdout | head -60
  fi
done
echo "inputs ${#inputs[@]}: one line with exit 2: $one, stack traces: $traces, hangs: $hangs, other: $other"
[ "$one" = "${#inputs[@]}" ]
