#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: 2026 The mqttwire authors
"""The byte vectors of the Check suites, read from tests/test_*.c.

Every `static const vec NAME[] = {...}` table is taken apart into rows, and
the fields the tool tests need are read from each row's designated
initialisers: .name, .version, .flags, .role, .hex, .err, .offset, .rule,
.canon, .max_packet_size, .build_err. String and constant macros defined with a plain
`#define NAME body` are expanded; MQW_* constants come from the enums of
include/mqttwire.h. A row whose fields cannot be read this way is reported,
not guessed at.

Run as a script it prints the valid vectors as "VERSION HEX" lines.
"""
import os
import re
import sys

TOKEN = re.compile(r'''
    (?P<comment>/\*.*?\*/|//[^\n]*)
  | (?P<string>"(?:[^"\\\n]|\\.)*")
  | (?P<char>'(?:[^'\\\n]|\\.)*')
  | (?P<ident>[A-Za-z_]\w*)
  | (?P<number>\d\w*)
  | (?P<punct>\.\.\.|<<|>>|[{}\[\]().,=|&+\-*/<>;:!~?%^])
  | (?P<space>\s+)
''', re.S | re.X)


def tokenize(text):
    """C tokens as (kind, text), without comments and white space."""
    out, pos = [], 0
    while pos < len(text):
        m = TOKEN.match(text, pos)
        if m is None:
            raise ValueError('cannot tokenize at %r' % text[pos:pos + 30])
        pos = m.end()
        kind = m.lastgroup
        if kind not in ('comment', 'space'):
            out.append((kind, m.group()))
    return out


def split_preprocessor(text):
    """(source without preprocessor lines, {macro: body tokens}) for the
    object-like macros."""
    macros, kept = {}, []
    lines = text.split('\n')
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.lstrip().startswith('#'):
            full = line
            while full.endswith('\\') and i + 1 < len(lines):
                i += 1
                full = full[:-1] + ' ' + lines[i]
            m = re.match(r'\s*#\s*define\s+([A-Za-z_]\w*)(\(?)(.*)', full)
            if m and m.group(2) == '':
                body = re.sub(r'/\*.*?\*/|//.*', ' ', m.group(3))
                macros[m.group(1)] = tokenize(body)
            kept.append('')  # keep line numbers
        else:
            kept.append(line)
        i += 1
    return '\n'.join(kept), macros


def expand(tokens, macros, depth=0):
    """Replace object-like macros, recursively."""
    if depth > 20:
        raise ValueError('macro recursion')
    out = []
    for kind, text in tokens:
        if kind == 'ident' and text in macros:
            out.extend(expand(macros[text], macros, depth + 1))
        else:
            out.append((kind, text))
    return out


def c_string(tokens):
    """The value of adjacent string literals (escapes \\xNN \\n \\\\ \\")."""
    if not tokens or any(kind != 'string' for kind, _ in tokens):
        raise ValueError('not a string literal: %s' % ' '.join(t for _, t in tokens))
    raw = ''.join(text[1:-1] for _, text in tokens)
    return bytes(raw, 'latin-1').decode('unicode_escape')


def header_constants(header_path):
    """MQW_* enum constants of the public header, by name."""
    text = open(header_path, encoding='utf-8').read()
    text = re.sub(r'/\*.*?\*/|//[^\n]*', ' ', text, flags=re.S)
    values = {}
    for body in re.findall(r'enum\s*\{(.*?)\}', text, re.S):
        for item in body.split(','):
            m = re.match(r'\s*(MQW_\w+)\s*=\s*(.+?)\s*$', item, re.S)
            if m:
                expr = re.sub(r'(\d+)u\b', r'\1', m.group(2))
                values[m.group(1)] = eval(expr, {}, dict(values))  # own header
    return values


def constant(tokens, consts):
    """Evaluate an integer constant expression of MQW_* names and numbers."""
    expr = ' '.join(text for _, text in tokens)
    expr = re.sub(r'\b(0[xX][0-9a-fA-F]+|\d+)[uUlL]*\b', r'\1', expr)
    return eval(expr, {'__builtins__': {}}, consts)


def fields_of(row, macros):
    """{designator: tokens} of the top-level `.name = value` fields of a row
    (the tokens inside its braces)."""
    fields, depth, i = {}, 0, 0
    while i < len(row):
        kind, text = row[i]
        if text in '{([':
            depth += 1
        elif text in '})]':
            depth -= 1
        elif depth == 0 and text == '.' and i + 2 < len(row) and row[i + 2][1] == '=':
            name, j, d = row[i + 1][1], i + 3, 0
            while j < len(row) and not (d == 0 and row[j][1] == ','):
                d += row[j][1] in '{([' and 1 or 0
                d -= row[j][1] in '})]' and 1 or 0
                j += 1
            fields[name] = expand(row[i + 3:j], macros)
            i = j
            continue
        i += 1
    return fields


