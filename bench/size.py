#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: 2026 The mqttwire authors
"""Footprint of the library, with -Os, for x86-64 (the host gcc) and for
Cortex-M4 (arm-none-eabi-gcc, Debian package gcc-arm-none-eabi; skipped
when absent; no C library needed: a stub <string.h> stands in when the
cross compiler has none). Figures are .text + .rodata (+ .data.rel.ro,
constant tables of pointers), no libc.

usage (from the project root):
  bench/size.py [-DMQW_KNOB ...]   per file, and the cores below as linked,
                                   for the knobs given
  bench/size.py --matrix           the cores as linked, every configuration
  bench/size.py --functions CORE [-DMQW_KNOB ...]
                                   what CORE keeps, function by function

Per file: each lib/*.c object whole, and the largest stack frame of any
function (-fstack-usage).

As linked: the way embedded users link, with -ffunction-sections
-fdata-sections and ld --gc-sections, a program that calls only a core's
functions keeps only what they reach. The cores:
  core     issue 12's: mqw_frame, PUBLISH build and parse, CONNECT build,
           SUBSCRIBE build
  client   a whole client: builds CONNECT, SUBSCRIBE, UNSUBSCRIBE, PUBLISH
           (and its header), the acks, PINGREQ, DISCONNECT; parses CONNACK,
           SUBACK, UNSUBACK, PUBLISH, the acks, PINGRESP, DISCONNECT;
           frames; reads properties
  broker   the mirror: parses CONNECT, SUBSCRIBE, UNSUBSCRIBE, PUBLISH, the
           acks, PINGREQ, DISCONNECT and walks their lists; builds CONNACK,
           SUBACK, UNSUBACK, PUBLISH, the acks, PINGRESP, DISCONNECT;
           frames; matches topics; reads properties
  client5  issue 12's 5.0 client: builds CONNECT, SUBSCRIBE, PUBLISH;
           parses PUBLISH, CONNACK, SUBACK, PUBACK; reads properties
  client+rules  the client with the delivery rules on top (session, Topic
           Alias, Keep Alive, link): the delivery rules' share is its
           difference from `client`
Only the library's sections are counted (the map file says whose each one
is). No core calls mqw_parse, mqw_build or mqw_size: the script fails if
the generic dispatch is linked into one, and if a core that does not call
the delivery rules links any of their files.
"""
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

TARGETS = [
    ("x86-64", "gcc", "size", ["-no-pie", "-static"], []),
    ("cortex-m4", "arm-none-eabi-gcc", "arm-none-eabi-size", [], ["-mcpu=cortex-m4", "-mthumb"]),
]

PROPS = ["mqw_props_iter", "mqw_props_next", "mqw_props_find"]
CORES = {
    "core": ["mqw_frame", "mqw_publish_build", "mqw_publish_parse", "mqw_connect_build",
             "mqw_subscribe_build"],
    "client": ["mqw_frame", "mqw_connect_build", "mqw_subscribe_build", "mqw_unsubscribe_build",
               "mqw_publish_build", "mqw_publish_build_header", "mqw_ack_build",
               "mqw_ping_build", "mqw_disconnect_build", "mqw_connack_parse",
               "mqw_suback_parse", "mqw_unsuback_parse", "mqw_publish_parse", "mqw_ack_parse",
               "mqw_ping_parse", "mqw_disconnect_parse"] + PROPS,
    "broker": ["mqw_frame", "mqw_connect_parse", "mqw_subscribe_parse", "mqw_subscribe_iter",
               "mqw_subscribe_next", "mqw_unsubscribe_parse", "mqw_unsubscribe_iter",
               "mqw_unsubscribe_next", "mqw_publish_parse", "mqw_ack_parse", "mqw_ping_parse",
               "mqw_disconnect_parse", "mqw_connack_build", "mqw_suback_build",
               "mqw_unsuback_build", "mqw_publish_build", "mqw_publish_build_header",
               "mqw_ack_build", "mqw_ping_build", "mqw_disconnect_build",
               "mqw_topic_matches"] + PROPS,
    "client5": ["mqw_connect_build", "mqw_subscribe_build", "mqw_publish_build",
                "mqw_publish_parse", "mqw_connack_parse", "mqw_suback_parse",
                "mqw_ack_parse"] + PROPS,
}
CORES["client+rules"] = CORES["client"] + [
    "mqw_link_client", "mqw_session_init", "mqw_session_connected", "mqw_session_disconnected",
    "mqw_session_publish", "mqw_session_subscribe", "mqw_session_unsubscribe",
    "mqw_session_receive", "mqw_session_next", "mqw_session_tick", "mqw_alias_init",
    "mqw_alias_reset", "mqw_alias_send", "mqw_alias_receive", "mqw_keepalive_init",
    "mqw_keepalive_sent", "mqw_keepalive_received", "mqw_keepalive_check"]
