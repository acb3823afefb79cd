#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: 2026 The mqttwire authors
"""Interop tests: mqttwire's example clients against mosquitto.

Every scenario starts its own mosquitto on a free loopback port, with a
generated configuration in a temporary directory (no system service, no
persistence), runs clients against it and stops it. Scenarios run for MQTT
3.1, 3.1.1 and 5.0; each prints one line: PASS or FAIL, the name, the time
and what was seen. A failed scenario keeps its directory (configuration,
broker log, client output) and names it.

usage: interop.py --pub PATH --sub PATH --refuse PATH --receive-loop PATH
                  [-k SUBSTRING] [-j JOBS]

Exit status: 0 all passed, 1 some failed, 77 (skip) when mosquitto is not
installed. Needs only the Python standard library.
"""
import argparse
import concurrent.futures
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback

VERSIONS = {3: '3.1', 4: '3.1.1', 5: '5.0'}
MOSQUITTO_V = {3: 'mqttv31', 4: 'mqttv311', 5: 'mqttv5'}
# Reason codes mosquitto sends in DISCONNECT, for the report.
REASONS = {0x81: 'Malformed Packet', 0x82: 'Protocol Error', 0x87: 'Not authorized',
           0x93: 'Receive Maximum exceeded', 0x94: 'Topic Alias invalid',
           0x95: 'Packet too large'}
ARGS = None
MOSQUITTO = None


class Failure(Exception):
    pass


def check(cond, msg):
    if not cond:
        raise Failure(msg)


# ---------------------------------------------------------------- wire bits

def varint(n):
    out = bytearray()
    while True:
        n, digit = n >> 7, n & 0x7F
        out.append(digit | (0x80 if n else 0))
        if not n:
            return bytes(out)


def packet(first, body):
    return bytes([first]) + varint(len(body)) + body


def recv_exact(sock, n):
    data = b''
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def read_packet(sock):
    """One whole MQTT packet from a stream socket, None at EOF."""
    head = recv_exact(sock, 1)
    if head is None:
        return None
    raw_len, rl, shift = b'', 0, 0
    while True:
        b = recv_exact(sock, 1)
        if b is None:
            return None
        raw_len += b
        rl |= (b[0] & 0x7F) << shift
        shift += 7
        if not b[0] & 0x80:
            break
    body = recv_exact(sock, rl) if rl else b''
    if body is None:
        return None
    return head + raw_len + body


def split_packet(pkt):
    """(first byte, body) of one packet."""
    i = 1
    while pkt[i] & 0x80:
        i += 1
    return pkt[0], pkt[i + 1:]


def read_varint(buf, i):
    n = shift = 0
    while True:
        n |= (buf[i] & 0x7F) << shift
        shift += 7
        i += 1
        if not buf[i - 1] & 0x80:
            return n, i


# 5.0 property identifiers by value size: fixed sizes, else variable.
PROP_FIXED = {0x01: 1, 0x17: 1, 0x19: 1, 0x24: 1, 0x25: 1, 0x28: 1, 0x29: 1, 0x2A: 1,
              0x13: 2, 0x21: 2, 0x22: 2, 0x23: 2, 0x02: 4, 0x11: 4, 0x18: 4, 0x27: 4}


def parse_props(buf, i):
    """{id: [values]} of the property block at buf[i] (its length first)."""
    n, i = read_varint(buf, i)
    end, props = i + n, {}
    while i < end:
        pid = buf[i]
        i += 1
        if pid in PROP_FIXED:
            size = PROP_FIXED[pid]
            value = int.from_bytes(buf[i:i + size], 'big')
            i += size
        elif pid == 0x0B:
            value, i = read_varint(buf, i)
        elif pid == 0x26:
            k = int.from_bytes(buf[i:i + 2], 'big')
            v = int.from_bytes(buf[i + 2 + k:i + 4 + k], 'big')
            value = (buf[i + 2:i + 2 + k], buf[i + 4 + k:i + 4 + k + v])
            i += 4 + k + v
        else:
            size = int.from_bytes(buf[i:i + 2], 'big')
            value = buf[i + 2:i + 2 + size]
            i += 2 + size
        props.setdefault(pid, []).append(value)
    return props


def connect_bytes(v, client_id):
    """A minimal valid CONNECT (clean session, keep-alive 60)."""
    name = b'MQIsdp' if v == 3 else b'MQTT'
    body = len(name).to_bytes(2, 'big') + name + bytes([v, 0x02, 0, 60])
    if v == 5:
        body += b'\x00'
    return packet(0x10, body + len(client_id).to_bytes(2, 'big') + client_id)


# ------------------------------------------------------------ environment

_ports_lock = threading.Lock()
_ports_used = set()


def free_port():
    """A loopback port nothing listens on, never the same one twice in a
    run (scenarios start brokers in parallel)."""
    with _ports_lock:
        while True:
            s = socket.socket()
            s.bind(('127.0.0.1', 0))
            port = s.getsockname()[1]
            s.close()
            if port not in _ports_used:
                _ports_used.add(port)
                return port


class Proc:
    """A client process with its output in files of the scenario directory."""

    def __init__(self, env, name, cmd, stdin=None):
        self.name, self.cmd = name, cmd
        self.out_path = env.path(name + '.out')
        self.err_path = env.path(name + '.err')
        with open(env.path(name + '.cmd'), 'w') as f:
            f.write(' '.join(cmd) + '\n')
        with open(self.out_path, 'wb') as out, open(self.err_path, 'wb') as err:
            self.p = subprocess.Popen(cmd, stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
                                      stdout=out, stderr=err)
        if stdin:
            self.p.stdin.write(stdin)
            self.p.stdin.close()

    def wait(self, timeout=30):
        try:
            return self.p.wait(timeout)
        except subprocess.TimeoutExpired:
            self.p.kill()
            self.p.wait()
            raise Failure('%s did not finish within %ss: %s'
                          % (self.name, timeout, self.err()[-300:]))

    def out(self):
        with open(self.out_path, 'rb') as f:
            return f.read()

    def lines(self):
        return self.out().decode('utf-8', 'replace').splitlines()

    def err(self):
        with open(self.err_path, 'rb') as f:
            return f.read().decode('utf-8', 'replace')


