import NIOCore
import NIOPosix

/// An open connection to an SMTP server with async request/reply exchanges on top of
/// ``SMTPClientHandler``.
struct SMTPConnection: Sendable {
    let channel: any Channel
    /// The error that ended the connection, known once the channel has closed.
    private let ended: EventLoopFuture<SMTPError>

    /// Connects within `timeout`; every later exchange gets the same timeout for its reply.
    static func open(
        host: String,
        port: Int,
        timeout: Duration,
        group: any EventLoopGroup
    ) async throws -> SMTPConnection {
        let replyTimeout = TimeAmount(timeout)
        do {
            let channel = try await ClientBootstrap(group: group)
                .connectTimeout(replyTimeout)
                .channelOption(.tcpOption(.tcp_nodelay), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let handler = SMTPClientHandler(timeout: replyTimeout, eventLoop: channel.eventLoop)
                        try channel.pipeline.syncOperations.addHandler(handler)
                    }
                }
                .connect(host: host, port: port)
                .get()
            // Happy Eyeballs may have built a handler for each address it tried: take the winner's.
            let ended = try await channel.eventLoop.submit {
                try channel.pipeline.syncOperations.handler(type: SMTPClientHandler.self).ended.futureResult
            }.get()
            return SMTPConnection(channel: channel, ended: ended)
        } catch {
            throw SMTPError.connectionFailed(host: host, port: port, reason: String(describing: error))
        }
    }

    /// The server's greeting, which it sends unasked once the connection is up.
    func greeting() async throws -> SMTPReply {
        try await exchange(.greeting, ByteBuffer())
    }

    /// Sends one command line (CRLF is added) and returns the reply.
    func command(_ step: SMTPError.Step, _ line: String, tlsUpgrade: SMTPTLSUpgrade? = nil) async throws -> SMTPReply {
        var payload = channel.allocator.buffer(capacity: line.utf8.count + 2)
        payload.writeString(line)
        payload.writeString("\r\n")
        return try await exchange(step, payload, tlsUpgrade: tlsUpgrade)
    }

    /// Sends `payload` as it is and returns the reply.
    func exchange(_ step: SMTPError.Step, _ payload: ByteBuffer, tlsUpgrade: SMTPTLSUpgrade? = nil) async throws -> SMTPReply {
        let reply = channel.eventLoop.makePromise(of: SMTPReply.self)
        let request = SMTPRequest(step: step, payload: payload, reply: reply, tlsUpgrade: tlsUpgrade)
        // A write that never reaches the handler (the channel is already torn down) fails here, with
        // the error that brought the connection down.
        let channel = self.channel
        let ended = self.ended
        channel.writeAndFlush(request).whenFailure { error in
            if let error = error as? SMTPError {
                reply.fail(error)
            } else {
                channel.close(promise: nil)
                reply.completeWith(ended.flatMapThrowing { throw $0 })
            }
        }
        return try await withTaskCancellationHandler {
            try await reply.futureResult.get()
        } onCancel: {
            channel.close(promise: nil)
        }
    }

    var localAddress: SocketAddress? { channel.localAddress }
    var remoteAddress: SocketAddress? { channel.remoteAddress }

    func close() async {
        // Closing an already closed channel fails harmlessly: there is nothing left to release.
        try? await channel.close()
    }
}
