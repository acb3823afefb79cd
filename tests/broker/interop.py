#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: 2026 The mqttwire authors
"""The example broker against clients no one here wrote: mosquitto_pub and
mosquitto_sub (-V mqttv31, mqttv311, mqttv5), python3-paho-mqtt, and raw
sockets where the bytes themselves are the point (refusals, malformed
packets, DUP, Topic Alias on the wire).

usage: interop.py --broker PATH     mqttwire-broker
       interop.py --mosquitto       the same scenarios against mosquitto
       [-k SUBSTRING] [-j JOBS]

Each scenario starts a broker of its own on a free port and prints PASS or
FAIL, its name, its time and what it saw. Where mqttwire-broker and
mosquitto differ, the scenario expects each one's answer and says which
rule lets both be right (the line's "differs:" part). A failed scenario
keeps its directory (broker log, client output). Exit 0 all passed, 1 some
failed, 77 (skip) when mosquitto or paho-mqtt is missing.
"""
import argparse
import concurrent.futures
import sys
import time
import traceback

from common import (CONNACK, DISCONNECT, PINGREQ, PINGRESP, PUBACK, PUBCOMP, PUBLISH, PUBREC,
                    PUBREL, SUBACK, Broker, Failure, Paho, Proc, Raw, ack, check, connect,
                    decode_publish, disconnect, mosquitto_path, mosquitto_pub, mosquitto_sub,
                    need_paho, packet, parse_props, payload_lines, publish, received, s16,
                    subscribe)

ARGS = None
V = {3: '3.1', 4: '3.1.1', 5: '5.0'}


class Ctx:
    """One scenario: its brokers and clients, closed at the end."""

    def __init__(self):
        self.brokers, self.closers, self.notes = [], [], []
        self.ours = ARGS.broker is not None

    def broker(self, **opts):
        b = Broker('mqttwire' if self.ours else 'mosquitto', ARGS.broker, **opts)
        self.brokers.append(b)
        return b

    def raw(self, b, v):
        r = Raw(b.port, v)
        self.closers.append(r.close)
        return r

    def paho(self, b, v, cid, **kw):
        c = Paho(b, v, cid, **kw)
        self.closers.append(lambda: c.c.loop_stop())
        return c

    def differs(self, text):
        """Where the two brokers answer differently, and the rule that
        allows both."""
        self.notes.append(text)

    def close(self, keep):
        for close in self.closers:
            try:
                close()
            except Exception:  # noqa: B902 - best effort at the end
                pass
        for b in self.brokers:
            b.close(keep)


# ------------------------------------------------------------------ core

def s_qos(ctx, v, qos):
    """QoS 0/1/2 both ways: mosquitto_pub -> broker -> mosquitto_sub, three
    messages, in order, delivered at the QoS asked."""
    b = ctx.broker()
    sub = mosquitto_sub(b, v, 'sub', '-t', 'q/#', '-q', qos, '-C', 3, '-v')
    for i in range(3):
        mosquitto_pub(b, v, 'pub%d' % i, '-t', 'q/t', '-q', qos, '-m', 'm%d' % i)
    check(sub.wait(10) == 0, 'mosquitto_sub exit %d' % sub.p.returncode)
    lines = payload_lines(sub)
    check(lines == ['q/t m0', 'q/t m1', 'q/t m2'], 'got %r' % lines)
    flags = received(sub)
    check([f[1] for f in flags] == [qos] * 3, 'QoS on the wire %r' % flags)
    return '3 messages in order at QoS %d' % qos


def s_versions_at_once(ctx):
    """3.1, 3.1.1 and 5.0 on one port at once, each in its own version: every
    subscriber gets the message of every publisher."""
    b = ctx.broker()
    subs = [mosquitto_sub(b, v, 'sub%d' % v, '-t', 'mix/#', '-q', 2, '-C', 3, '-v')
            for v in (3, 4, 5)]
    for v in (3, 4, 5):
        mosquitto_pub(b, v, 'pub%d' % v, '-t', 'mix/%d' % v, '-q', 2, '-m', 'from-%d' % v)
    for s in subs:
        check(s.wait(10) == 0, '%s exit %d' % (s.name, s.p.returncode))
        got = sorted(payload_lines(s))
        check(got == ['mix/3 from-3', 'mix/4 from-4', 'mix/5 from-5'], '%s got %r' % (s.name, got))
    return '3 subscribers x 3 publishers, QoS 2'


def s_downgrade(ctx, v):
    """QoS downgraded to the subscription's (3.8.4 of both versions): a QoS 2
    message to a QoS 1 and a QoS 0 subscription, a QoS 1 message to a QoS 2
    one."""
    b = ctx.broker()
    s1 = mosquitto_sub(b, v, 's1', '-t', 'dg/t', '-q', 1, '-C', 2)
    s0 = mosquitto_sub(b, v, 's0', '-t', 'dg/t', '-q', 0, '-C', 2)
    s2 = mosquitto_sub(b, v, 's2', '-t', 'dg/t', '-q', 2, '-C', 2)
    mosquitto_pub(b, v, 'p2', '-t', 'dg/t', '-q', 2, '-m', 'two')
    mosquitto_pub(b, v, 'p1', '-t', 'dg/t', '-q', 1, '-m', 'one')
    seen = []
    for s, want in ((s1, [1, 1]), (s0, [0, 0]), (s2, [2, 1])):
        check(s.wait(10) == 0, '%s exit %d' % (s.name, s.p.returncode))
        got = [f[1] for f in received(s)]
        check(got == want, '%s: QoS %r, %r expected' % (s.name, got, want))
        seen.append('%s %s' % (s.name, got))
    return ', '.join(seen)


def raw_refusal(ctx, b, data):
    """The CONNACK code a CONNECT gets (the connection must then end unless
    it is 0), or None when the connection is just closed."""
    r = ctx.raw(b, 4)
    r.send(data)
    got = r.read(5)
    if got is None:
        return None, {}
    ptype, _, body = got
    check(ptype == CONNACK, 'packet %d instead of CONNACK' % ptype)
    if body[1]:
        check(r.end(5) == [], 'more after the refusal')
    return body[1], (parse_props(body, 2) if len(body) > 2 else {})


def connect_body(name, level, flags, cid, cprops=b''):
    return packet(0x10, s16(name) + bytes([level, flags, 0, 60]) + cprops + s16(cid))