class Env:
    """One scenario: its directory, its broker, its processes."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix='mqttwire-interop-')
        # mosquitto started as root drops to its own user: let it read
        # the files it opens after that (ACL file).
        os.chmod(self.dir, 0o755)
        self.procs, self.threads = [], []
        self.broker, self.port = None, None

    def path(self, name):
        return os.path.join(self.dir, name)

    def start_broker(self, *conf, anonymous=True):
        for _ in range(5):
            port = free_port()
            lines = ['listener %d 127.0.0.1' % port,
                     'allow_anonymous %s' % ('true' if anonymous else 'false'),
                     'persistence false',
                     # stderr is unbuffered: the log is current at any time.
                     'log_dest stderr', 'log_type all'] + list(conf)
            with open(self.path('mosquitto.conf'), 'w') as f:
                f.write('\n'.join(lines) + '\n')
            with open(self.path('mosquitto.log'), 'wb') as log:
                self.broker = subprocess.Popen([MOSQUITTO, '-c', self.path('mosquitto.conf')],
                                               stdin=subprocess.DEVNULL, stdout=log,
                                               stderr=subprocess.STDOUT)
            deadline = time.time() + 10
            while time.time() < deadline and self.broker.poll() is None:
                try:
                    socket.create_connection(('127.0.0.1', port), timeout=1).close()
                    self.port = port
                    return
                except OSError:
                    time.sleep(0.02)
            self.stop_broker()
            if 'Address already in use' not in self.log():
                raise Failure('mosquitto did not start: ' + self.log()[-500:])
        raise Failure('no free port for mosquitto')

    def stop_broker(self):
        if self.broker and self.broker.poll() is None:
            self.broker.terminate()
            try:
                self.broker.wait(5)
            except subprocess.TimeoutExpired:
                self.broker.kill()
                self.broker.wait()

    def log(self):
        with open(self.path('mosquitto.log'), 'rb') as f:
            return f.read().decode('utf-8', 'replace')

    def wait_log(self, text, timeout=10, proc=None):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if text in self.log():
                return
            if proc and proc.p.poll() is not None:
                raise Failure('%s exited (%d) early: %s' % (proc.name, proc.p.returncode,
                                                            proc.err()[-300:]))
            time.sleep(0.01)
        raise Failure('the broker log never said %r' % text)

    def spawn(self, name, cmd, stdin=None):
        proc = Proc(self, name, [str(c) for c in cmd], stdin)
        self.procs.append(proc)
        return proc

    def run(self, name, cmd, stdin=None, timeout=30):
        proc = self.spawn(name, cmd, stdin)
        proc.wait(timeout)
        return proc

    def close(self, keep):
        for proc in self.procs:
            if proc.p.poll() is None:
                proc.p.kill()
                proc.p.wait()
        self.stop_broker()
        if not keep:
            shutil.rmtree(self.dir, ignore_errors=True)


# ---------------------------------------------------------------- clients

def pub(env, v, cid, *args, port=None):
    return [ARGS.pub, '-p', port or env.port, '-V', v, '-i', cid] + list(args)


def mosquitto_pub(env, v, cid, *args):
    return ['mosquitto_pub', '-h', '127.0.0.1', '-p', env.port, '-V', MOSQUITTO_V[v],
            '-i', cid] + list(args)


def start_sub(env, v, cid, *args, tool='mqttwire', timeout=20):
    """Start a subscriber and return once the broker has sent its SUBACK."""
    if tool == 'mqttwire':
        cmd = [ARGS.sub, '-p', env.port, '-V', v, '-i', cid, '--timeout', timeout] + list(args)
    else:
        cmd = ['mosquitto_sub', '-h', '127.0.0.1', '-p', env.port, '-V', MOSQUITTO_V[v],
               '-i', cid, '-W', int(timeout)] + list(args)
    proc = env.spawn(cid, cmd)
    env.wait_log('Sending SUBACK to %s\n' % cid, proc=proc)
    return proc


def expect_exit(proc, code, timeout=30):
    rc = proc.wait(timeout)
    check(rc == code, '%s exited %d, expected %d: %s' % (proc.name, rc, code, proc.err()[-400:]))


def expect_lines(proc, expected):
    got = proc.lines()
    if got != expected:
        diff = next((i for i, (a, b) in enumerate(zip(got, expected)) if a != b),
                    min(len(got), len(expected)))
        raise Failure('%s printed %d lines, expected %d; first difference at line %d: %r != %r'
                      % (proc.name, len(got), len(expected), diff + 1,
                         got[diff][:80] if diff < len(got) else None,
                         expected[diff][:80] if diff < len(expected) else None))


# -------------------------------------------------------------- scenarios

def s_qos(env, v, qos, pub_tool, sub_tool):
    """Five messages at QoS `qos`, publisher to broker to subscriber, and
    the acks of both flows in the broker log."""
    env.start_broker()
    n = 5
    topic = 'qos/%d' % qos
    msgs = ['msg-%d' % i for i in range(1, n + 1)]
    if sub_tool == 'mqttwire':
        sub = start_sub(env, v, 'sub', '-t', topic, '-q', qos, '--count', n)
    else:
        sub = start_sub(env, v, 'sub', '-t', topic, '-q', qos, '-C', n, '-v', tool='mosquitto')
    if pub_tool == 'mqttwire':
        p = env.run('pub', pub(env, v, 'pub', '-t', topic, '-q', qos, '--count', n,
                               '--inflight', 3))
    else:
        p = env.run('pub', mosquitto_pub(env, v, 'pub', '-t', topic, '-q', qos, '-l'),
                    stdin=('\n'.join(msgs) + '\n').encode())
    expect_exit(p, 0)
    expect_exit(sub, 0)
    expect_lines(sub, ['%s %s' % (topic, m) for m in msgs])
    # A client that exits does not wait for the broker to read what it sent
    # last (mosquitto_sub does not): its acks are certain to be in the log
    # only once its DISCONNECT, which follows them, is.
    for cid in ('pub', 'sub'):
        env.wait_log('Client %s disconnected.' % cid)
    log = env.log()
    flows = {0: [], 1: ['Received PUBACK from sub'],
             2: ['Received PUBREL from pub', 'Received PUBREC from sub',
                 'Received PUBCOMP from sub']}[qos]
    for text in ['Received PUBLISH from pub (d0, q%d' % qos,
                 'Sending PUBLISH to sub (d0, q%d' % qos] + flows:
        check(log.count(text) == n, 'broker log has %d x %r, expected %d'
              % (log.count(text), text, n))
    return '%d messages, %s' % (n, 'no acks' if not qos else ', '.join(
        t.split()[1] for t in flows) + ' x%d' % n)


def s_retained(env, v):
    env.start_broker()
    p = env.run('pub', pub(env, v, 'pub', '-t', 'ret/t', '-q', 1, '-r', '-m', 'kept'))
    expect_exit(p, 0)
    sub = start_sub(env, v, 'sub', '-t', 'ret/#', '-q', 1, '-v', '--count', 1)
    msub = start_sub(env, v, 'msub', '-t', 'ret/#', '-q', 1, '-C', 1, '-F', '%r %t %p',
                     tool='mosquitto')
    expect_exit(sub, 0)
    expect_exit(msub, 0)
    expect_lines(sub, ['ret/t kept', '  qos=1 retain=1 dup=0'])
    expect_lines(msub, ['1 ret/t kept'])
    return 'a later subscriber gets it with RETAIN set (mqttwire-sub and mosquitto_sub)'


def s_will(env, v):
    env.start_broker()
    sub = start_sub(env, v, 'sub', '-t', 'will/#', '-q', 1, '--count', 1)
    p = env.run('pub', pub(env, v, 'pub', '-t', 'will/x', '--will-topic', 'will/t',
                           '--will-payload', 'gone', '--will-qos', 1, '--will-retain',
                           '--die-after-connect'))
    expect_exit(p, 0)
    expect_exit(sub, 0)
    expect_lines(sub, ['will/t gone'])
    check('Received DISCONNECT from pub' not in env.log(), 'the publisher sent DISCONNECT')
    late = start_sub(env, v, 'late', '-t', 'will/#', '-q', 1, '-v', '--count', 1)
    expect_exit(late, 0)
    expect_lines(late, ['will/t gone', '  qos=1 retain=1 dup=0'])
    return 'closed without DISCONNECT: Will delivered, and kept (Will Retain)'


def s_no_will(env, v):
    env.start_broker()
    sub = start_sub(env, v, 'sub', '-t', 'will/#', '-q', 1, '--count', 2, timeout=1.5)
    p = env.run('pub', pub(env, v, 'pub', '-t', 'will/data', '-m', 'hello',
                           '--will-topic', 'will/t', '--will-payload', 'gone'))
    expect_exit(p, 0)
    expect_exit(sub, 3)  # timed out waiting for a second message: no Will
    expect_lines(sub, ['will/data hello'])
    check('Received DISCONNECT from pub' in env.log(), 'no DISCONNECT in the broker log')
    return 'DISCONNECT sent, Will discarded'


BIG = None
BIG_LOCK = threading.Lock()


def big_payload(env):
    """1 MiB of printable bytes (no newline: the subscriber prints a line)."""
    global BIG
    with BIG_LOCK:
        if BIG is None:
            rnd = random.Random(17)
            alphabet = b'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'
            BIG = bytes(rnd.choice(alphabet) for _ in range(1 << 20))
    with open(env.path('big.bin'), 'wb') as f:
        f.write(BIG)
    return env.path('big.bin')


def s_big(env, v, pub_tool, sub_tool):
    env.start_broker()
    path = big_payload(env)
    if sub_tool == 'mqttwire':
        sub = start_sub(env, v, 'sub', '-t', 'big/t', '-q', 1, '--count', 1)
    else:
        sub = start_sub(env, v, 'sub', '-t', 'big/t', '-q', 1, '-C', 1, '-v', tool='mosquitto')
    if pub_tool == 'mqttwire':
        p = env.run('pub', pub(env, v, 'pub', '-t', 'big/t', '-q', 1, '-f', path))
    else:
        p = env.run('pub', mosquitto_pub(env, v, 'pub', '-t', 'big/t', '-q', 1, '-f', path))
    expect_exit(p, 0)
    expect_exit(sub, 0)
    check(sub.out() == b'big/t ' + BIG + b'\n', 'the payload arrived changed (%d bytes printed)'
          % len(sub.out()))
    return '1048576 bytes intact'


def s_thousand(env, v):
    env.start_broker()
    n = 1000
    sub = start_sub(env, v, 'sub', '-t', 'many/t', '-q', 2, '--count', n, timeout=60)
    p = env.run('pub', pub(env, v, 'pub', '-t', 'many/t', '-q', 2, '--count', n,
                           '--inflight', 16, '-v'), timeout=60)
    expect_exit(p, 0)
    expect_exit(sub, 0, timeout=60)
    expect_lines(sub, ['many/t msg-%d' % i for i in range(1, n + 1)])
    peak = [line for line in p.err().splitlines() if 'at most in flight' in line]
    check(peak, 'no in-flight summary from the publisher')
    most = int(peak[0].split(',')[1].split()[0])
    check(1 < most <= 16, 'at most %d in flight, expected 2..16' % most)
    return '%d messages complete and in order, up to %d in flight' % (n, most)


def s_keep_alive(env, v):
    env.start_broker()
    sub = start_sub(env, v, 'sub', '-t', 'ka/t', '-k', 1, timeout=2.6)
    expect_exit(sub, 0)
    log = env.log()
    pings = log.count('Received PINGREQ from sub\n')
    check(pings >= 2, '%d PINGREQ in 2.6 s with keep-alive 1 s' % pings)
    check(log.count('Sending PINGRESP to sub\n') == pings, 'PINGRESP count differs')
    return '%d PINGREQ/PINGRESP in 2.6 s idle, keep-alive 1 s' % pings


class Proxy:
    """Relays one client connection to the broker packet by packet,
    recording what the client sends and dropping the first server packet of
    each type listed in `drop` (an ack lost in transit)."""

    def __init__(self, env, drop=()):
        self.env, self.drop, self.sent, self.dropped = env, list(drop), [], []
        self.listener = socket.socket()
        self.listener.bind(('127.0.0.1', 0))
        self.listener.listen(1)
        self.port = self.listener.getsockname()[1]
        thread = threading.Thread(target=self._accept, daemon=True)
        thread.start()
        env.threads.append(thread)

    def _accept(self):
        self.listener.settimeout(30)
        try:
            client, _ = self.listener.accept()
        except OSError:
            return
        server = socket.create_connection(('127.0.0.1', self.env.port))
        for s in (client, server):
            s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        threading.Thread(target=self._pump, args=(server, client, False), daemon=True).start()
        self._pump(client, server, True)

    def _pump(self, src, dst, upstream):
        try:
            while True:
                pkt = read_packet(src)
                if pkt is None:
                    break
                if upstream:
                    self.sent.append(pkt)
                elif pkt[0] >> 4 in self.drop:
                    self.drop.remove(pkt[0] >> 4)
                    self.dropped.append(pkt)
                    continue
                dst.sendall(pkt)
        except OSError:
            pass
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def sent_of_type(self, ptype):
        return [p for p in self.sent if p[0] >> 4 == ptype]


def publish_id(pkt):
    body = split_packet(pkt)[1]
    topic_len = int.from_bytes(body[:2], 'big')
    return body[2 + topic_len:4 + topic_len]


def s_retry(env, v, qos):
    """3.x: the first PUBACK (QoS 1), or the first PUBREC and PUBCOMP
    (QoS 2), never reach the publisher; it must resend with DUP."""
    env.start_broker()
    proxy = Proxy(env, drop=[4] if qos == 1 else [5, 7])
    sub = start_sub(env, v, 'sub', '-t', 'retry/t', '-q', qos, '--count', 1)
    p = env.run('pub', pub(env, v, 'pub', '-t', 'retry/t', '-q', qos, '-m', 'hello',
                           '--retry-ms', 200, '-v', port=proxy.port))
    expect_exit(p, 0)
    expect_exit(sub, 0)
    publishes = proxy.sent_of_type(3)
    check(len(publishes) >= 2, 'PUBLISH sent %d times, expected a resend' % len(publishes))
    check(not publishes[0][0] & 0x08 and all(x[0] & 0x08 for x in publishes[1:]),
          'DUP flags of the PUBLISHes: %s' % [bool(x[0] & 8) for x in publishes])
    check(len({publish_id(x) for x in publishes}) == 1, 'the resend changed the Packet Identifier')
    detail = 'PUBLISH resent with DUP after a lost %s' % ('PUBACK' if qos == 1 else 'PUBREC')
    if qos == 2:
        rels = proxy.sent_of_type(6)
        check(len(rels) >= 2, 'PUBREL sent %d times, expected a resend' % len(rels))
        # 3.1 marks a resent PUBREL with DUP (31-12); 3.1.1 has no such bit.
        check(all(bool(r[0] & 0x08) == (v == 3 and i > 0) for i, r in enumerate(rels)),
              'PUBREL first bytes: %s' % [hex(r[0]) for r in rels])
        detail += '; PUBREL resent after a lost PUBCOMP; delivered once'
    expect_lines(sub, ['retry/t hello'])
    return detail


def s_no_retry_v5(env, v, qos):
    """5.0 forbids resending on a live connection [MQTT-4.4.0-1]: with its
    PUBACK lost, the publisher waits (here: until --timeout) and never
    resends; --retry-ms is refused on 5.0."""
    env.start_broker()
    p = env.run('pub0', pub(env, v, 'pub0', '-t', 'retry/t', '-q', qos, '-m', 'x',
                            '--retry-ms', 200))
    expect_exit(p, 2)
    proxy = Proxy(env, drop=[4 if qos == 1 else 5])
    p = env.run('pub', pub(env, v, 'pub', '-t', 'retry/t', '-q', qos, '-m', 'hello',
                           '--timeout', 1, port=proxy.port))
    expect_exit(p, 3)
    check(len(proxy.sent_of_type(3)) == 1, 'PUBLISH sent %d times' % len(proxy.sent_of_type(3)))
    return '--retry-ms refused; lost %s: no resend, gave up at --timeout' % (
        'PUBACK' if qos == 1 else 'PUBREC')


# The reconnect scenarios: where in a flow the example client closes its
# connection (--drop-after TYPE: right after the first packet of TYPE it
# sends or receives, before anything that packet calls for goes out), by
# program and QoS, with what that point is called in the report.
DROPS = {
    ('pub', 1): [('publish', 'PUBLISH sent')],
    ('pub', 2): [('publish', 'PUBLISH sent'), ('pubrec', 'PUBREC received'),
                 ('pubrel', 'PUBREL sent')],
    ('sub', 1): [('publish', 'PUBLISH received')],
    ('sub', 2): [('publish', 'PUBLISH received'), ('pubrec', 'PUBREC sent'),
                 ('pubrel', 'PUBREL received')],
}


def check_session_kept(log, v, cid):
    """`cid` connected twice with Clean Session 0 / Clean Start 0, and the
    second time (3.1.1, 5.0: whose CONNACK says so) found its session."""
    level = {3: 1, 4: 2, 5: 5}[v]  # as mosquitto's log names the versions
    kept = log.count('as %s (p%d, c0' % (cid, level))
    check(kept == 2, 'connections keeping the session: %d, expected 2' % kept)
    present = log.count('Sending CONNACK to %s (1, 0)' % cid)
    check(v == 3 or present == 1, 'CONNACK with Session Present: %d, expected 1' % present)


def s_reconnect_pub(env, v, qos, drop):
    """mqttwire-pub -c closes its connection without DISCONNECT at `drop`
    and connects again keeping the session (5.0: with a Session Expiry
    Interval); the session resends what is unfinished (the PUBLISH with
    DUP, or the PUBREL). mosquitto_sub receives; a second message from
    mosquitto_pub marks the end, so a duplicate would arrive before it."""
    env.start_broker()
    topic = 'rc/%d' % qos
    msub = start_sub(env, v, 'msub', '-t', topic, '-q', qos, '-C', 2, tool='mosquitto')
    p = env.run('pub', pub(env, v, 'pub', '-t', topic, '-q', qos, '-m', 'hello', '-c',
                           '--drop-after', drop, '-v'))
    expect_exit(p, 0)
    expect_exit(env.run('end', mosquitto_pub(env, v, 'end', '-t', topic, '-q', qos, '-m', 'end')), 0)
    expect_exit(msub, 0)
    log, got = env.log(), msub.lines()
    check_session_kept(log, v, 'pub')
    first = log.count('Received PUBLISH from pub (d0, q%d' % qos)
    dups = log.count('Received PUBLISH from pub (d1, q%d' % qos)
    rels = log.count('Received PUBREL from pub')
    if drop == 'publish':
        check((first, dups) == (1, 1), 'PUBLISH received %d times without DUP, %d with'
              % (first, dups))
        done = 'PUBLISH resent with DUP'
    else:
        check((first, dups) == (1, 0), 'PUBLISH received %d times without DUP, %d with'
              % (first, dups))
        check(rels == (1 if drop == 'pubrec' else 2), 'PUBREL received %d times' % rels)
        done = 'PUBREL %s' % ('sent on the new connection' if drop == 'pubrec' else 'resent')
    if qos == 1:
        check(got[0] == 'hello' and got[1] in ('hello', 'end'), 'mosquitto_sub got %s' % got)
        return '%s; delivered %s' % (done, 'twice' if got[1] == 'hello' else 'once')
    check(got == ['hello', 'end'], 'mosquitto_sub got %s' % got)
    return '%s; delivered once' % done


def s_reconnect_sub(env, v, qos, drop):
    """mqttwire-sub -c closes its connection without DISCONNECT at `drop`
    and connects again keeping the session; mosquitto resends (the PUBLISH
    with DUP, or the PUBREL) and the session answers it without delivering
    a QoS 2 message twice. mosquitto_pub sends the message, then a second
    one that marks the end."""
    env.start_broker()
    topic = 'rc/%d' % qos
    sub = start_sub(env, v, 'sub', '-t', topic, '-q', qos, '-c', '--drop-after', drop,
                    '--count', 2, '-v')
    for cid, msg in (('hello', 'hello'), ('end', 'end')):
        expect_exit(env.run(cid, mosquitto_pub(env, v, cid, '-t', topic, '-q', qos, '-m', msg)), 0)
    expect_exit(sub, 0)
    log, got = env.log(), sub.lines()
    check_session_kept(log, v, 'sub')
    check(log.count('Received SUBSCRIBE from sub') == 1,
          'subscribed again: the session was not kept')
    # The first message is m1; mosquitto_pub's end marker may or may not
    # be on its way before the drop, and is resent then too.
    dups = log.count('Sending PUBLISH to sub (d1, q%d, r0, m1,' % qos)
    rels = log.count('Sending PUBREL to sub (m1)')
    msgs = [line for line in got if not line.startswith('  ')]
    if qos == 1:
        check(dups == 1, 'PUBLISH resent with DUP %d times' % dups)
        check(msgs[0] == topic + ' hello' and msgs[1] in (topic + ' hello', topic + ' end'),
              'mqttwire-sub printed %s' % msgs)
        check(msgs[1] != topic + ' hello' or got[3] == '  qos=1 retain=0 dup=1',
              'the second copy: %s' % got[3])
        return 'PUBLISH resent with DUP; delivered %s' % (
            'twice' if msgs[1] == topic + ' hello' else 'once')
    check(msgs == [topic + ' hello', topic + ' end'], 'mqttwire-sub printed %s' % msgs)
    if drop == 'publish':
        check(dups == 1, 'PUBLISH resent with DUP %d times' % dups)
        return 'PUBLISH resent with DUP, answered, not delivered again; delivered once'
    check(dups == 0 and rels == 2, 'PUBLISH resent %d times, PUBREL sent %d times (expected 2)'
          % (dups, rels))
    if drop == 'pubrec':
        return 'PUBREL resent; delivered once'
    # The resent PUBREL finds the identifier released: 5.0 answers 0x92
    # Packet Identifier not found, 3.x has no code to say so.
    code = 0x92 if v == 5 else 0
    comps = [log.count('Received PUBCOMP from sub (Mid: 1, RC:%d)' % rc) for rc in (0, 0x92)]
    check(comps == ([0, 1] if v == 5 else [1, 0]), 'PUBCOMPs for m1 with code 0 and 0x92: %s'
          % comps)
    return 'PUBREL resent, identifier released by then: PUBCOMP 0x%02X; delivered once' % code


def s_reconnect_clean(env, v):
    """Without -c the reconnect starts a new session (Clean Session 1): the
    PUBLISH in flight is not resent and mqttwire-pub reports it lost."""
    env.start_broker()
    msub = start_sub(env, v, 'msub', '-t', 'rc/0', '-q', 1, '-C', 1, tool='mosquitto')
    p = env.run('pub', pub(env, v, 'pub', '-t', 'rc/0', '-q', 1, '-m', 'hello',
                           '--drop-after', 'publish'))
    expect_exit(p, 1)
    expect_exit(msub, 0)
    check('lost' in p.err(), 'publisher said: ' + p.err())
    log = env.log()
    check(log.count('Received PUBLISH from pub (d') == 1, 'the PUBLISH was resent')
    return 'new session: PUBLISH not resent, reported lost (exit 1)'


def s_max_packet(env, v):
    """mosquitto's max_packet_size 200: 5.0 learns it from CONNACK and the
    builder refuses the oversize PUBLISH before it is sent; 3.x cannot know
    it, sends, and mosquitto closes the connection."""
    env.start_broker('max_packet_size 200')
    sub = start_sub(env, v, 'sub', '-t', 'mp/#', '-q', 1, '--count', 1)
    p = env.run('small', pub(env, v, 'small', '-t', 'mp/small', '-q', 1, '-m', 'x' * 150))
    expect_exit(p, 0)
    p = env.run('big', pub(env, v, 'big', '-t', 'mp/big', '-q', 1, '-m', 'y' * 250))
    expect_exit(p, 1)
    expect_exit(sub, 0)
    expect_lines(sub, ['mp/small ' + 'x' * 150])
    if v == 5:
        # The message of MQW_ERR_TOO_LARGE (docs/rules.md section 22).
        check('cannot build PUBLISH: The packet is larger than the maximum packet size'
              in p.err(), 'publisher said: ' + p.err())
        check('oversize' not in env.log(), 'the oversize PUBLISH reached mosquitto')
        return '150-byte payload delivered; 250-byte one refused by the builder (MQW_ERR_TOO_LARGE)'
    check('disconnected due to oversize packet' in env.log(), 'mosquitto did not refuse it')
    return '150-byte payload delivered; 250-byte one sent (3.x has no limit to learn), dropped'


def s_receive_max(env, v):
    env.start_broker('max_inflight_messages 2')
    n = 30
    sub = start_sub(env, v, 'sub', '-t', 'rm/t', '-q', 1, '--count', n)
    p = env.run('pub', pub(env, v, 'pub', '-t', 'rm/t', '-q', 1, '--count', n,
                           '--inflight', 10, '-v'))
    expect_exit(p, 0)
    expect_exit(sub, 0)
    expect_lines(sub, ['rm/t msg-%d' % i for i in range(1, n + 1)])
    check('Receive Maximum: 2' in p.err() and '2 at most in flight' in p.err(),
          'publisher said: ' + p.err())
    return 'CONNACK Receive Maximum 2: --inflight 10 limited to 2, %d delivered' % n


def s_connack_refused(env, v):
    env.start_broker(anonymous=False)
    p = env.run('pub', pub(env, v, 'pub', '-t', 't', '-m', 'x'))
    expect_exit(p, 1)
    want = 'Not authorized (0x87)' if v == 5 else 'Not authorized (0x05)'
    check(want in p.err(), 'publisher said: ' + p.err())
    return 'CONNACK printed as "%s"' % want


def s_puback_refused(env, v):
    with open(env.path('acl'), 'w') as f:
        f.write('topic readwrite open/#\n')
    os.chmod(env.path('acl'), 0o644)
    env.start_broker('acl_file ' + env.path('acl'))
    p = env.run('pub', pub(env, v, 'pub', '-t', 'secret/t', '-q', 1, '-m', 'x'))
    expect_exit(p, 1)
    check('PUBACK Not authorized (0x87)' in p.err(), 'publisher said: ' + p.err())
    return 'PUBACK printed as "Not authorized (0x87)", exit 1'


PROPS_ARGS = ['-u', 'k1=v1', '-u', 'k2=v2', '-u', 'k1=v3', '--content-type', 'text/plain',
              '--response-topic', 'reply/t', '--correlation-data', 'req-42',
              '--message-expiry', 3600]


def check_props(lines):
    """The -v lines of mqttwire-sub for the message PROPS_ARGS describe."""
    props = [line.strip() for line in lines[2:]]
    users = [p for p in props if p.startswith('User Property: ')]
    check(users == ['User Property: k1=v1', 'User Property: k2=v2', 'User Property: k1=v3'],
          'user properties: %s' % users)
    for want in ['Content Type: text/plain', 'Response Topic: reply/t', 'Correlation Data: req-42']:
        check(want in props, '%r missing from %s' % (want, props))
    expiry = [p for p in props if p.startswith('Message Expiry Interval: ')]
    check(len(expiry) == 1 and 3590 <= int(expiry[0].split()[-1]) <= 3600,
          'expiry: %s' % expiry)


def s_props(env, v, pub_tool, sub_tool):
    env.start_broker()
    if sub_tool == 'mqttwire':
        sub = start_sub(env, v, 'sub', '-t', 'props/t', '-q', 1, '-v', '--count', 1)
    else:
        sub = start_sub(env, v, 'sub', '-t', 'props/t', '-q', 1, '-C', 1, '-F',
                        '%t %p|%C|%R|%D|%E|%P', tool='mosquitto')
    if pub_tool == 'mqttwire':
        p = env.run('pub', pub(env, v, 'pub', '-t', 'props/t', '-q', 1, '-m', 'hello',
                               *PROPS_ARGS))
    else:
        p = env.run('pub', mosquitto_pub(
            env, v, 'pub', '-t', 'props/t', '-q', 1, '-m', 'hello',
            '-D', 'publish', 'user-property', 'k1', 'v1',
            '-D', 'publish', 'user-property', 'k2', 'v2',
            '-D', 'publish', 'user-property', 'k1', 'v3',
            '-D', 'publish', 'content-type', 'text/plain',
            '-D', 'publish', 'response-topic', 'reply/t',
            '-D', 'publish', 'correlation-data', 'req-42',
            '-D', 'publish', 'message-expiry-interval', 3600))
    expect_exit(p, 0)
    expect_exit(sub, 0)
    lines = sub.lines()
    if sub_tool == 'mqttwire':
        check(lines[:2] == ['props/t hello', '  qos=1 retain=0 dup=0'], 'got %s' % lines[:2])
        check_props(lines)
    else:
        fields = lines[0].split('|') if lines else []
        check(len(fields) == 6 and fields[:4] == ['props/t hello', 'text/plain', 'reply/t',
                                                  'req-42'] and
              3590 <= int(fields[4]) <= 3600 and fields[5] == 'k1:v1 k2:v2 k1:v3',
              'mosquitto_sub printed %r' % lines)
    return 'User Properties (order, repeats), Content Type, Response Topic, ' \
           'Correlation Data, Message Expiry intact'


def s_alias_out(env, v):
    """--topic-alias: the first PUBLISH carries topic + alias, the later ones
    only the alias (empty Topic Name); mosquitto resolves them for both kinds
    of subscriber. A proxy records what the publisher sent."""
    env.start_broker()
    n, topic = 5, 'alias/a/rather/long/topic/name'
    sub = start_sub(env, v, 'sub', '-t', 'alias/#', '-q', 1, '--count', n, '-v')
    msub = start_sub(env, v, 'msub', '-t', 'alias/#', '-q', 1, '-C', n, '-v', tool='mosquitto')
    proxy = Proxy(env)
    p = env.run('pub', pub(env, v, 'pub', '-t', topic, '-q', 1, '--count', n, '--topic-alias',
                           port=proxy.port))
    expect_exit(p, 0)
    expect_exit(sub, 0)
    expect_exit(msub, 0)
    expect_lines(msub, ['%s msg-%d' % (topic, i) for i in range(1, n + 1)])
    got = [line for line in sub.lines() if not line.startswith('  ')]
    check(got == ['%s msg-%d' % (topic, i) for i in range(1, n + 1)], 'sub got %s' % got)
    lengths = [int.from_bytes(split_packet(x)[1][:2], 'big') for x in proxy.sent_of_type(3)]
    check(lengths == [len(topic)] + [0] * (n - 1), 'Topic Name lengths sent: %s' % lengths)
    # mosquitto 2.0.11 never assigns topic aliases towards its clients,
    # although mqttwire-sub announces a Topic Alias Maximum of 16: the
    # incoming side is tested against a scripted server (alias-in).
    incoming = sum(1 for line in sub.lines() if line.startswith('  Topic Alias:'))
    return 'sent topic lengths %s, delivered with the full topic; mosquitto sent %d aliases ' \
           'to the subscriber' % (lengths, incoming)


def s_alias_refused(env, v):
    env.start_broker('max_topic_alias 0')
    sub = start_sub(env, v, 'sub', '-t', 'alias/#', '-q', 1, '--count', 2)
    p = env.run('pub', pub(env, v, 'pub', '-t', 'alias/t', '-q', 1, '--count', 2,
                           '--topic-alias'))
    expect_exit(p, 0)
    expect_exit(sub, 0)
    expect_lines(sub, ['alias/t msg-1', 'alias/t msg-2'])
    check('takes no topic aliases' in p.err(), 'publisher said: ' + p.err())
    return 'server Topic Alias Maximum 0: full topics sent'


def publish5(topic, payload, alias=None):
    props = b'' if alias is None else b'\x23' + alias.to_bytes(2, 'big')
    return packet(0x30, len(topic).to_bytes(2, 'big') + topic + varint(len(props)) + props +
                  payload)


def scripted_server(env, n, script):
    """Run mqttwire-sub -V 5 against a scripted server; returns the process,
    the server's socket and the CONNECT it sent."""
    listener = socket.socket()
    listener.bind(('127.0.0.1', 0))
    listener.listen(1)
    listener.settimeout(10)
    sub = env.spawn('sub', [ARGS.sub, '-p', listener.getsockname()[1], '-V', 5, '-i', 'sub',
                            '-t', 'alias/#', '--count', n, '--timeout', 10])
    conn, _ = listener.accept()
    listener.close()
    conn.settimeout(10)
    conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    connect = read_packet(conn)
    check(connect and connect[0] == 0x10, 'no CONNECT')
    conn.sendall(packet(0x20, b'\x00\x00\x00'))
    subscribe = read_packet(conn)
    check(subscribe and subscribe[0] == 0x82, 'no SUBSCRIBE')
    conn.sendall(packet(0x90, split_packet(subscribe)[1][:2] + b'\x00\x00'))
    script(conn)
    return sub, conn, connect


