#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: 2026 The mqttwire authors
"""Footprint of the library: .text + .rodata (+ .data.rel.ro, constant
tables of pointers) of each lib/*.c object built
with -Os, for x86-64 (the host gcc) and for Cortex-M4 (arm-none-eabi-gcc,
Debian package gcc-arm-none-eabi, skipped when absent), and the largest
stack frame of any function (-fstack-usage).

usage (from the project root): bench/size.py [-DMQW_KNOB ...]
Extra arguments are passed to the compiler (e.g. knobs that leave parts
out); the figures are object files only, no libc.
"""
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

TARGETS = [
    ("x86-64", "gcc", "size", []),
    ("cortex-m4", "arm-none-eabi-gcc", "arm-none-eabi-size", ["-mcpu=cortex-m4", "-mthumb"]),
]


def section_bytes(size_tool, obj):
    out = subprocess.run([size_tool, "-A", obj], check=True, capture_output=True,
                         text=True).stdout
    total = 0
    for line in out.splitlines():
        m = re.match(r"^(\.text|\.rodata|\.data\.rel\.ro)(\.\S*)?\s+(\d+)", line)
        if m:
            total += int(m.group(3))
    return total


def stack_max(su_files):
    worst = (0, "")
    for su in su_files:
        with open(su) as f:
            for line in f:
                parts = line.rstrip("\n").split("\t")
                if len(parts) >= 3 and int(parts[1]) > worst[0]:
                    worst = (int(parts[1]), parts[0] + " (" + parts[2] + ")")
    return worst


def main():
    extra = sys.argv[1:]
    sources = sorted(glob.glob("lib/*.c"))
    if not sources:
        print("run from the project root", file=sys.stderr)
        return 2
    rows = {}
    totals, stacks = {}, {}
    for name, cc, size_tool, flags in TARGETS:
        if not shutil.which(cc):
            print(f"({name}: {cc} not found, skipped)")
            continue
        with tempfile.TemporaryDirectory() as tmp:
            total = 0
            for src in sources:
                obj = os.path.join(tmp, os.path.basename(src)[:-2] + ".o")
                subprocess.run([cc, "-std=c99", "-Os", "-ffunction-sections", "-fdata-sections",
                                "-fstack-usage", "-Iinclude", *flags, *extra, "-c", src, "-o",
                                obj], check=True)
                n = section_bytes(size_tool, obj)
                rows.setdefault(os.path.basename(src), {})[name] = n
                total += n
            totals[name] = total
            stacks[name] = stack_max(glob.glob(os.path.join(tmp, "*.su")))
    names = list(totals)
    print(f"{'file':14}" + "".join(f"{n:>12}" for n in names))
    for src in sorted(rows):
        print(f"{src:14}" + "".join(f"{rows[src].get(n, 0):>12}" for n in names))
    print(f"{'total':14}" + "".join(f"{totals[n]:>12}" for n in names))
    for n in names:
        print(f"largest stack frame ({n}): {stacks[n][0]} bytes in {stacks[n][1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
