import MinerKit

extension APIOperation.Parameter {
    /// A request header parameter, optional unless `required`.
    public static func header(_ name: String, _ schema: WireSchema, required: Bool = false,
                              description: String? = nil) -> APIOperation.Parameter {
        APIOperation.Parameter(name: name, location: "header", required: required, schema: schema, description: description)
    }
}
