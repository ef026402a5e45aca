/// A dense row-major float32 matrix: the one tensor shape the audio model needs.
///
/// Kept deliberately plain (an array plus its dimensions) so backends can hand the storage to BLAS or a
/// GPU without conversion.
public struct Matrix: Sendable, Equatable {
    public let rows: Int
    public let cols: Int
    /// `rows * cols` values, row after row.
    public var values: [Float]

    /// A zero-filled matrix.
    public init(rows: Int, cols: Int) {
        precondition(rows >= 0 && cols >= 0, "matrix dimensions must not be negative")
        self.rows = rows
        self.cols = cols
        self.values = [Float](repeating: 0, count: rows * cols)
    }

    /// Wraps existing values; `values.count` must equal `rows * cols`.
    public init(rows: Int, cols: Int, values: [Float]) {
        precondition(values.count == rows * cols, "matrix storage does not match its dimensions")
        self.rows = rows
        self.cols = cols
        self.values = values
    }

    public subscript(row: Int, col: Int) -> Float {
        get { values[row * cols + col] }
        set { values[row * cols + col] = newValue }
    }
}
