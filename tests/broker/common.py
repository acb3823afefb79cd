# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: 2026 The mqttwire authors
"""What the broker suites share: a broker for one scenario (mqttwire-broker
or mosquitto, the reference) on a free loopback port, MQTT packets as bytes,
a raw socket client that reads whole packets, the mosquitto clients, and a
paho-mqtt client that waits for what it asked for.

The wire helpers come from tests/interop/interop.py (imported, not copied).
"""
import importlib.util
import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'interop'))
from interop import free_port, packet, parse_props, read_varint, varint  # noqa: E402


def need_paho():
    """paho-mqtt comes from Debian's python3-paho-mqtt, installed for the
    system python: run under it when the python that started us lacks it."""
    if importlib.util.find_spec('paho') is not None:
        return
    system = '/usr/bin/python3'
    if os.path.exists(system) and os.path.realpath(sys.executable) != os.path.realpath(system):
        os.execv(system, [system] + sys.argv)
    print('SKIP: paho-mqtt is not installed (apt-get install python3-paho-mqtt)')
    sys.exit(77)


class Failure(Exception):
    pass


def check(cond, msg):
    if not cond:
        raise Failure(msg)


def mosquitto_path():
    path = os.environ.get('PATH', '') + os.pathsep + '/usr/sbin:/usr/local/sbin'
    return shutil.which('mosquitto', path=path)


# ------------------------------------------------------------------ brokers