def s_refusals(ctx):
    """The right CONNACK for each refusal, then the connection closes."""
    b = ctx.broker()
    rows = [
        # name, CONNECT, code (ours), code (mosquitto), rule
        ('3.1.1 level 2', connect_body(b'MQTT', 2, 2, b'x'), 0x01, 0x01, None),
        ('"MQTT" level 3', connect_body(b'MQTT', 3, 2, b'x'), 0x01, 0x01, None),
        ('"MQIsdp" level 4', connect_body(b'MQIsdp', 4, 2, b'x'), 0x01, 0x01, None),
        ('level 6', connect_body(b'MQTT', 6, 2, b'x', b'\x00'), 0x84, 0x01,
         'a level above 5 gets the 5.0 code 0x84 here, the 3.1.1 code 0x01 from mosquitto: '
         'neither specification says in which version to refuse a level it does not know'),
        ('3.1.1 empty id, Clean Session 0', connect_body(b'MQTT', 4, 0, b''), 0x02, 0x02, None),
        ('3.1 empty id', connect_body(b'MQIsdp', 3, 2, b''), 0x02, 0x02, None),
        ('3.1 id of 24 bytes', connect_body(b'MQIsdp', 3, 2, b'x' * 24), 0x02, 0x00,
         '3.1 (section 3.1) limits the id to 23 characters; mosquitto accepts longer ones'),
        ('5.0 reserved flag', connect_body(b'MQTT', 5, 3, b'x', b'\x00'), 0x81, None,
         '[MQTT-3.1.2-3] malformed; 4.13: a CONNACK 0x81 before closing is a MAY'),
        ('5.0 Authentication Method', connect(5, 'x', cprops=((0x15, 'SCRAM-SHA-1'),)), 0x8C,
         0x8C, None),
        ('not MQTT at all', connect_body(b'MQTX', 4, 2, b'x'), None, None, None),
    ]
    seen = []
    for name, data, ours, theirs, rule in rows:
        code, p = raw_refusal(ctx, b, data)
        want = ours if ctx.ours else theirs
        if theirs == 0x00 and not ctx.ours:
            check(code == 0, '%s: CONNACK %s' % (name, code))
            seen.append('%s: accepted' % name)
            continue
        check(code == want, '%s: CONNACK %s, %s expected' % (name, code, want))
        if ctx.ours and code and code >= 0x80:
            check(0x1F in p, '%s: no Reason String' % name)
        if rule:
            ctx.differs('%s (%s)' % (name, rule))
        seen.append('%s: %s' % (name, 'closed' if code is None else '0x%02x' % code))
    return '; '.join(seen)


def s_assigned_id(ctx):
    """Zero-length client identifiers: 5.0 gets an Assigned Client
    Identifier, 3.1.1 with Clean Session 1 is accepted."""
    b = ctx.broker()
    c5 = ctx.paho(b, 5, '')
    assigned = getattr(c5.connack_props, 'AssignedClientIdentifier', None)
    check(assigned, 'no Assigned Client Identifier in CONNACK')
    c4 = ctx.paho(b, 4, '')
    c4.subscribe('id/t', 1)
    c5.publish('id/t', b'x', 1)
    check(c4.messages(1)[0].payload == b'x', 'the 3.1.1 client got nothing')
    return '5.0 assigned %r; 3.1.1 accepted' % assigned


def s_takeover(ctx, v):
    """A second CONNECT with the same client id takes the session over and
    closes the first connection ([MQTT-3.1.4-2] 3.1.1, [MQTT-3.1.4-3] 5.0); 5.0 says
    0x8E first."""
    b = ctx.broker()
    first = ctx.raw(b, v)
    first.connect('same', clean=False, cprops=((0x11, 60),) if v == 5 else ())
    first.send(subscribe(v, 1, [('to/t', 1)]))
    first.expect(SUBACK)
    cprops = None
    if v == 5:
        cprops = Paho.props('CONNECT')
        cprops.SessionExpiryInterval = 60
    second = ctx.paho(b, v, 'same', clean=False, cprops=cprops)
    check(second.session_present == (v != 3), 'Session Present %d' % second.session_present)
    got = first.end(5)
    if v == 5 and (ctx.ours or got):
        check(got and got[-1][0] == DISCONNECT and got[-1][2][:1] == b'\x8e',
              'first connection got %r, DISCONNECT 0x8E expected' % got)
    elif v == 5:
        ctx.differs('mosquitto closes the first connection without DISCONNECT 0x8E: the close '
                    'is the MUST of 5.0 [MQTT-3.1.4-3], the DISCONNECT is not')
    else:
        check(not got, 'first connection got %r' % got)
    ctx.paho(b, v, 'pub').publish('to/t', b'kept', 1)
    check(second.messages(1)[0].payload == b'kept', 'subscription not kept')
    return 'first closed%s, subscription kept' % (' with 0x8E' if v == 5 else '')


WILDCARD_ROWS = [
    ('#', ['a', 'a/b', 'a/b/c', 'x/b']),
    ('+', ['a']),
    ('+/b', ['a/b', 'x/b']),
    ('a/+', ['a/b']),
    ('a/#', ['a', 'a/b', 'a/b/c']),
    ('+/+', ['a/b', 'x/b']),
    ('$test/#', ['$test', '$test/x']),
    ('+/x', []),
]


def s_wildcards(ctx, v):
    """Wildcards (mqw_topic_matches), and '$' topics that a wildcard in the
    first level does not match ([MQTT-4.7.2-1])."""
    b = ctx.broker()
    clients = []
    for i, (flt, _) in enumerate(WILDCARD_ROWS):
        c = ctx.paho(b, v, 'w%d' % i)
        c.subscribe(flt, 1)
        clients.append(c)
    pub = ctx.paho(b, v, 'wpub')
    topics = ['a', 'a/b', 'a/b/c', 'x/b', '$test', '$test/x']
    for t in topics:
        pub.publish(t, t.encode(), 1)
    for (flt, want), c in zip(WILDCARD_ROWS, clients):
        got = [m.topic for m in c.messages(len(want))] if want else []
        c.nothing(0.2)
        check(sorted(got) == sorted(want), '%s got %r, %r expected' % (flt, got, want))
    return '%d filters x %d topics' % (len(WILDCARD_ROWS), len(topics))


