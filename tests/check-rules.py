#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: 2026 The mqttwire authors
"""Check that the rule catalogue (docs/rules.md) and the code agree.

Fails when
  - lib/ reports a rule id (MQW_RULE("ID")) that has no row;
  - a row's id is neither reported by lib/ nor named by a test;
  - a test names an id (of a family the catalogue or lib/ uses) that has
    no row;
  - a row's `reported` column is wrong;
  - an option bit or an error code of include/mqttwire.h is missing from
    the catalogue, or the catalogue names an MQW_ identifier the header
    does not have;
  - a row is not written the way the comment at the top of the catalogue
    says.

usage: check-rules.py SOURCE_ROOT
"""
import os
import re
import sys

CATALOGUE = os.path.join('docs', 'rules.md')
HEADER = os.path.join('include', 'mqttwire.h')

RULE_ID = re.compile(r'(?:[A-Z]+|31)-[1-9][0-9]*')
POLICY_ID = re.compile(r'C-[1-9][0-9]*')
VERSION = re.compile(r'(?:3\.1|3\.1\.1|5\.0)\*?')
# An id in a test: not part of a longer word, of a spec statement number
# (MQTT-3.3.2-2) or of a version (3.1-...). "FH-2..FH-14" names both ends.
TEST_ID = re.compile(r'(?<![\w.-])((?:[A-Z]+|31)-[0-9]+)(?!\w|\.\d|-\d)')
MQW_NAME = re.compile(r'\bMQW_[A-Z0-9_]+\b')

RULE_COLUMNS = ['id', 'versions', 'specification', 'rule', 'reported']
POLICY_COLUMNS = ['id', 'choice', 'specification', 'default', 'flags']
ERROR_COLUMNS = ['constant', 'number', 'message']


class Catalogue:
    def __init__(self):
        self.rules = {}     # id -> (line, versions, specification, rule, reported)
        self.policies = {}  # id -> (line, flags cell)
        self.errors = {}    # constant -> (line, number, message)
        self.order = []     # rule ids in file order
        self.names = {}     # MQW_ identifier in a table cell -> line


def blank_comments(text, pattern):
    """`text` with every match of `pattern` replaced by as many newlines as
    it spans, so line numbers stay right."""
    return re.sub(pattern, lambda m: '\n' * m.group(0).count('\n'), text, flags=re.S)


def plain(cell):
    """Printable ASCII, with the section sign as the one exception."""
    return all(' ' <= c <= '~' or c == '\u00a7' for c in cell) and '`' not in cell


def read_catalogue(path, problems):
    cat = Catalogue()
    text = open(path, encoding='utf-8').read()
    lines = blank_comments(text, r'<!--.*?-->').splitlines()
    columns = None
    seen_ids = {}

    def bad(lineno, why):
        problems.append('%s:%d: %s' % (CATALOGUE, lineno, why))

    for lineno, line in enumerate(lines, 1):
        if line.startswith('## '):
            if not re.match(r'## [1-9][0-9]*\. \S', line):
                bad(lineno, 'a section heading is "## N. Title"')
            columns = None
            continue
        if not line.startswith('|'):
            continue
        if not line.rstrip().endswith('|'):
            bad(lineno, 'a table row ends with "|"')
            continue
        cells = [c.strip() for c in line.strip()[1:-1].split('|')]
        if all(re.fullmatch(r':?-+:?', c) for c in cells):
            continue
        if cells in (RULE_COLUMNS, POLICY_COLUMNS, ERROR_COLUMNS):
            columns = cells
            continue
        if columns is None:
            bad(lineno, 'a table starts with one of the header rows the top comment gives')
            continue
        for name in MQW_NAME.findall(line):
            cat.names.setdefault(name, lineno)
        if len(cells) != len(columns):
            bad(lineno, 'this table has %d cells per row, not %d' % (len(columns), len(cells)))
            continue
        if columns == ERROR_COLUMNS:
            name, number, message = cells
            if not re.fullmatch(r'MQW_(?:OK|ERR_[A-Z0-9_]+)', name):
                bad(lineno, '%r is not an error constant' % name)
            if not re.fullmatch(r'0|-[1-9][0-9]*', number):
                bad(lineno, '%r is not an error number' % number)
            if not plain(message) or not message.endswith('.') or '\u00a7' in message:
                bad(lineno, 'the message is one ASCII sentence ending with "."')
            if name in cat.errors:
                bad(lineno, '%s has a row already' % name)
            cat.errors[name] = (lineno, number, message)
            continue
        ident = cells[0]
        if ident in seen_ids:
            bad(lineno, '%s has a row already (line %d)' % (ident, seen_ids[ident]))
        seen_ids[ident] = lineno
        if columns == POLICY_COLUMNS:
            if not POLICY_ID.fullmatch(ident):
                bad(lineno, '%r is not a policy id (C-N)' % ident)
            if any(not c for c in cells):
                bad(lineno, 'every cell of a policy row is filled')
            cat.policies[ident] = (lineno, cells[4])
            continue
        _, versions, spec, rule, reported = cells
        if not RULE_ID.fullmatch(ident) or POLICY_ID.fullmatch(ident):
            bad(lineno, '%r is not a rule id (PREFIX-N)' % ident)
        if not all(VERSION.fullmatch(v) for v in versions.split(', ')):
            bad(lineno, 'versions are "3.1, 3.1.1, 5.0", each with an optional "*"')
        if not spec or not plain(spec):
            bad(lineno, 'the specification cell is plain text (ASCII and the section sign)')
        if not plain(rule) or '\u00a7' in rule or not rule.endswith('.') or len(rule) < 10:
            bad(lineno, 'the rule is one ASCII sentence ending with "."')
        if reported not in ('yes', 'no'):
            bad(lineno, 'reported is "yes" or "no"')
        cat.rules[ident] = (lineno, versions, spec, rule, reported)
        cat.order.append(ident)
    return cat


