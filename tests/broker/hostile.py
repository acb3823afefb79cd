#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: 2026 The mqttwire authors
"""Hostile run: mqttwire-broker (under valgrind with --valgrind, or an ASan
build) fed malformed and truncated packets, clients that send one byte per
second, 1,000 connections opened and dropped, and random bytes; meanwhile
and afterwards a normal client still works, and at SIGTERM the broker
exits 0 with no error or leak reported.

usage: hostile.py --broker PATH [--valgrind VALGRIND] [--seed N]

Each part prints PASS or FAIL with what it saw. Exit 0 all passed, 1 some
failed, 77 without mosquitto_pub/sub.
"""
import argparse
import random
import shutil
import socket
import sys
import threading
import time

from common import (CONNACK, PINGREQ, PINGRESP, PUBLISH, SUBACK, Broker, Failure, Raw, ack,
                    check, connect, disconnect, mosquitto_pub, mosquitto_sub, packet,
                    payload_lines, publish, s16, subscribe)

ARGS = None


def valid_stream(v):
    """A client's whole life in bytes: CONNECT (with a Will), SUBSCRIBE,
    PUBLISH at each QoS, PINGREQ, DISCONNECT."""
    cprops = ((0x11, 10), (0x21, 5), (0x27, 4096), (0x22, 3)) if v == 5 else ()
    will = {'topic': 'h/will', 'payload': b'w', 'qos': 1,
            'props': ((0x18, 1),) if v == 5 else ()}
    pprops = ((0x01, 1), (0x03, 'text/plain'), (0x26, ('k', 'v')), (0x23, 1)) if v == 5 else ()
    return (connect(v, 'hostile', clean=False, keep_alive=30, cprops=cprops, will=will) +
            subscribe(v, 1, [('h/#', 2), ('$share/g/h/t' if v == 5 else 'h/+', 1)]) +
            publish(v, 'h/t', b'zero', 0, pprops=pprops) +
            publish(v, 'h/t' if v != 5 else '', b'one', 1, pid=2, pprops=pprops) +
            publish(v, 'h/t', b'two', 2, pid=3, retain=True) +
            PINGREQ + b'\xe0\x00')


def send_and_drop(port, data, linger=0.0):
    """Connect, send, maybe wait a moment, drop (RST or FIN, either)."""
    try:
        s = socket.create_connection(('127.0.0.1', port), timeout=5)
        if data:
            s.sendall(data)
        if linger:
            s.settimeout(linger)
            try:
                while s.recv(65536):
                    pass
            except OSError:
                pass
        s.close()
    except OSError:
        pass  # the broker may close first: that is its right


def healthy(b, tag):
    """A normal client still works: mosquitto_sub gets mosquitto_pub's message."""
    sub = mosquitto_sub(b, 4, 'check-' + tag, '-t', 'ok/' + tag, '-q', 1, '-C', 1)
    mosquitto_pub(b, 4, 'checkpub-' + tag, '-t', 'ok/' + tag, '-q', 1, '-m', 'alive')
    check(sub.wait(30) == 0, 'the normal client got nothing after %s' % tag)
    check(payload_lines(sub) == ['alive'], 'got %r' % payload_lines(sub))


def part_truncated(b, rnd):
    """Every prefix of a valid 3.1, 3.1.1 and 5.0 session, each sent and
    dropped: the broker sees every packet cut at every byte."""
    n = 0
    for v in (3, 4, 5):
        stream = valid_stream(v)
        for cut in range(len(stream) + 1):
            send_and_drop(b.port, stream[:cut])
            n += 1
    return '%d connections, each cut at another byte' % n


def part_malformed(b, rnd):
    """Valid sessions with bytes flipped, inserted or removed at random:
    whatever the broker makes of them, it survives."""
    n = 0
    for v in (3, 4, 5):
        stream = valid_stream(v)
        for _ in range(150):
            data = bytearray(stream)
            for _ in range(rnd.randint(1, 4)):
                i = rnd.randrange(len(data))
                op = rnd.randrange(3)
                if op == 0:
                    data[i] = rnd.randrange(256)
                elif op == 1:
                    data.insert(i, rnd.randrange(256))
                else:
                    del data[i]
            send_and_drop(b.port, bytes(data), linger=0.05)
            n += 1
    return '%d mutated sessions' % n


def part_random(b, rnd):
    """Random bytes, alone and after a valid CONNECT."""
    for i in range(300):
        junk = bytes(rnd.randrange(256) for _ in range(rnd.randint(1, 3000)))
        head = connect(rnd.choice((3, 4, 5)), 'r%d' % i) if i % 2 else b''
        send_and_drop(b.port, head + junk, linger=0.02)
    return '300 connections of random bytes, half after a valid CONNECT'


