// A request as lists and the event stream carry it: without the effect preview, which can be large.
import type { HumanRequest } from '../kernel/approval/types.js';

/**
 * `request` without its body's `preview` (a write's content, up to 128 Ki characters): a list of
 * a thousand requests, or an event sent to every viewer, stays small. `GET /api/approvals/{id}`
 * and its `/context` carry the preview.
 */
export function listedRequest(request: HumanRequest): HumanRequest {
  if (request.body.kind !== 'permission' || request.body.preview === undefined) return request;
  const { preview: _preview, ...body } = request.body;
  return { ...request, body };
}
