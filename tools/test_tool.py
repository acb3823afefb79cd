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
- encode: stdin lines, --raw output, Node Buffer JSON, refusals, bad JSON,
  unknown keys, 5.0-only fields refused on 3.x.
- User Properties: mqtt-packet's object groups a repeated name; with
  --user-properties list their order and repeats survive decode and encode
  (every valid row with user properties, and names interleaved).
- Input: the hex forms read (0x, Wireshark's colons, spaces, commas) and
  what the errors say; "need" of a packet cut short.
- --help lists each option of the source once, and every --flag name.
"""
import json
import os
import random
import re
import shlex
import subprocess
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import c_vectors  # noqa: E402
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'examples'))
import check_usage  # noqa: E402

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


def round_trip_list(tool, rows, consts, decoded):
    """Every valid row with User Properties decodes with --user-properties
    list and encodes back to its bytes, byte for byte: their order and
    repeats are kept."""
    checked = 0
    for row in rows:
        if '"userProperties"' not in decoded.get(row['name'], '') or row['build_err']:
            continue
        packet, _ = c_vectors.hex_bytes(row['hex'])
        where = '%s %s "%s"' % (row['file'], row['table'], row['name'])
        args = parse_args(row, consts)
        rc, out, err = run(tool, ['decode', '--user-properties', 'list'] + args + [packet.hex()])
        if rc != 0 or '"userProperties":[[' not in out:
            fail('%s: decode --user-properties list gave rc %d: %s %s' % (where, rc, out, err))
            continue
        build_args = ['-V', str(row['version'] or 4)] + flag_names(row['flags'], consts)
        rc, got, err = run(tool, ['encode'] + build_args + [out.strip()])
        want = (bytes.fromhex(''.join(row['canon'].split())) if row['canon'] else packet).hex()
        if rc != 0 or got.strip() != want:
            fail('%s: list form encoded to %s %s, expected %s' % (where, got.strip(), err, want))
        checked += 1
    check('round trip with --user-properties list: %d vectors with user properties, byte for '
          'byte' % checked, checked >= 10)


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
          and json.loads(lines[5]) == {
              'error': 'MQW_ERR_QOS', 'offset': len(head), 'rule': 'FH-17', 'reason': '0x81',
              'message': 'A PUBLISH must not set both QoS bits: there is no QoS 3 (FH-17, '
                         'MQTT-3.3.1-4, 5.0 \u00a73.3.1.2) at byte %d' % len(head)},
          out[-300:])

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


def user_properties(tool):
    """a=1 b=2 a=3: mqtt-packet's object form groups the repeated name (the
    JSON cannot say the order), the list form keeps order and repeats."""
    interleaved = ('3019 000174 15 26000161000131 26000162000132 26000161000133'
                   .replace(' ', ''))
    grouped = '3019 000174 15 26000161000131 26000161000133 26000162000132'.replace(' ', '')
    rc, out, _ = run(tool, ['decode', '-V', '5', interleaved])
    check('decode: user properties a=1 b=2 a=3 -> {"a":["1","3"],"b":"2"}',
          rc == 0 and json.loads(out)['properties'] == {'userProperties':
                                                        {'a': ['1', '3'], 'b': '2'}}, out)
    rc, out2, _ = run(tool, ['encode', '-V', '5', out.strip()])
    check('encode: ... rebuilt grouped by name, in the order of the object',
          rc == 0 and out2.strip() == grouped, out2)
    rc, out2, _ = run(tool, ['encode', '-V', '5', '{"cmd":"publish","topic":"t","properties":'
                             '{"userProperties":{"b":"2","a":["1","3"]}}}'])
    check('encode: {"b":"2","a":["1","3"]} -> b=2 a=1 a=3', rc == 0 and out2.strip() ==
          '3019 000174 15 26000162000132 26000161000131 26000161000133'.replace(' ', ''), out2)

    for form in (['--user-properties', 'list'], ['--user-properties=list']):
        rc, out, _ = run(tool, ['decode', '-V', '5'] + form + [interleaved])
        check('decode %s: [["a","1"],["b","2"],["a","3"]]' % ' '.join(form),
              rc == 0 and json.loads(out)['properties'] == {
                  'userProperties': [['a', '1'], ['b', '2'], ['a', '3']]}, out)
    rc, out2, _ = run(tool, ['encode', '-V', '5', out.strip()])
    check('encode: the list form back to a=1 b=2 a=3', rc == 0 and out2.strip() == interleaved,
          out2)
    # In a Will, beside other properties, and with a name repeated three times.
    will = ('{"cmd":"connect","protocolVersion":5,"clientId":"c","will":{"topic":"w",'
            '"payload":"","properties":{"willDelayInterval":1,"userProperties":'
            '[["x","1"],["y","2"],["x","3"],["x","4"]]}},"properties":{"userProperties":'
            '[["z",""],["z",""]]}}')
    rc, hexed, err = run(tool, ['encode', will])
    rc2, back, _ = run(tool, ['decode', '--user-properties', 'list', hexed.strip()])
    check('a CONNECT with user properties in the Will and the packet: encode, decode',
          rc == 0 and rc2 == 0 and json.loads(back)['will']['properties']['userProperties'] ==
          [['x', '1'], ['y', '2'], ['x', '3'], ['x', '4']] and
          json.loads(back)['properties']['userProperties'] == [['z', ''], ['z', '']],
          hexed + err + back)
    for bad, say in (('[["a"]]', 'userProperties[0]: expected a [name, value] pair'),
                     ('[["a",1]]', 'userProperties[0]: expected a string'),
                     ('"a=1"', 'userProperties: expected an object or a list')):
        rc, out, err = run(tool, ['encode', '-V', '5', '{"cmd":"publish","topic":"t",'
                                  '"properties":{"userProperties":%s}}' % bad])
        check('encode: userProperties %s refused: %s' % (bad, say), rc == 1 and say in err, err)
    rc, out, err = run(tool, ['decode', '--user-properties', 'pairs', 'c000'])
    check('--user-properties takes object or list', rc == 2 and 'object or list' in err, err)


def hex_input(tool):
    """The hex forms people copy, and what is wrong with text that is not hex."""
    want = run(tool, ['decode', '3010000b68656c6c6f2f776f726c64686921'])[1]
    forms = ['0x3010000b68656c6c6f2f776f726c64686921',
             '30:10:00:0b:68:65:6c:6c:6f:2f:77:6f:72:6c:64:68:69:21',
             '30 10 00 0B 68 65 6C 6C 6F 2F 77 6F 72 6C 64 68 69 21',
             '0x30, 0x10, 0x00, 0x0b, 0x68, 0x65, 0x6c, 0x6c, 0x6f, 0x2f, 0x77, 0x6f, 0x72, '
             '0x6c, 0x64, 0x68, 0x69, 0x21',
             '3010 000b	68656c6c6f2f 776f726c64 686921']
    for form in forms:
        rc, out, _ = run(tool, ['decode', form])
        check('hex read: %s...' % form[:24], rc == 0 and out == want and '"error"' not in out,
              out)
    rc, out, _ = run(tool, ['decode'], ('\n'.join(forms) + '\n').encode())
    check('hex read: the same forms as stdin lines', rc == 0 and out == want * len(forms), out)
    cases = [
        ('', 'empty input', 0),
        (' : ', 'empty input', 0),
        ('30 0', 'odd number of hex digits (1 from offset 3)', 3),
        ('300', 'odd number of hex digits (3 from offset 0)', 0),
        ('30:0d:0:00', 'odd number of hex digits (1 from offset 6)', 6),
        ('c0 0g', "not a hex digit 'g' at offset 4", 4),
        ('c0x00', "not a hex digit 'x' at offset 2", 2),
        ('0x', '0x without hex digits at offset 0', 0),
        ('c0 é00', 'not a hex digit (byte 0xC3) at offset 3', 3),
    ]
    for text, say, offset in cases:
        rc, out, _ = run(tool, ['decode', text])
        got = json.loads(out) if out.startswith('{') else {}
        check('decode %r: "%s"' % (text, say), rc == 1 and got == {
            'error': say, 'offset': offset, 'rule': None, 'reason': None}, out)
    rc, out, err = run(tool, ['encode', '{"cmd":"publish","topic":"t","payload":"6g"}'])
    check('encode: a binary field that is not hex says why',
          rc == 1 and "argument 1: payload: not a hex digit 'g' at offset 1" in err, err)


def need(tool):
    """"need" is what --help says: the least length of the input, counted
    like offset, for the packet it ends in to be complete."""
    ping = bytes.fromhex('c000')
    publish = bytes.fromhex('3010000b68656c6c6f2f776f726c64686921')  # 18 bytes
    for cut in (1, 2, 5, 17):
        data = ping + ping + publish[:cut]
        want_need = len(ping) * 2 + (2 if cut == 1 else len(publish))
        rc, out = feed_in_pieces(tool, ['decode', '--raw'], data, cut)
        last = json.loads(lines_of(out)[-1])
        check('--raw: a PUBLISH cut after %d of its 18 bytes: offset %d, need %d (%d more)'
              % (cut, len(data), want_need, want_need - len(data)),
              rc == 1 and len(lines_of(out)) == 3 and last == {
                  'error': 'MQW_ERR_NEED_MORE', 'offset': len(data), 'rule': None,
                  'reason': None, 'need': want_need,
                  'message': 'The packet is incomplete: more bytes are needed'}, out)
        rc, out, _ = run(tool, ['decode', data.hex()])
        check('hex: the same input on one line', rc == 1 and json.loads(lines_of(out)[-1]) ==
              last, out)
    rc, out, _ = run(tool, ['--help'])
    check('--help says what need is', 'least length the input' in out and
          'need - offset more bytes' in out, out)


def not_in_v3(tool):
    """encode for 3.x refuses 5.0-only fields with a value instead of dropping
    them; the value every 3.x packet has is accepted."""
    refused = [
        ('{"cmd":"publish","topic":"t","properties":{"contentType":"x"}}', 'properties'),
        ('{"cmd":"connect","clientId":"c","properties":{"sessionExpiryInterval":1}}',
         'properties'),
        ('{"cmd":"connect","clientId":"c","will":{"topic":"w","payload":"",'
         '"properties":{"willDelayInterval":1}}}', 'will.properties'),
        ('{"cmd":"puback","messageId":1,"reasonCode":16}', 'reasonCode'),
        ('{"cmd":"pubrec","messageId":1,"properties":{"reasonString":"r"}}', 'properties'),
        ('{"cmd":"disconnect","reasonCode":4}', 'reasonCode'),
        ('{"cmd":"subscribe","messageId":1,"subscriptions":[{"topic":"a","qos":0,"nl":true}]}',
         'subscriptions[0].nl'),
        ('{"cmd":"subscribe","messageId":1,"subscriptions":[{"topic":"a","qos":0},'
         '{"topic":"b","qos":0,"rh":2}]}', 'subscriptions[1].rh'),
        ('{"cmd":"subscribe","messageId":1,"subscriptions":[{"topic":"a","qos":0,"rap":true}]}',
         'subscriptions[0].rap'),
        ('{"cmd":"unsuback","messageId":1,"granted":[0]}', 'granted'),
        ('{"cmd":"unsubscribe","messageId":1,"unsubscriptions":["a"],'
         '"properties":{"userProperties":{"a":"b"}}}', 'properties'),
    ]
    def for_version(obj, version):
        """A CONNECT carries its version; other packets take -V."""
        packet = json.loads(obj)
        if packet['cmd'] != 'connect':
            return ['-V', version, obj]
        packet['protocolVersion'] = int(version)
        return [json.dumps(packet)]

    for obj, field in refused:
        for version, name in (('4', '3.1.1'), ('3', '3.1')):
            rc, out, err = run(tool, ['encode'] + for_version(obj, version))
            check('encode for %s refuses %s' % (name, field), rc == 1 and out == '' and
                  '%s: MQTT 5.0 only, and this %s is built for MQTT %s' % (
                      field, json.loads(obj)['cmd'], name) in err, err)
        rc, out, err = run(tool, ['encode'] + for_version(obj, '5'))
        check('... and for 5.0 builds it', rc == 0 and out.strip(), err)
    accepted = [
        ('{"cmd":"publish","topic":"t","properties":{}}', '3003000174'),
        ('{"cmd":"publish","topic":"t","properties":{"contentType":null}}', '3003000174'),
        ('{"cmd":"puback","messageId":1,"reasonCode":0}', '40020001'),
        ('{"cmd":"unsuback","messageId":1,"granted":[]}', 'b0020001'),
        ('{"cmd":"subscribe","messageId":1,"subscriptions":[{"topic":"a","qos":1,"nl":false,'
         '"rap":false,"rh":0}]}', '8206000100016101'),
    ]
    for obj, want in accepted:
        rc, out, err = run(tool, ['encode', obj])
        check('encode for 3.1.1 takes %s' % obj, rc == 0 and out.strip() == want, out + err)
    # After a bridge CONNECT a 3.1.1 subscription means nl and rap (as
    # mqtt-packet decodes it); false is what it cannot say.
    bridge = '{"cmd":"connect","clientId":"br","bridgeMode":true}'
    sub = '{"cmd":"subscribe","messageId":9,"subscriptions":[{"topic":"x","qos":1%s}]}'
    rc, out, err = run(tool, ['encode', bridge, sub % ',"rh":0,"rap":true,"nl":true'])
    check('after a bridge CONNECT: the bridge options encode',
          rc == 0 and lines_of(out)[1:] == ['8206000900017801'], out + err)
    rc, out, err = run(tool, ['encode', bridge, sub % ',"nl":false'])
    check('... and nl false is refused', rc == 1 and 'subscriptions[0].nl: MQTT 5.0 only' in err,
          err)


def unknown_keys(tool):
    cases = [
        ('{"cmd":"publish","topic":"t","tpoic":"u"}',
         'unknown key "tpoic" (not a field of a publish packet)'),
        ('{"cmd":"pingreq","messageId":1}',
         'unknown key "messageId" (not a field of a pingreq packet)'),
        ('{"cmd":"connect","clientId":"c","will":{"topic":"w","payload":"","qos":0,'
         '"retained":true}}', 'will: unknown key "retained"'),
        ('{"cmd":"subscribe","messageId":1,"subscriptions":[{"topic":"a","qos":0,"noLocal":1}]}',
         'subscriptions[0]: unknown key "noLocal"'),
        ('{"cmd":"publish","topic":"t","payload":{"type":"Buffer","data":[1],"x":0}}',
         'payload: unknown key "x"'),
    ]
    for obj, say in cases:
        rc, out, err = run(tool, ['encode', obj])
        check('encode: %s' % say, rc == 1 and out == '' and say in err, err)


def readme_console(tool, readme):
    """The README's `$ ./build/tools/mqttwire ...` lines print what it shows."""
    with open(readme, encoding='utf-8') as f:
        blocks = re.findall(r'```console\n(.*?)```', f.read(), re.S)
    ran = 0
    for block in blocks:
        for m in re.finditer(r'^\$ \./build/tools/mqttwire (.*)\n((?:[^$].*\n)*)', block, re.M):
            rc, out, err = run(tool, shlex.split(m.group(1)))
            check('README: mqttwire %s' % m.group(1)[:50], out == m.group(2),
                  'printed %r %r' % (out, err))
            ran += 1
    check('README: %d tool commands shown' % ran, ran >= 3)


