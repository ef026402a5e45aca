-- The ceiling for PostgresStore's claim + complete: the same statements, without Swift.
-- Claim: one unit of work (SELECT … FOR UPDATE SKIP LOCKED in dispatch order, UPDATE, the commit-outcome
-- probe, COMMIT); complete: a second one (SELECT … FOR UPDATE, UPDATE, probe, COMMIT). Rows are named by
-- their unique queue_seq (pgbench variables cannot be quoted as text), the store names them by id.
--   psql -v jobs=200000 -f seed_jobs.sql "$URL"
--   pgbench -n -f claim_complete.sql -c 4 -j 2 -T 10 "$URL"     (seed at least clients × expected tps × seconds)
\set miner random(1, 64)
BEGIN;
SELECT queue_seq AS job, coalesce(lease_token, 0) + 1 AS token FROM jobs
  WHERE state = 'queued' AND model = 'echo' ORDER BY priority DESC, queue_seq LIMIT 1 FOR UPDATE SKIP LOCKED \gset
UPDATE jobs SET state = 'leased', attempts = attempts, lease_miner = 'm' || :miner, lease_token = :token,
  lease_granted_at = extract(epoch FROM now()), lease_deadline = extract(epoch FROM now()) + 60,
  started_at = extract(epoch FROM now()), updated_at = extract(epoch FROM now())
  WHERE queue_seq = :job;
SELECT pg_current_xact_id_if_assigned();
COMMIT;
BEGIN;
SELECT id FROM jobs WHERE queue_seq = :job FOR UPDATE;
UPDATE jobs SET state = 'completed', result = 'ok', result_hash = 'sha256:00', finished_at = extract(epoch FROM now()),
  updated_at = extract(epoch FROM now())
  WHERE queue_seq = :job;
SELECT pg_current_xact_id_if_assigned();
COMMIT;
