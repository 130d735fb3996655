"""Shared by the peer engines' harness scripts: the query set, JSONL input, timing, output.

Run with Debian's /usr/bin/python3 (python3-xapian lives there), never a pyenv python.
"""
import json
import os
import resource
import sys
import time

FACETS = ("section", "source", "month")  # what every engine counts over the whole match


def load_queries(path):
    """Parses bench/queries.txt into a list of dicts keyed like the file (id, mode, bs, ...)."""
    queries, cur = [], None
    with open(path, encoding="utf-8") as f:
        for lineno, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            if line.startswith("[") and line.endswith("]"):
                cur = {"id": line[1:-1], "mode": "search"}
                queries.append(cur)
                continue
            key, sep, value = line.partition(":")
            if not sep or cur is None:
                sys.exit(f"{path}:{lineno}: expected [id] or key: value, got {line!r}")
            cur[key.strip()] = value.strip()
    for q in queries:
        if q["mode"] not in ("search", "browse"):
            sys.exit(f"{path}: {q['id']}: mode must be search or browse")
    return queries


def iter_jsonl(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def peak_rss_kib():
    """Peak resident set of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def dir_bytes(path):
    if os.path.isfile(path):
        return os.path.getsize(path)
    total = 0
    for root, _, files in os.walk(path):
        for name in files:
            total += os.path.getsize(os.path.join(root, name))
    return total


def percentile(samples, p):
    """Nearest-rank percentile, the same definition as the Go runner's."""
    s = sorted(samples)
    if not s:
        return 0
    k = max(0, min(len(s) - 1, int(-(-p * len(s) // 100)) - 1))
    return s[k]


def run_queries(engine, answer, queries, rounds, warmup=1):
    """Runs every query `warmup` times untimed, then `rounds` times timed, round-robin (a mix,
    as a server sees it). answer(q) returns (total, top_ids, facets{name: {value: count}})."""
    for _ in range(warmup):
        for q in queries:
            answer(q)
    samples = {q["id"]: [] for q in queries}
    out = {}
    for _ in range(rounds):
        for q in queries:
            t0 = time.perf_counter_ns()
            total, top, facets = answer(q)
            samples[q["id"]].append((time.perf_counter_ns() - t0) / 1000.0)
            out[q["id"]] = (total, top, facets)
    result = {"engine": engine, "phase": "query", "rounds": rounds, "queries": []}
    for q in queries:
        total, top, facets = out[q["id"]]
        result["queries"].append({"id": q["id"], "mode": q["mode"], "total": total, "top": top,
                                  "facets": facets, "us": samples[q["id"]]})
    result["peak_rss_kib"] = peak_rss_kib()
    return result


def emit(result, path):
    """Writes one JSON result (to stdout when path is '-')."""
    text = json.dumps(result, ensure_ascii=False)
    if path == "-":
        print(text)
    else:
        with open(path, "w", encoding="utf-8") as f:
            f.write(text + "\n")