DISPATCH = ["mqw_parse", "mqw_build", "mqw_size"]
# The delivery rules' files: linked only into a core that calls them.
DELIVERY = ["link.o", "session.o", "alias.o", "keepalive.o"]

NO_IDS_NAMES = ["-DMQW_NO_RULE_IDS", "-DMQW_NO_NAMES"]
CONFIGS = [
    ("3.1 + 3.1.1 + 5.0", []),
    ("no names", ["-DMQW_NO_NAMES"]),
    ("no rule ids", ["-DMQW_NO_RULE_IDS"]),
    ("no rule ids, no names", NO_IDS_NAMES),
    ("3.1.1 + 5.0, no ids/names", ["-DMQW_NO_V31"] + NO_IDS_NAMES),
    ("3.1 + 3.1.1", ["-DMQW_NO_V5"]),
    ("3.1.1 only", ["-DMQW_NO_V5", "-DMQW_NO_V31"]),
    ("3.1.1 only, no rule ids", ["-DMQW_NO_V5", "-DMQW_NO_V31", "-DMQW_NO_RULE_IDS"]),
    ("3.1.1 only, no ids/names", ["-DMQW_NO_V5", "-DMQW_NO_V31"] + NO_IDS_NAMES),
]

SECTION = re.compile(r"^(\.text|\.rodata|\.data\.rel\.ro)(\.\S*)?$")


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


def stub_flags(cc, flags, tmp):
    """-isystem of a stub <string.h> when the compiler has no C library."""
    probe = os.path.join(tmp, "probe.c")
    with open(probe, "w") as f:
        f.write("#include <string.h>\n")
    if subprocess.run([cc, *flags, "-c", probe, "-o", os.path.join(tmp, "probe.o")],
                      capture_output=True).returncode == 0:
        return []
    stub = os.path.join(tmp, "stub")
    os.makedirs(stub, exist_ok=True)
    with open(os.path.join(stub, "string.h"), "w") as f:
        f.write("typedef __SIZE_TYPE__ size_t;\n"
                "void *memcpy(void *, const void *, size_t);\n"
                "void *memmove(void *, const void *, size_t);\n"
                "void *memset(void *, int, size_t);\n"
                "int memcmp(const void *, const void *, size_t);\n"
                "size_t strlen(const char *);\n")
    return ["-isystem", stub]


def compile_lib(cc, flags, extra, out_dir):
    os.makedirs(out_dir, exist_ok=True)
    objs = []
    for src in sorted(glob.glob("lib/*.c")):
        obj = os.path.join(out_dir, os.path.basename(src)[:-2] + ".o")
        subprocess.run([cc, "-std=c99", "-Os", "-ffunction-sections", "-fdata-sections",
                        "-fstack-usage", "-Iinclude", *flags, *extra, "-c", src, "-o", obj],
                       check=True)
        objs.append(obj)
    return objs


def kept_sections(map_file, objs):
    """(object, section, size) of every input section the link kept from objs."""
    names = {os.path.abspath(o) for o in objs}
    with open(map_file) as f:
        text = f.read()
    text = text[text.index("Linker script and memory map"):]
    kept = []
    # " .text.name  0xADDR  0xSIZE  file.o", the name alone on its line when long.
    for m in re.finditer(r"^ (\.\S+)\s+0x[0-9a-f]+\s+0x([0-9a-f]+)\s+(\S+)$", text, re.M):
        section, size, obj = m.group(1), int(m.group(2), 16), os.path.abspath(m.group(3))
        if obj in names and SECTION.match(section) and size:
            kept.append((os.path.basename(obj), section, size))
    return kept


def link_core(cc, link_flags, flags, stub, core, objs, tmp):
    """Link a program that calls exactly the core's functions; what it keeps."""
    driver = os.path.join(tmp, core + ".c")
    calls = CORES[core]
    with open(driver, "w") as f:
        f.write('#include "mqttwire.h"\ntypedef void (*mqw_core_fn)(void);\n'
                "const mqw_core_fn mqw_core_calls[] = {\n")
        f.write("".join(f"    (mqw_core_fn){c},\n" for c in calls))
        f.write("};\nvoid mqw_core_entry(void);\nvoid mqw_core_entry(void) {}\n")
    drv_obj = driver[:-2] + ".o"
    subprocess.run([cc, "-std=c99", "-Os", "-Iinclude", *flags, *stub, "-c", driver, "-o",
                    drv_obj], check=True)
    elf, map_file = driver[:-2] + ".elf", driver[:-2] + ".map"
    subprocess.run([cc, *flags, *link_flags, "-nostdlib", "-Wl,--gc-sections",
                    "-Wl,-e,mqw_core_entry", "-Wl,-u,mqw_core_calls",
                    "-Wl,--unresolved-symbols=ignore-all", "-Wl,-Map=" + map_file, drv_obj,
                    *objs, "-o", elf], check=True)
    return kept_sections(map_file, objs)