def s_overlap(ctx, v):
    """Overlapping subscriptions of one client: the message at the highest
    QoS of the matching ones ([MQTT-3.3.5-1] 3.1.1, 5.0 3.3.4); 5.0 with every matching
    Subscription Identifier ([MQTT-3.3.4-4])."""
    b = ctx.broker()
    c = ctx.paho(b, v, 'ov')
    if v == 5:
        ids = c.props('SUBSCRIBE')
        ids.SubscriptionIdentifier = 1
        c.subscribe('ov/#', 0, sprops=ids)
        ids = c.props('SUBSCRIBE')
        ids.SubscriptionIdentifier = 2
        c.subscribe('ov/t', 2, sprops=ids)
    else:
        c.subscribe('ov/#', 0)
        c.subscribe('ov/t', 2)
    ctx.paho(b, v, 'ovpub').publish('ov/t', b'x', 2)
    got = c.messages(1) + c.drain()
    qos = sorted(m.qos for m in got)
    check(qos[-1] == 2, 'highest QoS %d' % qos[-1])
    detail = '%d cop%s, QoS %r' % (len(got), 'y' if len(got) == 1 else 'ies', qos)
    if v == 5:
        idsets = [sorted(getattr(m.properties, 'SubscriptionIdentifier', [])) for m in got]
        check(sorted(i for s in idsets for i in s) == [1, 2], 'identifiers %r' % idsets)
        detail += ', identifiers %r' % idsets
    if ctx.ours:
        check(len(got) == 1, 'one copy expected, got %d' % len(got))
    elif len(got) > 1:
        ctx.differs('mosquitto sends a copy per subscription, this broker one: [MQTT-3.3.5-1] '
                    '(5.0 3.3.4) allows both (the copy at the highest QoS is the MUST)')
    return detail


def s_unsubscribe(ctx, v):
    """UNSUBSCRIBE ends the subscription; 5.0 codes 0x00 and 0x11 (No
    subscription existed)."""
    b = ctx.broker()
    c = ctx.paho(b, v, 'un')
    c.subscribe('un/t', 1)
    pub = ctx.paho(b, v, 'unpub')
    pub.publish('un/t', b'before', 1)
    check(c.messages(1)[0].payload == b'before', 'nothing before')
    first = c.unsubscribe('un/t')
    again = c.unsubscribe('un/t')
    pub.publish('un/t', b'after', 1)
    c.nothing(0.5)
    if v != 5:
        return 'nothing after UNSUBSCRIBE'
    codes = [[int(x.value) for x in (r if isinstance(r, list) else [r])]
             for r in (first[1], again[1])]
    check(codes[0] == [0], 'first UNSUBACK %r' % codes[0])
    check(codes[1] == [0x11], 'second UNSUBACK %r' % codes[1])
    return 'nothing after; UNSUBACK codes %r' % codes


def s_suback_failure(ctx, v):
    """A filter that breaks the syntax gets a failure code in SUBACK and the
    others their QoS (C-10; 0x80, 5.0 0x8F)."""
    b = ctx.broker()
    r = ctx.raw(b, v)
    r.connect('sf')
    r.send(subscribe(v, 1, [('ok/t', 1), ('bad/#/x', 0), ('ok/+', 2)]))
    got = r.read(5)
    if ctx.ours:
        check(got and got[0] == SUBACK, 'no SUBACK: %r' % (got,))
        codes = list(got[2][2:] if v != 5 else got[2][3:])
        check(codes == [1, 0x8F if v == 5 else 0x80, 2], 'SUBACK codes %r' % codes)
        r.send(PINGREQ)
        r.expect(PINGRESP)
        return 'SUBACK %r, connection kept' % codes
    closed = got is None or got[0] == DISCONNECT
    check(closed, 'mosquitto: %r' % (got,))
    ctx.differs('mosquitto closes the connection (malformed), this broker refuses the filter in '
                'SUBACK: C-10, the specification allows either (3.1.1 4.7.1, 5.0 [MQTT-4.13.1-1])')
    return 'closed'


def s_keep_alive(ctx, v):
    """Keep alive enforced: a client silent for 1.5 x its Keep Alive is
    closed ([MQTT-3.1.2-24]; 5.0 DISCONNECT 0x8D), and its Will published; a
    client that pings stays."""
    b = ctx.broker()
    watch = ctx.paho(b, v, 'watch')
    watch.subscribe('ka/will', 1)
    silent = ctx.raw(b, v)
    silent.connect('silent', keep_alive=1, will={'topic': 'ka/will', 'payload': b'gone'})
    pinger = ctx.raw(b, v)
    pinger.connect('pinger', keep_alive=1)
    silent.silent(1.0)  # not before 1.5 x 1 s
    start, got, closed = time.time() - 1.0, [], None
    while closed is None and time.time() - start < 8:
        pinger.send(PINGREQ)
        pinger.expect(PINGRESP)
        try:
            p = silent.read(0.5)
        except Failure:
            continue
        if p is None:
            closed = time.time() - start
        else:
            got.append(p)
    check(closed is not None, 'silent client not closed within 8 s')
    if v == 5 and (ctx.ours or got):
        check(got and got[-1][0] == DISCONNECT and got[-1][2][:1] == b'\x8d',
              'got %r, DISCONNECT 0x8D expected' % got)
    elif v == 5:
        ctx.differs('mosquitto closes without DISCONNECT 0x8D: "as if the network had failed" '
                    '([MQTT-3.1.2-22]); 4.13 lets a server send one first')
    else:
        check(not got, 'got %r' % got)
    if ctx.ours:
        check(closed < 3, 'closed after %.1f s' % closed)
    elif closed >= 3:
        ctx.differs('mosquitto closed after %.1f s, this broker after 1.5 s: [MQTT-3.1.2-24] '
                    'asks for 1.5 x Keep Alive (mosquitto checks on a coarser clock)' % closed)
    check(watch.messages(1)[0].payload == b'gone', 'no will')
    return 'silent closed after %.1f s%s, will published; pinger kept' % (
        closed, ' with 0x8D' if v == 5 and got else '')


