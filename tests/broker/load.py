#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: 2026 The mqttwire authors
"""Load run: publishers x messages at QoS 1 to subscribers, through
mqttwire-broker and then through mosquitto, with mosquitto_pub -l and
mosquitto_sub. Nothing may be lost and each publisher's messages must
arrive in the order sent; the messages per second of each broker are
printed, with no threshold (a figure, not a test of speed).

usage: load.py --broker PATH [--publishers 20] [--messages 5000]
               [--subscribers 5] [-V 3|4|5] [--no-mosquitto]

The issue's run is the default, 20 x 5,000 to 5 (100,000 messages
published, 500,000 delivered); CI runs --messages 500. Exit 0 when every
subscriber got everything in order, 1 otherwise, 77 without mosquitto.
"""
import argparse
import collections
import os
import sys
import time

from common import Broker, Failure, Proc, check, mosquitto_path, mosquitto_sub, payload_lines

MOSQUITTO_V = {3: 'mqttv31', 4: 'mqttv311', 5: 'mqttv5'}


def run(kind, args):
    """(seconds, per-subscriber problems) of one run through one broker."""
    b = Broker(kind, args.broker, unlimited_queues=True, quiet=True)
    try:
        total = args.publishers * args.messages
        subs = [mosquitto_sub(b, args.V, 'sub%d' % i, '-t', 'load/#', '-q', 1, '-C', total)
                for i in range(args.subscribers)]
        start = time.time()
        pubs = []
        for k in range(args.publishers):
            lines = ''.join('p%d %d\n' % (k, i) for i in range(args.messages)).encode()
            pubs.append(Proc(b, 'pub%d' % k, [
                'mosquitto_pub', '-p', b.port, '-V', MOSQUITTO_V[args.V], '-i', 'pub%d' % k,
                '-t', 'load/p%d' % k, '-q', 1, '-l'], stdin=lines))
        for p in pubs:
            check(p.wait(600) == 0, '%s exit %d: %s' % (p.name, p.p.returncode, p.err()[-200:]))
        published = time.time() - start
        for s in subs:
            check(s.wait(600) == 0, '%s exit %d' % (s.name, s.p.returncode))
        delivered = time.time() - start
        cpu = cpu_seconds(b.proc.pid)
        problems = [check_order(s, args) for s in subs]
        if kind == 'mqttwire':
            check(b.stop() == 0, 'broker exit status %d' % b.proc.returncode)
        b.close(keep=any(problems))
        return published, delivered, cpu, problems
    except Failure:
        b.close(keep=True)
        print('kept %s' % b.dir)
        raise


def cpu_seconds(pid):
    """User + system CPU time of the broker so far (Linux /proc), or None:
    what the broker itself cost, whatever else the machine was doing."""
    try:
        with open('/proc/%d/stat' % pid) as f:
            fields = f.read().rsplit(')', 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf('SC_CLK_TCK')
    except (OSError, ValueError, IndexError):
        return None


def check_order(sub, args):
    """'' when the subscriber got every message once, each publisher's in
    order; what is wrong otherwise."""
    last = collections.defaultdict(lambda: -1)
    count = 0
    for line in payload_lines(sub):
        pub, _, seq = line.partition(' ')
        if int(seq) != last[pub] + 1:
            return '%s: %s after %d' % (sub.name, line, last[pub])
        last[pub] = int(seq)
        count += 1
    want = args.publishers * args.messages
    if count != want or len(last) != args.publishers:
        return '%s: %d of %d messages from %d publishers' % (sub.name, count, want, len(last))
    return ''


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--broker', required=True)
    ap.add_argument('--publishers', type=int, default=20)
    ap.add_argument('--messages', type=int, default=5000, help='per publisher')
    ap.add_argument('--subscribers', type=int, default=5)
    ap.add_argument('-V', type=int, default=4, choices=(3, 4, 5), help='MQTT version')
    ap.add_argument('--no-mosquitto', action='store_true', help='only mqttwire-broker')
    args = ap.parse_args()
    if not mosquitto_path():
        print('SKIP: mosquitto is not installed')
        return 77
    total = args.publishers * args.messages
    print('%d publishers x %d QoS 1 messages to %d subscribers (MQTT %s): %d published, '
          '%d delivered' % (args.publishers, args.messages, args.subscribers,
                            {3: '3.1', 4: '3.1.1', 5: '5.0'}[args.V], total,
                            total * args.subscribers))
    failed = 0
    for kind in ['mqttwire'] + ([] if args.no_mosquitto else ['mosquitto']):
        name = 'mqttwire-broker' if kind == 'mqttwire' else 'mosquitto'
        try:
            published, delivered, cpu, problems = run(kind, args)
        except Failure as e:
            print('FAIL %-16s %s' % (name, e))
            failed += 1
            continue
        bad = [p for p in problems if p]
        failed += bool(bad)
        per = ', CPU %.2f s (%.1f us per delivery)' % (
            cpu, cpu * 1e6 / (total * args.subscribers)) if cpu is not None else ''
        print('%s %-16s %6.2f s: %8.0f messages/s published, %8.0f delivered/s%s%s' % (
            'FAIL' if bad else 'PASS', name, delivered, total / published,
            total * args.subscribers / delivered, per, ('; ' + '; '.join(bad)) if bad else
            '; nothing lost, order kept'), flush=True)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
