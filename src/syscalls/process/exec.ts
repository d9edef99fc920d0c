// process.exec: replaces the caller's image and shrinks its authority; needs `image:<id> exec`.
import { z } from 'zod';
import { defineSyscall, done } from '../define-syscall.js';
import { capabilityIdInput, goalText, imageVersionInput, labelText } from '../schemas.js';

/**
 * Executes another image (or another version of its own) in place, keeping the pid. Authority
 * shrinks by default: of the caller's allow records only those named in `keep` stay (its deny and
 * ask records, the lineage records the runtime issued and its model records always stay); the
 * rest are revoked with what was delegated from them. The new image's requirements grant nothing.
 */
export const processExec = defineSyscall({
  name: 'process.exec',
  summary:
    'Replace your image (and optionally your goal), keeping your pid; only the capabilities you keep stay.',
  input: z
    .object({
      /** A bare image id: name a version with imageVersion (default: the newest). */
      imageId: labelText.refine((id) => !id.includes('@'), {
        message: 'name the version with imageVersion, not id@N',
      }),
      imageVersion: imageVersionInput.optional(),
      goal: goalText.optional(),
      /** Ids of your capability records to keep; every other allow record is dropped. */
      keep: z.array(capabilityIdInput).max(256).optional(),
    })
    .strict(),
  resources: (input) => [{ resource: { kind: 'image', path: input.imageId }, right: 'exec' }],
  effect: 'state',
  journal: (input) => ({
    imageId: input.imageId,
    ...(input.imageVersion === undefined ? {} : { imageVersion: input.imageVersion }),
    keep: input.keep?.length ?? 0,
  }),
  run: async (input, ctx) => {
    const result = await ctx.kernel.exec({
      imageId: input.imageId,
      ...(input.imageVersion === undefined ? {} : { imageVersion: input.imageVersion }),
      ...(input.goal === undefined ? {} : { goal: input.goal }),
      ...(input.keep === undefined ? {} : { keep: input.keep }),
    });
    return done({
      imageId: result.imageId,
      imageVersion: result.imageVersion,
      kept: [...result.kept],
      dropped: [...result.dropped],
    });
  },
});