MALFORMED = [
    # name, bytes (version -> bytes), 5.0 code from mqttwire-broker, rule
    ('PUBLISH QoS 3', lambda v: b'\x36\x05\x00\x01a\x00\x01', 0x81, 'FH-17'),
    ('PUBLISH to a/+', lambda v: publish(v, 'a/+', b'x'), 0x90, 'PUB-2'),
    ('SUBSCRIBE flags 0000', lambda v: b'\x80\x06\x00\x01\x00\x01a\x00', 0x81, 'FH-7'),
    ('packet type 0', lambda v: b'\x00\x00', 0x81, 'FH-15'),
    ('CONNACK from a client', lambda v: b'\x20\x02\x00\x00', 0x82, 'FH-20'),
    ('a second CONNECT', lambda v: connect(v, 'again'), 0x82, None),
    ('Topic Name not UTF-8', lambda v: publish(v, b'a\xff', b'x'), 0x81, 'STR-4'),
    ('PUBACK nothing waits for', lambda v: ack(PUBACK, 7, v), 0x82, 'DL-1'),
    ('Remaining Length padded', lambda v: b'\xc0\x80\x00', 0x81, 'RL-2'),
]
# Rows where closing is mqttwire's choice, not the specification's MUST.
CHOICES = {'DL-1', 'RL-2'}
MALFORMED_5 = [
    ('Topic Alias 0', lambda v: publish(5, 'a', b'x', pprops=((0x23, 0),)), 0x94, 'PUB-7'),
    ('Topic Alias not mapped', lambda v: publish(5, '', b'x', pprops=((0x23, 5),)), 0x82,
     'DL-10'),
    ('Topic Alias over the maximum', lambda v: publish(5, 'a', b'x', pprops=((0x23, 11),)), 0x94,
     'DL-11'),
    ('AUTH without a method', lambda v: b'\xf0\x00', 0x82, 'PDA-8'),
]


def s_malformed(ctx, v):
    """Malformed packets: 5.0 DISCONNECT with mqw_reason_code's code (and a
    Reason String with the diagnosis), 3.x closed; the library's diagnosis
    in the log; the broker still serves."""
    b = ctx.broker()
    seen, differ = [], []
    for name, make, code, rule in MALFORMED + (MALFORMED_5 if v == 5 else []):
        r = ctx.raw(b, v)
        r.connect('bad')
        r.send(make(v))
        try:
            got = r.end(2)
        except Failure:
            got = 'open'
        r.close()
        if v == 5 and got and got != 'open':
            last = got[-1]
            answer = '0x%02x' % last[2][0] if last[0] == DISCONNECT else 'type %d' % last[0]
        else:
            answer = 'open' if got == 'open' else 'closed'
        if ctx.ours:
            want = '0x%02x' % code if v == 5 else 'closed'
            check(answer == want, '%s: %s, %s expected' % (name, answer, want))
            if v == 5:
                reason = parse_props(got[-1][2], 1).get(0x1F, [b''])[0].decode()
                check(rule is None or rule in reason, '%s: Reason String %r' % (name, reason))
            check(rule is None or b.wait_log('(%s' % rule), '%s: not in the log' % name)
        else:
            check(answer != 'open' or rule in CHOICES, '%s: mosquitto kept the connection' % name)
            if answer in ('open', 'closed') and v == 5 or answer != '0x%02x' % code and v == 5:
                differ.append('%s: %s' % (name, answer))
            elif answer == 'open':
                differ.append('%s: open' % name)
        seen.append('%s %s' % (name, answer))
    if differ:
        ctx.differs('mosquitto: %s. Closing is the rule ([MQTT-4.13.1-1] 5.0, 4.8 3.1.1); the '
                    'DISCONNECT code a SHOULD; PUBACK for an id not in flight and a padded '
                    'Remaining Length are choices of mqttwire (DL-1, RL-2 / C-1)'
                    % ', '.join(differ))
    c = ctx.paho(b, v, 'after')
    c.subscribe('after/t', 0)
    c.publish('after/t', b'ok', 0)
    check(c.messages(1)[0].payload == b'ok', 'broker no longer serves')
    return '; '.join(seen)


# ------------------------------------------------------ retained and wills

def s_retained(ctx, v):
    """Retained messages: set, replaced, sent on subscribe with RETAIN 1 at
    the lower QoS, cleared by an empty payload."""
    b = ctx.broker()
    mosquitto_pub(b, v, 'r1', '-t', 'ret/t', '-q', 1, '-r', '-m', 'one')
    mosquitto_pub(b, v, 'r2', '-t', 'ret/t', '-q', 1, '-r', '-m', 'two')
    s = mosquitto_sub(b, v, 's', '-t', 'ret/#', '-q', 0, '-C', 1, '-v')
    check(s.wait(5) == 0, 'no retained message')
    check(payload_lines(s) == ['ret/t two'], 'got %r' % payload_lines(s))
    check(received(s)[0][1:3] == (0, 1), 'flags %r, QoS 0 RETAIN 1 expected' % (received(s),))
    mosquitto_pub(b, v, 'r3', '-t', 'ret/t', '-q', 1, '-r', '-n')
    s2 = mosquitto_sub(b, v, 's2', '-t', 'ret/#', '-W', 1)
    s2.wait(5)
    check(payload_lines(s2) == [], 'after clearing: %r' % payload_lines(s2))
    return 'replaced, RETAIN 1 at QoS 0, cleared'


def s_will(ctx, v):
    """A Will is published when the connection ends without DISCONNECT."""
    b = ctx.broker()
    watch = mosquitto_sub(b, v, 'watch', '-t', 'will/#', '-q', 1, '-C', 1, '-v')
    doomed = mosquitto_sub(b, v, 'doomed', '-t', 'x', '--will-topic', 'will/doomed',
                           '--will-payload', 'gone', '--will-qos', 1)
    doomed.kill()
    check(watch.wait(10) == 0, 'no will')
    check(payload_lines(watch) == ['will/doomed gone'], 'got %r' % payload_lines(watch))
    return 'will published after SIGKILL'


def s_no_will(ctx, v):
    """No Will after a DISCONNECT ([MQTT-3.1.2-10] 3.1.1, [MQTT-3.14.4-3])."""
    b = ctx.broker()
    watch = ctx.paho(b, v, 'watch')
    watch.subscribe('will/#', 1)
    mosquitto_pub(b, v, 'polite', '-t', 'x', '-m', 'bye', '--will-topic', 'will/polite',
                  '--will-payload', 'gone')
    watch.nothing(1.0)
    return 'no will within 1 s'


