#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: 2026 The mqttwire authors
"""Tests of the mqttwire command-line tool.

usage: test_tool.py MQTTWIRE TESTS_DIR

- Round trip: every valid row of the `vec` tables of TESTS_DIR/test_*.c is
  decoded (`mqttwire decode -V v HEX`) and the JSON encoded again
  (`mqttwire encode -V v JSON`); the bytes must come back (the row's
  .canon bytes when it has them). A row may instead come back with its
  properties regrouped the way mqtt-packet's object model groups them (a
  repeated property or user property name collected at its first place),
  which decodes to the same JSON; those are counted apart, and any other
  difference fails.
- Errors: every invalid row must decode to one error object with the row's
  error, offset and rule, and exit status 1.
- Streams: --raw over several packets written in small pieces, a CONNECT
  changing the version mid-stream, a stream cut short, a bad packet in the
  middle; several packets on one hex line; stdin lines with comments.
- encode: stdin lines, --raw output, Node Buffer JSON, refusals, bad JSON.
"""
import json
import os
import random
import subprocess
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import c_vectors  # noqa: E402

failures = []


def lines_of(text):
    """Lines split at '\\n' only: str.splitlines() also splits at U+2028,
    which JSON strings hold unescaped."""
    return text.split('\n')[:-1] if text.endswith('\n') else text.split('\n') if text else []


def fail(msg):
    failures.append(msg)
    print('FAIL: ' + msg)


def run(tool, args, stdin=b''):
    p = subprocess.run([tool] + args, input=stdin, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=60)
    return p.returncode, p.stdout.decode('utf-8'), p.stderr.decode('utf-8')


def flag_names(bits, consts):
    """--flag options for the mqw_limits.flags bits of a row."""
    names = []
    for name, value in sorted(consts.items(), key=lambda kv: kv[1]):
        if (name.startswith(('MQW_LENIENT_', 'MQW_STRICT_', 'MQW_ALLOW_', 'MQW_TRIM_'))
                and bits & value):
            names += ['--flag', name[4:].lower().replace('_', '-')]
            bits &= ~value
    assert bits == 0, 'unknown flag bits %#x' % bits
    return names


def parse_args(row, consts):
    args = ['-V', str(row['version'] or 4)] + flag_names(row['flags'], consts)
    if row['role']:
        args += ['--role', 'client' if row['role'] == consts['MQW_ROLE_CLIENT'] else 'server']
    if row['max_packet_size']:
        args += ['--max-packet-size', str(row['max_packet_size'])]
    return args


def round_trip(tool, rows, consts):
    """Decode and re-encode every valid row; returns {row name: JSON line}."""
    exact = regrouped = refused = 0
    decoded = {}
    for row in rows:
        packet, _ = c_vectors.hex_bytes(row['hex'])
        where = '%s %s "%s"' % (row['file'], row['table'], row['name'])
        args = parse_args(row, consts)
        rc, out, err = run(tool, ['decode'] + args + [packet.hex()])
        lines = lines_of(out)
        if rc != 0 or len(lines) != 1 or '"error"' in lines[0]:
            fail('%s: decode gave rc %d: %s %s' % (where, rc, out.strip(), err.strip()))
            continue
        decoded[row['name']] = lines[0]
        build_args = ['-V', str(row['version'] or 4)] + flag_names(row['flags'], consts)
        rc, out, err = run(tool, ['encode'] + build_args + [lines[0]])
        if row['build_err']:
            # Accepted on parse, refused on build (the row's build_err).
            if rc == 0:
                fail('%s: encode built a packet the library must refuse: %s' % (where, out))
            else:
                refused += 1
            continue
        want = (bytes.fromhex(''.join(row['canon'].split())) if row['canon'] else packet).hex()
        got = out.strip()
        if rc != 0:
            fail('%s: encode gave rc %d: %s\n  JSON %s' % (where, rc, err.strip(), lines[0]))
        elif got == want:
            exact += 1
        else:
            rc, again, _ = run(tool, ['decode'] + args + [got])
            if rc == 0 and again.strip() == lines[0] and len(got) == len(want):
                regrouped += 1
                print('regrouped: %s\n  %s\n  %s' % (where, want, got))
            else:
                fail('%s: encode gave %s, expected %s\n  JSON %s' % (where, got, want, lines[0]))
    print('round trip: %d of %d valid vectors byte for byte, %d with properties regrouped, '
          '%d refused on encode as their row says' % (exact, len(rows), regrouped, refused))
    return decoded, exact + regrouped