def s_alias_in(env, v):
    """Topic aliases from the server. mosquitto 2.0.11 never sends any to a
    client (it accepts them from clients, s_alias_out, but assigns none
    towards them even when the CONNECT announces a Topic Alias Maximum;
    s_alias_out reports how many it saw), so a scripted server plays the
    broker: it sets two aliases, uses them, and remaps one. It also sends
    the first packet a byte at a time and the rest coalesced into single
    writes, for the stream reader."""
    msgs = [(b'alias/one', 1, b'one'), (b'', 1, b'two'), (b'alias/two', 2, b'three'),
            (b'', 2, b'four'), (b'', 1, b'five'), (b'alias/three', 1, b'six'),
            (b'', 1, b'seven')]
    pkts = [publish5(topic, payload, alias) for topic, alias, payload in msgs]

    def script(conn):
        for byte in pkts[0]:
            conn.sendall(bytes([byte]))
            time.sleep(0.002)
        conn.sendall(b''.join(pkts[1:4]))
        conn.sendall(b''.join(pkts[4:]))

    sub, conn, connect = scripted_server(env, len(msgs), script)
    disconnect = read_packet(conn)
    conn.close()
    expect_exit(sub, 0)
    body = split_packet(connect)[1]
    props = parse_props(body, 10)
    check(props.get(0x22) == [16], 'CONNECT Topic Alias Maximum: %s' % props.get(0x22))
    expect_lines(sub, ['alias/one one', 'alias/one two', 'alias/two three', 'alias/two four',
                       'alias/one five', 'alias/three six', 'alias/three seven'])
    check(disconnect == b'\xe0\x00', 'ended with %r' % disconnect)
    return 'CONNECT Topic Alias Maximum 16; 7 messages through 2 aliases (one remapped), ' \
           'byte-wise and coalesced reads'