def dispatch_linked(kept):
    return sorted({s for _, s, _ in kept for d in DISPATCH if s == ".text." + d})


def build_all(extra, cores, tmp):
    """{target: (per-file sizes, stack, {core: kept})} for one configuration."""
    results = {}
    for name, cc, size_tool, link_flags, flags in TARGETS:
        if not shutil.which(cc):
            continue
        work = os.path.join(tmp, name + "-" + str(abs(hash(tuple(extra)))))
        os.makedirs(work, exist_ok=True)
        stub = stub_flags(cc, flags, work)
        objs = compile_lib(cc, flags + stub, extra, work)
        files = {os.path.basename(o)[:-2] + ".c": section_bytes(size_tool, o) for o in objs}
        stack = stack_max(glob.glob(os.path.join(work, "*.su")))
        linked = {core: link_core(cc, link_flags, flags + extra, stub, core, objs, work)
                  for core in cores}
        results[name] = (files, stack, linked)
    return results


def check_dispatch(results):
    bad = [(t, c, dispatch_linked(k)) for t, (_, _, linked) in results.items()
           for c, k in linked.items() if dispatch_linked(k)]
    for t, c, d in bad:
        print(f"error: {t} {c} links the generic dispatch: {', '.join(d)}", file=sys.stderr)
    strays = [(t, c, sorted({o for o, _, _ in k if o in DELIVERY}))
              for t, (_, _, linked) in results.items() for c, k in linked.items()
              if "rules" not in c and any(o in DELIVERY for o, _, _ in k)]
    for t, c, d in strays:
        print(f"error: {t} {c} links the delivery rules: {', '.join(d)}", file=sys.stderr)
    return not bad and not strays


def main():
    args = sys.argv[1:]
    if not glob.glob("lib/*.c"):
        print("run from the project root", file=sys.stderr)
        return 2
    missing = [cc for _, cc, *_ in TARGETS if not shutil.which(cc)]
    for cc in missing:
        print(f"({cc} not found, its column skipped)")
    with tempfile.TemporaryDirectory() as tmp:
        if args[:1] == ["--matrix"]:
            ok = True
            per_config = []
            for label, extra in CONFIGS:
                results = build_all(extra, list(CORES), tmp)
                ok = check_dispatch(results) and ok
                per_config.append((label, results))
            for target in [t[0] for t in TARGETS if t[1] not in missing]:
                print(f"\nas linked (--gc-sections), {target}, bytes of .text + .rodata")
                print(f"{'configuration':26}" + "".join(f"{c:>13}" for c in CORES))
                for label, results in per_config:
                    linked = results[target][2]
                    print(f"{label:26}" + "".join(
                        f"{sum(s for _, _, s in linked[c]):>13}" for c in CORES))
            print("\nno core links mqw_parse, mqw_build or mqw_size" if ok else "")
            return 0 if ok else 1
        if args[:1] == ["--functions"] and len(args) >= 2:
            core, extra = args[1], args[2:]
            results = build_all(extra, [core], tmp)
            for target, (_, _, linked) in results.items():
                kept = sorted(linked[core], key=lambda k: -k[2])
                print(f"{core} on {target}: {sum(s for *_, s in kept)} bytes")
                for obj, section, size in kept:
                    print(f"  {size:7}  {obj:12} {section}")
            return 0 if check_dispatch(results) else 1
        extra = args
        results = build_all(extra, list(CORES), tmp)
        names = list(results)
        print(f"{'file':14}" + "".join(f"{n:>12}" for n in names))
        for src in sorted(results[names[0]][0]):
            print(f"{src:14}" + "".join(f"{results[n][0][src]:>12}" for n in names))
        print(f"{'total':14}" + "".join(f"{sum(results[n][0].values()):>12}" for n in names))
        for n in names:
            worst = results[n][1]
            print(f"largest stack frame ({n}): {worst[0]} bytes in {worst[1]}")
        print("\nas linked (--gc-sections), the cores' share of the library:")
        print(f"{'core':14}" + "".join(f"{n:>12}" for n in names))
        for core in CORES:
            print(f"{core:14}" + "".join(
                f"{sum(s for *_, s in results[n][2][core]):>12}" for n in names))
        return 0 if check_dispatch(results) else 1


if __name__ == "__main__":
    sys.exit(main())