def errors(tool, rows, consts):
    names = {v: k for k, v in consts.items() if k.startswith('MQW_ERR_')}
    checked = 0
    for row in rows:
        _, everything = c_vectors.hex_bytes(row['hex'])
        where = '%s %s "%s"' % (row['file'], row['table'], row['name'])
        rc, out, err = run(tool, ['decode'] + parse_args(row, consts) + [everything.hex()])
        lines = lines_of(out)
        try:
            got = json.loads(lines[-1])
        except (ValueError, IndexError):
            fail('%s: no JSON error object: %r %r' % (where, out, err))
            continue
        want_err = names[row['err']]
        problems = []
        if rc != 1:
            problems.append('exit status %d' % rc)
        if got.get('error') != want_err:
            problems.append('error %s, expected %s' % (got.get('error'), want_err))
        if want_err == 'MQW_ERR_NEED_MORE':
            if not isinstance(got.get('need'), int) or got['need'] <= len(everything):
                problems.append('need %r' % got.get('need'))
        else:
            if got.get('offset') != row['offset']:
                problems.append('offset %s, expected %d' % (got.get('offset'), row['offset']))
            if row['rule'] and got.get('rule') != row['rule']:
                problems.append('rule %s, expected %s' % (got.get('rule'), row['rule']))
            if not (got.get('reason') is None or got['reason'].startswith('0x')):
                problems.append('reason %r' % got.get('reason'))
        if problems:
            fail('%s: %s (output %s)' % (where, ', '.join(problems), out.strip()))
        checked += 1
    print('errors: %d invalid vectors give their error, offset and rule' % checked)


