/// Receives the ``MinerKitEvent``s of a service (``Coordinator``, ``InferenceService``), so an adapter
/// can count them without the core depending on a metrics package.
///
/// Called on the caller's task right after the event, so it must be cheap and must not block: increment
/// a counter, append to a buffer.
///
/// ```swift
/// struct Printer: MinerKitObserver {
///     func observe(_ event: MinerKitEvent) { print(event) }
/// }
/// let coordinator = Coordinator(store: store, keyPair: .generate(), observer: Printer())
/// ```
public protocol MinerKitObserver: Sendable {
    func observe(_ event: MinerKitEvent)
}
