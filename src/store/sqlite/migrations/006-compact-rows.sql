-- 006-compact-rows: tool results by reference, effect intents keyed and indexed compactly.
-- Released migrations are never edited: add a new numbered file instead.

-- A transcript result whose content is large enough keeps it in `blobs` (content-addressed, shared
-- with Object Memory's payloads, so identical contents are stored once) and names it here; its
-- `item_json` then holds `"content":null`. Rows written before keep their content inline (NULL).
ALTER TABLE transcript ADD COLUMN content_sha256 TEXT;

-- Effect intents: the idempotency key (sha256 of pid and call id) as 32 bytes, not 64 hex
-- characters, in the row and its unique index; rows written before are converted here, so a call
-- re-issued after the upgrade still finds its intent.
UPDATE effect_intents SET idempotency_key = unhex(idempotency_key)
  WHERE typeof(idempotency_key) = 'text' AND length(idempotency_key) = 64
    AND idempotency_key NOT GLOB '*[^0-9a-f]*';

-- Recovery looks only for pending intents; the settled ones (nearly all) need no index entry.
DROP INDEX effect_intents_by_state;
CREATE INDEX effect_intents_pending ON effect_intents (id) WHERE state = 'pending';
