import Foundation
import Logging
import MinerKit
import ServiceLifecycle

/// Loads the inference model as a lifecycle service, next to the server that already answers 503
/// `loading`: it ends once the model is loaded, and a failure stops the whole group with its error
/// (the command then ends with status 1), instead of an `exit()` from a stray task.
struct ModelLoadService: Service {
    let service: InferenceService
    let directory: URL

    func run() async throws {
        do {
            try await service.load(modelDirectory: directory)
        } catch {
            throw CommandFailure(description: "cannot load the model from \(directory.path): \(error)")
        }
        print("model loaded from \(directory.path) (gpu available: \(service.gpuAvailable))")
    }
}
