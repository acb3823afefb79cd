#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: 2026 The mqttwire authors
"""Run every analysis harness of proofs/ with Frama-C and judge the results.

EVA harnesses: Frama-C's RTE plug-in first writes every run-time error
property of lib/ as an ACSL assertion (memory access, signed overflow,
shift, division, downcast); EVA then evaluates them, and its own checks
(uninitialised reads, dangling pointers, pointer comparison) for every
input the harness describes. WP harnesses: every goal of the contracts
(and their RTE guards) must be proved by a prover.

For each harness and configuration the script prints the properties proved
and the alarms (or unproved goals), each alarm with its place. It exits 1
when a harness that is not listed in NOT_YET has an alarm or an unproved
goal, or when Frama-C itself fails; NOT_YET harnesses are run and their
counts printed, and a NOT_YET harness that reaches zero is pointed out so
it can move to the proved list.

  proofs/run.py                 every harness, every configuration
  proofs/run.py frame utf8      those harnesses only
  proofs/run.py --config fast   one configuration
  proofs/run.py --proved        only those at zero (CI); the others listed
  proofs/run.py --list          the harnesses and their status
"""
import argparse
import csv
import os
import resource
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# The library as the issue names it: fast paths in (SSE2 out: EVA models no
# intrinsics), the portable code alone, and the 3.1.1-only build.
CONFIGS = {
    "fast": ["-DMQW_NO_SIMD"],
    "portable": ["-DMQW_NO_FAST_PATHS", "-DMQW_NO_SIMD"],
    "v311": ["-DMQW_NO_V5", "-DMQW_NO_V31", "-DMQW_NO_SIMD"],
}

# EVA settings every harness shares. Allocations are fresh bases of their
# exact size, so a read past an input's length is an alarm; malloc never
# fails in a harness (it only builds inputs).
EVA_COMMON = [
    "-eva-alloc-builtin", "fresh", "-eva-no-alloc-returns-null",
    "-eva-precision", os.environ.get("PROOF_PRECISION", "3"), "-eva-split-return", "auto",
    "-eva-no-show-progress", "-eva-msg-key=-final-states", "-eva-interprocedural-splits",
]

# name: (source in proofs/, extra EVA options, extra -D flags). Extra options
# only ever add precision (more states kept apart); none removes a property.
EVA_HARNESSES = {
    "frame": ("frame.c", [], []),
    "utf8": ("utf8.c", [], []),
    "topic": ("topic.c", [], []),
    "match": ("match.c", [], []),
}
# One harness per parser: proofs/parse.c with -DPROOF_<PACKET>.
PARSERS = ["connect", "connack", "publish", "ack", "subscribe", "suback", "unsubscribe",
           "unsuback", "ping", "disconnect", "auth", "any"]
for _p in PARSERS:
    EVA_HARNESSES[_p + "_parse"] = ("parse.c", [], ["-DPROOF_" + _p.upper()])
# One harness per builder: proofs/build.c with -DPROOF_<PACKET>.
BUILDERS = ["connect", "connack", "publish", "publish_header", "ack", "subscribe", "suback",
            "unsubscribe", "unsuback", "ping", "disconnect", "auth"]
for _b in BUILDERS:
    EVA_HARNESSES[_b + "_build"] = ("build.c", [], ["-DPROOF_" + _b.upper()])

# name: (source in proofs/, functions whose goals count).
WP_HARNESSES = {
    "wp_varint": ("wp_varint.c", ["mqw_varint_size", "mqw_wr_varint", "mqw_varint_decode",
                                  "mqw_proof_varint_roundtrip"]),
}

