#!/usr/bin/python3
"""Prints compare.sh's tables (Markdown) from the JSON results in a folder.

  report.py RESULTS_DIR              the tables
  report.py wrk NAME WRK_OUTPUT      converts wrk's text output to a JSON result (stdout)
  report.py merge BLOCK.json...      one engine's query result from its blocks (stdout)
"""
import glob
import json
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "peers"))
from common import percentile  # noqa: E402

ENGINES = ("briefsearch", "briefsearch-3facets", "briefsearch-nocache", "xapian", "fts5", "fts5-plain",
           "briefsearch-top10", "briefsearch-top10-hl", "xapian-top10", "fts5-top10")


def wrk_json(name, path):
    text = open(path, encoding="utf-8").read()
    unit = {"us": 1e-3, "ms": 1.0, "s": 1e3}
    res = {"engine": name, "phase": "wrk", "rps": 0.0, "errors": 0, "non2xx": 0}
    m = re.search(r"Requests/sec:\s+([\d.]+)", text)
    if m:
        res["rps"] = float(m.group(1))
    m = re.search(r"Latency\s+([\d.]+)(us|ms|s)\s+([\d.]+)(us|ms|s)\s+([\d.]+)(us|ms|s)", text)
    if m:
        res["lat_avg_ms"] = float(m.group(1)) * unit[m.group(2)]
        res["lat_max_ms"] = float(m.group(5)) * unit[m.group(6)]
    for pct in ("50", "99"):
        m = re.search(rf"^\s+{pct}%\s+([\d.]+)(us|ms|s)", text, re.M)
        if m:
            res[f"p{pct}_ms"] = float(m.group(1)) * unit[m.group(2)]
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    if m:
        res["errors"] = sum(int(x) for x in m.groups())
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    if m:
        res["non2xx"] = int(m.group(1))
    m = re.search(r"(\d+) requests in", text)
    res["requests"] = int(m.group(1)) if m else 0
    print(json.dumps(res))


def merge(paths):
    """One query result from an engine's blocks (compare.sh runs the engines in turns): the
    rounds add up and each query's timings are pooled. Every block must give the same answers
    (matches, top 10, facets): a difference means an engine is not deterministic, and fails."""
    blocks = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            blocks.append(json.load(f))
    out = dict(blocks[0])
    out["queries"] = [dict(q, us=list(q["us"])) for q in blocks[0]["queries"]]
    for path, b in zip(paths[1:], blocks[1:]):
        if (b["engine"], b["phase"]) != (out["engine"], out["phase"]) or len(b["queries"]) != len(out["queries"]):
            sys.exit(f"merge: {path} is not a block of {paths[0]}'s run")
        out["rounds"] += b["rounds"]
        out["peak_rss_kib"] = max(out.get("peak_rss_kib", 0), b.get("peak_rss_kib", 0))
        for q, bq in zip(out["queries"], b["queries"]):
            for key in ("id", "mode", "total", "top", "facets"):
                if q.get(key) != bq.get(key):
                    sys.exit(f"merge: {path}: query {q['id']}: {key} differs from {paths[0]}'s")
            q["us"] += bq["us"]
    print(json.dumps(out))


def load(folder):
    out = {}
    for path in sorted(glob.glob(os.path.join(folder, "*.json"))):
        with open(path, encoding="utf-8") as f:
            r = json.load(f)
        out[(r["engine"], r["phase"])] = r
    return out


def ms(us):
    return f"{us / 1000:.2f}"


def ratio(a, b):
    return f"{a / b:.2f}×" if b else "–"


def mix(r, mode):
    samples = [u for q in r["queries"] if q["mode"] == mode for u in q["us"]]
    return percentile(samples, 50), percentile(samples, 99)


