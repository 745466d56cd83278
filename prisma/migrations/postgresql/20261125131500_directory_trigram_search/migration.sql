-- PostgreSQL only: the user directory searches by part of an email, name or phone
-- (LIKE '%part%' on lower-cased columns), which a b-tree index cannot serve; trigram GIN
-- indexes can, so a search stays fast with millions of users. SQLite has no equivalent
-- and scans, which suits the embedded default's size.
-- pg_trgm ships with PostgreSQL (contrib) and is a trusted extension since PostgreSQL 13,
-- so the database owner may create it. Where it is not available the search still works,
-- by a scan, and the migration does not fail.
DO $$
BEGIN
  CREATE EXTENSION IF NOT EXISTS pg_trgm;
  CREATE INDEX IF NOT EXISTS "User_email_trgm_idx" ON "User" USING gin ("email" gin_trgm_ops);
  CREATE INDEX IF NOT EXISTS "UserAttribute_searchValue_trgm_idx" ON "UserAttribute" USING gin ("searchValue" gin_trgm_ops);
EXCEPTION WHEN OTHERS THEN
  RAISE NOTICE 'pg_trgm is not available (%): directory search by part of a value will scan', SQLERRM;
END $$;
