import Hummingbird
import Synchronization

/// One registered endpoint: method and path pattern (`/v1/jobs/{job_id}`).
public struct APIRoute: Sendable, Hashable, CustomStringConvertible {
    public var method: String
    public var path: String

    public init(method: String, path: String) {
        self.method = method
        self.path = path
    }

    public var description: String { "\(method) \(path)" }

    /// Whether `requestPath` matches this route's pattern (`{name}` and `*` match one segment).
    func matches(_ requestPath: Substring) -> Bool {
        let pattern = path.split(separator: "/", omittingEmptySubsequences: true)
        let segments = requestPath.split(separator: "/", omittingEmptySubsequences: true)
        guard pattern.count == segments.count else { return false }
        return zip(pattern, segments).allSatisfy { p, s in p == s || p == "*" || (p.first == "{" && p.last == "}") }
    }
}

/// Every endpoint an ``APIRouter`` serves, in registration order. The error middleware uses it to tell
/// 405 from 404, and the OpenAPI tests use it to prove the documents list everything served.
public final class RouteTable: Sendable {
    private let entries = Mutex<[APIRoute]>([])

    public init() {}

    /// All routes registered so far.
    public var routes: [APIRoute] { entries.withLock { $0 } }

    func add(_ route: APIRoute) { entries.withLock { $0.append(route) } }

    /// The methods registered for paths matching `path`; empty when no route has that path.
    func methods(matching path: Substring) -> [String] {
        entries.withLock { routes in
            var seen = Set<String>()
            return routes.filter { $0.matches(path) && seen.insert($0.method).inserted }.map(\.method)
        }
    }
}
