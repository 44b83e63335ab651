import NIOCore
import NIOPosix

/// A loopback listener that answers each command with a canned reply, for the misbehaviour a real
/// server will not show: silence, injected plaintext, replies nobody asked for.
struct SMTPScriptedServer: Sendable {
    let channel: any Channel
    var port: Int { channel.localAddress?.port ?? 0 }

    /// `greeting` is sent on connect (nil: never); `replies` maps a command's first word, upper-cased,
    /// to the raw reply text, CRLFs included. Unscripted commands get a 502.
    static func start(greeting: String? = "220 scripted ESMTP\r\n", replies: [String: String] = [:]) async throws -> SMTPScriptedServer {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { child in
                child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.addHandler(SMTPScriptedServerHandler(greeting: greeting, replies: replies))
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        return SMTPScriptedServer(channel: channel)
    }

    func stop() async {
        try? await channel.close()
    }
}

private final class SMTPScriptedServerHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let greeting: String?
    let replies: [String: String]
    var received = ByteBuffer()

    init(greeting: String?, replies: [String: String]) {
        self.greeting = greeting
        self.replies = replies
    }

    func channelActive(context: ChannelHandlerContext) {
        if let greeting { context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: greeting)), promise: nil) }
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        received.writeBuffer(&bytes)
        while let newline = received.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) {
            let length = newline - received.readerIndex + 1
            let line = received.readString(length: length) ?? ""
            let verb = line.split(whereSeparator: { $0.isWhitespace || $0.isNewline }).first.map { $0.uppercased() } ?? ""
            let reply = replies[verb] ?? "502 5.5.2 not scripted\r\n"
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: reply)), promise: nil)
        }
    }
}
