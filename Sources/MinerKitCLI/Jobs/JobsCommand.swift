import ArgumentParser
import Foundation
import MinerKit
import MinerKitHTTP

/// `minerkit jobs ...`: a client of the coordinator's job API.
struct JobsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobs", abstract: "Submit, list, inspect and cancel jobs on a coordinator.",
        subcommands: [Submit.self, List.self, Get.self, Cancel.self])

    /// Prints an answer as JSON, pretty and with sorted keys.
    static func show(_ value: some Encodable) throws {
        let encoder = APIJSON.encoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    struct Submit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Submit a prompt job or a JSON payload job.")
        @OptionGroup var options: CoordinatorOptions
        @Option(help: "Model to run.") var model: String
        @Option(help: "Prompt text (prompt jobs).") var prompt: String?
        @Option(help: "JSON object payload (structured jobs), or @FILE to read it from a file.") var payload: String?
        @Option(help: "JSON object of parameters for prompt jobs.") var params: String?
        @Option(help: "Price offered for the job.") var price: Double?
        @Option(help: "Idempotency-Key to send (default: a new random key, printed to stderr). Running the command again with the same key returns the first job instead of a second one.")
        var idempotencyKey: String?
        @Option(help: ArgumentHelp("Tries when the reply may have been lost (network error, 502/503/504, 429); every try sends the same key.",
                                   discussion: "The command gives up within --attempts × --timeout plus 0.5 s, 1 s, 1.5 s, … between tries: 23 s with the defaults."))
        var attempts: Int = 4

        func validate() throws {
            guard (prompt == nil) != (payload == nil) else {
                throw ValidationError("give exactly one of --prompt or --payload")
            }
            guard attempts >= 1 else { throw ValidationError("--attempts must be at least 1") }
            if let idempotencyKey { _ = try Self.key(idempotencyKey) }
        }

        func run() async throws {
            let request = JobRequestBody(prompt: prompt, model: model, params: try params.map { try Self.object($0, name: "--params") },
                                         payload: try payload.map { try Self.object($0, name: "--payload") }, price: price)
            let key = try idempotencyKey.map(Self.key) ?? .random()
            FileHandle.standardError.write(Data("idempotency key: \(key.text)\n".utf8))
            try JobsCommand.show(try await options.client
                .submit(request, idempotencyKey: key, attempts: attempts))
        }

        static func key(_ text: String) throws -> IdempotencyKey {
            do {
                return try IdempotencyKey(text)
            } catch let error as MinerKitError {
                throw ValidationError("--idempotency-key: \(error.detail)")
            }
        }

        static func object(_ text: String, name: String) throws -> [String: JSONValue] {
            let source = text.hasPrefix("@") ? try String(contentsOfFile: String(text.dropFirst()), encoding: .utf8) : text
            let value: JSONValue
            do {
                value = try JSONValue(parsing: source)
            } catch let error as MinerKitError {
                throw ValidationError("\(name) is not valid JSON: \(error.detail)")
            }
            guard case .object(let members) = value else { throw ValidationError("\(name) must be a JSON object") }
            return members
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List your jobs, newest first.")
        @OptionGroup var options: CoordinatorOptions
        @Option(help: "Only jobs in this state: pending, running, completed, failed, cancelled.") var status: String?
        @Option(help: "At most this many (1-100).") var limit: Int = 20
        @Option(help: "Skip this many.") var offset: Int = 0

        func run() async throws {
            try JobsCommand.show(try await options.client
                .jobs(status: status, limit: limit, offset: offset))
        }
    }

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one job.")
        @OptionGroup var job: JobReference

        func run() async throws {
            try JobsCommand.show(try await job.options.client.job(id: job.id))
        }
    }

    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cancel a pending or running job.")
        @OptionGroup var job: JobReference

        func run() async throws {
            try JobsCommand.show(try await job.options.client.cancel(id: job.id))
        }
    }
}