class Broker:
    """One broker for one scenario, in a directory of its own.

    kind is 'mqttwire' (the program at `program`) or 'mosquitto'. The
    options that both understand: max_keep_alive (5.0 Server Keep Alive),
    max_packet (Maximum Packet Size), unlimited_queues (mosquitto queues
    1,000 messages and 20 in flight by default; ours 100,000 + 64).
    `wrapper` runs our broker under valgrind; `quiet` logs errors only (for
    a load: mosquitto's log_type all writes lines per packet)."""

    def __init__(self, kind, program=None, wrapper=(), max_keep_alive=0, max_packet=0,
                 connect_timeout=0, unlimited_queues=False, quiet=False):
        self.kind, self.program, self.wrapper = kind, program, list(wrapper)
        self.dir = tempfile.mkdtemp(prefix='mqttwire-broker-')
        os.chmod(self.dir, 0o755)  # mosquitto started as root drops privileges
        self.log_path = os.path.join(self.dir, 'broker.log')
        self.opts = dict(max_keep_alive=max_keep_alive, max_packet=max_packet, quiet=quiet,
                         connect_timeout=connect_timeout, unlimited_queues=unlimited_queues)
        self.proc, self.port = None, None
        self.start()

    def start(self):
        if self.kind == 'mqttwire':
            self._start_ours()
        else:
            self._start_mosquitto()

    def _start_ours(self):
        o = self.opts
        args = self.wrapper + [self.program, '-p', '0'] + ([] if o['quiet'] else ['-v'])
        if o['max_keep_alive']:
            args += ['-k', str(o['max_keep_alive'])]
        if o['max_packet']:
            args += ['-m', str(o['max_packet'])]
        if o['connect_timeout']:
            args += ['-c', str(o['connect_timeout'])]
        with open(self.log_path, 'ab') as log:
            self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                         stderr=log)
        line = self.proc.stdout.readline().decode()
        m = re.search(r'port (\d+)', line)
        if not m:
            self.proc.wait(10)
            raise Failure('mqttwire-broker did not start: %r %s' % (line, self.log()[-500:]))
        self.port = int(m.group(1))

    def _start_mosquitto(self):
        o = self.opts
        for _ in range(5):
            port = free_port()
            conf = ['listener %d 127.0.0.1' % port, 'allow_anonymous true', 'persistence false',
                    'log_dest stderr', 'log_type error' if o['quiet'] else 'log_type all']
            if o['max_keep_alive']:
                conf.append('max_keepalive %d' % o['max_keep_alive'])
            if o['max_packet']:
                conf.append('max_packet_size %d' % o['max_packet'])
            if o['unlimited_queues']:
                conf += ['max_queued_messages 0', 'max_inflight_messages 64']
            path = os.path.join(self.dir, 'mosquitto.conf')
            with open(path, 'w') as f:
                f.write('\n'.join(conf) + '\n')
            with open(self.log_path, 'wb') as log:
                self.proc = subprocess.Popen([mosquitto_path(), '-c', path],
                                             stdin=subprocess.DEVNULL, stdout=log,
                                             stderr=subprocess.STDOUT)
            deadline = time.time() + 10
            while time.time() < deadline and self.proc.poll() is None:
                try:
                    socket.create_connection(('127.0.0.1', port), timeout=1).close()
                    self.port = port
                    return
                except OSError:
                    time.sleep(0.02)
            self.stop()
            if 'Address already in use' not in self.log():
                raise Failure('mosquitto did not start: ' + self.log()[-500:])
        raise Failure('no free port for mosquitto')

    def stop(self, timeout=60):
        """SIGTERM; the exit status (ours frees everything and exits 0,
        which is what ASan's and valgrind's leak checks look at)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                raise Failure('the broker did not stop on SIGTERM')
        if self.proc.stdout:
            self.proc.stdout.close()
        return self.proc.returncode

    def alive(self):
        return self.proc.poll() is None

    def log(self):
        with open(self.log_path, 'rb') as f:
            return f.read().decode('utf-8', 'replace')

    def wait_log(self, text, timeout=5):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if text in self.log():
                return True
            time.sleep(0.02)
        return False

    def close(self, keep):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        if self.proc.stdout:
            self.proc.stdout.close()
        if not keep:
            shutil.rmtree(self.dir, ignore_errors=True)


# ------------------------------------------------------------ packet bytes

PROTO_NAME = {3: b'MQIsdp', 4: b'MQTT', 5: b'MQTT'}
BYTE_PROPS = {0x01, 0x17, 0x19, 0x24, 0x25, 0x28, 0x29, 0x2A}
U16_PROPS = {0x13, 0x21, 0x22, 0x23}
U32_PROPS = {0x02, 0x11, 0x18, 0x27}
BINARY_PROPS = {0x09, 0x16}
PINGREQ = b'\xc0\x00'
PUBLISH, PUBACK, PUBREC, PUBREL, PUBCOMP = 3, 4, 5, 6, 7
CONNACK, SUBACK, UNSUBACK, PINGRESP, DISCONNECT = 2, 9, 11, 13, 14


def s16(data):
    if isinstance(data, str):
        data = data.encode()
    return len(data).to_bytes(2, 'big') + data


def props(*items):
    """A 5.0 property block (its length first) from (id, value) pairs in
    order; a User Property's value is a (name, value) pair."""
    body = b''
    for pid, value in items:
        body += bytes([pid])
        if pid in BYTE_PROPS:
            body += bytes([value])
        elif pid in U16_PROPS:
            body += value.to_bytes(2, 'big')
        elif pid in U32_PROPS:
            body += value.to_bytes(4, 'big')
        elif pid == 0x0B:
            body += varint(value)
        elif pid == 0x26:
            body += s16(value[0]) + s16(value[1])
        else:
            body += s16(value)
    return varint(len(body)) + body


def connect(v, cid, clean=True, keep_alive=60, cprops=(), will=None):
    """CONNECT; will = dict(topic, payload, qos, retain, props)."""
    flags = 0x02 if clean else 0
    payload = s16(cid)
    if will:
        flags |= 0x04 | (will.get('qos', 0) << 3) | (0x20 if will.get('retain') else 0)
        if v == 5:
            payload += props(*will.get('props', ()))
        payload += s16(will['topic']) + s16(will.get('payload', b''))
    body = s16(PROTO_NAME[v]) + bytes([v, flags]) + keep_alive.to_bytes(2, 'big')
    if v == 5:
        body += props(*cprops)
    return packet(0x10, body + payload)


