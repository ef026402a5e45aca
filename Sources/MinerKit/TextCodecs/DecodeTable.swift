/// The reverse of a codec's alphabet: for each byte, its digit value, or `0xff` when it is not a digit.
enum DecodeTable {
    /// A 256-entry table mapping each character of `alphabet` to its index.
    static func of(_ alphabet: [UInt8]) -> [UInt8] {
        var table = [UInt8](repeating: 0xff, count: 256)
        for (index, char) in alphabet.enumerated() { table[Int(char)] = UInt8(index) }
        return table
    }
}
