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
meson setup "$build" "$root" -Db_coverage=true -Dtests=disabled -Dtool=disabled >/dev/null
ninja -C "$build" >/dev/null
meson test -C "$build" --suite fuzz --print-errorlogs >/dev/null
cd "$root"
gcovr --root "$root" --filter "$root/lib/" --object-directory "$build" --txt -s "$build" \
  | tail -n 4
