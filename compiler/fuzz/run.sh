#!/usr/bin/env bash
# compiler/fuzz/run.sh [TARGET] [SECONDS] — fuzz with cargo fuzz (default: pipeline, 600 s).
#   front_end: arbitrary bytes through decode, parse, check and format. Seeds:
#              compiler/fuzz/seeds/front_end (the repository's specs); -max_len 1 MB so inputs
#              can reach the size limits.
#   pipeline:  structure-aware: the bytes choose modules, parameters and (hostile) values of a
#              valid-shaped spec against the embedded catalog, built all the way to Terraform
#              files, with invariants asserted (fmt-stable output, literal strings, only template
#              block types). Seeds: compiler/fuzz/seeds/pipeline.
# The working corpus compiler/fuzz/corpus/TARGET is git-ignored and grows between runs.
# Needs `cargo install cargo-fuzz`. cargo fuzz wants a nightly compiler; RUSTC_BOOTSTRAP=1 lets
# the stable toolchain build it. Run it under `nice -n 19` on a shared machine.
# No sanitizer: hbmod's crates forbid `unsafe`, so AddressSanitizer could only look into
# widely used dependencies, at the cost of most of the executions per second; panics,
# overflows (debug assertions are on), timeouts and memory limits are what the fuzzer catches.
# An execution takes about 2 ms; the 30-s timeout and 20-s slow-unit report leave room for a
# fuzzer starved by `nice` on a busy machine (shorter limits wrote false "slow units" here).
set -euo pipefail
cd "$(dirname "$0")/../.."
target="${1:-pipeline}"
seconds="${2:-600}"
mkdir -p "compiler/fuzz/corpus/$target" "compiler/fuzz/seeds/$target"
export RUSTC_BOOTSTRAP=1
# One thread per execution: the inputs are small specs, and a thread pool per build only adds
# synchronisation (and coverage that depends on scheduling).
export RAYON_NUM_THREADS=1
# pipeline: no trace-compares instrumentation. Its bytes only choose (modules, values, counts)
# through `arbitrary`, so comparison tracing guides little and cost half of every execution.
case "$target" in
  front_end) limits=(-max_len=1048576); build=() ;;
  *) limits=(-max_len=4096 -len_control=0); build=(--no-trace-compares) ;;
esac
cargo fuzz run --sanitizer none "${build[@]}" --fuzz-dir compiler/fuzz "$target" "compiler/fuzz/corpus/$target" "compiler/fuzz/seeds/$target" -- \
    -max_total_time="$seconds" "${limits[@]}" -timeout=30 -report_slow_units=20 -rss_limit_mb=2048
