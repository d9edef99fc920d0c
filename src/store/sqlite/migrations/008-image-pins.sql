-- 008-image-pins: each process records the image version it runs.
-- Released migrations are never edited: add a new numbered file instead.

-- Every insert and update writes it; the default only fills the rows that exist now.
ALTER TABLE processes ADD COLUMN image_version INTEGER NOT NULL DEFAULT 1;

-- Before this migration a process named by a bare id loaded the newest version of its image at
-- every quantum, so the newest registered version now is the one it ran last (or would run
-- next): it is pinned to that. A built-in id has no rows here and keeps 1, the only version any
-- built-in had. (This runs before the split below, which makes ids bare.)
UPDATE processes
SET image_version = (SELECT MAX(i.version) FROM images i WHERE i.id = processes.image_id)
WHERE instr(image_id, '@') = 0
  AND EXISTS (SELECT 1 FROM images i WHERE i.id = processes.image_id);

-- A process spawned as `id@N` ran version N: the id is kept bare and the version moves here.
UPDATE processes
SET image_version = CAST(substr(image_id, instr(image_id, '@') + 1) AS INTEGER),
    image_id = substr(image_id, 1, instr(image_id, '@') - 1)
WHERE instr(image_id, '@') > 1
  AND substr(image_id, instr(image_id, '@') + 1) <> ''
  AND substr(image_id, instr(image_id, '@') + 1) NOT GLOB '*[^0-9]*'
  AND CAST(substr(image_id, instr(image_id, '@') + 1) AS INTEGER) >= 1;
