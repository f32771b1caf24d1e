#!/usr/bin/env python3
"""The store's invariants after a crash or a soak, read straight from the SQLite file.

    python3 check_store.py STORE            prints "ok ..." or one FAIL line per broken rule; exit 1 on any

Checked (each one a rule the tool promises, whatever killed it when):
  - PRAGMA integrity_check is ok, PRAGMA foreign_key_check is empty;
  - the R-tree holds exactly the incidents that have a geometry, the FTS5 search index exactly
    the incidents (same rowids), and passes FTS5's own integrity-check;
  - history against records: every incident has a history whose first entry creates it (log or
    import); every history row names an incident that exists (nothing here purges); for each
    field a history entry changed (title, kind, confidence, killed, injured, missing), the last
    entry's "after" is the stored value; the record's updated_at is the time of its last edit or
    merge entry; an incident is deleted exactly when its last delete/merge/restore entry says so;
  - a context is all or nothing: an incident has context parts exactly when it has a context;
  - the fault scripts' own version marks: a title "<letter><n>#..." (written by one log, edit or
    PATCH) goes with killed = n and injured = n, so a write split in two shows.
"""
import json
import re
import sqlite3
import sys

FIELDS = ["title", "kind", "confidence", "killed", "injured", "missing"]


def main(path):
    # Not read-only: a store left in WAL mode by a killed server needs its -shm to be read.
    db = sqlite3.connect(path, timeout=30)
    problems = []

    def bad(message):
        problems.append(message)

    integrity = [r[0] for r in db.execute("PRAGMA integrity_check")]
    if integrity != ["ok"]:
        bad("integrity_check: " + "; ".join(integrity[:5]))
    fk = db.execute("PRAGMA foreign_key_check").fetchall()
    if fk:
        bad(f"foreign_key_check: {len(fk)} rows, e.g. {fk[:3]}")

    incidents = {}
    for row in db.execute(f"SELECT fid, id, geom IS NOT NULL, deleted_at, context_layers, updated_at, {', '.join(FIELDS)} FROM incidents"):
        fid, iid, has_geom, deleted, layers, updated = row[:6]
        incidents[iid] = dict(fid=fid, has_geom=bool(has_geom), deleted=deleted, layers=layers, updated=updated,
                              values=dict(zip(FIELDS, row[6:])))
    fids = {v["fid"] for v in incidents.values()}
    with_geom = {v["fid"] for v in incidents.values() if v["has_geom"]}

    rtree = {r[0] for r in db.execute("SELECT id FROM rtree_incidents_geom")}
    if rtree != with_geom:
        bad(f"R-tree: {len(with_geom - rtree)} geometries not indexed, {len(rtree - with_geom)} entries without an incident")
    search = {r[0] for r in db.execute("SELECT rowid FROM incidents_search")}
    if search != fids:
        bad(f"search index: {len(fids - search)} incidents missing, {len(search - fids)} entries without an incident")
    try:
        db.execute("INSERT INTO incidents_search(incidents_search) VALUES ('integrity-check')")
        db.rollback()
    except sqlite3.DatabaseError as e:
        bad(f"search index: FTS5 integrity-check: {e}")

    parts = {r[0] for r in db.execute("SELECT DISTINCT fid FROM incident_context_parts")}
    with_context = {v["fid"] for v in incidents.values() if v["layers"] is not None}
    if parts - with_context or with_context - parts:
        bad(f"contexts: {len(with_context - parts)} incidents with a context and no parts, "
            f"{len(parts - with_context)} with parts and no context")

    history = {}
    for hid, iid, at, action, changes in db.execute("SELECT id, incident_id, at, action, changes FROM incident_history ORDER BY id"):
        history.setdefault(iid, []).append((action, json.loads(changes) if changes else {}, at))
    orphans = set(history) - set(incidents)
    if orphans:
        bad(f"history: {len(orphans)} incidents in the history that the store does not hold, e.g. {sorted(orphans)[:2]}")
    counts = {"without history": 0, "not created first": 0, "field differs": 0, "deleted differs": 0,
              "updated_at not the time of their last change": 0, "version split": 0}
    examples = {}
    for iid, rec in incidents.items():
        entries = history.get(iid)
        if not entries:
            counts["without history"] += 1; examples.setdefault("without history", iid); continue
        if entries[0][0] not in ("log", "import"):
            counts["not created first"] += 1; examples.setdefault("not created first", (iid, entries[0][0]))
        last = {}
        deleted = False
        changed_at = None
        for action, changes, at in entries:
            # An edit or merge that changed the record sets its updated_at to the entry's time
            # (a merge away or a restore changes only whether it is deleted).
            if action in ("edit", "merge") and changes and "merged_into" not in changes and set(changes) != {"deleted"}:
                changed_at = at
            for field in FIELDS:
                pair = changes.get(field)
                if isinstance(pair, list) and len(pair) == 2:
                    last[field] = pair[1]
            if action == "delete" or "merged_into" in changes:
                deleted = True
            if "deleted" in changes:
                deleted = bool(changes["deleted"][1])
        for field, after in last.items():
            if after != rec["values"][field]:
                counts["field differs"] += 1
                examples.setdefault("field differs", (iid, field, after, rec["values"][field]))
                break
        if changed_at is not None and changed_at != rec["updated"]:
            counts["updated_at not the time of their last change"] += 1
            examples.setdefault("updated_at not the time of their last change", (iid, rec["updated"], changed_at))
        if deleted != (rec["deleted"] is not None):
            counts["deleted differs"] += 1; examples.setdefault("deleted differs", iid)
        m = re.match(r"^[A-Z](\d+)#", rec["values"]["title"] or "")
        if m:
            n = int(m.group(1))
            if rec["values"]["killed"] != n or rec["values"]["injured"] != n:
                counts["version split"] += 1
                examples.setdefault("version split", (iid, rec["values"]["title"], rec["values"]["killed"], rec["values"]["injured"]))
    for name, n in counts.items():
        if n:
            bad(f"history vs records: {n} incidents {name}, e.g. {examples[name]}")

    db.close()
    if problems:
        for p in problems:
            print("FAIL " + p)
        return 1
    print(f"ok   {len(incidents)} incidents, {sum(len(e) for e in history.values())} history rows: "
          "integrity, R-tree, search index, contexts and history all consistent")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