def publish(v, topic, payload=b'', qos=0, pid=1, retain=False, dup=False, pprops=()):
    first = 0x30 | (qos << 1) | (0x01 if retain else 0) | (0x08 if dup else 0)
    body = s16(topic) + (pid.to_bytes(2, 'big') if qos else b'')
    if v == 5:
        body += props(*pprops)
    if isinstance(payload, str):
        payload = payload.encode()
    return packet(first, body + payload)


def subscribe(v, pid, entries, sprops=()):
    """entries: (filter, options byte) pairs."""
    body = pid.to_bytes(2, 'big') + (props(*sprops) if v == 5 else b'')
    for flt, opts in entries:
        body += s16(flt) + bytes([opts])
    return packet(0x82, body)


def ack(ptype, pid, v=4, code=None):
    body = pid.to_bytes(2, 'big')
    if v == 5 and code is not None:
        body += bytes([code])
    return packet((ptype << 4) | (0x02 if ptype == PUBREL else 0), body)


def disconnect(v, code=None, dprops=()):
    if v != 5 or code is None:
        return b'\xe0\x00'
    return packet(0xE0, bytes([code]) + props(*dprops))


def decode_publish(v, flags, body):
    qos = (flags >> 1) & 3
    n = int.from_bytes(body[:2], 'big')
    topic, i = body[2:2 + n], 2 + n
    pid = 0
    if qos:
        pid, i = int.from_bytes(body[i:i + 2], 'big'), i + 2
    p = {}
    if v == 5:
        p = parse_props(body, i)
        n, i = read_varint(body, i)
        i += n
    return dict(topic=topic, qos=qos, dup=bool(flags & 8), retain=bool(flags & 1), pid=pid,
                props=p, payload=body[i:])


class Raw:
    """A client made of bytes: send what the scenario writes, read whole
    packets as (type, flags, body)."""

    def __init__(self, port, v=4, timeout=5):
        self.v = v
        self.sock = socket.create_connection(('127.0.0.1', port), timeout=timeout)
        self.buf = b''

    def send(self, data):
        self.sock.sendall(data)

    def connect(self, cid, **kw):
        """CONNECT and its CONNACK: (session present, code, props)."""
        self.send(connect(self.v, cid, **kw))
        ptype, _, body = self.expect(CONNACK)
        p = parse_props(body, 2) if self.v == 5 and len(body) > 2 else {}
        return body[0] & 1, body[1], p

    def take(self):
        """The first whole packet of what was received, or None."""
        i, rl, shift = 1, 0, 0
        while i < len(self.buf) and i < 5:
            rl |= (self.buf[i] & 0x7F) << shift
            shift += 7
            i += 1
            if not self.buf[i - 1] & 0x80:
                if len(self.buf) < i + rl:
                    return None
                pkt, self.buf = self.buf[:i + rl], self.buf[i + rl:]
                return pkt[0] >> 4, pkt[0] & 15, pkt[i:]
        return None

    def read(self, timeout=5):
        """The next packet; None when the server closed the connection.
        Failure when nothing came within the timeout."""
        deadline = time.time() + timeout
        while True:
            got = self.take()
            if got:
                return got
            left = deadline - time.time()
            if left <= 0:
                raise Failure('no packet within %.1fs' % timeout)
            self.sock.settimeout(left)
            try:
                chunk = self.sock.recv(65536)
            except socket.timeout:
                continue
            except OSError:
                chunk = b''
            if not chunk:
                return None
            self.buf += chunk

    def expect(self, ptype, timeout=5):
        got = self.read(timeout)
        check(got is not None, 'connection closed, %s expected' % ptype)
        check(got[0] == ptype, 'packet type %d, %d expected' % (got[0], ptype))
        return got

    def end(self, timeout=5):
        """Read until the server closes; the packets it sent before."""
        seen = []
        while True:
            got = self.read(timeout)
            if got is None:
                return seen
            seen.append(got)

    def silent(self, seconds):
        """Nothing arrives for `seconds` (the connection stays open)."""
        try:
            got = self.read(seconds)
        except Failure:
            return True
        raise Failure('unexpected packet or close: %r' % (got,))

    def close(self):
        self.sock.close()


