// What a human asked to approve an `fs.write` sees: the path, the mode and the content itself.
import { createHash } from 'node:crypto';
import { decodeUtf8 } from '../../base/decode-utf8.js';
import { MAX_PREVIEW_CHARS, type EffectPreview } from '../../kernel/approval/types.js';

/**
 * The preview of writing `content` (in `encoding`) to the workspace path `path`: its text (null
 * when the bytes are not UTF-8), cut at {@link MAX_PREVIEW_CHARS}, with the whole content's size
 * and SHA-256.
 */
export function previewWrite(write: {
  path: string;
  content: string;
  encoding: 'utf8' | 'base64';
  mode: 'create' | 'overwrite' | 'append';
}): EffectPreview {
  const bytes = Buffer.from(write.content, write.encoding);
  const text = write.encoding === 'utf8' ? write.content : decodeUtf8(bytes);
  const truncated = text !== null && text.length > MAX_PREVIEW_CHARS;
  return {
    kind: 'write',
    path: write.path,
    mode: write.mode,
    text: text === null ? null : truncated ? cutAt(text, MAX_PREVIEW_CHARS) : text,
    truncated,
    bytes: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
  };
}

/** `text` cut to at most `max` UTF-16 units, never between the halves of a surrogate pair. */
function cutAt(text: string, max: number): string {
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}
