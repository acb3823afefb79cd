#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: 2026 The mqttwire authors
"""Instructions per operation of every benchmark, counted by callgrind.

usage: bench/instructions.py BUILD_DIR/bench/bench [OP ...]

Each operation runs twice under `valgrind --tool=callgrind`, with N and 2N
iterations; the difference divided by N is the cost of one loop turn, and
the same figure for the empty operation (the loop and the indirect call) is
subtracted. A stream operation takes one packet per call, and its N is one
pass over the stream, so its figure is the exact mean per packet.
Instruction counts are repeatable, unlike wall time.

One row per operation: the direct call (NAME, structs prepared once), the
caller layer (user.NAME: the struct filled and every result read back, as
a user's code pays it), the floor (floor.NAME: the same glue over a
bounds-only codec), the caller layer's ratio to the floor, and issue 12's
target and best peer for the caller layer. OP names a row (all three
kinds) or one kind (user.NAME); no OP means every operation.
"""
import os
import re
import subprocess
import sys
import tempfile

N = 2000

# Issue 12's targets for the caller layer (gcc 12 -O2, x86-64, callgrind,
# caller glue included) and the fewest instructions a peer took for the
# same operation in the same harness (Paho embedded, coreMQTT 2.3.1 or
# v5.0.2, lwmqtt, wolfMQTT; * = a client-only library, which skips the
# SUBSCRIBE and PINGREQ packets of the stream).
TARGETS = {
    "stream": (130, "169.8*"),
    "publish_parse_64": (105, "175"),
    "publish_build_64": (115, "189"),
    "publish_header_64": (95, "198"),
    "connect_build": (240, "316"),
    "connect_parse": (220, "403"),
    "subscribe_build": (200, "288"),
    "subscribe_parse": (180, "307"),
    "puback_build": (28, "38"),
    "puback_parse": (40, "90"),
    "publish5_build": (400, "770"),
    "publish5_parse": (400, "1009"),
    "connect5_build": (550, "1020"),
    "connect5_parse": (600, "2161"),
    "puback5_build": (40, "69"),
    "puback5_parse": (90, "186"),
    "subscribe5_build": (300, "510"),
    "subscribe5_parse": (300, "1144"),
}

KINDS = ("", "user.", "floor.")


def instructions(bench, op, iterations):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "cg.out")
        subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=" + out,
                        bench, "--op", op, "--iterations", str(iterations)],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with open(out) as f:
            for line in f:
                m = re.match(r"^(?:summary|totals):\s+(\d+)", line)
                if m:
                    return int(m.group(1))
    raise RuntimeError("no totals in callgrind output for " + op)


def per_op(bench, op, n):
    return (instructions(bench, op, 2 * n) - instructions(bench, op, n)) / n


def split(name):
    for kind in KINDS[1:]:
        if name.startswith(kind):
            return kind, name[len(kind):]
    return "", name


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    bench = sys.argv[1]
    listing = subprocess.run([bench, "--list"], check=True, capture_output=True,
                             text=True).stdout.splitlines()
    calls = {}
    for line in listing:
        parts = line.split()
        calls[parts[0]] = int(parts[1]) if len(parts) > 1 else N
    wanted = sys.argv[2:]
    rows = []  # base names in listing order
    for name in calls:
        kind, base = split(name)
        if base not in rows and base != "empty":
            rows.append(base)
    if wanted:
        chosen = set()
        for w in wanted:
            kind, base = split(w)
            if base not in rows:
                print(f"no operation {w}", file=sys.stderr)
                return 2
            chosen |= {w} if kind else {k + base for k in KINDS}
        rows = [b for b in rows if any(k + b in chosen for k in KINDS)]
    else:
        chosen = set(calls)

    loop = per_op(bench, "empty", N)
    print(f"{'operation':20} {'direct':>8} {'user':>8} {'floor':>8} {'user/floor':>10} "
          f"{'target':>7} {'peer':>7}")
    for base in rows:
        figures = {}
        for kind in KINDS:
            name = kind + base
            if name in calls and name in chosen:
                figures[kind] = per_op(bench, name, calls[name]) - loop
        cols = f"{base:20}"
        for kind in KINDS:
            cols += f" {figures[kind]:8.1f}" if kind in figures else f" {'':>8}"
        user, floor = figures.get("user."), figures.get("floor.")
        cols += f" {user / floor:10.2f}" if user and floor else f" {'':>10}"
        if base in TARGETS and user is not None:
            target, peer = TARGETS[base]
            mark = "" if user <= target else "  (over target)"
            cols += f" {target:7d} {peer:>7}{mark}"
        print(cols.rstrip())
    print(f"(empty loop: {loop:.1f} instructions per turn, subtracted)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
