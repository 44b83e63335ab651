import Foundation
import NIOCore
import NIOPosix

/// A real SMTP server for one test: Python's aiosmtpd (`pip install aiosmtpd`) on a loopback port it
/// picks itself, recording every message and AUTH attempt in a temporary directory.
struct SMTPTestServer: Sendable {
    struct Options: Sendable {
        /// Offer STARTTLS with a fresh self-signed certificate for `localhost`, and require it.
        var startTLS = false
        /// Refuse MAIL FROM until the client has authenticated.
        var requireAuth = false
        /// Offer AUTH on a connection without TLS (aiosmtpd refuses by default).
        var authWithoutTLS = false
        /// Mechanisms to leave out of the EHLO reply, such as `["PLAIN"]`.
        var excludedAuthMechanisms: [String] = []
        var username = "draizer-mailer"
        var password = "correct horse battery staple"
        /// RCPT TO this address is answered 550.
        var rejectedRecipient = "nobody@example.com"
    }

    /// One message as the server received and parsed it (Python's `email` package, `policy.default`).
    struct Message: Decodable, Sendable {
        var mailFrom: String
        var mailOptions: [String]
        var recipients: [String]
        /// The content after DATA, with the server's dot-unstuffing applied, as UTF-8.
        var raw: String
        var subject: String
        var body: String
        var charset: String?
        var transferEncoding: String
        var tls: Bool
        var authenticated: Bool

        enum CodingKeys: String, CodingKey {
            case mailFrom = "mail_from", mailOptions = "mail_options", recipients = "rcpt_tos", raw, subject, body
            case charset, transferEncoding = "transfer_encoding", tls, authenticated
        }
    }

    /// One AUTH attempt as the server's authenticator saw it.
    struct AuthAttempt: Decodable, Sendable {
        var mechanism: String
        var login: String
        var password: String
        var success: Bool
        var tls: Bool
    }

    let port: Int
    let directory: URL
    /// The PEM certificate a STARTTLS server presents, to trust as an extra root.
    let certificatePath: String?

    func messages() throws -> [Message] { try records("messages.jsonl") }
    func authAttempts() throws -> [AuthAttempt] { try records("auth.jsonl") }

    private func records<Record: Decodable>(_ name: String) throws -> [Record] {
        let url = directory.appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: url.path) else { return [] }
        let text = try String(contentsOf: url, encoding: .utf8)
        return try text.split(separator: "\n").map { try JSONDecoder().decode(Record.self, from: Data($0.utf8)) }
    }
}

struct SMTPTestServerError: Error, CustomStringConvertible {
    var description: String
}

/// Runs `body` with a fresh server, then stops it and removes its files, whatever `body` did.
func withSMTPTestServer(
    _ options: SMTPTestServer.Options = .init(),
    _ body: (SMTPTestServer) async throws -> Void
) async throws {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("draizer-smtp-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }

    var certificatePath: String?
    var keyPath: String?
    if options.startTLS {
        let certificate = directory.appendingPathComponent("cert.pem").path
        let key = directory.appendingPathComponent("key.pem").path
        try await runToCompletion("openssl", [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
            "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", key, "-out", certificate,
        ], in: directory)
        certificatePath = certificate
        keyPath = key
    }

    let configuration: [String: Any] = [
        "directory": directory.path,
        "certificate": certificatePath as Any,
        "key": keyPath as Any,
        "require_auth": options.requireAuth,
        "auth_without_tls": options.authWithoutTLS,
        "excluded_mechanisms": options.excludedAuthMechanisms,
        "username": options.username,
        "password": options.password,
        "rejected_recipient": options.rejectedRecipient,
    ]
    let argument = String(decoding: try JSONSerialization.data(withJSONObject: configuration), as: UTF8.self)

    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", smtpTestServerScript, argument]
    // The server exits when this pipe closes, so it cannot outlive a test process that crashes.
    let lifeline = Pipe()
    process.standardInput = lifeline
    process.standardOutput = FileHandle.nullDevice
    let log = directory.appendingPathComponent("server.log")
    process.standardError = try newLogFile(log)
    try process.run()

    do {
        let port = try await waitUntilListening(process, directory: directory, log: log)
        try await body(SMTPTestServer(port: port, directory: directory, certificatePath: certificatePath))
    } catch {
        await stop(process, lifeline)
        throw error
    }
    await stop(process, lifeline)
}

/// A loopback port with nothing listening on it.
func unusedSMTPTestPort() async throws -> Int {
    let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        .bind(host: "127.0.0.1", port: 0)
        .get()
    let port = channel.localAddress?.port ?? 0
    try await channel.close()
    return port
}

/// The script writes its port once it listens; then a connection to that port must succeed. Both are
/// polled with a bounded deadline, and a server that dies meanwhile fails at once with its log.
private func waitUntilListening(_ process: Process, directory: URL, log: URL) async throws -> Int {
    let deadline = ContinuousClock.now + .seconds(20)
    let portFile = directory.appendingPathComponent("port")
    while ContinuousClock.now < deadline {
        guard process.isRunning else {
            let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            throw SMTPTestServerError(description: "aiosmtpd exited (is `pip install aiosmtpd` done?):\n\(output)")
        }
        if let text = try? String(contentsOf: portFile, encoding: .utf8), let port = Int(text),
            await acceptsConnections(port: port)
        {
            return port
        }
        try await Task.sleep(for: .milliseconds(25))
    }
    throw SMTPTestServerError(description: "aiosmtpd did not start listening within 20 s")
}

private func acceptsConnections(port: Int) async -> Bool {
    do {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.milliseconds(500))
            .connect(host: "127.0.0.1", port: port)
            .get()
        try? await channel.close()
        return true
    } catch {
        return false
    }
}

