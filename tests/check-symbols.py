#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: 2026 The mqttwire authors
"""Check that the shared library exports exactly the MQW_API functions of the
public header, and that lib/mqttwire.map lists exactly the same set.

usage: check-symbols.py LIBRARY HEADER MAP   (nm from $NM or PATH)
"""
import os
import re
import subprocess
import sys


def header_functions(path):
    text = open(path, encoding='utf-8').read()
    text = re.sub(r'/\*.*?\*/', ' ', text, flags=re.S)
    text = '\n'.join(line for line in text.splitlines() if not line.lstrip().startswith('#'))
    return set(re.findall(r'\bMQW_API\b[^;{]*?\b(mqw_\w+)\s*\(', text))


def map_functions(path):
    text = open(path, encoding='utf-8').read()
    text = re.sub(r'/\*.*?\*/', ' ', text, flags=re.S)
    names = set()
    # Only the global: part of each version node counts.
    for block in re.findall(r'global:(.*?)(?:local:|\})', text, flags=re.S):
        names.update(re.findall(r'([A-Za-z_]\w*)\s*;', block))
    return names


def exported_symbols(nm, library):
    out = subprocess.run([nm, '-D', '--defined-only', library], check=True,
                         stdout=subprocess.PIPE, universal_newlines=True).stdout
    names = set()
    for line in out.splitlines():
        fields = line.split()
        if len(fields) < 2:
            continue
        kind, name = fields[-2], fields[-1]
        if kind == 'A':
            continue  # the version node itself (MQTTWIRE_0)
        names.add(name.split('@')[0])
    return names


def main():
    library, header, mapfile = sys.argv[1:4]
    nm = os.environ.get('NM', 'nm')
    declared = header_functions(header)
    listed = map_functions(mapfile)
    exported = exported_symbols(nm, library)
    ok = True

    def report(what, names):
        nonlocal ok
        if names:
            ok = False
            print(what + ': ' + ' '.join(sorted(names)))

    report('exported without the mqw_ prefix', {n for n in exported if not n.startswith('mqw_')})
    report('declared MQW_API but not exported', declared - exported)
    report('exported but not declared MQW_API', exported - declared)
    report('declared MQW_API but not in the map', declared - listed)
    report('in the map but not declared MQW_API', listed - declared)
    if not declared:
        ok = False
        print('no MQW_API declaration found in ' + header)
    print('%d functions declared, %d in the map, %d exported' %
          (len(declared), len(listed), len(exported)))
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
