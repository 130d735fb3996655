#!/usr/bin/python3
"""SQLite FTS5 peer: build an index from the benchmark's JSONL items, then run the query set.

  fts5.py build --jsonl ITEMS.jsonl --db OUT.db [--plain] [--out RESULT.json]
  fts5.py query --db OUT.db --queries bench/queries.txt [--rounds N] [--out RESULT.json]

The full variant answers the query set: `fts` (porter + unicode61, remove_diacritics 2) over
headline_ja, headline_en, body and note, plus `tri` (trigram) over headline_ja for Japanese.
--plain builds only `fts` with the plain unicode61 tokenizer: the build-time baseline that
issue 6 names ("within 2x of SQLite FTS5 (unicode61)"). Both are external-content tables over
`items`, loaded in one transaction and optimized (merged into one b-tree per table) at the end.
"""
import argparse
import os
import sqlite3
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

SCHEMA = """
CREATE TABLE items(rowid INTEGER PRIMARY KEY, id TEXT NOT NULL, briefing_id TEXT, section TEXT,
  date TEXT, month TEXT, headline_ja TEXT, headline_en TEXT, body TEXT, note TEXT);
CREATE TABLE item_sources(item INTEGER NOT NULL, name TEXT NOT NULL);
CREATE TABLE item_entities(item INTEGER NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL);
"""
INDEXES = """
CREATE UNIQUE INDEX items_id ON items(id);
CREATE INDEX items_date ON items(date);
CREATE INDEX items_section_date ON items(section, date);
CREATE INDEX item_sources_name ON item_sources(name, item);
CREATE INDEX item_sources_item ON item_sources(item);
CREATE INDEX item_entities_name ON item_entities(kind, name, item);
"""


def build(args):
    if os.path.exists(args.db):
        os.remove(args.db)
    t0 = time.perf_counter()
    db = sqlite3.connect(args.db, isolation_level=None)
    db.execute("PRAGMA journal_mode=OFF")
    db.execute("PRAGMA synchronous=OFF")
    db.executescript(SCHEMA)
    tok = "unicode61" if args.plain else "porter unicode61 remove_diacritics 2"
    db.execute(f"CREATE VIRTUAL TABLE fts USING fts5(headline_ja, headline_en, body, note, "
               f"content='items', content_rowid='rowid', tokenize='{tok}')")
    if not args.plain:
        db.execute("CREATE VIRTUAL TABLE tri USING fts5(headline_ja, content='items', "
                   "content_rowid='rowid', tokenize='trigram')")
    db.execute("BEGIN")
    n = 0
    for n, it in enumerate(common.iter_jsonl(args.jsonl), 1):
        db.execute("INSERT INTO items VALUES(?,?,?,?,?,?,?,?,?,?)",
                   (n, it["id"], it["briefing_id"], it["section"], it["date"], it["date"][:7],
                    it["headline_ja"], it["headline_en"], it["body"], it["note"]))
        db.executemany("INSERT INTO item_sources VALUES(?,?)", [(n, s) for s in it["sources"]])
        for kind in ("persons", "organizations", "places"):
            db.executemany("INSERT INTO item_entities VALUES(?,?,?)",
                           [(n, kind, e) for e in it.get(kind) or []])
        # Index as we load, as an application adding items would.
        db.execute("INSERT INTO fts(rowid, headline_ja, headline_en, body, note) VALUES(?,?,?,?,?)",
                   (n, it["headline_ja"], it["headline_en"], it["body"], it["note"]))
        if not args.plain:
            db.execute("INSERT INTO tri(rowid, headline_ja) VALUES(?,?)", (n, it["headline_ja"]))
    for stmt in filter(str.strip, INDEXES.split(";")):
        db.execute(stmt)  # executescript would commit the transaction first
    db.execute("INSERT INTO fts(fts) VALUES('optimize')")
    if not args.plain:
        db.execute("INSERT INTO tri(tri) VALUES('optimize')")
    db.execute("COMMIT")
    db.execute("ANALYZE")
    db.close()
    secs = time.perf_counter() - t0
    common.emit({"engine": "fts5-plain" if args.plain else "fts5", "phase": "build", "items": n,
                 "build_s": secs, "index_bytes": common.dir_bytes(args.db),
                 "peak_rss_kib": common.peak_rss_kib()}, args.out)


class Answerer:
    def __init__(self, db, top_only=False):
        self.db = db
        self.top_only = top_only  # top 10 only: no facet counts, no total (-1)

    def sql(self, q):
        m, t, w = q.get("fts5", ""), q.get("fts5.tri", ""), q.get("fts5.where", "")
        conds, params, rank = [], [], None
        if m:
            frm, rank = "fts JOIN items i ON i.rowid = fts.rowid", "fts.rank"
            conds.append("fts MATCH ?")
            params.append(m)
            if t:
                conds.append("i.rowid IN (SELECT rowid FROM tri WHERE tri MATCH ?)")
                params.append(t)
        elif t:
            frm, rank = "tri JOIN items i ON i.rowid = tri.rowid", "tri.rank"
            conds.append("tri MATCH ?")
            params.append(t)
        else:
            frm = "items i"
        if w:
            conds.append(f"({w})")
        where = " AND ".join(conds) or "1"
        # LIKE-only searches have no rank in FTS5: they come newest first, like a browse.
        order = rank if q["mode"] == "search" and rank else "i.date DESC, i.rowid DESC"
        top = f"SELECT i.id FROM {frm} WHERE {where} ORDER BY {order} LIMIT 10"
        facets = (f"WITH m AS MATERIALIZED (SELECT i.rowid AS r FROM {frm} WHERE {where}) "
                  "SELECT 'section', section, count(*) FROM items WHERE rowid IN m GROUP BY 2 "
                  "UNION ALL SELECT 'month', month, count(*) FROM items WHERE rowid IN m GROUP BY 2 "
                  "UNION ALL SELECT 'source', name, count(*) FROM item_sources WHERE item IN m GROUP BY 2")
        return top, facets, params

    def __call__(self, q):
        top_sql, facet_sql, params = self.sql(q)
        top = [r[0] for r in self.db.execute(top_sql, params)]
        if self.top_only:
            return -1, top, {}
        facets = {f: {} for f in common.FACETS}
        for name, value, count in self.db.execute(facet_sql, params):
            facets[name][value] = count
        return sum(facets["section"].values()), top, facets


def query(args):
    db = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    db.execute("PRAGMA mmap_size=1073741824")
    queries = common.load_queries(args.queries)
    engine = "fts5-top10" if args.top_only else "fts5"
    res = common.run_queries(engine, Answerer(db, args.top_only), queries, args.rounds)
    common.emit(res, args.out)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build")
    b.add_argument("--jsonl", required=True)
    b.add_argument("--db", required=True)
    b.add_argument("--plain", action="store_true")
    b.add_argument("--out", default="-")
    q = sub.add_parser("query")
    q.add_argument("--db", required=True)
    q.add_argument("--queries", required=True)
    q.add_argument("--rounds", type=int, default=20)
    q.add_argument("--top-only", action="store_true", help="top 10 only, no facets or total")
    q.add_argument("--out", default="-")
    args = ap.parse_args()
    build(args) if args.cmd == "build" else query(args)


if __name__ == "__main__":
    main()
