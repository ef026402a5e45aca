/// A dense layer's parameters as PyTorch's `nn.Linear` holds them: `weight` is `[out × in]`, `bias` has
/// `out` values.
///
/// Made once per layer when a model loads and handed to ``TensorBackend/place(_:)``, which returns the
/// layer ready for that backend's products: the CPU reads the host values as they are, CUDA keeps a copy
/// of the weight in device memory (``deviceWeight``) for as long as the layer lives, so a product never
/// uploads a weight again.
public struct LinearLayer: Sendable {
    public let weight: Matrix
    public let bias: [Float]
    /// The weight in device memory, once the layer is placed on a GPU backend; `nil` on the host.
    let deviceWeight: DeviceWeights?

    /// A host layer; throws `tensor_shape_mismatch` when `bias` does not have one value per weight row.
    public init(weight: Matrix, bias: [Float]) throws {
        guard bias.count == weight.rows else {
            throw MinerKitError(.internal, code: "tensor_shape_mismatch",
                                "linear layer: weight [\(weight.rows)x\(weight.cols)], bias \(bias.count)")
        }
        self.init(weight: weight, bias: bias, deviceWeight: nil)
    }

    init(weight: Matrix, bias: [Float], deviceWeight: DeviceWeights?) {
        self.weight = weight
        self.bias = bias
        self.deviceWeight = deviceWeight
    }

    /// Whether the weight has a device copy (the layer was placed on a GPU backend).
    public var isOnDevice: Bool { deviceWeight != nil }
}