def report(folder):
    res = load(folder)
    failed = res.get(("briefsearch", "failed"))
    if failed:
        print(f"**briefsearch's build failed:** `{failed['error']}`\n")
    bs_build = res.get(("briefsearch", "build"))
    print("### Build\n")
    print("| engine | items | build s | items/s | index MB | peak RSS MiB | briefsearch ÷ engine |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for e in ENGINES:
        r = res.get((e, "build"))
        if not r:
            continue
        extra = (f" (+ parse {r['parse_s']:.1f} s, annotate {r.get('annotate_s', 0):.1f} s)"
                 if "parse_s" in r else "")
        print(f"| {e} | {r['items']:,} | {r['build_s']:.2f}{extra} | {r['items'] / r['build_s']:,.0f} | "
              f"{r['index_bytes'] / 1e6:.1f} | {r['peak_rss_kib'] / 1024:.0f} | "
              f"{ratio(bs_build['build_s'], r['build_s']) if bs_build else '–'} |")

    cli = res.get(("briefsearch-cli", "cli"))
    if cli:
        print(f"\n`briefsearch index` (parse + annotate + build + switch, whole process): {cli['seconds']:.2f} s")

    bs_q = res.get(("briefsearch", "query"))
    bs_top = res.get(("briefsearch-top10", "query"))
    print("\n### Queries (in-process, top 10 + facet counts, warm)\n")
    print("The -top10 rows ask for the top 10 alone (no facets, no exact total: briefsearch's total is "
          "estimated where a phrase would have to be read for it, `-estimate`; briefsearch's without "
          "highlights, as Xapian's and FTS5's have none); their ratio is briefsearch-top10 ÷ engine. "
          "briefsearch-top10-hl is the same with highlights, as the top-10 row was measured up to "
          "issue 13's third session.\n")
    print("| engine | rounds | search p50 ms | search p99 ms | browse p50 ms | browse p99 ms | "
          "RSS MiB | bs÷engine search p50 / p99 | bs÷engine browse p50 / p99 |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for e in ENGINES:
        r = res.get((e, "query"))
        if not r:
            continue
        base = bs_top if e.endswith("-top10") else None if e.endswith("-top10-hl") else bs_q
        s, b = mix(r, "search"), mix(r, "browse")
        rs = rb = "–"
        if base:
            bs_s, bs_b = mix(base, "search"), mix(base, "browse")
            rs = f"{ratio(bs_s[0], s[0])} / {ratio(bs_s[1], s[1])}"
            rb = f"{ratio(bs_b[0], b[0])} / {ratio(bs_b[1], b[1])}"
        print(f"| {e} | {r['rounds']} | {ms(s[0])} | {ms(s[1])} | {ms(b[0])} | {ms(b[1])} | "
              f"{r['peak_rss_kib'] / 1024:.0f} | {rs} | {rb} |")

    engines = [e for e in ("briefsearch", "xapian", "fts5") if (e, "query") in res]
    if engines:
        print("\n### Per query: matches and p50 ms (top-10 overlap with Xapian in brackets)\n")
        print("| query | mode | " + " | ".join(engines) + " |")
        print("|---|---|" + "---:|" * len(engines))
        byid = {e: {q["id"]: q for q in res[(e, "query")]["queries"]} for e in engines}
        xap = byid.get("xapian", {})
        for qid in byid[engines[0]]:
            cells = []
            for e in engines:
                q = byid[e].get(qid)
                if not q:
                    cells.append("–")
                    continue
                cell = f"{q['total']:,} · {ms(percentile(q['us'], 50))}"
                if e != "xapian" and qid in xap:
                    cell += f" [{len(set(q['top']) & set(xap[qid]['top']))}]"
                cells.append(cell)
            print(f"| {qid} | {byid[engines[0]][qid]['mode']} | " + " | ".join(cells) + " |")

    floor = res.get(("floor", "http"))
    inproc = percentile([u for q in bs_q["queries"] for u in q["us"]], 50) if bs_q else None
    beside = res.get(("briefsearch-beside-http", "query"))
    inproc_beside = percentile([u for q in beside["queries"] for u in q["us"]], 50) if beside else None
    apis = [(name, res.get((engine, "http"))) for name, engine in (
        ("/api/v1/search, query set (serve's query cache on: hits after the warm-up)", "briefsearch-api"),
        ("/api/v1/search, query set, query cache off", "briefsearch-api-nocache"))]
    wrks = [(name, res.get((engine, "wrk"))) for name, engine in (
        ("floor", "floor"), ("/api/v1/search, query set", "briefsearch-api"),
        ("/api/v1/search?q=Bayramov", "briefsearch-api-one"),
        ("/api/v1/search, query set, query cache off", "briefsearch-api-nocache"))]
    if floor or any(a for _, a in apis) or any(w for _, w in wrks):
        print("\n### HTTP (loopback)\n")
        print("| measure | value |")
        print("|---|---:|")
        if floor:
            print(f"| floor: no-op handler, sequential p50 / p99 ms | {ms(floor['p50_us'])} / {ms(floor['p99_us'])} |")
        if floor and inproc is not None:
            print(f"| in-process p50 (all queries, no cache) + floor p50 ms | {ms(floor['p50_us'] + inproc)} |")
        for name, api in apis:
            if not api:
                continue
            print(f"| {name}: sequential p50 / p99 ms, errors | {ms(api['p50_us'])} / {ms(api['p99_us'])}, {api['errors']} |")
            if floor and inproc is not None:
                print(f"| … p50 ÷ (floor + in-process p50) (target ≤ 1.5) | {api['p50_us'] / (floor['p50_us'] + inproc):.2f} |")
            if floor and inproc_beside is not None and "cache off" in name:
                print(f"| … p50 ÷ (floor + in-process p50 measured right after it: {ms(inproc_beside)} ms) | "
                      f"{api['p50_us'] / (floor['p50_us'] + inproc_beside):.2f} |")
        for name, w in wrks:
            if w:
                print(f"| wrk -t2 -c32 -d10s {name}: req/s (target ≥ 5,000) | {w['rps']:,.0f} |")
                print(f"| … latency p50 / p99 ms, errors, non-2xx | {w.get('p50_ms', 0):.2f} / "
                      f"{w.get('p99_ms', 0):.2f}, {w['errors']}, {w['non2xx']} |")
    srv = res.get(("briefsearch", "serve"))
    if srv:
        print("\n### serve\n")
        print("| measure | value |")
        print("|---|---:|")
        print(f"| cold start on the existing index, to /readyz 200 (target < 1 s) | {srv['cold_start_s']:.2f} s |")
        print(f"| RSS after start | {srv['rss_start_kib'] / 1024:.0f} MiB |")
        print(f"| RSS after the HTTP runs (peak VmHWM) (target < 300 MB) | "
              f"{srv['rss_end_kib'] / 1024:.0f} MiB ({srv['hwm_kib'] / 1024:.0f} MiB) |")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "wrk":
        wrk_json(sys.argv[2], sys.argv[3])
    elif len(sys.argv) >= 3 and sys.argv[1] == "merge":
        merge(sys.argv[2:])
    elif len(sys.argv) == 2:
        report(sys.argv[1])
    else:
        sys.exit(__doc__)
