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
        let backend = await service.backend
        let kernels = (backend as? CPUBackend).map { ", OpenBLAS \($0.blasCore) kernels, \($0.blasThreads) thread(s) per product" } ?? ""
        say("model loaded from \(directory.path) on \(backend?.name ?? "no backend")\(kernels) (gpu available: \(service.gpuAvailable))")
    }
}
