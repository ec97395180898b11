#!/usr/bin/env bash
# compiler/ci/install.sh — the GitHub Action's install step: builds hbmod from the action's own
# source (HBMOD_SOURCE, the repository root) with cargo into HBMOD_INSTALL_ROOT and puts it on
# the job's PATH (GITHUB_PATH). Needs a Rust toolchain (GitHub's runners have one).
set -euo pipefail
source_dir="${HBMOD_SOURCE:?HBMOD_SOURCE names the hbmod source folder}"
root="${HBMOD_INSTALL_ROOT:?HBMOD_INSTALL_ROOT names where to install}"
if ! command -v cargo >/dev/null; then
  echo "::error::hbmod is built from source and needs cargo: add a Rust toolchain step before hbmod, or set install: false and put hbmod on PATH yourself"
  exit 1
fi
cargo install --locked --quiet --path "$source_dir/compiler/cli" --root "$root"
echo "$root/bin" >> "${GITHUB_PATH:-/dev/null}"
"$root/bin/hbmod" --version
