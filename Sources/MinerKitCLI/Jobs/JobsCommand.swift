import ArgumentParser
import Foundation
import MinerKit
import MinerKitHTTP

/// `minerkit jobs ...`: a client of the coordinator's job API.
struct JobsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobs", abstract: "Submit, list, inspect and cancel jobs on a coordinator.",
        subcommands: [Submit.self, List.self, Get.self, Cancel.self])

    /// Prints a JSON answer, pretty and with sorted keys.
    static func show(_ value: JSONValue) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        print((try? String(decoding: encoder.encode(value), as: UTF8.self)) ?? value.jsonString())
    }

    struct Submit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Submit a prompt job or a JSON payload job.")
        @OptionGroup var options: CoordinatorOptions
        @Option(help: "Model to run.") var model: String
        @Option(help: "Prompt text (prompt jobs).") var prompt: String?
        @Option(help: "JSON object payload (structured jobs), or @FILE to read it from a file.") var payload: String?
        @Option(help: "JSON object of parameters for prompt jobs.") var params: String?
        @Option(help: "Price offered for the job.") var price: Double?

        func validate() throws {
            guard (prompt == nil) != (payload == nil) else {
                throw ValidationError("give exactly one of --prompt or --payload")
            }
        }

        func run() async throws {
            var body: [String: JSONValue] = ["model": .string(model)]
            if let prompt { body["prompt"] = .string(prompt) }
            if let payload { body["payload"] = try Self.object(payload, name: "--payload") }
            if let params { body["params"] = try Self.object(params, name: "--params") }
            if let price { body["price"] = .number(price) }
            JobsCommand.show(try await CoordinatorClient(baseURL: options.coordinator, apiKey: options.apiKey, httpClient: .failFast)
                .submit(.object(body)))
        }

        static func object(_ text: String, name: String) throws -> JSONValue {
            let source = text.hasPrefix("@") ? try String(contentsOfFile: String(text.dropFirst()), encoding: .utf8) : text
            guard let value = JSONValue(jsonString: source), case .object = value else {
                throw ValidationError("\(name) must be a JSON object")
            }
            return value
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List your jobs, newest first.")
        @OptionGroup var options: CoordinatorOptions
        @Option(help: "Only jobs in this state: pending, running, completed, failed, cancelled.") var status: String?
        @Option(help: "At most this many (1-100).") var limit: Int = 20
        @Option(help: "Skip this many.") var offset: Int = 0

        func run() async throws {
            JobsCommand.show(try await CoordinatorClient(baseURL: options.coordinator, apiKey: options.apiKey, httpClient: .failFast)
                .jobs(status: status, limit: limit, offset: offset))
        }
    }

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one job.")
        @OptionGroup var options: CoordinatorOptions
        @Argument(help: "Job id.") var id: String

        func run() async throws {
            JobsCommand.show(try await CoordinatorClient(baseURL: options.coordinator, apiKey: options.apiKey, httpClient: .failFast).job(id: id))
        }
    }

    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cancel a pending or running job.")
        @OptionGroup var options: CoordinatorOptions
        @Argument(help: "Job id.") var id: String

        func run() async throws {
            JobsCommand.show(try await CoordinatorClient(baseURL: options.coordinator, apiKey: options.apiKey, httpClient: .failFast).cancel(id: id))
        }
    }
}
