#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: 2026 The mqttwire authors
"""Instructions per operation of every benchmark, counted by callgrind.

usage: bench/instructions.py BUILD_DIR/bench/bench [OP ...]

Each operation runs twice under `valgrind --tool=callgrind`, with N and 2N
iterations; the difference divided by N is the cost of one loop turn, and
the same figure for the empty operation (the loop and the indirect call) is
subtracted. Instruction counts are repeatable, unlike wall time.
"""
import os
import re
import subprocess
import sys
import tempfile

N = 2000

# Targets from issue 5 (callgrind, gcc -O2, x86-64) and the fastest peer's
# figure for the same input, for the ratio column.
TARGETS = {
    "varint_decode_1": (18, 36), "varint_decode_2": (25, 49),
    "varint_decode_3": (31, 62), "varint_decode_4": (38, 75),
    "varint_encode_1": (8, 8), "varint_encode_2": (10, 19),
    "varint_encode_3": (14, 28), "varint_encode_4": (18, 37),
    "publish_build_64": (96, 193), "publish_build_4k": (306, 612),
    "publish_header_64": (96, 192), "publish_header_4k": (96, 192),
    "publish_parse_64": (85, 171), "publish_parse_4k": (92, 184),
    "connect_build": (150, 300), "connect_parse": (197, 395),
    "subscribe_build": (142, 284), "subscribe_parse": (151, 302),
}


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


def per_op(bench, op):
    return (instructions(bench, op, 2 * N) - instructions(bench, op, N)) / N


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    bench = sys.argv[1]
    ops = sys.argv[2:] or subprocess.run([bench, "--list"], check=True, capture_output=True,
                                         text=True).stdout.split()
    loop = per_op(bench, "empty")
    print(f"{'operation':20} {'instr/op':>9} {'target':>7} {'peer':>6} {'vs peer':>8}")
    for op in ops:
        if op == "empty":
            continue
        n = per_op(bench, op) - loop
        target, peer = TARGETS.get(op, (None, None))
        cols = f"{op:20} {n:9.1f}"
        if target:
            mark = "" if n <= target else "  (over target)"
            cols += f" {target:7d} {peer:6d} {n / peer:8.2f}{mark}"
        print(cols)
    print(f"(empty loop: {loop:.1f} instructions per turn, subtracted)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