# --------------------------------------------------------- third-party clients

MOSQUITTO_V = {3: 'mqttv31', 4: 'mqttv311', 5: 'mqttv5'}
VERSION_NAME = {3: '3.1', 4: '3.1.1', 5: '5.0'}


class Proc:
    """A mosquitto_pub / mosquitto_sub process with its output kept."""

    def __init__(self, broker, name, cmd, stdin=None):
        self.name = name
        self.out_path = os.path.join(broker.dir, name + '.out')
        self.err_path = os.path.join(broker.dir, name + '.err')
        cmd = [str(c) for c in cmd]
        with open(os.path.join(broker.dir, name + '.cmd'), 'w') as f:
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
            raise Failure('%s did not finish within %ss: %s' % (self.name, timeout,
                                                                 self.err()[-300:]))

    def out(self):
        with open(self.out_path, 'rb') as f:
            return f.read()

    def lines(self):
        return self.out().decode('utf-8', 'replace').splitlines()

    def err(self):
        with open(self.err_path, 'rb') as f:
            return f.read().decode('utf-8', 'replace')

    def kill(self):
        if self.p.poll() is None:
            self.p.kill()
            self.p.wait()


def mosquitto_pub(broker, v, name, *args):
    p = Proc(broker, name, ['mosquitto_pub', '-p', broker.port, '-V', MOSQUITTO_V[v],
                            '-i', name] + list(args))
    check(p.wait() == 0, '%s exited %d: %s' % (name, p.p.returncode, p.err()[-300:]))
    return p


def mosquitto_sub(broker, v, name, *args):
    """A subscriber, returned once its SUBACK came: with -d mosquitto_sub
    says so, and describes each PUBLISH it receives (see received())."""
    # Its stdout is a file: line-buffered, or -d's lines come at exit.
    line_buffered = ['stdbuf', '-oL'] if shutil.which('stdbuf') else []
    p = Proc(broker, name, line_buffered + ['mosquitto_sub', '-d', '-p', broker.port, '-V',
                                            MOSQUITTO_V[v], '-i', name] + list(args))
    deadline = time.time() + 10
    while time.time() < deadline:
        if b'Subscribed (mid' in p.out():
            return p
        if p.p.poll() is not None:
            raise Failure('%s exited early (%d): %s %s' % (name, p.p.returncode, p.out()[-300:],
                                                          p.err()[-300:]))
        time.sleep(0.01)
    raise Failure('%s got no SUBACK' % name)


DEBUG_LINE = re.compile(r'^(Client |Subscribed \(mid)')
PUBLISH_LINE = re.compile(r"received PUBLISH \(d(\d), q(\d), r(\d), m(\d+), '(.*)', "
                          r"\.\.\. \((\d+) bytes")


def payload_lines(proc):
    """What a mosquitto_sub printed for its messages (not its -d lines)."""
    return [line for line in proc.lines() if not DEBUG_LINE.match(line)]


def received(proc):
    """(dup, qos, retain, topic) of each PUBLISH a mosquitto_sub -d got."""
    return [(int(m.group(1)), int(m.group(2)), int(m.group(3)), m.group(5))
            for m in map(PUBLISH_LINE.search, proc.lines()) if m]


