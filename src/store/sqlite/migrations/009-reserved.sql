-- 009: reserved for a branch developed in parallel (migration numbers are assigned per branch).
-- It changes nothing; when that branch's own 009 lands, this file is dropped in its favour.
SELECT 1;
