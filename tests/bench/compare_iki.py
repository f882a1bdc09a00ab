#!/usr/bin/python3
"""Check that the pandas reference and iki computed the same indicators.

    /usr/bin/python3 compare_iki.py REF.tsv IKI.json

REF.tsv: ref_pandas.py's output; IKI.json: `iki build --json`.  For every
indicator of REF, pembilang, penyebut and realisasi must agree: numbers
within 1e-9 relative, texts (the KLA predicate) exactly, empty = null.
Prints one line ("check: 19 indicators agree ...") or the disagreements;
exits 1 when any disagree."""

import json
import sys

TOL = 1e-9


def main():
    ref = {}
    with open(sys.argv[1], encoding="utf-8") as f:
        head = f.readline().rstrip("\n").split("\t")
        for line in f:
            cells = line.rstrip("\n").split("\t")
            ref[cells[0]] = dict(zip(head[1:], cells[1:]))
    with open(sys.argv[2], encoding="utf-8") as f:
        data = json.load(f)["data"]
    iki = {}
    for d in data:
        iki.setdefault(d["kode"], d)
    bad, worst = [], 0.0
    if len(ref) < 19:
        bad.append("the reference gave %d indicators, not 19" % len(ref))
    for kode, r in ref.items():
        if kode not in iki:
            bad.append("%s: missing in iki's JSON" % kode)
            continue
        for k in ("pembilang", "penyebut", "realisasi"):
            want, got = r.get(k, ""), iki[kode].get(k)
            if want == "":
                if got is not None:
                    bad.append("%s %s: reference empty, iki %r" % (kode, k, got))
                continue
            try:
                w = float(want)
            except ValueError:  # a text (the KLA predicate)
                if got != want:
                    bad.append("%s %s: reference %r, iki %r" % (kode, k, want, got))
                continue
            if not isinstance(got, (int, float)):
                bad.append("%s %s: reference %r, iki %r" % (kode, k, want, got))
                continue
            rel = abs(got - w) / max(abs(w), 1e-300) if w else abs(got)
            worst = max(worst, rel)
            if rel > TOL:
                bad.append("%s %s: reference %r, iki %r (relative %.3g)" % (kode, k, w, got, rel))
    if bad:
        print("check: %d of %d indicators DISAGREE:" % (len({b.split()[0] for b in bad}), len(ref)))
        for b in bad:
            print("  " + b)
        sys.exit(1)
    print("check: %d indicators agree (largest relative difference %.2g <= %g)"
          % (len(ref), worst, TOL))


if __name__ == "__main__":
    main()
