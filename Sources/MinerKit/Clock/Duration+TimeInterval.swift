import Foundation

extension Duration {
    /// The duration in seconds, as a `TimeInterval` (for rates, timeouts and printing).
    public var timeInterval: TimeInterval {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
