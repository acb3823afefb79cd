#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: 2026 The mqttwire authors
"""A program's usage text lists each option it accepts, once.

usage: check_usage.py PROGRAM SOURCE... -- BAD-ARGS...

- `PROGRAM --help` prints the usage on stdout (starting "usage:"), nothing
  on stderr, and exits 0.
- The options the usage lists (each line that starts with two spaces and
  an option, "-x" or "--name", or "-x, --name") are listed once each, and
  they are exactly the options the SOURCE files compare arguments with
  (their string literals "-x" and "--name"): nothing accepted goes
  unlisted, nothing listed is not accepted. Every option the text mentions
  elsewhere ("without -m/-f") is one of them.
- An unknown option, and BAD-ARGS (an option with a bad value), exit 2
  with a message and the usage on stderr and nothing on stdout.

tools/test_tool.py uses listed_options() and source_options() for the
mqttwire tool.
"""
import re
import subprocess
import sys

LISTED = re.compile(r'^  (-[A-Za-z0-9]|--[a-z][a-z0-9-]*)((?:, --?[a-z][a-z0-9-]*)*)', re.M)
MENTIONED = re.compile(r'(?<![\w-])(-[A-Za-z]\b|--[a-z][a-z0-9-]*)')
LITERAL = re.compile(r'"(-[A-Za-z]|--[a-z][a-z0-9-]*)"')


def listed_options(text):
    """The options of the usage's option lines, in order, repeats kept."""
    out = []
    for m in LISTED.finditer(text):
        out.append(m.group(1))
        out += [o for o in m.group(2).split(', ') if o]
    return out


def source_options(paths):
    """The option literals of the C sources."""
    found = set()
    for path in paths:
        with open(path, encoding='utf-8') as f:
            found.update(LITERAL.findall(f.read()))
    return found


def run(args):
    p = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=30)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def main(argv):
    sep = argv.index('--')
    program, sources, bad_args = argv[1], argv[2:sep], argv[sep + 1:]
    problems = []

    rc, out, err = run([program, '--help'])
    if rc != 0 or not out.startswith('usage:') or err:
        problems.append('--help: exit %d, stdout %r..., stderr %r' % (rc, out[:40], err))
    listed = listed_options(out)
    repeated = sorted({o for o in listed if listed.count(o) > 1})
    if repeated:
        problems.append('listed more than once: ' + ' '.join(repeated))
    accepted = source_options(sources)
    if set(listed) - accepted:
        problems.append('listed but not in the sources: ' + ' '.join(sorted(set(listed) - accepted)))
    if accepted - set(listed):
        problems.append('accepted but not listed: ' + ' '.join(sorted(accepted - set(listed))))
    stray = set(MENTIONED.findall(out)) - set(listed)
    if stray:
        problems.append('mentioned but not listed: ' + ' '.join(sorted(stray)))

    for args in (['--no-such-option'], bad_args):
        rc, out2, err = run([program] + args)
        if rc != 2 or out2 or args[0] not in err or out not in err:
            problems.append('%s: exit %d, stdout %r, stderr %r' % (' '.join(args), rc, out2, err))

    for p in problems:
        print('FAIL: %s: %s' % (program, p))
    print('%s: %d options listed once each, %d problems' % (program, len(listed), len(problems)))
    return 1 if problems or not listed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