def s_alias_bad(env, v, alias, code):
    def script(conn):
        conn.sendall(publish5(b'', b'x', alias))

    sub, conn, _ = scripted_server(env, 1, script)
    disconnect = read_packet(conn)
    conn.close()
    expect_exit(sub, 1)
    check(disconnect == bytes([0xE0, 0x01, code]), 'answered %r' % disconnect)
    return 'DISCONNECT %s (0x%02X)' % (REASONS[code], code)


def s_refuse(env, v):
    p = env.run('refuse', [ARGS.refuse])
    expect_exit(p, 0)
    return p.lines()[-1]


# The same faults as raw bytes after a valid CONNECT. A row names the
# rule id (docs/rules.md), the bytes for 3.x and for 5.0 (which adds a Property
# Length), and where mosquitto does not close: the versions on which it
# lets the packet through.
MALFORMED = [
    ('PUB-2', "'+' in a PUBLISH topic", '30 05 00 03 61 2B 62', '30 06 00 03 61 2B 62 00', ()),
    ('PUB-3', "'#' in a PUBLISH topic", '30 05 00 03 61 2F 23', '30 06 00 03 61 2F 23 00', ()),
    ('FH-17', 'PUBLISH with QoS 3', '36 05 00 01 61 00 01', '36 06 00 01 61 00 01 00', ()),
    ('STR-2', 'UTF-16 surrogate in a topic', '30 05 00 03 ED A0 80', '30 06 00 03 ED A0 80 00',
     ()),
    ('STR-6', 'U+0000 in a topic', '30 05 00 03 61 00 62', '30 06 00 03 61 00 62 00', ()),
    ('PID-1', 'QoS 1 PUBLISH with Packet Identifier 0', '32 05 00 01 61 00 00',
     '32 06 00 01 61 00 00 00', ()),
    # 3.1 calls these flag bits "QoS 1" without a rule to enforce it and
    # mosquitto does not check them there (docs/rules.md 31-11); mqttwire
    # does by default (MQW_LENIENT_V31 turns it off).
    ('FH-5', 'PUBREL with flags 0000', '60 02 00 01', '60 02 00 01', (3,)),
    ('FH-7', 'SUBSCRIBE with flags 0000', '80 06 00 01 00 01 61 00',
     '80 07 00 01 00 00 01 61 00', (3,)),
    ('SUB-5/6', 'SUBSCRIBE with QoS 3', '82 06 00 01 00 01 61 03', '82 07 00 01 00 00 01 61 03',
     ()),
    ('FH-15', 'packet type 0', '00 00', '00 00', ()),
    ('FH-16', 'packet type 15 (AUTH) before 5.0', 'F0 00', None, ()),
    # mosquitto lets DUP on QoS 0 through; mqttwire refuses it by default
    # (docs/rules.md C-2, MQW_LENIENT_DUP_QOS0).
    ('FH-18', 'DUP on a QoS 0 PUBLISH', '38 03 00 01 61', '38 04 00 01 61 00', (3, 4, 5)),
]


