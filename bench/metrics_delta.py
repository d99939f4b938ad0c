#!/usr/bin/env python3
"""Where one request's time goes, from two /metrics scrapes taken around a run (bench/order_buy.sh).

  metrics_delta.py BEFORE AFTER

Prints, for the requests and journal transactions between the scrapes, the mean of each
histogram the server keeps: the HTTP front's time per route (a parsed request to its answer handed
to the connection) and the journal's time per transaction (first statement to COMMIT), with counts.
"""
import re
import sys

SAMPLE = re.compile(r'^(\w+)(?:\{(.*)\})? (\S+)$')


def read(path):
    out = {}
    for line in open(path):
        m = SAMPLE.match(line.strip())
        if m and (m.group(1).endswith("_sum") or m.group(1).endswith("_count")):
            out[(m.group(1), m.group(2) or "")] = float(m.group(3))
    return out


def main():
    before, after = read(sys.argv[1]), read(sys.argv[2])
    for (name, labels), total in sorted(after.items()):
        if not name.endswith("_sum"):
            continue
        family = name[: -len("_sum")]
        if not family.endswith("_seconds"):
            continue
        count = after.get((family + "_count", labels), 0) - before.get((family + "_count", labels), 0)
        if count <= 0:
            continue
        mean_us = (total - before.get((name, labels), 0)) / count * 1e6
        print(f"  {family}{{{labels}}}: {count:.0f} observed, mean {mean_us:.0f} us")


if __name__ == "__main__":
    main()
