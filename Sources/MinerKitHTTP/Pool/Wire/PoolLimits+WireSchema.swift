import MinerKit

/// The shapes of the names and DSLs a pool accepts, as its wire schemas state them.
extension PoolLimits {
    /// The shape `checkName(_:field:)` accepts: 1 to `maxNameLength` of `[A-Za-z0-9_.:-]`.
    var nameSchema: WireSchema {
        .string(minLength: 1, maxLength: maxNameLength, pattern: "^[A-Za-z0-9_.:-]+$")
    }

    /// The shape `checkDSL(_:)` accepts: visible content, at most `maxDSLBytes` UTF-8 bytes.
    var dslSchema: WireSchema {
        .string(maxLength: maxDSLBytes, pattern: "\\S").described("At most \(maxDSLBytes) UTF-8 bytes, not only spaces")
    }
}