def will_client(ctx, b, cid, delay, expiry):
    r = ctx.raw(b, 5)
    r.connect(cid, clean=False, cprops=((0x11, expiry),),
              will={'topic': 'wd/' + cid, 'payload': b'late', 'props': ((0x18, delay),)})
    return r


def s_will_delay(ctx):
    """5.0 Will Delay Interval: published after the delay; not when the
    session is resumed first; no later than the session's end; at once on
    DISCONNECT 0x04 ([MQTT-3.1.3-9], 3.14.2.1)."""
    b = ctx.broker()
    watch = ctx.paho(b, 5, 'watch')
    watch.subscribe('wd/#', 1)
    delayed = will_client(ctx, b, 'delayed', 2, 60)
    resumed = will_client(ctx, b, 'resumed', 2, 60)
    capped = will_client(ctx, b, 'capped', 60, 1)
    asked = will_client(ctx, b, 'asked', 0, 60)
    start = time.time()
    for r in (delayed, resumed, capped):
        r.close()
    asked.send(disconnect(5, 0x04))
    again = ctx.raw(b, 5)
    check(again.connect('resumed', clean=False, cprops=((0x11, 60),))[0] == 1,
          'session not resumed')
    order = [(m.topic, round(t - start, 1)) for t, m in watch.timed(3, timeout=6)]
    watch.nothing(1.0)
    got = [t for t, _ in order]
    check(got == ['wd/asked', 'wd/capped', 'wd/delayed'], 'wills %r' % order)
    check(order[1][1] >= 0.8 and order[2][1] >= 1.8, 'times %r: too early' % order)
    on_time = order[0][1] < 0.8 and order[1][1] < 1.8 and order[2][1] < 2.8
    check(on_time or not ctx.ours, 'times %r: 0, 1 and 2 s expected' % order)
    if not on_time:
        ctx.differs('mosquitto late by up to a second (its clock for delays is coarser)')
    return 'wills at %r; none for the resumed session' % order


# ------------------------------------------------------------- sessions

def s_session(ctx, v):
    """Sessions kept in memory: subscriptions and the QoS 1 and 2 messages
    published while the client was away, delivered in order on reconnect."""
    b = ctx.broker()
    cprops = None
    if v == 5:
        cprops = Paho.props('CONNECT')
        cprops.SessionExpiryInterval = 60
    c = ctx.paho(b, v, 'keeper', clean=False, cprops=cprops)
    c.subscribe('sess/#', 2)
    c.disconnect()
    pub = ctx.paho(b, v, 'spub')
    sent = []
    for i in range(10):
        pub.publish('sess/%d' % (i % 3), b'm%d' % i, 1 + i % 2)
        sent.append(b'm%d' % i)
    pub.publish('sess/q0', b'zero', 0)
    c = ctx.paho(b, v, 'keeper', clean=False, cprops=cprops)
    check(c.session_present == (v != 3), 'Session Present %d (3.1 has none)' % c.session_present)
    got = c.messages(10)
    c.nothing(0.3)
    # Order is kept per QoS ([MQTT-4.6.0-6]); paho hands a QoS 2 message
    # over on PUBREL, after the QoS 1 ones sent with it.
    for qos in (1, 2):
        mine = [m.payload for m in got if m.qos == qos]
        check(mine == sent[qos - 1::2], 'QoS %d: %r' % (qos, mine))
    return '10 messages (QoS 1 and 2) in order after reconnect; QoS 0 not queued'


def s_redelivery(ctx, v, qos):
    """Messages in flight when the connection drops are sent again on
    reconnect, with DUP, in their order ([MQTT-4.4.0-1]); a QoS 2 flow that
    had its PUBREC goes on with PUBREL."""
    b = ctx.broker()
    r = ctx.raw(b, v)
    cprops = ((0x11, 60),) if v == 5 else ()
    r.connect('flaky', clean=False, cprops=cprops)
    r.send(subscribe(v, 1, [('rd/t', qos)]))
    r.expect(SUBACK)
    pub = ctx.paho(b, v, 'rdpub')
    for i in range(3):
        pub.publish('rd/t', b'm%d' % i, qos)
    first = [decode_publish(v, f, body) for _, f, body in (r.expect(PUBLISH) for _ in range(3))]
    if qos == 2:
        r.send(ack(PUBREC, first[0]['pid'], v))
        r.expect(PUBREL)
    r.close()
    r = ctx.raw(b, v)
    present = r.connect('flaky', clean=False, cprops=cprops)[0]
    check(present == (v != 3), 'Session Present %d (3.1 has none)' % present)
    # What the broker resends at once: the PUBLISHes with DUP in their
    # order, and for QoS 2 the PUBREL of the flow that had its PUBREC
    # ([MQTT-4.6.0-1] orders the PUBLISHes and the PUBRELs, not the two
    # kinds against each other).
    resent = [r.read(5) for _ in range(3)]
    order, pubs = [], []
    for ptype, flags, body in resent:
        if ptype == PUBREL:
            check(int.from_bytes(body[:2], 'big') == first[0]['pid'], 'PUBREL of another flow')
            order.append('PUBREL')
            r.send(ack(PUBCOMP, first[0]['pid'], v))
            continue
        check(ptype == PUBLISH, 'packet %d resent' % ptype)
        got = decode_publish(v, flags, body)
        pubs.append(got)
        order.append('%s DUP %d' % (got['payload'].decode(), got['dup']))
    want = first[1:] if qos == 2 else first
    check([(p['dup'], p['pid'], p['payload']) for p in pubs] ==
          [(True, w['pid'], w['payload']) for w in want], 'resent %r' % order)
    for p in pubs:
        r.send(ack(PUBACK if qos == 1 else PUBREC, p['pid'], v))
        if qos == 2:
            r.expect(PUBREL)
            r.send(ack(PUBCOMP, p['pid'], v))
    r.send(PINGREQ)
    r.expect(PINGRESP)
    return ', '.join(order)