class Paho:
    """A paho-mqtt client driven from the scenario's thread: each call waits
    for the broker's answer; received messages queue up."""

    def __init__(self, broker, v, cid, clean=True, keep_alive=60, cprops=None, will=None):
        import paho.mqtt.client as mqtt
        self.mqtt, self.v = mqtt, v
        proto = {3: mqtt.MQTTv31, 4: mqtt.MQTTv311, 5: mqtt.MQTTv5}[v]
        self.c = mqtt.Client(client_id=cid, protocol=proto, reconnect_on_failure=False,
                             clean_session=None if v == 5 else clean)
        self.events, self.msgs = queue.Queue(), queue.Queue()
        self.c.on_connect = lambda c, u, flags, rc, p=None: self.events.put(('connack', flags,
                                                                             rc, p))
        self.c.on_subscribe = lambda c, u, mid, granted, p=None: self.events.put(('suback',
                                                                                 granted))
        self.c.on_unsubscribe = lambda c, u, mid, *rest: self.events.put(('unsuback', rest))
        self.c.on_disconnect = lambda c, u, rc, p=None: self.events.put(('disconnect', rc))
        self.c.on_message = self._on_message
        if will:
            self.c.will_set(*will)
        kw = {}
        if v == 5:
            kw = dict(clean_start=clean, properties=cprops)
        self.c.connect('127.0.0.1', broker.port, keep_alive, **kw)
        self.c.loop_start()
        ev = self.event('connack')
        self.session_present = ev[1].get('session present', 0)
        self.rc, self.connack_props = ev[2], ev[3]
        check(self.rc == 0, 'CONNACK refused: %s' % self.rc)

    def _on_message(self, client, userdata, m):
        self.msgs.put((time.time(), m))

    def event(self, kind, timeout=5):
        try:
            ev = self.events.get(timeout=timeout)
        except queue.Empty:
            raise Failure('no %s within %ss' % (kind, timeout))
        check(ev[0] == kind, '%s while waiting for %s' % (ev, kind))
        return ev

    def subscribe(self, topic, qos=0, sprops=None, **opts):
        if self.v == 5:
            options = self.mqtt.SubscribeOptions(qos=qos, **opts)
            self.c.subscribe(topic, options=options, properties=sprops)
        else:
            self.c.subscribe(topic, qos)
        return self.event('suback')[1]

    def unsubscribe(self, topic):
        self.c.unsubscribe(topic)
        return self.event('unsuback')[1]

    def publish(self, topic, payload, qos=0, retain=False, pprops=None):
        info = self.c.publish(topic, payload, qos, retain, properties=pprops)
        info.wait_for_publish(5)
        check(info.is_published(), 'publish of %s not completed' % topic)

    def timed(self, n, timeout=5):
        """The next n messages as (arrival time, message)."""
        got, deadline = [], time.time() + timeout
        while len(got) < n:
            try:
                got.append(self.msgs.get(timeout=max(0.01, deadline - time.time())))
            except queue.Empty:
                raise Failure('%d of %d messages within %ss: %s' % (
                    len(got), n, timeout, [(m.topic, m.payload) for _, m in got]))
        return got

    def messages(self, n, timeout=5):
        return [m for _, m in self.timed(n, timeout)]

    def drain(self, seconds=0.3):
        """What arrives within `seconds`."""
        time.sleep(seconds)
        got = []
        while not self.msgs.empty():
            got.append(self.msgs.get()[1])
        return got

    def nothing(self, seconds=0.5):
        try:
            _, m = self.msgs.get(timeout=seconds)
        except queue.Empty:
            return
        raise Failure('unexpected message %s %r' % (m.topic, m.payload))

    def disconnect(self, dprops=None):
        self.c.disconnect(properties=dprops) if self.v == 5 else self.c.disconnect()
        self.c.loop_stop()

    def drop(self):
        """End the connection without DISCONNECT."""
        self.c.loop_stop()
        self.c.socket().close()

    def wait_closed(self, timeout=5):
        """The broker closed the connection: paho's disconnect code."""
        return self.event('disconnect', timeout)[1]

    @staticmethod
    def props(ptype):
        """An empty paho Properties for a packet type ('PUBLISH')."""
        from paho.mqtt.packettypes import PacketTypes
        from paho.mqtt.properties import Properties
        return Properties(getattr(PacketTypes, ptype))


def run_threads(fns):
    """Run the callables at once; their results, or the first exception."""
    results, errors = [None] * len(fns), []

    def one(i, fn):
        try:
            results[i] = fn()
        except BaseException as e:  # noqa: B902 - reported by the caller
            errors.append(e)

    threads = [threading.Thread(target=one, args=(i, fn)) for i, fn in enumerate(fns)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
    return results
