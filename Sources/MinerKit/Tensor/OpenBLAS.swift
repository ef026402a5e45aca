import COpenBLASShim

/// OpenBLAS, bound at run time (`Sources/COpenBLASShim`) instead of linked.
///
/// The pthread build of OpenBLAS starts its worker threads when the library loads and sizes them from
/// `OPENBLAS_NUM_THREADS`; linked at build time, it would load with the process and start one spinning
/// thread per core before any code could limit it. Binding it here sets the variable first, so every
/// program that uses MinerKit gets the thread count it configures (default 1) from the start. It also
/// names the kernels for the CPU's vector units (`OPENBLAS_CORETYPE`: SkylakeX with AVX-512, Haswell with
/// AVX2), since OpenBLAS runs generic SSE3 kernels on CPU models newer than its table (4-6x slower sgemm
/// on this project's build machine). Values the user exported win.
enum OpenBLAS {
    /// Binds `libopenblas.so.0` once per process; `threads` sizes OpenBLAS's thread pool if this is the
    /// first call. Throws `MinerKitError(.unavailable, code: "openblas_not_found")` when it is missing.
    static func load(threads: Int = 1) throws {
        if let reason = copenblas_load(Int32(clamping: threads)) {
            let text = String(cString: reason)
            throw MinerKitError(.unavailable, code: "openblas_not_found",
                                "OpenBLAS could not be loaded (\(text)); install libopenblas0 (scripts/setup.sh does)")
        }
    }

    /// The kernel family in use (`SkylakeX`, `Haswell`, `Prescott`, …). Requires a successful ``load(threads:)``.
    static var coreName: String { String(cString: copenblas_core_name()) }

    /// Threads per product, for the whole process; setting it is ignored when the user exported
    /// `OPENBLAS_NUM_THREADS`. Requires a successful ``load(threads:)``.
    static var threads: Int {
        get { Int(copenblas_get_num_threads()) }
        set { copenblas_set_num_threads(Int32(clamping: max(1, newValue))) }
    }
}
