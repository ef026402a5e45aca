-- The ceiling for PostgresStore's claim + complete: the statements the store sends, without Swift (run
-- with `-M prepared`: the store prepares its statements once per connection). Claim: one unit of work (BEGIN; the reap of lapsed
-- leases the store runs before every lease; SELECT … FOR UPDATE SKIP LOCKED in dispatch order; UPDATE of the
-- columns a job's progress changes, returning the transaction id for the commit-outcome check; COMMIT);
-- complete: a second one (BEGIN; SELECT … FOR UPDATE; UPDATE returning the id; COMMIT). Every SELECT returns
-- the job's 22 columns, as the store's do.
--   psql -v jobs=200000 -f seed_jobs.sql "$URL"
--   pgbench -n -M prepared -f claim_complete.sql -c 4 -j 2 -T 10 "$URL"   (seed at least clients × tps × seconds)
\set miner random(1, 64)
BEGIN;
SELECT id, client, model, input, params, price, priority, state, attempts, lease_miner, lease_token,
  lease_granted_at, lease_deadline, result, result_hash, metrics, failure_reason, created_at, updated_at,
  started_at, finished_at, lease_acknowledged FROM jobs
  WHERE state = 'leased' AND lease_deadline <= extract(epoch FROM now())
  ORDER BY lease_deadline LIMIT 64 FOR UPDATE SKIP LOCKED;
SELECT id AS job, coalesce(lease_token, 0) + 1 AS token, client, model, input, params, price, priority, state,
  attempts, lease_miner, lease_granted_at, lease_deadline, result, result_hash, metrics, failure_reason,
  created_at, updated_at, started_at, finished_at, lease_acknowledged FROM jobs
  WHERE state = 'queued' AND model = 'echo' AND id <> ALL('{}'::text[])
  ORDER BY priority DESC, queue_seq LIMIT 1 FOR UPDATE SKIP LOCKED \gset
UPDATE jobs SET price = 0, priority = 0, state = 'leased', attempts = 0, lease_miner = 'm' || :miner,
  lease_token = :token, lease_granted_at = extract(epoch FROM now()), lease_deadline = extract(epoch FROM now()) + 3600,
  result = NULL, result_hash = NULL, metrics = NULL, failure_reason = NULL, updated_at = extract(epoch FROM now()),
  started_at = extract(epoch FROM now()), finished_at = NULL, lease_acknowledged = true
  WHERE id = :job RETURNING pg_current_xact_id()::text;
COMMIT;
BEGIN;
SELECT id, client, model, input, params, price, priority, state, attempts, lease_miner, lease_token,
  lease_granted_at, lease_deadline, result, result_hash, metrics, failure_reason, created_at, updated_at,
  started_at, finished_at, lease_acknowledged FROM jobs WHERE id = :job FOR UPDATE;
UPDATE jobs SET price = 0, priority = 0, state = 'completed', attempts = 1, lease_miner = 'm' || :miner,
  lease_token = :token, lease_granted_at = extract(epoch FROM now()), lease_deadline = extract(epoch FROM now()) + 3600,
  result = 'ok', result_hash = 'sha256:2689367b205c16ce32ed4200942b8b8b1e262dfc70d9bc9fbc77c49699a4f1df',
  metrics = NULL, failure_reason = NULL, updated_at = extract(epoch FROM now()),
  started_at = extract(epoch FROM now()), finished_at = extract(epoch FROM now()), lease_acknowledged = true
  WHERE id = :job RETURNING pg_current_xact_id()::text;
COMMIT;
