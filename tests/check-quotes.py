#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: 2026 The mqttwire authors
"""Check that code the README quotes is still in the file it is quoted from.

A block is marked in the Markdown as
    <!-- quote: examples/receive_loop.c -->
    ```c
    ...
    ```
and its lines, with common indentation removed, must appear as consecutive
lines of that file (with its own indentation removed the same way), so the
README cannot drift from code that is compiled and run.

usage: check-quotes.py SOURCE_ROOT MARKDOWN...
"""
import os
import re
import sys
import textwrap

MARK = re.compile(r'<!--\s*quote:\s*(\S+)\s*-->\s*\n```[a-z]*\n(.*?)\n```', re.S)


def contains(haystack, needle):
    """Whether the lines `needle` occur consecutively in `haystack`, each
    compared without its leading and trailing white space."""
    hay = [line.strip() for line in haystack]
    nee = [line.strip() for line in needle]
    return any(hay[i:i + len(nee)] == nee for i in range(len(hay) - len(nee) + 1))


def main():
    root, docs = sys.argv[1], sys.argv[2:]
    failures = quotes = 0
    for doc in docs:
        text = open(doc, encoding='utf-8').read()
        for match in MARK.finditer(text):
            quotes += 1
            path, block = match.group(1), textwrap.dedent(match.group(2))
            source = open(os.path.join(root, path), encoding='utf-8').read().splitlines()
            if not contains(source, block.splitlines()):
                failures += 1
                print('%s: the block quoted from %s is not in that file:\n%s\n' % (doc, path, block))
    print('%d quoted blocks checked, %d stale' % (quotes, failures))
    return 1 if failures or not quotes else 0


if __name__ == '__main__':
    sys.exit(main())