def feed_in_pieces(tool, args, data, seed):
    """Run the tool with `data` written to its stdin a few bytes at a time,
    so that reads end inside packets and inside fixed headers."""
    p = subprocess.Popen([tool] + args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    rnd = random.Random(seed)
    pos = 0
    while pos < len(data):
        n = rnd.randint(1, 7)
        try:
            p.stdin.write(data[pos:pos + n])
            p.stdin.flush()
        except BrokenPipeError:  # it stopped reading at a bad packet
            break
        pos += n
        time.sleep(0.0002)
    try:
        p.stdin.close()
    except BrokenPipeError:
        pass
    out = p.stdout.read().decode('utf-8')
    p.wait(timeout=60)
    return p.returncode, out


def plain(rows):
    """Valid rows that parse without options, build again, and are not CONNECT."""
    return [r for r in rows if not (r['flags'] or r['role'] or r['max_packet_size'])
            and not r['build_err'] and c_vectors.hex_bytes(r['hex'])[0][0] >> 4 != 1]


def diff(got, want):
    """The first differing line of two outputs."""
    for a, b in zip(lines_of(got), lines_of(want)):
        if a != b:
            return 'got %s, expected %s' % (a, b)
    return 'got %d lines, expected %d' % (len(lines_of(got)), len(lines_of(want)))


def check(name, cond, detail=''):
    if cond:
        print('ok: ' + name)
    else:
        fail(name + (': ' + detail if detail else ''))


def streams(tool, rows, decoded):
    v311 = [r for r in plain(rows) if r['version'] == 4 and r['name'] in decoded]
    v5 = [r for r in plain(rows) if r['version'] == 5 and r['name'] in decoded]
    connect5 = next(r for r in rows if r['version'] == 5 and r['name'] in decoded
                    and c_vectors.hex_bytes(r['hex'])[0][:1] == b'\x10'
                    and json.loads(decoded[r['name']])['protocolVersion'] == 5
                    and not r['flags'])
    pk = lambda r: c_vectors.hex_bytes(r['hex'])[0]
    canon = lambda r: bytes.fromhex(''.join(r['canon'].split())) if r['canon'] else pk(r)

    data = b''.join(pk(r) for r in v311)
    want = ''.join(decoded[r['name']] + '\n' for r in v311)
    rc, out = feed_in_pieces(tool, ['decode', '--raw'], data, 1)
    check('--raw: %d 3.1.1 packets (%d bytes) written in pieces' % (len(v311), len(data)),
          rc == 0 and out == want, 'rc %d' % rc)

    rc, out, _ = run(tool, ['decode', data.hex()])
    check('hex: the same packets on one line', rc == 0 and out == want)

    text = '# a comment\n\n' + ''.join(pk(r).hex() + '\n' for r in v311)
    rc, out, _ = run(tool, ['decode'], text.encode())
    check('stdin: one packet per line, comments and blank lines skipped',
          rc == 0 and out == want)

    json_lines = want.encode()
    rc, out, err = run(tool, ['encode'], json_lines)
    check('encode: stdin lines back to the same hex lines',
          rc == 0 and out == ''.join(canon(r).hex() + '\n' for r in v311), err)
    p = subprocess.run([tool, 'encode', '--raw'], input=json_lines, stdout=subprocess.PIPE,
                       timeout=60)
    check('encode --raw: the byte stream',
          p.returncode == 0 and p.stdout == b''.join(canon(r) for r in v311))

    # A 5.0 CONNECT switches the default 3.1.1 to 5.0 for the packets after it.
    data5 = pk(connect5) + b''.join(pk(r) for r in v5)
    want5 = decoded[connect5['name']] + '\n' + ''.join(decoded[r['name']] + '\n' for r in v5)
    rc, out = feed_in_pieces(tool, ['decode', '--raw'], data5, 2)
    check('--raw: a 5.0 CONNECT then %d 5.0 packets, decoded as 5.0' % len(v5),
          rc == 0 and out == want5, 'rc %d' % rc)
    rc, out, err = run(tool, ['encode'], want5.encode())
    want_hex = canon(connect5).hex() + '\n' + ''.join(canon(r).hex() + '\n' for r in v5)
    check('encode: a 5.0 CONNECT sets the version of the lines after it',
          rc == 0 and out == want_hex, diff(out, want_hex) + err)

    # Cut short: everything but the last byte.
    rc, out = feed_in_pieces(tool, ['decode', '--raw'], data5[:-1], 3)
    lines = lines_of(out)
    last = json.loads(lines[-1]) if lines else {}
    check('--raw: a stream that ends inside a packet',
          rc == 1 and lines[:-1] == lines_of(want5)[:-1]
          and last.get('error') == 'MQW_ERR_NEED_MORE' and last.get('offset') == len(data5) - 1
          and last.get('need') == len(data5), out[-300:])

    # A bad packet in the middle: reported at its place in the stream; stop.
    bad = bytes.fromhex('36 05 00 01 61 00 01')  # PUBLISH with QoS 3
    head = b''.join(pk(r) for r in v311[:5])
    rc, out = feed_in_pieces(tool, ['decode', '--raw'], head + bad + data, 4)
    lines = lines_of(out)
    check('--raw: stops at a bad packet, offset counted in the stream',
          rc == 1 and lines[:5] == lines_of(want)[:5] and len(lines) == 6
          and json.loads(lines[5]) == {'error': 'MQW_ERR_QOS', 'offset': len(head),
                                       'rule': 'FH-17', 'reason': '0x81'}, out[-300:])

    # In hex mode the next argument is still decoded.
    rc, out, _ = run(tool, ['decode', bad.hex(), pk(v311[0]).hex()])
    lines = lines_of(out)
    check('hex: a bad argument, then a good one', rc == 1 and len(lines) == 2
          and lines[1] == decoded[v311[0]['name']])


def mqtt_packet_golden(tool):
    """mqttwire prints what mqtt-packet's parser emits (mqtt_packet_golden.txt),
    and encodes it back to the same bytes."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'mqtt_packet_golden.txt')
    lines = [l for l in open(path, encoding='utf-8').read().split('\n')
             if l and not l.startswith('#')]
    hexes, objects = lines[0::2], lines[1::2]
    rc, out, err = run(tool, ['decode', '-V', '5', '--flag', 'allow-bridge'],
                       ''.join(h + '\n' for h in hexes).encode())
    want = ''.join(o + '\n' for o in objects)
    check('decode: the same text as mqtt-packet for %d packets' % len(hexes),
          rc == 0 and out == want, diff(out, want) + err)
    rc, out, err = run(tool, ['encode', '-V', '5'], want.encode())
    # mqtt-packet writes an empty property block after a 5.0 ack's reason
    # code; mqttwire builds the shortest form (C-15).
    shortest = [h.replace('700400049200', '7003000492') for h in hexes]
    check('encode: mqtt-packet objects back to the packets',
          rc == 0 and out.split() == shortest, diff(out, '\n'.join(shortest)) + err)


def regrouping(tool):
    """Repeated user property names that are not adjacent are collected at the
    first one, as mqtt-packet's object model has it: the JSON cannot say the
    order, so the rebuilt packet groups them (the same properties)."""
    interleaved = ('3019 000174 15 26000161000131 26000162000132 26000161000133'
                   .replace(' ', ''))
    grouped = '3019 000174 15 26000161000131 26000161000133 26000162000132'.replace(' ', '')
    rc, out, _ = run(tool, ['decode', '-V', '5', interleaved])
    check('decode: user properties a=1 b=2 a=3 -> {"a":["1","3"],"b":"2"}',
          rc == 0 and json.loads(out)['properties'] == {'userProperties':
                                                        {'a': ['1', '3'], 'b': '2'}}, out)
    rc, out2, _ = run(tool, ['encode', '-V', '5', out.strip()])
    check('encode: ... rebuilt grouped by name', rc == 0 and out2.strip() == grouped, out2)


def encode_cases(tool):
    cases = [
        ('Node Buffer JSON for a payload',
         ['encode', '{"cmd":"publish","topic":"t","payload":{"type":"Buffer","data":[104,105]}}'],
         0, '300500017468 69'.replace(' ', '') + '\n', ''),
        ('mqtt-packet defaults for CONNECT', ['encode', '{"cmd":"connect"}'],
         0, '100c00044d5154540402000000 00'.replace(' ', '') + '\n', ''),
        ('a refused packet names the error and the rule',
         ['encode', '{"cmd":"publish","topic":"a/#"}', '{"cmd":"pingreq"}'],
         1, 'c000\n', 'argument 1: MQW_ERR_TOPIC_NAME'),
        ('bad JSON', ['encode', '{"cmd":'], 1, '', 'argument 1: JSON'),
        ('unknown property', ['encode', '-V', '5', '{"cmd":"pubrel","messageId":1,'
                              '"properties":{"noSuch":1}}'], 1, '', 'noSuch'),
        ('wrong type', ['encode', '{"cmd":"publish","topic":1}'], 1, '', 'topic'),
        ('bad hex', ['decode', '30 0'], 1,
         '{"error":"invalid hex","offset":3,"rule":null,"reason":null}\n', ''),
        ('unknown command', ['frobnicate'], 2, '', 'unknown command'),
        ('bad -V', ['decode', '-V', '6', 'c000'], 2, '', '-V'),
        ('a bad Topic Filter is marked, not fatal (C-10)',
         ['decode', '82 0B 0001 0001 23 00 0002 61 23 01'], 0,
         '{"cmd":"subscribe","retain":false,"qos":1,"dup":false,"length":11,"topic":null,'
         '"payload":null,"subscriptions":[{"topic":"#","qos":0},{"topic":"a#","qos":1}],'
         '"messageId":1,"invalidFilters":[1]}\n', ''),
        ('... and fatal with --flag strict-filters',
         ['decode', '82 0B 0001 0001 23 00 0002 61 23 01', '--flag', 'strict-filters'], 1,
         '{"error":"MQW_ERR_TOPIC_FILTER","offset":11,"rule":"TF-1","reason":"0x8F"}\n', ''),
        ('README example', ['decode', '3010000b68656c6c6f2f776f726c64686921'], 0,
         '{"cmd":"publish","retain":false,"qos":0,"dup":false,"length":16,'
         '"topic":"hello/world","payload":"686921"}\n', ''),
    ]
    for name, args, want_rc, want_out, want_err in cases:
        rc, out, err = run(tool, args)
        check(name, rc == want_rc and out == want_out and want_err in err,
              'rc %d out %r err %r' % (rc, out, err))
    rc, out, _ = run(tool, ['--help'])
    check('--help says hex', rc == 0 and 'hex' in out and 'mqtt-packet' in out)


def main():
    tool, tests_dir = sys.argv[1], sys.argv[2]
    rows, problems, consts = c_vectors.load(tests_dir)
    for p in problems:
        fail('cannot read a row of %s %s: %s' % p)
    valid = [r for r in rows if r['err'] == 0]
    invalid = [r for r in rows if r['err'] != 0]
    if len(valid) < 100:
        fail('only %d valid vectors found in %s' % (len(valid), tests_dir))
    decoded, _ = round_trip(tool, valid, consts)
    errors(tool, invalid, consts)
    streams(tool, valid, decoded)
    mqtt_packet_golden(tool)
    regrouping(tool)
    encode_cases(tool)
    print('%d failures' % len(failures))
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
