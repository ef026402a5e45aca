extension String {
    /// The text a C function wrote into `buffer`, up to its first NUL (all of it when there is none);
    /// invalid UTF-8 is repaired, never trapped on. For the `char *out, size_t len` results of the C shims.
    init(cStringBuffer buffer: [CChar]) {
        self.init(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
