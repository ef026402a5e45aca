/// The metrics a miner reports with a result, and the one billing rule that turns them into receipt
/// units (GPU seconds).
///
/// Metrics are a flat JSON object of numbers (`{"gpu_time_seconds": 1.5}`); anything else is refused
/// with 400 `invalid_metrics`, so a receipt never bills a value nobody can read.
///
/// Units are read the way AITBC bills, then from MinerKit's own fields: `units`, else
/// `duration_ms` / 1000, else `compute_time`, else `execution_time`, else `gpu_time_seconds`, else
/// `execution_time_seconds`. A receipt without any of them bills the wall time of the lease.
public enum ReportedUsage {
    /// The fields read for units, in order, with the factor that makes each one seconds.
    static let unitFields: [(name: String, toSeconds: Double)] = [
        ("units", 1), ("duration_ms", 0.001), ("compute_time", 1), ("execution_time", 1),
        ("gpu_time_seconds", 1), ("execution_time_seconds", 1),
    ]

    /// Throws 400 `invalid_metrics` unless `metrics` is absent or an object of at most 64 finite numbers.
    public static func validate(_ metrics: JSONValue?) throws {
        guard let metrics, metrics != .null else { return }
        guard case .object(let members) = metrics, members.count <= 64 else {
            throw MinerKitError(.invalidInput, code: "invalid_metrics",
                                "field 'metrics' must be an object of at most 64 numbers")
        }
        for (name, value) in members.sorted(by: { $0.key < $1.key }) {
            guard case .number(let number) = value, number.isFinite else {
                throw MinerKitError(.invalidInput, code: "invalid_metrics", "metrics field '\(name)' must be a number")
            }
        }
    }

    /// The seconds `metrics` report, by the first of ``unitFields`` present and not negative.
    public static func seconds(in metrics: JSONValue?) -> Double? {
        for field in unitFields {
            if let value = metrics?[field.name]?.doubleValue, value.isFinite, value >= 0 { return value * field.toSeconds }
        }
        return nil
    }
}
