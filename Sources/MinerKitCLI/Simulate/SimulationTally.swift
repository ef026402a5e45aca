import Foundation
import MinerKit
import MinerKitTesting
import Synchronization

/// What `minerkit simulate` measures, gathered as events arrive so memory holds only what the report
/// needs: the submit time of jobs still open, one latency per finished job and a count per miner.
final class SimulationTally: Sendable {
    struct Report {
        /// Submit-to-receipt latency of every completed job, in milliseconds, ascending.
        var latenciesMs: [Double]
        var perMiner: [String: Int]
    }

    private struct State {
        var openSince: [String: ContinuousClock.Instant] = [:]
        var latenciesMs: [Double] = []
        var perMiner: [String: Int] = [:]
        /// Completions seen before their submit call returned (a fast miner can win that race).
        var early: [String: (miner: String, at: ContinuousClock.Instant)] = [:]

        mutating func finish(miner: String, latency: Duration) {
            latenciesMs.append(latency.timeInterval * 1000)
            perMiner[miner, default: 0] += 1
        }
    }

    private let state: Mutex<State>

    init(miners: Int) {
        var initial = State()
        initial.perMiner.reserveCapacity(miners)
        state = Mutex(initial)
    }

    /// Jobs finished so far.
    var finishedCount: Int { state.withLock { $0.latenciesMs.count } }

    /// Notes that `jobID` was submitted at `instant` (taken just before the submit call).
    func submitted(_ jobID: String, at instant: ContinuousClock.Instant) {
        state.withLock { state in
            if let done = state.early.removeValue(forKey: jobID) {
                state.finish(miner: done.miner, latency: done.at - instant)
            } else {
                state.openSince[jobID] = instant
            }
        }
    }

    /// Takes one miner event; only completions are counted.
    func record(_ record: MinerEventRecord) {
        guard case .completed(let jobID, _) = record.event else { return }
        state.withLock { state in
            if let since = state.openSince.removeValue(forKey: jobID) {
                state.finish(miner: record.miner, latency: record.at - since)
            } else {
                state.early[jobID] = (record.miner, record.at)
            }
        }
    }

    func report() -> Report {
        state.withLock { state in Report(latenciesMs: state.latenciesMs.sorted(), perMiner: state.perMiner) }
    }
}
