import Foundation

/// Runs another program for interoperability tests (Python reference libraries, zbarimg, rsvg-convert),
/// found on `PATH` through `/usr/bin/env`.
enum ExternalCommand {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    struct Failure: Error, CustomStringConvertible {
        let command: String
        let result: Result
        var description: String { "`\(command)` exited with \(result.status): \(result.stderr)" }
    }

    /// Runs `name` with `arguments` and returns its exit status and output. Output goes to temporary
    /// files rather than pipes, so a chatty child cannot block on a full pipe while we wait for it.
    static func run(_ name: String, _ arguments: [String]) throws -> Result {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("draizer-cmd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let stdoutURL = directory.appendingPathComponent("stdout")
        let stderrURL = directory.appendingPathComponent("stderr")
        try Data().write(to: stdoutURL)
        try Data().write(to: stderrURL)
        let stdoutHandle = try FileHandle(forWritingTo: stdoutURL)
        let stderrHandle = try FileHandle(forWritingTo: stderrURL)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [name] + arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = stdoutHandle
        process.standardError = stderrHandle
        try process.run()
        process.waitUntilExit()
        try stdoutHandle.close()
        try stderrHandle.close()

        return Result(
            status: process.terminationStatus,
            stdout: try String(contentsOf: stdoutURL, encoding: .utf8),
            stderr: (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? ""
        )
    }

    /// Like ``run(_:_:)``, but a non-zero exit status is an error.
    static func output(_ name: String, _ arguments: [String]) throws -> String {
        let result = try run(name, arguments)
        guard result.status == 0 else {
            throw Failure(command: ([name] + arguments.prefix(1)).joined(separator: " "), result: result)
        }
        return result.stdout
    }

    /// Whether `name --version` (or another harmless invocation) succeeds.
    static func isAvailable(_ name: String, probe: [String] = ["--version"]) -> Bool {
        (try? run(name, probe).status) == 0
    }
}

/// Python 3 with third-party packages, as an independent reference implementation.
enum Python {
    /// Whether `python3` can import every one of `modules`.
    static func canImport(_ modules: String...) -> Bool {
        ExternalCommand.isAvailable("python3", probe: ["-c", "import " + modules.joined(separator: ", ")])
    }

    /// Runs `script` with `arguments` in `sys.argv[1:]` and returns its standard output.
    static func run(_ script: String, _ arguments: [String] = []) throws -> String {
        try ExternalCommand.output("python3", ["-c", script] + arguments)
    }

    /// Runs `script` with `input` encoded as JSON in `sys.argv[1]` and decodes its JSON output.
    static func json<Input: Encodable, Output: Decodable>(
        _ script: String, input: Input, as output: Output.Type = Output.self
    ) throws -> Output {
        let argument = String(decoding: try JSONEncoder().encode(input), as: UTF8.self)
        let printed = try run(script, [argument])
        return try JSONDecoder().decode(Output.self, from: Data(printed.utf8))
    }
}