# Harnesses not yet at zero, with what is known of their remaining alarms:
# run and reported by default, left out by --proved (CI), never failing.
NOT_YET = {
    "topic": "15 alarms at N = 64 (fast; 389 s cpu): reads at an index from the 8..16-byte "
             "wildcard bit mask (mqw_lowest_bit: __builtin_ctzll has no body for EVA) and in the "
             "filter after a $share/ prefix, checked as (s + i + 1, len - i - 1): a pointer and a "
             "count whose relation EVA does not keep",
    "match": "not finished in 480 s cpu at N = 64 (65 x 65 exact-length pairs)",
    "wp_varint": "the byte-value goals (bit operations, narrowing casts) are beyond CVC4 and Z3 "
                 "under WP's encoding; proofs/exhaustive.c checks them over the whole domain",
}
for _n in PARSERS:
    NOT_YET[_n + "_parse"] = "not yet counted at N = 64: cursor reads after a Remaining Length"
NOT_YET["ack_parse"] = (
    "77 alarms at N = 16 (portable, 196 s cpu), 300 proved: the cursor's room tested as an "
    "unsigned count (mqw_cur_left, (size_t)(end - q)) that EVA cannot carry back to the pointer "
    "(31 in props.c, 17 in wire.h, 19 in the UTF-8 checks of property strings), and out fields "
    "read after joins of states with different results")
for _n in BUILDERS:
    NOT_YET[_n + "_build"] = "not yet counted at M = 64"


