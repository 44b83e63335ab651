import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Glibc

/// The real `draizer` executable serving on a free loopback port with a private data directory: for
/// tests that need real sockets (body limits, WebSockets) outside the test process.
final class ServerProcess {
    let process = Process()
    let port: Int
    let directory: TemporaryDirectory
    var base: URL { URL(string: "http://127.0.0.1:\(port)")! }

    static var binary: URL { URL(fileURLWithPath: packageRoot()).appendingPathComponent(".build/debug/draizer") }

    /// Where the server's output goes when captured.
    var logPath: String { directory.path + "/server.log" }

    /// - Parameter captureOutput: keeps the server's log lines in `logPath` (read them with `log()`).
    init(environment: [String: String] = [:], captureOutput: Bool = false) async throws {
        directory = try TemporaryDirectory()
        port = try Self.freePort()
        process.executableURL = Self.binary
        process.arguments = ["serve", "--port", String(port)]
        process.environment = ["DATA_DIR": directory.path, "DOTENV_FILE": directory.path + "/none", "LOG_LEVEL": "warning",
                               "MARKET_DATA_SOURCE": "simulated", "SIMULATION_HISTORY_DAYS": "1",
                               "PASSWORD_HASH_MEMORY_KIB": "1024"].merging(environment) { $1 }
        if captureOutput {
            _ = FileManager.default.createFile(atPath: logPath, contents: nil)
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
            process.standardOutput = handle
            process.standardError = handle
        } else {
            process.standardOutput = FileHandle.nullDevice
        }
        try process.run()
        for _ in 0..<300 {
            if (try? await URLSession.shared.data(from: base.appendingPathComponent("health"))) != nil { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        stop()
        throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "the server did not come up"])
    }

    /// What the server has logged so far (with `captureOutput`).
    func log() -> String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    func stop() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        directory.remove()
    }

    /// One sample of the server's `/metrics` (`name` with its labels as Prometheus prints them), if present.
    func metric(_ name: String) async throws -> Double? {
        let (data, _) = try await URLSession.shared.data(from: base.appendingPathComponent("metrics"))
        return Self.sample(name, in: String(decoding: data, as: UTF8.self))
    }

    /// One sample's value in a Prometheus text exposition.
    static func sample(_ name: String, in text: String) -> Double? {
        text.split(separator: "\n").first { $0.hasPrefix(name + " ") }.flatMap { Double($0.dropFirst(name.count + 1)) }
    }

    /// GETs a JSON object.
    func get(_ path: String, token: String? = nil) async throws -> (Int, [String: Any]) {
        var request = URLRequest(url: URL(string: base.absoluteString + "/" + path)!)
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        let (data, response) = try await URLSession.shared.data(for: request)
        let object = (try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, object)
    }

    /// POSTs JSON and returns the status and the decoded object.
    func post(_ path: String, _ body: [String: Any], token: String? = nil) async throws -> (Int, [String: Any]) {
        var request = URLRequest(url: base.appendingPathComponent(path))
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        request.httpBody = try JSONSerialization.data(withJSONObject: body)
        let (data, response) = try await URLSession.shared.data(for: request)
        let object = (try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, object)
    }

    static func freePort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) }
        }
        _ = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
