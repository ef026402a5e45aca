-- Queues :jobs jobs of model 'echo' (psql -v jobs=N -f seed_jobs.sql) in a database MinerKit has
-- migrated (PostgresDatabasePool.open). Every claim_complete.sql transaction consumes one.
INSERT INTO jobs (id, client, model, input, params, price, priority, state, attempts, created_at, updated_at)
SELECT 'job_' || g, 'ck_bench', 'echo', 'hello', '{}', 0, 0, 'queued', 0, extract(epoch FROM now()), extract(epoch FROM now())
FROM generate_series(1, :jobs) AS g;
ANALYZE jobs;