def frama_c(args, log):
    """Run Frama-C, return (exit code, CPU seconds)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(log, "w") as out:
        rc = subprocess.call(["frama-c"] + args, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return rc, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def judge_csv(path):
    """Properties proved and the ones that are not, from -report-csv."""
    proved, open_props = 0, []
    with open(path, newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            status = row["status"]
            where = row["directory"]
            if "dead" in status.lower() or status == "Considered valid":
                continue  # unreachable code, or a libc specification (assumed)
            if status == "Valid":
                if not where.startswith("FRAMAC_SHARE"):
                    proved += 1
                continue
            open_props.append("%s/%s:%s %s: %s %s" % (where, row["file"], row["line"],
                                                      row["function"], status, row["property"]))
    return proved, open_props


def run_eva(name, config, sizes, work):
    source, extra, harness_defs = EVA_HARNESSES[name]
    tag = "%s-%s" % (name, config)
    report = os.path.join(work, tag + ".csv")
    log = os.path.join(work, tag + ".log")
    defs = CONFIGS[config] + harness_defs + ["-D%s=%d" % kv for kv in sizes.items()]
    args = ["-cpp-extra-args=" + " ".join(["-Iinclude"] + defs)]
    args += sorted(os.path.join("lib", f) for f in os.listdir(os.path.join(ROOT, "lib"))
                   if f.endswith(".c"))
    args += [os.path.join("proofs", source), "-rte", "-rte-no-trivial-annotations", "-then",
             "-eva"] + EVA_COMMON + extra + ["-then", "-report-csv", report]
    start = time.time()
    rc, cpu = frama_c(args, log)
    wall = time.time() - start
    if rc != 0 or not os.path.exists(report):
        return tag, None, ["frama-c failed (exit %d), see %s" % (rc, log)], cpu, wall
    proved, open_props = judge_csv(report)
    text = open(log).read()
    # Alarms EVA raised that RTE did not write beforehand are in the report
    # too; a degenerated analysis stops early and must not pass for proved.
    for bad in ("Degeneration occurred", "NON TERMINATING", "user error", "Frama-C aborted"):
        if bad in text:
            open_props.append("analysis: '%s' (see %s)" % (bad, log))
    return tag, proved, open_props, cpu, wall


def run_wp(name, config, sizes, work):
    source, functions = WP_HARNESSES[name]
    tag = "%s-%s" % (name, config)
    report = os.path.join(work, tag + ".csv")
    log = os.path.join(work, tag + ".log")
    args = ["-cpp-extra-args=" + " ".join(["-Iinclude", "-Ilib"] + CONFIGS[config]),
            os.path.join("proofs", source), "-wp", "-wp-rte", "-wp-prover", "cvc4,z3",
            "-wp-timeout", "30", "-wp-par", "1", "-wp-fct", ",".join(functions),
            "-then", "-report-csv", report]
    start = time.time()
    rc, cpu = frama_c(args, log)
    wall = time.time() - start
    if rc != 0 or not os.path.exists(report):
        return tag, None, ["frama-c failed (exit %d), see %s" % (rc, log)], cpu, wall
    proved, open_props = judge_csv(report)
    return tag, proved, open_props, cpu, wall


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("harness", nargs="*", help="harness names (default: all)")
    ap.add_argument("--config", action="append", choices=sorted(CONFIGS),
                    help="configuration (default: all)")
    ap.add_argument("-j", type=int, default=2, help="parallel Frama-C runs (default 2)")
    ap.add_argument("-N", type=int, default=64, help="largest input (default 64)")
    ap.add_argument("-M", type=int, default=64, help="largest builder capacity (default 64)")
    ap.add_argument("--work", help="keep logs and reports here (default: a temporary folder)")
    ap.add_argument("--list", action="store_true", help="list the harnesses and exit")
    ap.add_argument("--proved", action="store_true",
                    help="only the harnesses at zero (what CI runs); list the others")
    opts = ap.parse_args()

    names = list(EVA_HARNESSES) + list(WP_HARNESSES)
    if WP_HARNESSES and not os.environ.get("WHY3CONFIG") and \
            not os.path.exists(os.path.expanduser("~/.why3.conf")):
        # WP finds its provers through Why3's configuration.
        subprocess.call(["why3", "config", "detect"], stdout=subprocess.DEVNULL)
    if opts.list:
        for n in names:
            kind = "eva" if n in EVA_HARNESSES else "wp"
            print("%-20s %-4s %s" % (n, kind, "not yet: " + NOT_YET[n] if n in NOT_YET else "proved"))
        return 0
    for n in opts.harness:
        if n not in names:
            ap.error("no harness %r (see --list)" % n)
    chosen = opts.harness or names
    if opts.proved:
        chosen = [n for n in chosen if n not in NOT_YET]
        for n in names:
            if n in NOT_YET:
                print("%-28s not yet  %s" % (n, NOT_YET[n]))
    configs = opts.config or list(CONFIGS)
    work = opts.work or tempfile.mkdtemp(prefix="mqw-proofs-")
    os.makedirs(work, exist_ok=True)
    sizes = {"PROOF_N": opts.N, "PROOF_M": opts.M}

    jobs = []
    for n in chosen:
        # The WP contracts are on code no knob changes: one configuration.
        for c in (configs if n in EVA_HARNESSES else configs[:1]):
            jobs.append((run_eva if n in EVA_HARNESSES else run_wp, n, c))
    start = time.time()
    failed, total_proved, cpu_total = [], 0, 0.0
    with ThreadPoolExecutor(max_workers=max(1, opts.j)) as pool:
        futures = [(n, pool.submit(fn, n, c, sizes, work)) for fn, n, c in jobs]
        for n, fut in futures:
            tag, proved, open_props, cpu, wall = fut.result()
            cpu_total += cpu
            total_proved += proved or 0
            state = "ok" if not open_props else ("not yet" if n in NOT_YET else "FAILED")
            print("%-28s %-8s %6s proved %4d open  %6.1f s cpu %6.1f s wall" %
                  (tag, state, proved if proved is not None else "-", len(open_props), cpu, wall))
            for p in open_props[:40]:
                print("    " + p)
            if len(open_props) > 40:
                print("    ... %d more" % (len(open_props) - 40))
            if open_props and n not in NOT_YET:
                failed.append(tag)
            if not open_props and n in NOT_YET:
                print("    %s is at zero here: move it out of NOT_YET" % n)
            sys.stdout.flush()
    print("%d properties proved in %d runs; N = %d, M = %d; %.0f s cpu, %.0f s wall; logs in %s" %
          (total_proved, len(jobs), opts.N, opts.M, cpu_total, time.time() - start, work))
    if failed:
        print("alarms or unproved goals: " + " ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
