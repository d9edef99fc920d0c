// Prepared statements for Object Memory.
import type Database from 'better-sqlite3';
import type { NamespaceRow, ObjectRow, VersionRow } from './object-row.js';

const OBJECT_COLUMNS =
  'id, namespace, name, type, schema_json, latest_version, created_at, updated_at, deleted_at';
const VERSION_COLUMNS = 'object_id, version, sha256, size, labels_json, created_at';

/** Raw-row Object Memory reads. */
export interface ObjectReads {
  getNamespace(name: string): NamespaceRow | undefined;
  listNamespaces(afterName: string, limit: number): NamespaceRow[];
  getObject(id: string): ObjectRow | undefined;
  findObject(namespace: string, name: string): ObjectRow | undefined;
  listObjects(query: {
    namespace: string;
    afterName: string;
    limit: number;
    includeDeleted: boolean;
  }): ObjectRow[];
  getVersion(id: string, version: number): VersionRow | undefined;
  listVersions(id: string): VersionRow[];
  getBlob(sha256: string): Buffer | undefined;
}

/** Prepares the Object Memory reads of `db`. */
export function prepareObjectReads(db: Database.Database): ObjectReads {
  const getNamespace = db.prepare<[string], NamespaceRow>(
    'SELECT name, kind, owner, created_at FROM namespaces WHERE name = ?',
  );
  const listNamespaces = db.prepare<[string, number], NamespaceRow>(
    'SELECT name, kind, owner, created_at FROM namespaces WHERE name > ? ORDER BY name LIMIT ?',
  );
  const getObject = db.prepare<[string], ObjectRow>(
    `SELECT ${OBJECT_COLUMNS} FROM objects WHERE id = ?`,
  );
  const findObject = db.prepare<[string, string], ObjectRow>(
    `SELECT ${OBJECT_COLUMNS} FROM objects WHERE namespace = ? AND name = ? AND deleted_at IS NULL`,
  );
  const listLive = db.prepare<[string, string, number], ObjectRow>(
    `SELECT ${OBJECT_COLUMNS} FROM objects WHERE namespace = ? AND name > ? AND deleted_at IS NULL ORDER BY name, id LIMIT ?`,
  );
  const listAll = db.prepare<[string, string, number], ObjectRow>(
    `SELECT ${OBJECT_COLUMNS} FROM objects WHERE namespace = ? AND name > ? ORDER BY name, id LIMIT ?`,
  );
  const getVersion = db.prepare<[string, number], VersionRow>(
    `SELECT ${VERSION_COLUMNS} FROM object_versions WHERE object_id = ? AND version = ?`,
  );
  const listVersions = db.prepare<[string], VersionRow>(
    `SELECT ${VERSION_COLUMNS} FROM object_versions WHERE object_id = ? ORDER BY version`,
  );
  const getBlob = db.prepare<[string], Buffer>('SELECT bytes FROM blobs WHERE sha256 = ?').pluck();
  return {
    getNamespace: (name) => getNamespace.get(name),
    listNamespaces: (afterName, limit) => listNamespaces.all(afterName, limit),
    getObject: (id) => getObject.get(id),
    findObject: (namespace, name) => findObject.get(namespace, name),
    listObjects: (q) =>
      (q.includeDeleted ? listAll : listLive).all(q.namespace, q.afterName, q.limit),
    getVersion: (id, version) => getVersion.get(id, version),
    listVersions: (id) => listVersions.all(id),
    getBlob: (sha256) => getBlob.get(sha256),
  };
}

/** Prepared Object Memory writes. */
export interface ObjectWrites {
  readonly insertNamespace: Database.Statement<[NamespaceRow]>;
  readonly insertObject: Database.Statement<[ObjectRow]>;
  readonly updateObject: Database.Statement<[ObjectRow & { expected_version: number }]>;
  readonly insertVersion: Database.Statement<[VersionRow]>;
  readonly putBlob: Database.Statement<[string, number, Uint8Array]>;
}

/** Prepares the Object Memory writes of the writing connection. */
export function prepareObjectWrites(db: Database.Database): ObjectWrites {
  return {
    insertNamespace: db.prepare(
      'INSERT INTO namespaces (name, kind, owner, created_at) VALUES (@name, @kind, @owner, @created_at)',
    ),
    insertObject: db.prepare(
      `INSERT INTO objects (${OBJECT_COLUMNS}) VALUES (@id, @namespace, @name, @type, @schema_json, @latest_version, @created_at, @updated_at, @deleted_at)`,
    ),
    updateObject: db.prepare(
      'UPDATE objects SET latest_version = @latest_version, updated_at = @updated_at, deleted_at = @deleted_at ' +
        'WHERE id = @id AND latest_version = @expected_version',
    ),
    insertVersion: db.prepare(
      `INSERT INTO object_versions (${VERSION_COLUMNS}) VALUES (@object_id, @version, @sha256, @size, @labels_json, @created_at)`,
    ),
    putBlob: db.prepare(
      'INSERT INTO blobs (sha256, size, bytes) VALUES (?, ?, ?) ON CONFLICT (sha256) DO NOTHING',
    ),
  };
}
