-- 006-compact-rows: tool results by reference.
-- Released migrations are never edited: add a new numbered file instead.

-- A transcript result whose content is large enough keeps it in `blobs` (content-addressed, shared
-- with Object Memory's payloads, so identical contents are stored once) and names it here; its
-- `item_json` then holds `"content":null`. Rows written before keep their content inline (NULL).
ALTER TABLE transcript ADD COLUMN content_sha256 TEXT;