def numbered_lines(text):
    starts = [0] + [m.end() for m in re.finditer('\n', text)]
    return lambda offset: next(i for i in range(len(starts), 0, -1) if starts[i - 1] <= offset)


def lib_rules(root):
    """id -> 'lib/file:line' of its first MQW_RULE("ID") outside comments."""
    found = {}
    lib = os.path.join(root, 'lib')
    for name in sorted(os.listdir(lib)):
        if not name.endswith(('.c', '.h')):
            continue
        text = open(os.path.join(lib, name), encoding='utf-8').read()
        text = blank_comments(text, r'/\*.*?\*/|//[^\n]*')
        line_of = numbered_lines(text)
        for m in re.finditer(r'\bMQW_RULE\(\s*"([^"]*)"\s*\)', text):
            found.setdefault(m.group(1), 'lib/%s:%d' % (name, line_of(m.start())))
    return found


def test_files(root):
    this = os.path.abspath(__file__)
    for top, dirs, files in os.walk(os.path.join(root, 'tests')):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(top, name)
            if name.endswith(('.c', '.h', '.cpp', '.py')) and os.path.abspath(path) != this:
                yield path
    tools = os.path.join(root, 'tools')
    for name in sorted(os.listdir(tools)):
        if name.startswith('test_') and name.endswith('.py'):
            yield os.path.join(tools, name)


def test_ids(root):
    """id -> 'path:line' of its first mention in a test."""
    found = {}
    for path in test_files(root):
        text = open(path, encoding='utf-8').read()
        line_of = numbered_lines(text)
        for m in TEST_ID.finditer(text):
            found.setdefault(m.group(1), '%s:%d' % (os.path.relpath(path, root),
                                                    line_of(m.start())))
    return found


def header_names(root):
    text = open(os.path.join(root, HEADER), encoding='utf-8').read()
    code = blank_comments(text, r'/\*.*?\*/')
    errors = {name: number for name, number in
              re.findall(r'\b(MQW_(?:OK|ERR_[A-Z0-9_]+))\s*=\s*(-?[0-9]+)', code)}
    flags = set(re.findall(r'\b(MQW_(?:LENIENT|STRICT|ALLOW|TRIM)_[A-Z0-9_]+)\s*=', code))
    return errors, flags, set(MQW_NAME.findall(code))


def check(root):
    problems = []
    cat = read_catalogue(os.path.join(root, CATALOGUE), problems)
    reported = lib_rules(root)
    named = test_ids(root)
    errors, flags, defined = header_names(root)

    for ident, where in sorted(reported.items()):
        if ident not in cat.rules:
            problems.append('%s reports %s, which %s has no row for' % (where, ident, CATALOGUE))
    for ident, row in sorted(cat.rules.items()):
        if row[4] == 'yes' and ident not in reported:
            problems.append('%s:%d: %s says reported yes, but nothing in lib/ reports it'
                            % (CATALOGUE, row[0], ident))
        if row[4] == 'no' and ident in reported:
            problems.append('%s:%d: %s says reported no, but %s reports it'
                            % (CATALOGUE, row[0], ident, reported[ident]))
    for ident, row in sorted(list(cat.rules.items()) + list(cat.policies.items())):
        if ident not in reported and ident not in named:
            problems.append('%s:%d: %s is neither reported by lib/ nor named by a test'
                            % (CATALOGUE, row[0], ident))

    families = {i.rsplit('-', 1)[0] for i in list(cat.rules) + list(cat.policies) + list(reported)}
    for ident, where in sorted(named.items()):
        if ident.rsplit('-', 1)[0] in families and ident not in cat.rules \
                and ident not in cat.policies:
            problems.append('%s names %s, which %s has no row for' % (where, ident, CATALOGUE))

    policy_flags = set()
    for ident, (lineno, cell) in cat.policies.items():
        policy_flags.update(MQW_NAME.findall(cell))
    for flag in sorted(flags - policy_flags):
        problems.append('%s: option bit %s is in no policy row of %s' % (HEADER, flag, CATALOGUE))
    for name, lineno in sorted(cat.names.items()):
        if name not in defined:
            problems.append('%s:%d: %s is not defined in %s' % (CATALOGUE, lineno, name, HEADER))

    for name, number in sorted(errors.items()):
        if name not in cat.errors:
            problems.append('%s: %s has no row in section 22 of %s' % (HEADER, name, CATALOGUE))
        elif cat.errors[name][1] != number:
            problems.append('%s:%d: %s is %s in %s, not %s' % (
                CATALOGUE, cat.errors[name][0], name, number, HEADER, cat.errors[name][1]))
    for name in sorted(set(cat.errors) - set(errors)):
        problems.append('%s:%d: %s is not an error code of %s'
                        % (CATALOGUE, cat.errors[name][0], name, HEADER))
    return cat, reported, named, problems


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '..')
    cat, reported, named, problems = check(root)
    for problem in problems:
        print(problem)
    print('%d rules (%d reported by lib/, %d ids named by tests), %d policies, %d error codes; '
          '%d problems' % (len(cat.rules), len(reported), len(named), len(cat.policies),
                           len(cat.errors), len(problems)))
    return 1 if problems or not cat.rules or not reported else 0


if __name__ == '__main__':
    sys.exit(main())