def s_session_expiry(ctx):
    """5.0 Session Expiry Interval: the session is gone after it."""
    b = ctx.broker()
    cprops = Paho.props('CONNECT')
    cprops.SessionExpiryInterval = 1
    c = ctx.paho(b, 5, 'brief', clean=False, cprops=cprops)
    c.subscribe('se/t', 1)
    c.disconnect()
    c = ctx.paho(b, 5, 'brief', clean=False, cprops=cprops)
    check(c.session_present == 1, 'gone at once')
    c.disconnect()
    time.sleep(2.0)
    c = ctx.paho(b, 5, 'brief', clean=False, cprops=cprops)
    check(c.session_present == 0, 'still there after 2 s')
    return 'present after 0 s, gone after 2 s'


# --------------------------------------------------------------- 5.0 extras

def s_receive_max(ctx):
    """Receive Maximum both ways: no more unacknowledged PUBLISH to a client
    than it allows ([MQTT-4.9.0-2]); a client over ours gets 0x93."""
    b = ctx.broker()
    r = ctx.raw(b, 5)
    r.connect('slow', cprops=((0x21, 2),))
    r.send(subscribe(5, 1, [('rm/t', 1)]))
    r.expect(SUBACK)
    pub = ctx.paho(b, 5, 'rmpub')
    for i in range(5):
        pub.publish('rm/t', b'm%d' % i, 1)
    got = [decode_publish(5, *r.expect(PUBLISH)[1:]) for _ in range(2)]
    r.silent(0.5)
    for i in range(3):
        r.send(ack(PUBACK, got[i]['pid'], 5))
        got.append(decode_publish(5, *r.expect(PUBLISH)[1:]))
    r.send(ack(PUBACK, got[3]['pid'], 5))
    r.send(ack(PUBACK, got[4]['pid'], 5))
    check([g['payload'] for g in got] == [b'm%d' % i for i in range(5)], 'order %r' % got)
    # Ours, the other way: one QoS 2 PUBLISH more than the CONNACK allows.
    eager = ctx.raw(b, 5)
    _, _, cp = eager.connect('eager')
    limit = cp.get(0x21, [65535])[0]
    detail = '2 in flight of 5, in order; our Receive Maximum %d' % limit
    if limit <= 1000:
        for i in range(limit + 1):
            eager.send(publish(5, 'rm/in', b'x', 2, pid=i + 1))
        recs = [eager.read(5) for _ in range(limit + 1)]
        last = recs[-1]
        if ctx.ours or not last or last[0] != PUBREC:
            got = [p for p in recs[:-1] + [last] + eager.end(5) if p and p[0] != PUBREC]
            check(got and got[-1][0] == DISCONNECT and got[-1][2][:1] == b'\x93',
                  'over the maximum: %r' % got[-1:])
            detail += ', exceeded: DISCONNECT 0x93'
        else:
            code = last[2][2] if len(last[2]) > 2 else 0
            check(code >= 0x80, 'mosquitto took one PUBLISH over its Receive Maximum')
            ctx.differs('mosquitto refuses the PUBLISH over its Receive Maximum with PUBREC '
                        '0x%02x and keeps the connection; 5.0 3.3.4 says DISCONNECT 0x93' % code)
            detail += ', exceeded: PUBREC 0x%02x' % code
    return detail


def s_max_packet(ctx):
    """Maximum Packet Size both ways: a message too large for a subscriber
    is not sent to it ([MQTT-3.1.2-25]) and the next one is; a packet over
    ours is refused (5.0 0x95, 3.1.1 closed)."""
    b = ctx.broker(max_packet=1024)
    r = ctx.raw(b, 5)
    _, _, cp = r.connect('small', cprops=((0x27, 64),))
    check(cp.get(0x27) == [1024], 'CONNACK Maximum Packet Size %r' % cp.get(0x27))
    r.send(subscribe(5, 1, [('mp/t', 1)]))
    r.expect(SUBACK)
    pub = ctx.paho(b, 5, 'mppub')
    for payload in (b'small', b'x' * 200, b'small too'):
        pub.publish('mp/t', payload, 1)
    for want in (b'small', b'small too'):
        got = decode_publish(5, *r.expect(PUBLISH)[1:])
        check(got['payload'] == want, 'got %r' % got['payload'][:20])
        r.send(ack(PUBACK, got['pid'], 5))
    seen = ['64-byte client: 200-byte message skipped']
    for v in (5, 4):
        big = ctx.raw(b, v)
        big.connect('big%d' % v)
        big.send(publish(v, 'mp/t', b'y' * 2000, 1))
        got = big.end(5)
        if v == 5:
            check(got and got[-1][0] == DISCONNECT and got[-1][2][:1] == b'\x95',
                  '5.0 over the maximum: %r' % got)
        else:
            check(not got, '3.1.1 over the maximum: %r' % got)
        seen.append('%s over ours: %s' % (V[v], '0x95' if v == 5 else 'closed'))
    return '; '.join(seen)


def s_max_packet_resumed(ctx):
    """A message in flight that no longer fits a client back with a smaller
    Maximum Packet Size is not resent and counts as delivered
    ([MQTT-3.1.2-25]): with Receive Maximum 1 the next one still comes."""
    b = ctx.broker()
    r = ctx.raw(b, 5)
    r.connect('shrink', clean=False, cprops=((0x11, 60), (0x27, 1000)))
    r.send(subscribe(5, 1, [('ms/t', 1)]))
    r.expect(SUBACK)
    pub = ctx.paho(b, 5, 'mspub')
    pub.publish('ms/t', b'x' * 200, 1)
    check(len(decode_publish(5, *r.expect(PUBLISH)[1:])['payload']) == 200, 'first send')
    r.close()
    r = ctx.raw(b, 5)
    r.connect('shrink', clean=False, cprops=((0x11, 60), (0x27, 64), (0x21, 1)))
    pub.publish('ms/t', b'small', 1)
    if not ctx.ours:
        r.silent(1.0)
        ctx.differs('mosquitto drops the resend but keeps its flow in flight, so with Receive '
                    'Maximum 1 nothing more comes; [MQTT-3.1.2-25]: "behave as if it had '
                    'completed sending that Application Message"')
        return 'resend dropped, the next message held back'
    got = decode_publish(5, *r.expect(PUBLISH)[1:])
    check(got['payload'] == b'small', 'got %d bytes, dup %d' % (len(got['payload']), got['dup']))
    r.send(ack(PUBACK, got['pid'], 5))
    return '200-byte resend dropped for a 64-byte client; the next message came'