def part_thousand(b, rnd):
    """1,000 connections opened at once, some with a CONNECT, some with half
    a packet, some silent, then all dropped."""
    socks, kinds = [], [b'', connect(4, 'x')[:7], None]
    for i in range(1000):
        s = socket.create_connection(('127.0.0.1', b.port), timeout=10)
        data = kinds[i % 3] if kinds[i % 3] is not None else connect(4 + i % 2, 'k%d' % i)
        if data:
            s.sendall(data)
        socks.append(s)
    healthy(b, 'crowded')  # the broker serves with 1,000 others open
    for s in socks:
        s.close()
    return '1000 open at once (a normal client served meanwhile), all dropped'


def part_slow(b, rnd):
    """One byte per second: before CONNECT the connection is closed after
    the CONNECT timeout (3 s here); after it, a Keep Alive of 2 s ends a
    packet that never completes after 3 s. Others are served meanwhile."""
    results = {}

    def dribble(name, head, body):
        r = Raw(b.port, 4, timeout=15)
        if head:
            r.send(head)
            check(r.read(10)[0] == CONNACK, 'no CONNACK')
        start = time.time()
        for byte in body:
            try:
                r.send(bytes([byte]))
            except OSError:
                break
            time.sleep(1.0)
            if time.time() - start > 12:
                break
        try:
            closed = r.read(0.5) is None
        except Failure:
            closed = False
        results[name] = (closed, time.time() - start)
        r.close()

    threads = [threading.Thread(target=dribble, args=('before CONNECT', b'',
                                                      connect(4, 'slow' * 8))),
               threading.Thread(target=dribble, args=('inside a PUBLISH',
                                                      connect(4, 'slow2', keep_alive=2),
                                                      publish(4, 's/t', b'x' * 30, 1)))]
    for t in threads:
        t.start()
    healthy(b, 'slow')
    for t in threads:
        t.join()
    for name, (closed, secs) in results.items():
        check(closed, '%s: still open after %.0f s' % (name, secs))
        check(secs < 10, '%s: closed only after %.0f s' % (name, secs))
    return ', '.join('%s: closed after %.0f s' % (k, v[1]) for k, v in sorted(results.items()))


class Chaos:
    """A client that says valid things in a bad order: CONNECT with random
    session, limits and Will, then PUBLISH, acks for random identifiers,
    SUBSCRIBE, UNSUBSCRIBE, PINGREQ, DISCONNECT with or without a Will,
    and answers (or, one time in seven, ignores) what the broker sends."""
    TOPICS = ['a', 'a/b', 'a/b/c', '$x/y', 'b']
    FILTERS = ['#', 'a/#', '+/b', 'a/+', '$x/#', '$share/g/a/#', '$share/h/#', 'b']

    def __init__(self, port, rnd):
        self.rnd, v = rnd, rnd.choice((3, 4, 5))
        self.r = Raw(port, v, timeout=2)
        self.v, pick = v, rnd.choice
        cprops = ((0x11, pick((0, 5, 3600))), (0x21, rnd.randint(1, 5)),
                  (0x22, rnd.randint(0, 3)), (0x27, pick((40, 100, 100000)))) if v == 5 else ()
        will = None
        if rnd.random() < 0.5:
            will = {'topic': pick(self.TOPICS), 'payload': b'w', 'qos': rnd.randint(0, 2),
                    'retain': rnd.random() < 0.3,
                    'props': ((0x18, rnd.randint(0, 2)),) if v == 5 else ()}
        self.r.send(connect(v, 'c%d' % rnd.randint(0, 6), clean=rnd.random() < 0.5,
                            keep_alive=pick((0, 1, 30)), cprops=cprops, will=will))
        self.r.sock.setblocking(False)

    def step(self):
        """One thing to say; False when the connection is over."""
        rnd, v, k = self.rnd, self.v, self.rnd.random()
        if k < 0.45:
            qos, pprops = rnd.randint(0, 2), ()
            if v == 5:
                pprops = ((0x02, rnd.randint(0, 3)), (0x26, ('k', 'v')))
                pprops += ((0x23, rnd.randint(1, 10)),) if rnd.random() < 0.3 else ()
            topic = '' if v == 5 and rnd.random() < 0.1 else rnd.choice(self.TOPICS)
            data = publish(v, topic, b'x' * rnd.choice((1, 10, 200)), qos,
                           pid=rnd.randint(1, 70), retain=rnd.random() < 0.2,
                           dup=qos > 0 and rnd.random() < 0.2, pprops=pprops)
        elif k < 0.47:
            data = ack(rnd.choice((4, 5, 6, 7)), rnd.randint(1, 140), v)
        elif k < 0.6:
            entries = []
            for f in rnd.sample(self.FILTERS, rnd.randint(1, 3)):
                opts = rnd.randint(0, 2)
                if v == 5:
                    opts |= rnd.choice((0, 8, 16, 32))  # Retain As Published, Handling
                    if not f.startswith('$share'):  # No Local: an error on a shared one
                        opts |= rnd.choice((0, 4))
                entries.append((f, opts))
            sprops = ((0x0B, rnd.randint(1, 5)),) if v == 5 and rnd.random() < 0.5 else ()
            data = subscribe(v, rnd.randint(1, 1000), entries, sprops=sprops)
        elif k < 0.65:
            data = packet(0xA2, rnd.randint(1, 1000).to_bytes(2, 'big') +
                          (b'\x00' if v == 5 else b'') + s16(rnd.choice(self.FILTERS)))
        elif k < 0.7:
            data = PINGREQ
        elif k < 0.74:
            data = disconnect(v, rnd.choice((None, 0, 4)))
        elif k < 0.8:
            return False
        else:
            data = b''
        try:
            self.r.send(data)
            self.answer()
        except OSError:
            return False
        return True

    def answer(self):
        try:
            while True:
                chunk = self.r.sock.recv(65536)
                if not chunk:
                    break
                self.r.buf += chunk
        except OSError:
            pass
        while True:
            got = self.r.take()
            if got is None:
                return
            ptype, flags, body = got
            pid = int.from_bytes(body[:2], 'big')
            if self.rnd.random() < 1 / 7:
                continue
            if ptype == PUBLISH and (flags >> 1) & 3:
                pid = int.from_bytes(body[2 + int.from_bytes(body[:2], 'big'):][:2], 'big')
                self.r.send(ack(4 if (flags >> 1) & 3 == 1 else 5, pid, self.v))
            elif ptype in (5, 6):
                self.r.send(ack(ptype + 1, pid, self.v))


