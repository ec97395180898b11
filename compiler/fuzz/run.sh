#!/usr/bin/env bash
# compiler/fuzz/run.sh [SECONDS] — fuzz the front end (default 600 s) with cargo fuzz.
# The committed seed corpus is compiler/fuzz/seeds/front_end (the repository's specs: examples/,
# modules/*/examples, compiler/hbmod/tests/corpus); the working corpus compiler/fuzz/corpus is
# git-ignored and grows between runs. -max_len is 1 MB so inputs can reach the size limits.
# Needs `cargo install cargo-fuzz`. cargo fuzz wants a nightly compiler; RUSTC_BOOTSTRAP=1 lets
# the stable toolchain build it. Run it under `nice -n 19` on a shared machine.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-600}"
mkdir -p compiler/fuzz/corpus/front_end
export RUSTC_BOOTSTRAP=1
cargo fuzz run --fuzz-dir compiler/fuzz front_end compiler/fuzz/corpus/front_end compiler/fuzz/seeds/front_end -- \
    -max_total_time="$seconds" -max_len=1048576 -timeout=10 -rss_limit_mb=2048
