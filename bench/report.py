#!/usr/bin/env python3
"""Writes the generated tables into bench/RESULTS.md.

RESULTS.md holds the hand-written reading of the numbers and, between
`<!-- generated: NAME -->` and `<!-- end: NAME -->`, the contents of
bench/results/NAME, as bench/run.py and bench/sidebyside/run.py wrote them.
"""
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
results = os.path.join(HERE, "RESULTS.md")
with open(results, encoding="utf-8") as f:
    text = f.read()


def fill(match):
    name = match.group(1)
    path = os.path.join(HERE, "results", name)
    if not os.path.exists(path):
        sys.exit("report: %s is missing; run bench/run.sh" % path)
    with open(path, encoding="utf-8") as f:
        body = f.read().strip()
    # The generated sections are one level below RESULTS.md's own headings
    # (outside code blocks, where `#` starts a shell comment).
    lines, fenced = [], False
    for line in body.split("\n"):
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and re.match(r"#+ ", line):
            line = "#" + line
        lines.append(line)
    body = "\n".join(lines)
    return "<!-- generated: %s -->\n%s\n<!-- end: %s -->" % (name, body, name)


text, count = re.subn(r"<!-- generated: (\S+) -->.*?<!-- end: \1 -->", fill,
                      text, flags=re.S)
if not count:
    sys.exit("report: no generated section in %s" % results)
with open(results, "w", encoding="utf-8") as f:
    f.write(text)
print("report: %d sections written into %s" % (count, results))