def part_chaos(b, rnd):
    """Valid packets in random orders from clients that come and go, take
    over each other's sessions and answer the broker or not."""
    clients, steps = [], 0
    while steps < 6000:
        if len(clients) < 6 or rnd.random() < 0.05:
            try:
                clients.append(Chaos(b.port, rnd))
            except OSError:
                pass
        c = rnd.choice(clients)
        if not c.step():
            c.r.close()
            clients.remove(c)
        steps += 1
    for c in clients:
        c.r.close()
    return '%d steps of valid packets in random orders' % steps


def part_sessions_left(b, rnd):
    """Sessions left behind with queued messages, a delayed Will and
    retained messages, for the exit to free."""
    for i in range(20):
        r = Raw(b.port, 5)
        r.connect('left%d' % i, clean=False, cprops=((0x11, 3600),),
                  will={'topic': 'h/left', 'payload': b'w', 'props': ((0x18, 3600),)})
        r.send(subscribe(5, 1, [('left/#', 2)]))
        r.expect(SUBACK)
        r.close()
    p = Raw(b.port, 5)
    p.connect('filler')
    for i in range(50):
        p.send(publish(5, 'left/%d' % i, b'queued', 1 + i % 2, pid=i + 1, retain=True))
    p.send(PINGREQ)
    while p.read(5)[0] != PINGRESP:
        pass
    p.close()
    return '20 sessions x 50 queued messages, 50 retained, 20 delayed Wills'


PARTS = [part_truncated, part_malformed, part_random, part_thousand, part_slow, part_chaos,
         part_sessions_left]


def main():
    global ARGS
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--broker', required=True)
    ap.add_argument('--valgrind', help='run the broker under this valgrind')
    ap.add_argument('--seed', type=int, default=14)
    ARGS = ap.parse_args()
    if not shutil.which('mosquitto_sub'):
        print('SKIP: mosquitto-clients is not installed')
        return 77
    wrapper = []
    if ARGS.valgrind:
        wrapper = [ARGS.valgrind, '--error-exitcode=99', '--leak-check=full',
                   '--errors-for-leak-kinds=definite,indirect,possible', '--track-fds=no']
    b = Broker('mqttwire', ARGS.broker, wrapper=wrapper, connect_timeout=3)
    rnd = random.Random(ARGS.seed)
    failed, start = 0, time.time()
    print('broker: %s%s' % (ARGS.broker, ' under valgrind' if wrapper else ''))
    for part in PARTS:
        t = time.time()
        try:
            detail = part(b, rnd)
            check(b.alive(), 'the broker died: %s' % b.log()[-600:])
            healthy(b, part.__name__)
            ok = True
        except Failure as e:
            ok, detail = False, str(e)
        failed += not ok
        print('%s %-20s %6.2fs  %s' % ('PASS' if ok else 'FAIL', part.__name__[5:], time.time() - t,
                                        detail), flush=True)
    rc = b.stop(timeout=120)
    log = b.log()
    ok = rc == 0
    failed += not ok
    summary = [line for line in log.splitlines() if 'ERROR SUMMARY' in line or 'LeakSanitizer' in
               line or 'AddressSanitizer' in line or 'runtime error' in line]
    print('%s exit                 status %d%s' % ('PASS' if ok else 'FAIL', rc,
                                                   (': ' + '; '.join(summary)) if summary else ''))
    if not ok:
        print(log[-3000:])
    b.close(keep=bool(failed))
    if failed:
        print('kept %s' % b.dir)
    print('%d failed, %.1f s' % (failed, time.time() - start))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
