#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: 2026 The mqttwire authors
"""Build the API reference and check that every public symbol is documented.

usage: check-docs.py [--html] DOXYGEN DOXYFILE WORKDIR

Doxygen (with the Doxyfile's WARN_AS_ERROR) fails on undocumented functions,
structs and members, and on comments that name what does not exist. It says
nothing about an undocumented enumerator of an anonymous enum, an anonymous
enum itself, or a macro, so a second run extracts everything to XML and this
script lists every symbol of the header that has no doc comment. With --html
the HTML reference is written to WORKDIR/html first.
"""
import os
import subprocess
import sys
import xml.etree.ElementTree as ET


def run_doxygen(doxygen, doxyfile, overrides):
    """Run doxygen on the Doxyfile with later settings overriding it; the
    Doxyfile's WARN_AS_ERROR makes any warning a failure."""
    with open(doxyfile, encoding='utf-8') as f:
        config = f.read()
    config += '\n' + '\n'.join('%s = %s' % kv for kv in overrides.items()) + '\n'
    done = subprocess.run([doxygen, '-'], input=config, universal_newlines=True)
    return done.returncode == 0


def described(element):
    """Whether a memberdef, enumvalue or compounddef has a doc comment."""
    for tag in ('briefdescription', 'detaileddescription'):
        part = element.find(tag)
        if part is not None and ''.join(part.itertext()).strip():
            return True
    return False


def where(element):
    loc = element.find('location')
    if loc is None:
        return '?'
    return '%s:%s' % (loc.get('file'), loc.get('line', loc.get('bodystart', '?')))


def undocumented(xml_dir):
    """(location, what) for every symbol of the header without a comment."""
    index = ET.parse(os.path.join(xml_dir, 'index.xml')).getroot()
    missing = set()
    for compound in index.findall('compound'):
        if compound.get('kind') not in ('file', 'struct', 'union'):
            continue
        tree = ET.parse(os.path.join(xml_dir, compound.get('refid') + '.xml'))
        for cdef in tree.getroot().findall('compounddef'):
            name = cdef.findtext('compoundname')
            # A nested anonymous struct or union ("mqw_property::@0") is
            # documented by the member that has it as its type.
            if cdef.get('kind') != 'file' and '@' not in name and not described(cdef):
                missing.add((where(cdef), '%s %s' % (cdef.get('kind'), name)))
            for member in cdef.iter('memberdef'):
                label = member.findtext('name')
                if label.startswith('@'):
                    label = '(anonymous)'
                if not described(member):
                    missing.add((where(member), '%s %s' % (member.get('kind'), label)))
                for value in member.findall('enumvalue'):
                    if not described(value):
                        missing.add((where(member), 'enumerator ' + value.findtext('name')))
    return sorted(missing)


def main():
    args = sys.argv[1:]
    html = '--html' in args
    if html:
        args.remove('--html')
    if len(args) != 3:
        print(__doc__.strip())
        return 2
    doxygen, doxyfile, workdir = args
    ok = True
    if html:
        ok = run_doxygen(doxygen, doxyfile, {'OUTPUT_DIRECTORY': workdir})
    # The full list even when the HTML run failed, so one run shows it all.
    check_dir = os.path.join(workdir, 'check')
    os.makedirs(check_dir, exist_ok=True)
    ok = run_doxygen(doxygen, doxyfile, {
        'OUTPUT_DIRECTORY': check_dir,
        'EXTRACT_ALL': 'YES',
        'GENERATE_HTML': 'NO',
        'GENERATE_XML': 'YES'}) and ok
    missing = undocumented(os.path.join(check_dir, 'xml'))
    for location, what in missing:
        print('%s: %s has no doc comment' % (location, what))
    if missing:
        print('%d symbols of the public header have no doc comment' % len(missing))
    return 0 if ok and not missing else 1


if __name__ == '__main__':
    sys.exit(main())
