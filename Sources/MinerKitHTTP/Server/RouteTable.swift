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

    /// The methods served on `path`: those of the one pattern the router resolves it to, chosen as
    /// Hummingbird's trie does (at the first segment where matching patterns differ, a literal segment
    /// wins over a parameter), plus `HEAD` wherever `GET` is served (Hummingbird answers it). Empty when
    /// no route has that path.
    func methods(matching path: Substring) -> [String] {
        entries.withLock { routes in
            let matching = routes.filter { $0.matches(path) }
            guard let resolved = matching.map(\.path).max(by: { Self.lessSpecific($0, than: $1) }) else { return [] }
            var methods: [String] = []
            for route in matching where route.path == resolved && !methods.contains(route.method) {
                methods.append(route.method)
            }
            if methods.contains("GET"), !methods.contains("HEAD") { methods.append("HEAD") }
            return methods
        }
    }

    /// Whether the router prefers pattern `b` to `a` for a path both match.
    private static func lessSpecific(_ a: String, than b: String) -> Bool {
        let parameter: (Substring) -> Bool = { $0 == "*" || ($0.first == "{" && $0.last == "}") }
        for (x, y) in zip(a.split(separator: "/"), b.split(separator: "/")) where parameter(x) != parameter(y) {
            return parameter(x)
        }
        return false
    }
}
