-- 012-flow: information flow: the operator's label rules and each process's taint.
-- Released migrations are never edited: add a new numbered file instead.

-- One row per operator rule: resources matching `pattern` (kind:glob) are labelled `sensitivity`
-- when read and cleared for it as an exit; `on_exceed` is what a call above it gets (ask, deny).
CREATE TABLE label_rules (
  pattern TEXT PRIMARY KEY NOT NULL,
  sensitivity TEXT NOT NULL,
  on_exceed TEXT NOT NULL,
  created_at INTEGER NOT NULL
) WITHOUT ROWID;

-- One row per process that received anything labelled since its last clearance (no row: none).
-- `sources_json` is a bounded list of {source, sensitivity}; `dropped` counts the ones left out.
CREATE TABLE taints (
  pid TEXT PRIMARY KEY NOT NULL,
  sensitivity TEXT NOT NULL,
  origins_json TEXT NOT NULL,
  sources_json TEXT NOT NULL,
  dropped INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) WITHOUT ROWID;
