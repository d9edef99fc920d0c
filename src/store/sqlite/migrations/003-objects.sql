-- 003-objects: Object Memory — namespaces, objects, immutable versions and content-addressed blobs.
-- Released migrations are never edited: add a new numbered file instead.

CREATE TABLE namespaces (
  name TEXT PRIMARY KEY NOT NULL,
  kind TEXT NOT NULL,
  owner TEXT NOT NULL,
  created_at INTEGER NOT NULL
);

CREATE TABLE objects (
  id TEXT PRIMARY KEY NOT NULL,
  namespace TEXT NOT NULL,
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  schema_json TEXT,
  latest_version INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  deleted_at INTEGER
);

-- A name is unique among the live objects of a namespace; a tombstoned name may be reused.
CREATE UNIQUE INDEX objects_live_name ON objects (namespace, name) WHERE deleted_at IS NULL;
CREATE INDEX objects_by_namespace ON objects (namespace, name, id);

-- Versions reference payloads by hash: many versions (and checkpoints) share one blob.
CREATE TABLE object_versions (
  object_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  size INTEGER NOT NULL,
  labels_json TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (object_id, version)
) WITHOUT ROWID;

CREATE TABLE blobs (
  sha256 TEXT PRIMARY KEY NOT NULL,
  size INTEGER NOT NULL,
  bytes BLOB NOT NULL
) WITHOUT ROWID;