def s_malformed(env, v, rule, what, bad, lenient):
    env.start_broker()
    client_id = ('bad-%s' % rule).encode()
    bad = bytes.fromhex(bad)
    # What mqttwire's parser says about the same stream (examples/receive_loop).
    loop = env.run('receive_loop', [ARGS.receive_loop, v], stdin=connect_bytes(v, client_id) + bad)
    verdict = loop.err().strip() or 'accepted'
    check((loop.p.returncode == 1) == (verdict != 'accepted'), 'receive_loop: ' + verdict)

    s = socket.create_connection(('127.0.0.1', env.port), timeout=5)
    s.sendall(connect_bytes(v, client_id))
    connack = read_packet(s)
    check(connack and connack[0] == 0x20 and split_packet(connack)[1][1] == 0,
          'CONNACK: %r' % connack)
    s.sendall(bad)
    # A closing broker closes at once; one that accepts the packet may
    # answer it (PUBCOMP, SUBACK) or stay silent (QoS 0 PUBLISH).
    s.settimeout(0.5 if v in lenient else 5)
    answers, eof = [], False
    try:
        while not eof:
            pkt = read_packet(s)
            eof = pkt is None
            answers += [pkt] if pkt else []
    except socket.timeout:
        pass
    if v in lenient:
        check(not eof, 'mosquitto closed the connection')
        s.settimeout(5)
        s.sendall(b'\xc0\x00')
        pong = read_packet(s)
        check(pong == b'\xd0\x00', 'no PINGRESP after the packet: %r' % pong)
        s.close()
        return 'mosquitto accepts it (connection stays open); mqttwire: %s' % verdict
    s.close()
    check(eof, 'mosquitto kept the connection open (answered %r)' % answers)
    check(verdict != 'accepted', 'mqttwire accepted it')
    reason = ''
    if answers:
        # 5.0: mosquitto may say why before closing.
        check(len(answers) == 1 and answers[0][0] == 0xE0 and v == 5,
              'mosquitto answered %r' % answers)
        code = split_packet(answers[0])[1][0]
        reason = ' after DISCONNECT %s' % REASONS.get(code, hex(code))
    return 'mosquitto closed%s; mqttwire: %s' % (reason, verdict)


