import Foundation

/// The Python that runs the interop clients, contract checks and browser tests.
///
/// `$MINERKIT_PYTHON` when set; else the project's own virtual environment, `.build/python`, which
/// `scripts/setup.sh` makes and fills from `scripts/requirements-test.txt` (so a Debian system Python
/// that refuses `pip install` under PEP 668 is never asked to); else `python3` on the `PATH`.
public enum TestPython {
    /// The project's virtual environment (`<package root>/.build/python`).
    public static let environment = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent(".build/python")

    /// The interpreter's path, or `nil` for `python3` looked up on the `PATH`.
    public static let executable: String? = {
        if let configured = ProcessInfo.processInfo.environment["MINERKIT_PYTHON"], !configured.isEmpty {
            return configured
        }
        let own = environment.appendingPathComponent("bin/python3").path
        return FileManager.default.isExecutableFile(atPath: own) ? own : nil
    }()

    /// What to start to run the interpreter with `arguments` (for ``ChildProcess``).
    public static func command(_ arguments: [String]) -> (executable: String, arguments: [String]) {
        if let executable { return (executable, arguments) }
        return ("/usr/bin/env", ["python3"] + arguments)
    }

    /// A tool a package of `requirements-test.txt` installs (for example `hadolint`), from the
    /// interpreter's own `bin` folder; `nil` when it is not there.
    public static func tool(_ name: String) -> String? {
        let folder = executable.map { URL(fileURLWithPath: $0).deletingLastPathComponent() }
            ?? environment.appendingPathComponent("bin")
        let path = folder.appendingPathComponent(name).path
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }
}
