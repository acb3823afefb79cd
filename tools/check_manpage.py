#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: 2026 The mqttwire authors
"""Keep the manual page of the mqttwire tool in step with the tool.

usage: check_manpage.py MQTTWIRE MANPAGE

- The commands of `mqttwire --help`'s usage lines are those of the page's
  SYNOPSIS, and each has its entry under COMMANDS.
- Every option (-V, --raw, ...) and every --flag name (lenient-varint, ...)
  that --help mentions is in the page, and the page mentions no other.
- With groff installed, the page renders with no warning (all warnings on);
  without it that part is skipped, and says so.
"""
import re
import shutil
import subprocess
import sys

OPTION = re.compile(r'(?<![\w-])(--?[A-Za-z][A-Za-z0-9-]*)')
FLAG = re.compile(r'(?<![\w-])((?:lenient|strict|allow|trim)-[a-z0-9]+(?:-[a-z0-9]+)*)')
COMMAND = re.compile(r'\bmqttwire ([a-z]+)\b')


def roff_text(source):
    """The words of a man(7) page without its markup: comments dropped,
    macro names stripped, font escapes removed, \\- read as '-'."""
    lines = []
    for line in source.splitlines():
        if line.startswith('.\\"') or line.startswith("'\\\""):
            continue
        if line.startswith('.'):
            parts = line[1:].split(None, 1)
            line = parts[1] if len(parts) > 1 else ''
            line = line.replace('""', '\0').replace('"', '').replace('\0', '"')
        line = re.sub(r'\\f(\[[^]]*\]|\(..|.)', '', line)
        line = line.replace('\\-', '-').replace('\\&', '').replace('\\%', '').replace('\\e', '\\')
        lines.append(line)
    return '\n'.join(lines)


def section(source, name):
    match = re.search(r'^\.SH "?%s"?\n(.*?)(?=^\.SH|\Z)' % re.escape(name), source, re.M | re.S)
    return match.group(1) if match else ''


def main():
    tool, page_path = sys.argv[1:3]
    usage = subprocess.run([tool, '--help'], check=True, stdout=subprocess.PIPE,
                           universal_newlines=True).stdout
    source = open(page_path, encoding='utf-8').read()
    page = roff_text(source)
    failures = []

    def compare(what, in_usage, in_page):
        for name in sorted(in_usage - in_page):
            failures.append('%s %s is in --help but not in %s' % (what, name, page_path))
        for name in sorted(in_page - in_usage):
            failures.append('%s %s is in %s but not in --help' % (what, name, page_path))

    usage_commands = set(COMMAND.findall('\n'.join(
        line for line in usage.splitlines() if re.match(r'\s*(usage:\s*)?mqttwire ', line))))
    synopsis_commands = set(COMMAND.findall(roff_text(section(source, 'SYNOPSIS'))))
    compare('command', usage_commands, synopsis_commands)
    commands_section = section(source, 'COMMANDS')
    for name in sorted(usage_commands):
        if not re.search(r'^\.TP\n\.B %s$' % name, commands_section, re.M):
            failures.append('command %s has no .TP entry under COMMANDS' % name)
    compare('option', set(OPTION.findall(usage)), set(OPTION.findall(page)))
    compare('--flag name', set(FLAG.findall(usage)), set(FLAG.findall(page)))

    groff = shutil.which('groff')
    if groff:
        # -ww: every warning; -z: no output, only the diagnostics.
        done = subprocess.run([groff, '-man', '-ww', '-z', page_path], stderr=subprocess.PIPE,
                              universal_newlines=True)
        if done.returncode != 0 or done.stderr.strip():
            failures.append('groff -man -ww: ' + (done.stderr.strip() or 'exit %d' %
                                                   done.returncode))
    else:
        print('groff not found: the rendering check is skipped')

    for failure in failures:
        print(failure)
    print('%d commands, %d options, %d flag names compared; %d problems' %
          (len(usage_commands), len(set(OPTION.findall(usage))), len(set(FLAG.findall(usage))),
           len(failures)))
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