def scenarios():
    out = []

    def add(v, name, fn, *args):
        out.append(('%-5s %s' % (VERSIONS[v], name), fn, (v,) + args))

    for v in (3, 4, 5):
        for qos in (0, 1, 2):
            add(v, 'qos%d mqttwire-pub -> mqttwire-sub' % qos, s_qos, qos, 'mqttwire', 'mqttwire')
            add(v, 'qos%d mqttwire-pub -> mosquitto_sub' % qos, s_qos, qos, 'mqttwire', 'mosquitto')
            add(v, 'qos%d mosquitto_pub -> mqttwire-sub' % qos, s_qos, qos, 'mosquitto', 'mqttwire')
        add(v, 'retained message', s_retained)
        add(v, 'will after abrupt close', s_will)
        add(v, 'no will after DISCONNECT', s_no_will)
        add(v, '1 MiB mqttwire-pub -> mqttwire-sub', s_big, 'mqttwire', 'mqttwire')
        add(v, '1 MiB mqttwire-pub -> mosquitto_sub', s_big, 'mqttwire', 'mosquitto')
        add(v, '1 MiB mosquitto_pub -> mqttwire-sub', s_big, 'mosquitto', 'mqttwire')
        add(v, '1000 messages qos2 --inflight 16', s_thousand)
        add(v, 'keep-alive', s_keep_alive)
        for qos in (1, 2):
            if v == 5:
                add(v, 'qos%d no resend on a live connection' % qos, s_no_retry_v5, qos)
            else:
                add(v, 'qos%d resend with DUP after a lost ack' % qos, s_retry, qos)
        for side in ('pub', 'sub'):
            for qos in (1, 2):
                for drop, what in DROPS[side, qos]:
                    add(v, 'qos%d reconnect, session kept: mqttwire-%s drops after %s'
                        % (qos, side, what), s_reconnect_pub if side == 'pub' else s_reconnect_sub,
                        qos, drop)
        add(v, 'qos1 reconnect, session not kept: the message is lost', s_reconnect_clean)
        add(v, 'server Maximum Packet Size', s_max_packet)
        add(v, 'CONNACK refusal by name', s_connack_refused)
    add(5, 'PUBACK refusal by name', s_puback_refused)
    add(5, 'Receive Maximum', s_receive_max)
    add(5, 'properties mqttwire-pub -> mqttwire-sub', s_props, 'mqttwire', 'mqttwire')
    add(5, 'properties mqttwire-pub -> mosquitto_sub', s_props, 'mqttwire', 'mosquitto')
    add(5, 'properties mosquitto_pub -> mqttwire-sub', s_props, 'mosquitto', 'mqttwire')
    add(5, 'topic alias out', s_alias_out)
    add(5, 'topic alias out, server allows none', s_alias_refused)
    add(5, 'topic alias in (scripted server)', s_alias_in)
    add(5, 'topic alias in, unknown alias (scripted server)', s_alias_bad, 3, 0x82)
    add(5, 'topic alias in, above maximum (scripted server)', s_alias_bad, 17, 0x94)
    # refuse.c covers every version in one run.
    out.append(('all   malformed: builders refuse (refuse.c)', s_refuse, (0,)))
    for v in (3, 4, 5):
        for rule, what, bad3, bad5, lenient in MALFORMED:
            bad = bad5 if v == 5 else bad3
            if bad:
                add(v, 'malformed %s %s' % (rule, what), s_malformed, rule, what, bad, lenient)
    return out


