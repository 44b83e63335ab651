import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Fluent
import Glibc
import Testing
@testable import DraizerServer

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

    /// Over real HTTP against the real server process: the body limit is enforced while reading the socket.
    @Test func anOversizedBodyIsA413Problem() async throws {
        let server = try await ServerProcess()
        defer { server.stop() }
        var request = URLRequest(url: server.base.appendingPathComponent("api/v1/auth/login"))
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(("{\"email\": \"" + String(repeating: "x", count: 2 * 1024 * 1024) + "\"}").utf8)
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        #expect(http.statusCode == 413)
        #expect(http.value(forHTTPHeaderField: "Content-Type")?.hasPrefix("application/problem+json") == true)
        #expect(String(decoding: data, as: UTF8.self).contains("\"status\":413"))
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

    @Test func anOperatorResetsTwoFactorAndUnlocksFromTheCommandLine() async throws {
        try await withDraizerApp { app in
            var user = try await TestUser.enrolled(app)
            var environment = ["DATA_DIR": app.config.dataDirectory, "DOTENV_FILE": "/nonexistent", "LOG_LEVEL": "warning"]
            switch app.config.database {
            case .sqlite(let path): environment["DATABASE_URL"] = "sqlite://" + path
            case .postgres(let url): environment["DATABASE_URL"] = url
            }
            environment["POSTGRES_SCHEMA"] = app.config.postgresSchema

            let lock = try draizer(["user", "lock", "--email", user.email], environment: environment)
            #expect(lock.status == 0, "\(lock.output)")
            #expect(try await user.login(app).status.code == 423)
            let unlock = try draizer(["user", "unlock", "--email", user.email], environment: environment)
            #expect(unlock.status == 0, "\(unlock.output)")

            let reset = try draizer(["user", "reset-2fa", "--email", user.email], environment: environment)
            #expect(reset.status == 0, "\(reset.output)")
            let stored = try #require(try await User.query(on: app.db).first())
            #expect(!stored.mfaEnabled && stored.mfaSecret == nil)
            let actions = try await AuditLog.query(on: app.db).all().map(\.action)
            for action in ["operator.user.lock", "operator.user.unlock", "operator.user.reset_2fa"] {
                #expect(actions.contains(action), "missing \(action)")
            }
            // The user signs in with the password alone and is sent to enrolment again.
            let login = try await user.login(app)
            #expect(login.status == .ok)
            #expect(try login.json()["mfa_setup_required"] as? Bool == true)
            user.accessToken = try #require(try login.json()["access_token"] as? String)
            try await user.enrolMFA(app)

            let list = try draizer(["user", "list"], environment: environment)
            #expect(list.output.contains(user.email))
            let unknown = try draizer(["user", "reset-2fa", "--email", "nobody@example.com"], environment: environment)
            #expect(unknown.status != 0)
        }
    }

    @Test func keysRotateReencryptsStoredSecretsWithTheNewKeyAndRefusesKeysThatCannotReadThem() async throws {
        try await withDraizerApp { app in
            let user = try await TestUser.enrolled(app)
            let oldKey = app.config.secrets.encryptionKey, newKey = DevelopmentSecretStore.randomKey()
            var environment = ["DATA_DIR": app.config.dataDirectory, "DOTENV_FILE": "/nonexistent", "LOG_LEVEL": "warning",
                               "SECRET_KEY": app.config.secrets.secretKey]
            switch app.config.database {
            case .sqlite(let path): environment["DATABASE_URL"] = "sqlite://" + path
            case .postgres(let url): environment["DATABASE_URL"] = url
            }
            environment["POSTGRES_SCHEMA"] = app.config.postgresSchema

            let rotated = try draizer(["keys", "rotate"], environment: environment.merging([
                "ENCRYPTION_KEY": newKey, "ENCRYPTION_KEYS_PREVIOUS": oldKey]) { $1 })
            #expect(rotated.status == 0, "\(rotated.output)")
            #expect(rotated.output.contains("re-encrypted 1 secret(s)"), "\(rotated.output)")
            let stored = try #require(try await User.query(on: app.db).filter(\.$email == user.email).first())
            let sealed = try #require(stored.mfaSecret)
            let onlyNewKey = try SecretBox(currentKey: newKey)
            #expect(!onlyNewKey.needsRotation(sealed))
            #expect(try onlyNewKey.open(sealed, associatedData: SecondFactor.secretContext(try stored.requireID())) == user.totpSecret)

            // Keys that cannot read what is stored: nothing changes and the command fails.
            let wrong = try draizer(["keys", "rotate"], environment: environment.merging([
                "ENCRYPTION_KEY": DevelopmentSecretStore.randomKey()]) { $1 })
            #expect(wrong.status != 0, "\(wrong.output)")
            #expect(try await User.find(stored.id, on: app.db)?.mfaSecret == sealed)
            let audits = try await AuditLog.query(on: app.db).filter(\.$action == "operator.keys.rotate").all()
            #expect(audits.map(\.outcome).sorted() == ["failure", "success"])
            #expect(audits.allSatisfy { $0.ipAddress == "cli" && $0.userAgent?.hasPrefix("draizer keys") == true })
        }
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
