"""Diagnostic codes against their list and their Indonesian (tests/e2e/codes.sh).

    python3 codes.py ROOT      (ROOT holds src/, docs/diagnostics.md, po/id.po)

Fails (exit 1, a line per finding) when:
  - a code used in src/ (IKI_CODE("...")) is missing from the table of
    docs/diagnostics.md, or a listed code is used nowhere;
  - the severity listed differs from an IKI_SEV_ at a call site of the code;
  - a code has no English format of the catalog near its call sites (its
    statement, else the function around it), but for the read_* codes and
    input_unreadable, whose sentences are the reader's or the scan's
    messages (those are all checked by e2e.catalog);
  - one of those formats, rendered with sample arguments, has no Indonesian
    in po/id.po (missing, empty, fuzzy) or renders the same as its English.
"""
import os
import re
import sys

root = sys.argv[1]
bad = []

STR = r'"(?:[^"\\\n]|\\.)*"'
TOKEN = re.compile(STR + r"|'(?:[^'\\\n]|\\.)*'|/\*.*?\*/|//[^\n]*", re.S)


def strip_comments(text):
    def repl(m):
        t = m.group(0)
        if t.startswith("/"):
            return re.sub(r"[^\n]", " ", t)
        return t
    return TOKEN.sub(repl, text)


def unescape(s):
    return re.sub(r'\\(["\\nt])', lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), s)


def literals(span):
    """Adjacent string literals joined, in order."""
    out = []
    for m in re.finditer(r"(?:%s\s*)+" % STR, span):
        out.append(unescape("".join(re.findall(r'"((?:[^"\\\n]|\\.)*)"', m.group(0)))))
    return out


# ---- the catalog
catalog = {}
po = open(os.path.join(root, "po/id.po"), encoding="utf-8").read()
for block in po.split("\n\n"):
    if block.lstrip().startswith("#~"):
        continue
    m = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
    n = re.search(r'^msgstr ((?:".*"\n?)+)', block, re.M)
    if not m or not n:
        continue
    en = unescape("".join(re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(1))))
    id_ = unescape("".join(re.findall(r'"((?:[^"\\]|\\.)*)"', n.group(1))))
    catalog[en] = None if "#, fuzzy" in block or not id_ else id_

# ---- the codes of src/
CODE = re.compile(r'IKI_CODE\("([a-z][a-z0-9_]*)"\)')
used = {}      # code -> set of severities at call sites
formats = {}   # code -> set of English formats
for dirpath, _, names in os.walk(os.path.join(root, "src")):
    for name in sorted(names):
        if not name.endswith((".c", ".h")):
            continue
        path = os.path.join(dirpath, name)
        text = strip_comments(open(path, encoding="utf-8").read())
        for m in CODE.finditer(text):
            code = m.group(1)
            end = text.find(";", m.end())
            span = text[m.end():end if end >= 0 else len(text)]
            sevs = used.setdefault(code, set())
            s = re.search(r"IKI_SEV_(INFO|WARNING|ERROR)", span)
            if s:
                sevs.add(s.group(1).lower())
            found = [l for l in literals(span) if l in catalog]
            for ident in re.findall(r"\b([A-Za-z_][A-Za-z0-9_]*)\b", span):
                d = re.search(r"#define %s\b((?:[^\n]*\\\n)*[^\n]*)" % ident, text)
                if d:
                    found += [l for l in literals(d.group(1)) if l in catalog]
            if not found:
                # the function around it: from the last "{" at the start
                # of a line to the next "}" at the start of a line
                lo = text.rfind("\n{", 0, m.start())
                hi = text.find("\n}", m.end())
                if lo >= 0 and hi >= 0:
                    found = [l for l in literals(text[lo:hi]) if l in catalog]
                # else the formats its callers pass (invalid(c, IKI_MSG(...)))
                head = re.search(r"\b([A-Za-z_][A-Za-z0-9_]*)\([^()]*\)\s*$", text[:lo + 1]) \
                    if lo >= 0 else None
                if not found and head:
                    for call in re.finditer(r"\b%s\(" % head.group(1), text):
                        end2 = text.find(";", call.end())
                        found += [l for l in literals(text[call.end():end2]) if l in catalog]
            formats.setdefault(code, set()).update(found)

# ---- the list
doc = open(os.path.join(root, "docs/diagnostics.md"), encoding="utf-8").read()
listed = {}
for m in re.finditer(r"^\| `([a-z][a-z0-9_]*)` \| (info|warning|error) \| (.+?) \|$", doc, re.M):
    if m.group(1) in listed:
        bad.append("listed twice: %s" % m.group(1))
    listed[m.group(1)] = m.group(2)

for code in sorted(set(used) - set(listed)):
    bad.append("used in src/ but not listed in docs/diagnostics.md: %s" % code)
for code in sorted(set(listed) - set(used)):
    bad.append("listed in docs/diagnostics.md but used nowhere in src/: %s" % code)
for code in sorted(set(used) & set(listed)):
    for sev in sorted(used[code] - {listed[code]}):
        bad.append("%s: listed as %s, used as %s" % (code, listed[code], sev))

# ---- every code in Indonesian
CONV = re.compile(r"%([-+ #0']*)(\*|\d+)?(?:\.(\*|\d+))?(hh|h|ll|l|z|j|t|L)?([diouxXcsfFeEgGaA%])")


def render(fmt, args=None):
    """fmt with its length modifiers dropped, and sample arguments."""
    out, sample = [], []
    pos = 0
    for m in CONV.finditer(fmt):
        out.append(fmt[pos:m.start()])
        pos = m.end()
        flags, width, prec, _, conv = m.groups()
        if conv == "%":
            out.append("%%")
            continue
        if width == "*":
            sample.append(4)
        if prec == "*":
            sample.append(5)
        sample.append("«T%d»" % len(sample) if conv == "s" else
                      65 + len(sample) if conv == "c" else
                      1.5 + len(sample) if conv in "fFeEgGaA" else 7 + len(sample))
        out.append("%" + flags + (width or "") + ("." + prec if prec is not None else "") + conv)
    out.append(fmt[pos:])
    return "".join(out) % tuple(args if args is not None else sample), sample


EXEMPT = re.compile(r"^read_|^input_unreadable$")
count = 0
for code in sorted(used):
    if not formats.get(code):
        if not EXEMPT.match(code):
            bad.append("%s: no English format of the catalog found at its call sites" % code)
        continue
    for fmt in sorted(formats[code]):
        id_fmt = catalog.get(fmt)
        if not id_fmt:
            bad.append("%s: no Indonesian for %r" % (code, fmt))
            continue
        try:
            en, sample = render(fmt)
            id_, _ = render(id_fmt, sample)
        except (TypeError, ValueError) as e:
            bad.append("%s: %r does not render (%s)" % (code, id_fmt, e))
            continue
        if en == id_:
            bad.append("%s: the Indonesian renders as the English: %r" % (code, en))
        count += 1

for b in bad:
    print("FAIL:", b)
if bad:
    sys.exit(1)
print("ok: %d codes used and listed, %d of their formats rendered in Indonesian"
      % (len(used), count))
