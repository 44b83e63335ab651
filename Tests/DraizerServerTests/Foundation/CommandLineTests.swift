import Foundation
import Testing

/// Runs the real `draizer` executable, as an operator would.
@Suite("The draizer command")
struct CommandLineTests {
    private func draizer(_ arguments: [String], environment: [String: String]) throws -> (status: Int32, output: String) {
        let binary = URL(fileURLWithPath: packageRoot()).appendingPathComponent(".build/debug/draizer")
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func anInvalidValueStopsTheServerNamingTheVariable() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let result = try draizer(["serve"], environment: ["DATA_DIR": directory.path, "MAX_LOGIN_ATTEMPTS": "lots",
                                                          "DOTENV_FILE": directory.path + "/none"])
        #expect(result.status == 78)
        #expect(result.output.contains("MAX_LOGIN_ATTEMPTS"))
    }

    @Test func productionWithoutSecretsDoesNotStart() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let result = try draizer(["serve"], environment: ["DATA_DIR": directory.path, "ENVIRONMENT": "production",
                                                          "DOTENV_FILE": directory.path + "/none"])
        #expect(result.status == 78)
        #expect(result.output.contains("SECRET_KEY"))
    }

    @Test func migrateAndRevertRunFromTheCommandLine() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let environment = ["DATA_DIR": directory.path, "DOTENV_FILE": directory.path + "/none", "LOG_LEVEL": "info"]
        let migrate = try draizer(["migrate", "--yes"], environment: environment)
        #expect(migrate.status == 0, "\(migrate.output)")
        #expect(FileManager.default.fileExists(atPath: directory.path + "/draizer.sqlite"))
        let revert = try draizer(["migrate", "--revert", "--yes"], environment: environment)
        #expect(revert.status == 0, "\(revert.output)")
        #expect(revert.output.contains("CreateUsers"))
    }
}
