import NIOCore

/// A task executor that runs jobs on one NIO event loop: a unit of work runs on its connection's loop.
///
/// A statement's reply arrives on the connection's event loop. A task running elsewhere (the cooperative
/// pool) resumes only after a thread hop: a wake-up on the loop's side and another on the pool's, for
/// every statement, which cost more than the statement itself on loopback. Under this executor's
/// preference the task resumes on the loop that received the reply, in the same turn, so a unit of work
/// of five statements pays two hops (in and out), not ten.
///
/// Only for code that never blocks (a unit of work awaits its statements and computes briefly): a job
/// on an event loop holds up every connection on that loop while it runs.
final class EventLoopTaskExecutor: TaskExecutor {
    let eventLoop: any EventLoop

    init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        eventLoop.execute { job.runSynchronously(on: executor) }
    }
}
