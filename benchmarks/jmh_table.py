#!/usr/bin/python3
"""Markdown table from a JMH JSON result file (java -jar benchmarks.jar ... -prof gc -rf json -rff FILE).

Usage: /usr/bin/python3 benchmarks/jmh_table.py FILE.json
One row per benchmark and parameter set: score with its error and unit, and, when the GC profiler ran,
the allocation per operation (gc.alloc.rate.norm, bytes/op).
"""
import json
import sys


def main(path):
    with open(path) as f:
        results = json.load(f)
    print("| benchmark | parameters | score | error (99.9%) | unit | alloc B/op |")
    print("|---|---|---|---|---|---|")
    for r in results:
        name = r["benchmark"].rsplit(".", 2)[-2] + "." + r["benchmark"].rsplit(".", 1)[-1]
        params = ", ".join(f"{k}={v}" for k, v in r.get("params", {}).items())
        primary = r["primaryMetric"]
        alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
        alloc_text = f"{alloc['score']:.1f}" if alloc else "-"
        print(f"| {name} | {params} | {primary['score']:.3f} | ±{primary['scoreError']:.3f} "
              f"| {primary['scoreUnit']} | {alloc_text} |")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
