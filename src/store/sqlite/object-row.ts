// Maps Object Memory records to and from their rows.
import type {
  Labels,
  MemoryObject,
  Namespace,
  ObjectId,
  ObjectVersion,
} from '../../kernel/object/types.js';
import type { Pid } from '../../base/ids.js';

/** A row of `namespaces`. */
export interface NamespaceRow {
  readonly name: string;
  readonly kind: string;
  readonly owner: string;
  readonly created_at: number;
}

/** A row of `objects`. */
export interface ObjectRow {
  readonly id: string;
  readonly namespace: string;
  readonly name: string;
  readonly type: string;
  readonly schema_json: string | null;
  readonly latest_version: number;
  readonly created_at: number;
  readonly updated_at: number;
  readonly deleted_at: number | null;
}

/** A row of `object_versions`. */
export interface VersionRow {
  readonly object_id: string;
  readonly version: number;
  readonly sha256: string;
  readonly size: number;
  readonly labels_json: string;
  readonly created_at: number;
}

/** Row ↔ record conversions. */
export const objectRows = {
  toNamespace: (ns: Namespace): NamespaceRow => ({
    name: ns.name,
    kind: ns.kind,
    owner: ns.owner,
    created_at: ns.createdAt,
  }),
  fromNamespace: (row: NamespaceRow): Namespace => ({
    name: row.name,
    kind: row.kind as Namespace['kind'],
    owner: row.owner as Pid | 'operator',
    createdAt: row.created_at,
  }),
  toObject: (o: MemoryObject): ObjectRow => ({
    id: o.id,
    namespace: o.namespace,
    name: o.name,
    type: o.type,
    schema_json: o.schema,
    latest_version: o.latestVersion,
    created_at: o.createdAt,
    updated_at: o.updatedAt,
    deleted_at: o.deletedAt,
  }),
  fromObject: (row: ObjectRow): MemoryObject => ({
    id: row.id as ObjectId,
    namespace: row.namespace,
    name: row.name,
    type: row.type,
    schema: row.schema_json,
    latestVersion: row.latest_version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deletedAt: row.deleted_at,
  }),
  toVersion: (v: ObjectVersion): VersionRow => ({
    object_id: v.objectId,
    version: v.version,
    sha256: v.sha256,
    size: v.size,
    labels_json: JSON.stringify(v.labels),
    created_at: v.createdAt,
  }),
  fromVersion: (row: VersionRow): ObjectVersion => ({
    objectId: row.object_id as ObjectId,
    version: row.version,
    sha256: row.sha256,
    size: row.size,
    labels: JSON.parse(row.labels_json) as Labels,
    createdAt: row.created_at,
  }),
} as const;
