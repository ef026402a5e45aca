/// One step into a JSON document: an object member or an array item. Used to say where a problem is.
public enum JSONPathComponent: Sendable, Hashable {
    case key(String)
    case index(Int)

    /// `path` in the `$.metadata.items[2]` notation (`$` alone for the document itself).
    public static func describe(_ path: [JSONPathComponent]) -> String {
        var text = "$"
        for component in path {
            switch component {
            case .key(let key): text += "." + key
            case .index(let index): text += "[\(index)]"
            }
        }
        return text
    }
}
