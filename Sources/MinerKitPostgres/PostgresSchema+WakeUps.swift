extension PostgresSchema {
    /// The database announces queued jobs itself (``PostgresJobWakeUps``): a row trigger notifies
    /// `minerkit_jobs` when a job is inserted queued or moves back to the queue. The notification is
    /// part of that transaction: delivered on commit, never for a rolled-back run.
    static let wakeUps: [PostgresMigration] = [
        PostgresMigration(name: "job-wake-ups-v1", statements: [
            """
            CREATE FUNCTION minerkit_jobs_queued() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM pg_notify('minerkit_jobs', NEW.queue_seq || ':1 ' || NEW.model);
                RETURN NULL;
            END
            $$
            """,
            """
            CREATE TRIGGER jobs_queued_insert AFTER INSERT ON jobs
                FOR EACH ROW WHEN (NEW.state = 'queued') EXECUTE FUNCTION minerkit_jobs_queued()
            """,
            """
            CREATE TRIGGER jobs_queued_update AFTER UPDATE OF state ON jobs
                FOR EACH ROW WHEN (NEW.state = 'queued' AND OLD.state <> 'queued') EXECUTE FUNCTION minerkit_jobs_queued()
            """,
        ]),
    ]
}