def s_alias(ctx):
    """Topic Alias both ways: a client's alias stands for its topic; to a
    client that allows aliases, repeated topics go as an alias."""
    b = ctx.broker()
    s = ctx.raw(b, 5)
    s.connect('aliased', cprops=((0x22, 5),))
    s.send(subscribe(5, 1, [('al/#', 0)]))
    s.expect(SUBACK)
    p = ctx.raw(b, 5)
    p.connect('aliaser')
    p.send(publish(5, 'al/topic', b'first', pprops=((0x23, 1),)))
    p.send(publish(5, '', b'second', pprops=((0x23, 1),)))
    p.send(publish(5, 'al/topic', b'third'))
    got = [decode_publish(5, *s.expect(PUBLISH)[1:]) for _ in range(3)]
    mapping, names = {}, []
    for g in got:
        alias = g['props'].get(0x23, [None])[0]
        check(alias is None or 1 <= alias <= 5, 'alias %r above the maximum 5' % alias)
        if g['topic']:
            if alias:
                mapping[alias] = g['topic']
            names.append(g['topic'])
        else:
            check(alias in mapping, 'empty topic without a mapped alias')
            names.append(mapping[alias])
    check(names == [b'al/topic'] * 3, 'topics %r' % names)
    check([g['payload'] for g in got] == [b'first', b'second', b'third'], 'payloads')
    # mosquitto_pub -D publish topic-alias: the topic and the alias, then
    # the alias alone.
    watch = ctx.paho(b, 5, 'alwatch')
    watch.subscribe('al/mosq', 0)
    p = Proc(b, 'alpub', ['mosquitto_pub', '-p', b.port, '-V', 'mqttv5', '-t', 'al/mosq', '-l',
                          '-D', 'publish', 'topic-alias', '1'], stdin=b'a\nb\nc\n')
    check(p.wait() == 0, 'mosquitto_pub: %s' % p.err()[-200:])
    got3 = [(m.topic, m.payload) for m in watch.messages(3)]
    check(got3 == [('al/mosq', x) for x in (b'a', b'b', b'c')], 'mosquitto_pub alias: %r' % got3)
    sent = sum(1 for g in got if not g['topic'])
    if ctx.ours:
        check(sent == 2, 'aliases used %d times, 2 expected' % sent)
    else:
        ctx.differs('mosquitto sends the Topic Name each time (%d aliases), this broker an alias '
                    'after the first: a sender MAY use aliases (5.0 3.3.2.3.4)' % sent)
    return ('incoming aliases resolved (raw and mosquitto_pub); outgoing: topic + alias, then '
            '%d empty topics' % sent)


def s_expiry(ctx):
    """Message Expiry Interval: a message that expired while queued is not
    sent ([MQTT-3.3.2-5]); one that did not carries the time left
    ([MQTT-3.3.2-6])."""
    b = ctx.broker()
    cprops = Paho.props('CONNECT')
    cprops.SessionExpiryInterval = 60
    c = ctx.paho(b, 5, 'later', clean=False, cprops=cprops)
    c.subscribe('exp/#', 1)
    c.disconnect()
    pub = ctx.paho(b, 5, 'exppub')
    for topic, secs in (('exp/short', 1), ('exp/long', 60)):
        p = pub.props('PUBLISH')
        p.MessageExpiryInterval = secs
        pub.publish(topic, b'x', 1, pprops=p)
    time.sleep(2.2)
    c = ctx.paho(b, 5, 'later', clean=False, cprops=cprops)
    got = c.messages(1)
    c.nothing(0.3)
    left = got[0].properties.MessageExpiryInterval
    check(got[0].topic == 'exp/long', 'got %s' % got[0].topic)
    check(50 <= left <= 58, 'Message Expiry Interval %d, 58 or less expected' % left)
    return 'expired one dropped; the other arrived with %d s left of 60' % left


def s_props(ctx):
    """Payload Format Indicator, Content Type, Response Topic, Correlation
    Data and User Properties passed through, in order ([MQTT-3.3.2-17],
    [MQTT-3.3.2-18])."""
    b = ctx.broker()
    c = ctx.paho(b, 5, 'psub')
    c.subscribe('pp/t', 1)
    pub = ctx.paho(b, 5, 'ppub')
    p = pub.props('PUBLISH')
    p.PayloadFormatIndicator = 1
    p.ContentType = 'text/plain'
    p.ResponseTopic = 'reply/t'
    p.CorrelationData = b'req-42'
    p.UserProperty = [('k1', 'v1'), ('k2', 'v2'), ('k1', 'v3')]
    pub.publish('pp/t', b'hello', 1, pprops=p)
    got = c.messages(1)[0].properties
    seen = (got.PayloadFormatIndicator, got.ContentType, got.ResponseTopic, got.CorrelationData,
            got.UserProperty)
    want = (1, 'text/plain', 'reply/t', b'req-42', [('k1', 'v1'), ('k2', 'v2'), ('k1', 'v3')])
    check(seen == want, 'got %r' % (seen,))
    return 'all five, User Properties in order with the repeat'


def s_shared(ctx):
    """5.0 shared subscriptions: each message to one member of the group,
    and to every ordinary subscriber."""
    b = ctx.broker()
    members = [ctx.paho(b, 5, 'm%d' % i) for i in range(2)]
    for m in members:
        m.subscribe('$share/g/sh/t', 1)
    plain = ctx.paho(b, 5, 'plain')
    plain.subscribe('sh/t', 1)
    pub = ctx.paho(b, 5, 'shpub')
    for i in range(10):
        pub.publish('sh/t', b'%d' % i, 1)
    check(len(plain.messages(10)) == 10, 'ordinary subscriber')
    got = [[m.payload for m in member.drain()] for member in members]
    both = sorted(got[0] + got[1], key=int)
    check(both == [b'%d' % i for i in range(10)], 'members got %r' % got)
    check(got[0] and got[1], 'one member got everything: %r' % got)
    return 'members got %d and %d of 10, each once' % (len(got[0]), len(got[1]))