def usage(tool):
    """--help lists each option the source compares arguments with, once,
    and every --flag name of the source's table."""
    here = os.path.dirname(os.path.abspath(__file__))
    source = os.path.join(here, 'mqttwire.c')
    rc, out, err = run(tool, ['--help'])
    listed = check_usage.listed_options(out)
    accepted = check_usage.source_options([source])
    check('--help: exit 0, usage on stdout', rc == 0 and out.startswith('usage:') and not err)
    check('--help lists each option once (%d)' % len(listed),
          len(listed) == len(set(listed)) and set(listed) == accepted,
          'listed %s, in the source %s' % (sorted(listed), sorted(accepted)))
    with open(source, encoding='utf-8') as f:
        table = re.search(r'flag_names\[\] = \{(.*?)\};', f.read(), re.S).group(1)
    flags = re.findall(r'\{"([a-z0-9-]+)",', table)
    text = ' '.join(out.split())
    check('--help names each of the %d --flag names' % len(flags),
          flags and all(re.search(r'(?<![\w-])%s(?![\w-])' % f, text) for f in flags),
          ' '.join(f for f in flags if f not in text))


def encode_cases(tool):
    cases = [
        ('Node Buffer JSON for a payload',
         ['encode', '{"cmd":"publish","topic":"t","payload":{"type":"Buffer","data":[104,105]}}'],
         0, '300500017468 69'.replace(' ', '') + '\n', ''),
        ('mqtt-packet defaults for CONNECT', ['encode', '{"cmd":"connect"}'],
         0, '100c00044d5154540402000000 00'.replace(' ', '') + '\n', ''),
        ('a refused packet names the error and says the rule',
         ['encode', '{"cmd":"publish","topic":"a/#"}', '{"cmd":"pingreq"}'],
         1, 'c000\n', "argument 1: MQW_ERR_TOPIC_NAME: A Topic Name must not contain '#' "
         "(PUB-3, MQTT-3.3.2-2)\n"),
        ('bad JSON', ['encode', '{"cmd":'], 1, '', 'argument 1: JSON'),
        ('no JSON', ['encode', ' '], 1, '', 'argument 1: empty input'),
        ('unknown property', ['encode', '-V', '5', '{"cmd":"pubrel","messageId":1,'
                              '"properties":{"noSuch":1}}'], 1, '', 'noSuch'),
        ('wrong type', ['encode', '{"cmd":"publish","topic":1}'], 1, '', 'topic'),
        ('bad hex', ['decode', '30 0'], 1,
         '{"error":"odd number of hex digits (1 from offset 3)","offset":3,"rule":null,'
         '"reason":null}\n', ''),
        ('unknown command', ['frobnicate'], 2, '', 'unknown command'),
        ('bad -V', ['decode', '-V', '6', 'c000'], 2, '', '-V'),
        ('a bad Topic Filter is fatal by default (C-10)',
         ['decode', '82 0B 0001 0001 23 00 0002 61 23 01'], 1,
         '{"error":"MQW_ERR_TOPIC_FILTER","offset":11,"rule":"TF-1","reason":"0x8F",'
         '"message":"A \'#\' must be the whole of its level (TF-1, 3.1.1 MQTT-4.7.1-2, 5.0 '
         'MQTT-4.7.1-1) at byte 11"}\n', ''),
        ('... and marked, not fatal, with --flag lenient-filters',
         ['decode', '82 0B 0001 0001 23 00 0002 61 23 01', '--flag', 'lenient-filters'], 0,
         '{"cmd":"subscribe","retain":false,"qos":1,"dup":false,"length":11,"topic":null,'
         '"payload":null,"subscriptions":[{"topic":"#","qos":0},{"topic":"a#","qos":1}],'
         '"messageId":1,"invalidFilters":[1]}\n', ''),
        ('... and with --lenient',
         ['decode', '82 0B 0001 0001 23 00 0002 61 23 01', '--lenient'], 0,
         '{"cmd":"subscribe","retain":false,"qos":1,"dup":false,"length":11,"topic":null,'
         '"payload":null,"subscriptions":[{"topic":"#","qos":0},{"topic":"a#","qos":1}],'
         '"messageId":1,"invalidFilters":[1]}\n', ''),
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
    round_trip_list(tool, valid, consts, decoded)
    errors(tool, invalid, consts)
    streams(tool, valid, decoded)
    mqtt_packet_golden(tool)
    user_properties(tool)
    hex_input(tool)
    need(tool)
    not_in_v3(tool)
    unknown_keys(tool)
    usage(tool)
    readme_console(tool, os.path.join(tests_dir, '..', 'README.md'))
    encode_cases(tool)
    print('%d failures' % len(failures))
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