def local_enums(toks, macros, consts):
    """consts plus the constants of the file's own enums (`enum { CLIENT =
    MQW_ROLE_CLIENT, ... }`)."""
    consts = dict(consts)
    for i in range(len(toks) - 1):
        if toks[i][1] != 'enum' or toks[i + 1][1] != '{':
            continue
        j, value, item = i + 2, 0, []
        while True:
            kind, text = toks[j]
            if text in (',', '}'):
                if item:
                    if len(item) > 2 and item[1][1] == '=':
                        value = constant(expand(item[2:], macros), consts)
                    consts[item[0][1]] = value
                    value += 1
                item = []
                if text == '}':
                    break
            else:
                item.append((kind, text))
            j += 1
    return consts


def vec_rows(path, consts):
    """Yield (table, row fields dict, problem or None) for each row of each
    `vec` table of one test file."""
    source, macros = split_preprocessor(open(path, encoding='utf-8').read())
    toks = tokenize(source)
    consts = local_enums(toks, macros, consts)
    i = 0
    while i < len(toks):
        head = [t for _, t in toks[i:i + 8]]
        if head[:3] == ['static', 'const', 'vec'] and head[4:8] == ['[', ']', '=', '{']:
            table, i = head[3], i + 8
            while toks[i][1] != '}':
                if toks[i][1] == ',':
                    i += 1
                    continue
                if toks[i][1] != '{':
                    yield table, None, 'row is not a brace initialiser: %s' % toks[i][1]
                    while toks[i][1] not in (',', '}'):
                        i += 1
                    continue
                start, depth = i + 1, 1
                i += 1
                while depth:
                    depth += {'{': 1, '}': -1}.get(toks[i][1], 0)
                    i += 1
                yield (table,) + read_row(fields_of(toks[start:i - 1], macros), consts)
        else:
            i += 1


def read_row(f, consts):
    """(row dict, problem or None) from the designated fields."""
    try:
        row = {
            'name': c_string(f['name']) if 'name' in f else '?',
            'hex': c_string(f['hex']),
            'version': constant(f['version'], consts) if 'version' in f else 0,
            'flags': constant(f['flags'], consts) if 'flags' in f else 0,
            'role': constant(f['role'], consts) if 'role' in f else 0,
            'err': constant(f['err'], consts) if 'err' in f else 0,
            'offset': constant(f['offset'], consts) if 'offset' in f else 0,
            'rule': c_string(f['rule']) if 'rule' in f else None,
            'canon': c_string(f['canon']) if 'canon' in f else None,
            'max_packet_size': (constant(f['max_packet_size'], consts)
                                if 'max_packet_size' in f else 0),
            'build_err': constant(f['build_err'], consts) if 'build_err' in f else 0,
        }
        return row, None
    except (ValueError, KeyError, SyntaxError, NameError, TypeError) as e:
        return None, '%s: %s' % (type(e).__name__, e)


def hex_bytes(text):
    """(packet bytes, all bytes) of a vector's hex; '|' ends the packet."""
    packet, _, rest = text.partition('|')
    clean = lambda s: bytes.fromhex(''.join(s.split()))
    return clean(packet), clean(packet) + clean(rest)


# Suites run against the library built with compile-time knobs.
BUILD_VARIANTS = ('test_knobs.c',)


def load(tests_dir):
    """(rows, problems): every vec row of tests/test_*.c with 'file' and
    'table' set; problems as (file, table, message). test_knobs.c is left
    out: its rows are for a library built without 3.1 and 5.0."""
    consts = header_constants(os.path.join(tests_dir, '..', 'include', 'mqttwire.h'))
    rows, problems = [], []
    for name in sorted(os.listdir(tests_dir)):
        if not (name.startswith('test_') and name.endswith('.c')) or name in BUILD_VARIANTS:
            continue
        for table, row, problem in vec_rows(os.path.join(tests_dir, name), consts):
            if problem:
                problems.append((name, table, problem))
            else:
                row.update(file=name, table=table)
                rows.append(row)
    return rows, problems, consts


if __name__ == '__main__':
    here = os.path.dirname(os.path.abspath(__file__))
    all_rows, bad, _ = load(sys.argv[1] if len(sys.argv) > 1 else
                            os.path.join(here, '..', 'tests'))
    for r in all_rows:
        if r['err'] == 0:
            print(r['version'] or 4, hex_bytes(r['hex'])[0].hex())
    for p in bad:
        print('unreadable row: %s %s: %s' % p, file=sys.stderr)
