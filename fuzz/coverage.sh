#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: 2026 The mqttwire authors
#
# Line and branch coverage of lib/ reached by replaying the committed fuzz
# corpora alone (the unit tests do not run), so that gaps in the seeds show.
#   fuzz/coverage.sh [BUILD_DIR]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$root/build-fuzz-coverage}
rm -rf "$build"
# The replay is a test: with the tests on, only the replay programs are built.
meson setup "$build" "$root" -Db_coverage=true -Dtests=auto -Dexamples=disabled -Dbench=disabled \
  -Dtool=disabled >/dev/null
replays=()
for src in "$root"/fuzz/fuzz_*.c; do
  harness=${src##*/fuzz_}
  replays+=("fuzz/replay_${harness%.c}")
done
ninja -C "$build" "${replays[@]}" >/dev/null
meson test -C "$build" --no-rebuild --suite fuzz --print-errorlogs >/dev/null
cd "$root"
gcovr --root "$root" --filter "$root/lib/" --object-directory "$build" --txt -s "$build" \
  | tail -n 4