def run_one(name, fn, args):
    env = Env()
    start = time.time()
    try:
        detail, ok = fn(env, *args), True
    except Failure as e:
        detail, ok = str(e), False
    except Exception:
        detail, ok = traceback.format_exc().strip().replace('\n', '\n    '), False
    env.close(keep=not ok)
    if not ok:
        detail += '\n    kept: ' + env.dir
    return name, ok, time.time() - start, detail


def main():
    global ARGS, MOSQUITTO
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    for opt in ('--pub', '--sub', '--refuse', '--receive-loop'):
        ap.add_argument(opt, required=True)
    ap.add_argument('-k', default='', help='run the scenarios whose name contains this')
    ap.add_argument('-j', type=int, default=6, help='scenarios run in parallel')
    ARGS = ap.parse_args()

    # Debian installs the broker in /usr/sbin, which a user's PATH may lack.
    path = os.environ.get('PATH', '') + os.pathsep + '/usr/sbin:/usr/local/sbin'
    MOSQUITTO = shutil.which('mosquitto', path=path)
    if not MOSQUITTO:
        print('SKIP: mosquitto is not installed (apt-get install mosquitto mosquitto-clients)')
        return 77
    version = subprocess.run([MOSQUITTO, '-h'], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             universal_newlines=True).stdout.splitlines()[0]
    print('%s; mosquitto_pub/sub: %s' % (version, shutil.which('mosquitto_pub') or 'missing'))

    todo = [s for s in scenarios() if ARGS.k in s[0]]
    start, failed = time.time(), 0
    with concurrent.futures.ThreadPoolExecutor(ARGS.j) as pool:
        for name, ok, secs, detail in pool.map(lambda s: run_one(*s), todo):
            failed += not ok
            print('%s %-66s %5.2fs  %s' % ('PASS' if ok else 'FAIL', name, secs, detail),
                  flush=True)
    print('%d passed, %d failed, %.1f s' % (len(todo) - failed, failed, time.time() - start))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
