#!/usr/bin/python3
"""Xapian peer: build a database from the benchmark's JSONL items, then run the query set.

  xapian_peer.py build --jsonl ITEMS.jsonl --db OUT_DIR [--out RESULT.json]
  xapian_peer.py query --db OUT_DIR --queries bench/queries.txt [--rounds N] [--out RESULT.json]

Text: headline_ja, headline_en, body and note through one TermGenerator (English Snowball
stemmer, FLAG_CJK_NGRAM for Japanese), with a position gap between fields. Filters are boolean
terms (XS section, XSRC source, XP/XO/XL entities, XM month); values hold the date (slot 0,
YYYYMMDD, for ranges and the newest-first sort), section (1), month (3) and up to three sources
(2, 5, 6) for the facet counts. The database is compacted at the end of the build, as bleve's
index is force-merged and FTS5's is optimized.
"""
import argparse
import os
import shutil
import sys
import time

import xapian

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

SLOT_DATE, SLOT_SECTION, SLOT_MONTH = 0, 1, 3
SLOT_SOURCES = (2, 5, 6)
PREFIXES = {"section": "XS", "source": "XSRC", "person": "XP", "org": "XO", "place": "XL", "month": "XM"}
ENTITY_PREFIX = {"persons": "XP", "organizations": "XO", "places": "XL"}


def bterm(prefix, value):
    """A boolean term as QueryParser spells it: a value starting with a capital letter gets a
    ':' after a multi-letter prefix (XSRC:TREND), so it cannot be read as part of the prefix."""
    if value[:1].isupper():
        return prefix + ":" + value
    return prefix + value


def build(args):
    tmp = args.db + ".tmp"
    for d in (args.db, tmp):
        shutil.rmtree(d, ignore_errors=True)
    t0 = time.perf_counter()
    db = xapian.WritableDatabase(tmp, xapian.DB_CREATE_OR_OVERWRITE | xapian.DB_NO_SYNC)  # FTS5 runs synchronous=OFF too
    tg = xapian.TermGenerator()
    tg.set_stemmer(xapian.Stem("english"))
    tg.set_flags(xapian.TermGenerator.FLAG_CJK_NGRAM)
    n = 0
    for n, it in enumerate(common.iter_jsonl(args.jsonl), 1):
        doc = xapian.Document()
        tg.set_document(doc)
        for field in ("headline_ja", "headline_en", "body", "note"):
            if it[field]:
                tg.index_text(it[field])
                tg.increase_termpos(100)  # no phrase across fields
        doc.add_boolean_term(bterm("XS", it["section"]))
        doc.add_boolean_term(bterm("XM", it["date"][:7]))
        for s in it["sources"]:
            doc.add_boolean_term(bterm("XSRC", s))
        for kind, prefix in ENTITY_PREFIX.items():
            for e in it.get(kind) or []:
                doc.add_boolean_term(bterm(prefix, e))
        doc.add_value(SLOT_DATE, it["date"].replace("-", ""))
        doc.add_value(SLOT_SECTION, it["section"])
        doc.add_value(SLOT_MONTH, it["date"][:7])
        for slot, s in zip(SLOT_SOURCES, it["sources"]):
            doc.add_value(slot, s)
        doc.set_data(it["id"])
        db.add_document(doc)
    db.commit()
    db.compact(args.db)
    db.close()
    shutil.rmtree(tmp)
    secs = time.perf_counter() - t0
    common.emit({"engine": "xapian", "phase": "build", "items": n, "build_s": secs,
                 "index_bytes": common.dir_bytes(args.db), "peak_rss_kib": common.peak_rss_kib()},
                args.out)


class Answerer:
    FLAGS = (xapian.QueryParser.FLAG_DEFAULT | xapian.QueryParser.FLAG_CJK_NGRAM
             | xapian.QueryParser.FLAG_WILDCARD | xapian.QueryParser.FLAG_PURE_NOT)

    def __init__(self, db, top_only=False):
        self.db = db
        self.top_only = top_only  # top 10 only: no match spies, estimated total
        self.count = db.get_doccount()
        qp = xapian.QueryParser()
        qp.set_database(db)
        qp.set_stemmer(xapian.Stem("english"))
        qp.set_stemming_strategy(xapian.QueryParser.STEM_SOME)
        qp.set_default_op(xapian.Query.OP_AND)
        for name, prefix in PREFIXES.items():
            qp.add_boolean_prefix(name, prefix)
        self.rp = xapian.RangeProcessor(SLOT_DATE, "date:")
        qp.add_rangeprocessor(self.rp)
        self.qp = qp

    def __call__(self, q):
        text = q.get("xapian", "")
        query = self.qp.parse_query(text, self.FLAGS) if text else xapian.Query.MatchAll
        if query.empty():
            query = xapian.Query.MatchAll
        enq = xapian.Enquire(self.db)
        enq.set_query(query)
        if q["mode"] == "browse":
            enq.set_sort_by_value_then_relevance(SLOT_DATE, True)
        if self.top_only:
            mset = enq.get_mset(0, 10)
            return mset.get_matches_estimated(), [m.document.get_data().decode() for m in mset], {}
        spies = {"section": [xapian.ValueCountMatchSpy(SLOT_SECTION)],
                 "month": [xapian.ValueCountMatchSpy(SLOT_MONTH)],
                 "source": [xapian.ValueCountMatchSpy(s) for s in SLOT_SOURCES]}
        for group in spies.values():
            for spy in group:
                enq.add_matchspy(spy)
        # checkatleast = every document: exact totals and facet counts over the whole match.
        mset = enq.get_mset(0, 10, self.count)
        top = [m.document.get_data().decode() for m in mset]
        facets = {}
        for name, group in spies.items():
            counts = {}
            for spy in group:
                for v in spy.values():
                    key = v.term.decode()
                    counts[key] = counts.get(key, 0) + v.termfreq
            facets[name] = counts
        return mset.get_matches_estimated(), top, facets


def query(args):
    db = xapian.Database(args.db)
    queries = common.load_queries(args.queries)
    engine = "xapian-top10" if args.top_only else "xapian"
    res = common.run_queries(engine, Answerer(db, args.top_only), queries, args.rounds)
    common.emit(res, args.out)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build")
    b.add_argument("--jsonl", required=True)
    b.add_argument("--db", required=True)
    b.add_argument("--out", default="-")
    q = sub.add_parser("query")
    q.add_argument("--db", required=True)
    q.add_argument("--queries", required=True)
    q.add_argument("--rounds", type=int, default=20)
    q.add_argument("--top-only", action="store_true", help="top 10 only, no facets, estimated total")
    q.add_argument("--out", default="-")
    args = ap.parse_args()
    build(args) if args.cmd == "build" else query(args)


if __name__ == "__main__":
    main()
