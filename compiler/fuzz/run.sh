#!/usr/bin/env bash
# compiler/fuzz/run.sh [SECONDS] — fuzz the front end (default 600 s) with cargo fuzz.
# Seeds the corpus from the test corpora; needs `cargo install cargo-fuzz`. cargo fuzz wants a
# nightly compiler; RUSTC_BOOTSTRAP=1 lets the stable toolchain build it.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-600}"
mkdir -p compiler/fuzz/corpus/front_end
cp compiler/hbmod/tests/corpus/valid/*.hb compiler/hbmod/tests/corpus/malformed/*.hb compiler/fuzz/corpus/front_end/
export RUSTC_BOOTSTRAP=1
cargo fuzz run --fuzz-dir compiler/fuzz front_end -- -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048