def s_options(ctx):
    """No Local, Retain As Published and Retain Handling (5.0 3.8.3.1)."""
    b = ctx.broker()
    me = ctx.paho(b, 5, 'me')
    me.subscribe('nl/t', 1, noLocal=True)
    other = ctx.paho(b, 5, 'other')
    other.subscribe('nl/t', 1)
    me.publish('nl/t', b'mine', 1)
    check(other.messages(1)[0].payload == b'mine', 'other got nothing')
    me.nothing(0.3)
    rap = ctx.paho(b, 5, 'rap')
    rap.subscribe('rap/t', 1, retainAsPublished=True)
    plain = ctx.paho(b, 5, 'norap')
    plain.subscribe('rap/t', 1)
    me.publish('rap/t', b'kept', 1, retain=True)
    check(rap.messages(1)[0].retain and not plain.messages(1)[0].retain, 'Retain As Published')
    seen = []
    rh = ctx.paho(b, 5, 'rh')
    for flt, handling, want in (('rap/t', 0, 1), ('rap/t', 0, 1), ('rap/#', 1, 1),
                                ('rap/#', 1, 0), ('rap/+', 2, 0)):
        rh.subscribe(flt, 1, retainHandling=handling)
        if want:
            check(rh.messages(1)[0].retain, 'RETAIN 0 on a message for a subscription')
        rh.nothing(0.3)
        seen.append('%s RH %d: %d' % (flt, handling, want))
    return 'No Local, Retain As Published; ' + ', '.join(seen)


def s_server_keep_alive(ctx):
    """Server Keep Alive: a 5.0 client asking for more than the server's
    maximum is told the maximum, and held to it."""
    most = 1 if ctx.ours else 10  # mosquitto refuses a max_keepalive below 10
    b = ctx.broker(max_keep_alive=most)
    c = ctx.paho(b, 5, 'ska', keep_alive=60)
    told = getattr(c.connack_props, 'ServerKeepAlive', None)
    check(told == most, 'Server Keep Alive %r' % told)
    if not ctx.ours:
        return 'told %d s instead of 60' % told
    r = ctx.raw(b, 5)
    _, _, cp = r.connect('silent', keep_alive=60)
    check(cp.get(0x13) == [1], 'raw CONNACK %r' % cp)
    got = r.end(4)
    check(got and got[-1][0] == DISCONNECT and got[-1][2][:1] == b'\x8d', 'got %r' % got)
    return 'told 1 s instead of 60, closed with 0x8D when silent'


# ---------------------------------------------------------------- driver

def scenarios():
    out = []

    def add(name, fn, *args):
        out.append((name, fn, args))
    for v in (3, 4, 5):
        for qos in (0, 1, 2):
            add('qos%d %s' % (qos, V[v]), s_qos, v, qos)
    add('three versions at once', s_versions_at_once)
    for v in (4, 5):
        add('QoS downgraded %s' % V[v], s_downgrade, v)
    add('CONNACK refusals', s_refusals)
    add('zero-length client id', s_assigned_id)
    for v in (3, 4, 5):
        add('session taken over %s' % V[v], s_takeover, v)
        add('wildcards and $ topics %s' % V[v], s_wildcards, v)
        add('UNSUBSCRIBE %s' % V[v], s_unsubscribe, v)
        add('keep alive %s' % V[v], s_keep_alive, v)
        add('retained %s' % V[v], s_retained, v)
        add('will %s' % V[v], s_will, v)
        add('no will after DISCONNECT %s' % V[v], s_no_will, v)
        add('session kept %s' % V[v], s_session, v)
        for qos in (1, 2):
            add('in-flight QoS %d resent %s' % (qos, V[v]), s_redelivery, v, qos)
    for v in (4, 5):
        add('overlapping subscriptions %s' % V[v], s_overlap, v)
        add('SUBACK failure code %s' % V[v], s_suback_failure, v)
        add('malformed packets %s' % V[v], s_malformed, v)
    add('Will Delay Interval 5.0', s_will_delay)
    add('Session Expiry Interval 5.0', s_session_expiry)
    add('Receive Maximum 5.0', s_receive_max)
    add('Maximum Packet Size 5.0', s_max_packet)
    add('Maximum Packet Size smaller on reconnect 5.0', s_max_packet_resumed)
    add('Topic Alias 5.0', s_alias)
    add('Message Expiry Interval 5.0', s_expiry)
    add('properties passed through 5.0', s_props)
    add('shared subscriptions 5.0', s_shared)
    add('No Local, Retain As Published, Retain Handling 5.0', s_options)
    add('Server Keep Alive 5.0', s_server_keep_alive)
    return out


def run_one(name, fn, args):
    ctx, start = Ctx(), time.time()
    try:
        detail = fn(ctx, *args)
        ok = True
        for b in ctx.brokers:
            if ctx.ours and b.alive():
                rc = b.stop()
                if rc != 0:
                    ok, detail = False, 'broker exit status %d: %s' % (rc, b.log()[-400:])
    except Failure as e:
        ok, detail = False, str(e)
    except Exception:  # noqa: B902 - a scenario bug is a failure, with its trace
        ok, detail = False, traceback.format_exc()
    if ctx.notes:
        detail += ' | differs: ' + ' | '.join(ctx.notes)
    if not ok and ctx.brokers:
        detail += ' [kept %s]' % ctx.brokers[0].dir
    ctx.close(keep=not ok)
    return name, ok, time.time() - start, detail


def main():
    global ARGS
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    who = ap.add_mutually_exclusive_group(required=True)
    who.add_argument('--broker', help='mqttwire-broker to test')
    who.add_argument('--mosquitto', action='store_true', help='run against mosquitto')
    ap.add_argument('-k', default='', help='run the scenarios whose name contains this')
    ap.add_argument('-j', type=int, default=6, help='scenarios run in parallel')
    ARGS = ap.parse_args()
    need_paho()
    if not mosquitto_path():
        print('SKIP: mosquitto is not installed (apt-get install mosquitto mosquitto-clients)')
        return 77
    todo = [s for s in scenarios() if ARGS.k in s[0]]
    start, failed = time.time(), 0
    print('broker: %s' % (ARGS.broker or 'mosquitto (reference)'))
    with concurrent.futures.ThreadPoolExecutor(ARGS.j) as pool:
        for name, ok, secs, detail in pool.map(lambda s: run_one(*s), todo):
            failed += not ok
            print('%s %-52s %5.2fs  %s' % ('PASS' if ok else 'FAIL', name, secs, detail),
                  flush=True)
    print('%d passed, %d failed, %.1f s' % (len(todo) - failed, failed, time.time() - start))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
