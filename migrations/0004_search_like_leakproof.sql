-- Partial-name search (`search_key LIKE '%…%'`) must use the pg_trgm GIN index
-- (quality.md "Notes for fast Japanese search"). Under row-level security the planner may
-- use a condition as an index condition only if its function is LEAKPROOF, so that no row
-- of another tenant is ever handed to it before the tenant policy filtered it; LIKE's
-- function `textlike` is not marked so in PostgreSQL, and every customer search would scan
-- the whole tenant.
--
-- Why marking it is safe here: textlike's answer depends only on its two arguments, and
-- the only error it can raise ("LIKE pattern must not end with escape character") comes
-- from the pattern. Our queries take the pattern from the request, never from a row. And
-- the policy keys on `app.tenant_id`, which anyone able to send arbitrary SQL as
-- `keiyaku_app` can set anyway: RLS guards against application mistakes, which cannot
-- reach a row through textlike.
--
-- Marking a function LEAKPROOF needs a superuser. A migration run by a non-superuser owner
-- leaves it unmarked (search stays correct, only slower); docs/rules/customers.md says what a
-- DBA runs once in that case.
DO $$
BEGIN
  IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    ALTER FUNCTION pg_catalog.textlike(text, text) LEAKPROOF;
  ELSE
    RAISE NOTICE 'textlike(text, text) is not LEAKPROOF: run ALTER FUNCTION pg_catalog.textlike(text, text) LEAKPROOF as a superuser so customer search uses its trigram index (docs/rules/customers.md)';
  END IF;
END
$$;
