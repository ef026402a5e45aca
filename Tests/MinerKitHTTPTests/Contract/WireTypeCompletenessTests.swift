import Foundation
import Hummingbird
import HummingbirdTesting
import MinerKit
@testable import MinerKitHTTP
import Testing

/// One declaration per wire type: a type's `CodingKeys` name its members for `Codable` and, through an
/// exhaustive `switch`, for its ``WireSchema``. This suite closes the loop at run time, for every schema of
/// every served `/openapi.json`: the sample of the type (``WireSchemaRoundTripTests``) names every
/// member the schema does, decodes to a value that encodes back to exactly those members and decodes to
/// the same value again. A member added to a type is in its schema (or the build fails), so it must be in
/// its sample, so it must be read and served.
@Suite("Wire types: one declaration, served, read and documented")
struct WireTypeCompletenessTests {
    /// Members a type reads in place of another and never writes, by schema name.
    static let readOnlyAliases: [String: Set<String>] = ["PoolEvaluationInput": ["id"]]

    /// The member names `schema` lists, by whether they are required.
    static func members(of schema: JSONValue) -> (all: Set<String>, required: Set<String>) {
        guard case .object(let properties)? = schema["properties"] else { return ([], []) }
        var required = Set<String>()
        if case .array(let names)? = schema["required"] { required = Set(names.compactMap(\.stringValue)) }
        return (Set(properties.keys), required)
    }

    /// What is wrong with `encoded` as the encoding of a complete value of the type `schema` describes.
    static func problems(_ name: String, encoded: JSONValue, schema: JSONValue) -> [String] {
        guard case .object(let written) = encoded else { return ["\(name) does not encode to an object"] }
        let documented = members(of: schema)
        let expected = documented.all.subtracting(readOnlyAliases[name] ?? [])
        let names = Set(written.keys)
        var problems: [String] = []
        for member in expected.subtracting(names).sorted() {
            problems.append("\(name): \(member) is documented but not written" + (documented.required.contains(member) ? " (required)" : ""))
        }
        for member in names.subtracting(documented.all).sorted() {
            problems.append("\(name): \(member) is written but not documented")
        }
        return problems
    }

    /// The document a router serves at `/openapi.json`.
    static func served(by router: APIRouter) async throws -> JSONValue {
        let app = APIServer.application(router: router)
        return try await app.test(.router) { client in
            let response = try await client.execute(uri: "/openapi.json", method: .get)
            #expect(response.status == .ok)
            return try JSONDecoder().decode(JSONValue.self, from: Data(buffer: response.body))
        }
    }

    static func servedDocument(_ server: String) async throws -> JSONValue {
        switch server {
        case "coordinator":
            return try await served(by: CoordinatorAPI.router(coordinator: Coordinator(store: InMemoryStore(), keyPair: .generate())))
        case "pool":
            return try await served(by: PoolHTTPFixture(monitorToken: "secret").router)
        default:
            return try await served(by: APIRouter(maxBodyBytes: InferenceRoutes.maxBodyBytes(for: AudioLimits()),
                                                  groups: [InferenceRoutes(service: InferenceService())]))
        }
    }

    @Test(arguments: ["coordinator", "pool", "inference"])
    func everyServedSchemaIsWrittenAndReadInFull(server: String) async throws {
        let document = try await Self.servedDocument(server)
        guard case .object(let schemas)? = document["components"]?["schemas"] else {
            Issue.record("\(server): no component schemas")
            return
        }
        for (name, schema) in schemas.sorted(by: { $0.key < $1.key }) {
            guard let sample = (server == "coordinator" ? WireSchemaRoundTripTests.coordinatorSamples : [:])[name]
                ?? WireSchemaRoundTripTests.samples[name] else {
                Issue.record("\(server): no sample of \(name)")
                continue
            }
            #expect(!Self.members(of: schema).all.isEmpty, "\(server): \(name) names no members")
            // The value read from the sample encodes to every documented member and nothing else, and
            // reads back as the same value (the round trip throws when it does not).
            let encoded = try sample.roundTrip(sample.json)
            #expect(Self.problems(name, encoded: encoded, schema: schema) == [], "\(server)")
            #expect(encoded == JSONValue(jsonString: sample.json), "\(server): \(name) does not encode back to its sample")
        }
    }

    @Test func anAliasIsReadAsTheMemberItStandsFor() throws {
        let decoder = APIJSON.decoder()
        let byAlias = try decoder.decode(PoolEvaluationInput.self, from: Data(#"{"id":"alg_1","score":0.5}"#.utf8))
        #expect(byAlias == PoolEvaluationInput(algorithmID: "alg_1", score: 0.5))
    }

    /// What the check reports for a type whose encoder forgets a member, or writes one its schema lacks.
    @Test func aMemberWrittenOrLeftOutAgainstTheSchemaIsCaught() {
        let schema: JSONValue = ["type": "object", "properties": ["a": ["type": "integer"], "b": ["type": "string"]],
                                 "required": ["a"]]
        #expect(Self.problems("T", encoded: ["a": 1, "b": "x"], schema: schema) == [])
        #expect(Self.problems("T", encoded: ["a": 1], schema: schema) == ["T: b is documented but not written"])
        #expect(Self.problems("T", encoded: ["b": "x"], schema: schema) == ["T: a is documented but not written (required)"])
        #expect(Self.problems("T", encoded: ["a": 1, "b": "x", "c": true], schema: schema)
            == ["T: c is written but not documented"])
    }
}