private func stop(_ process: Process, _ lifeline: Pipe) async {
    if process.isRunning { process.terminate() }
    try? lifeline.fileHandleForWriting.close()
    let deadline = ContinuousClock.now + .seconds(5)
    while process.isRunning && ContinuousClock.now < deadline {
        try? await Task.sleep(for: .milliseconds(10))
    }
    if process.isRunning { kill(process.processIdentifier, SIGKILL) }
}

private func newLogFile(_ url: URL) throws -> FileHandle {
    guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
        throw SMTPTestServerError(description: "cannot create \(url.path)")
    }
    return try FileHandle(forWritingTo: url)
}

/// Runs a program to its end and fails unless it succeeds.
private func runToCompletion(_ program: String, _ arguments: [String], in directory: URL) async throws {
    let log = directory.appendingPathComponent("\(program).log")
    let output = try newLogFile(log)
    let status: Int32 = try await withCheckedThrowingContinuation { continuation in
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program] + arguments
        process.standardOutput = output
        process.standardError = output
        process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
        do {
            try process.run()
        } catch {
            continuation.resume(throwing: error)
        }
    }
    try? output.close()
    guard status == 0 else {
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        throw SMTPTestServerError(description: "\(program) exited with \(status):\n\(text)")
    }
}

/// aiosmtpd with a handler that records each message and AUTH attempt as a JSON line, and answers 550
/// for one recipient. It binds port 0 itself (no race for a free port) and writes the port it got.
private let smtpTestServerScript = #"""
import asyncio, json, os, ssl, sys, threading
from email import message_from_bytes, policy
from aiosmtpd.smtp import SMTP, AuthResult

config = json.loads(sys.argv[1])
directory = config["directory"]

def record(name, entry):
    with open(os.path.join(directory, name), "a", encoding="utf-8") as f:
        f.write(json.dumps(entry) + "\n")

class Handler:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address == config["rejected_recipient"]:
            return "550 5.1.1 <%s>: Recipient address rejected" % address
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content
        message = message_from_bytes(raw, policy=policy.default)
        record("messages.jsonl", {
            "mail_from": envelope.mail_from,
            "mail_options": envelope.mail_options,
            "rcpt_tos": envelope.rcpt_tos,
            "raw": raw.decode("utf-8", "replace"),
            "subject": str(message["subject"]),
            "body": message.get_content(),
            "charset": message.get_content_charset(),
            "transfer_encoding": str(message["content-transfer-encoding"]),
            "tls": session.ssl is not None,
            "authenticated": bool(session.authenticated),
        })
        return "250 2.0.0 Message accepted"

def authenticator(server, session, envelope, mechanism, auth_data):
    login = auth_data.login.decode("utf-8")
    password = auth_data.password.decode("utf-8")
    success = login == config["username"] and password == config["password"]
    record("auth.jsonl", {"mechanism": mechanism, "login": login, "password": password,
                          "success": success, "tls": session.ssl is not None})
    # handled=False makes aiosmtpd answer 535 itself; its default leaves a failure unanswered.
    return AuthResult(success=success, handled=False, auth_data=auth_data)

def watch_lifeline():
    sys.stdin.buffer.read()
    os._exit(0)

async def main():
    loop = asyncio.get_running_loop()
    options = dict(hostname="localhost", ident="draizer-test-smtp",
                   auth_required=config["require_auth"],
                   auth_require_tls=not config["auth_without_tls"],
                   auth_exclude_mechanism=config["excluded_mechanisms"],
                   authenticator=authenticator)
    if config["certificate"]:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(config["certificate"], config["key"])
        options.update(tls_context=context, require_starttls=True)
    server = await loop.create_server(lambda: SMTP(Handler(), loop=loop, **options), host="127.0.0.1", port=0)
    port = server.sockets[0].getsockname()[1]
    with open(os.path.join(directory, "port.tmp"), "w") as f:
        f.write(str(port))
    os.rename(os.path.join(directory, "port.tmp"), os.path.join(directory, "port"))
    await server.serve_forever()

threading.Thread(target=watch_lifeline, daemon=True).start()
asyncio.run(main())
"""#
