// Renders Object Memory listings as the `objects list` table.
import type { ObjectSnapshot } from '../../ports/object-ops.js';
import { formatTable } from './format-table.js';

/** The table of `items`: id, name, type, namespace, version, size and labels. */
export function formatObjectTable(items: readonly ObjectSnapshot[]): string {
  return formatTable(
    ['ID', 'NAME', 'TYPE', 'NAMESPACE', 'VERSION', 'SIZE', 'LABELS'],
    items.map(({ object, version }) => [
      object.id,
      object.name,
      object.type,
      object.namespace,
      String(version.version),
      String(version.size),
      `${version.labels.sensitivity} ${version.labels.origins.join(',')} by ${version.labels.creator}`,
    ]),
  );
}
