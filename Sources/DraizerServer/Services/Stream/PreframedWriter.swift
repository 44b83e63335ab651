import NIOCore
import NIOHTTP1
import NIOWebSocket
import Vapor
import WebSocketKit

/// Writes finished WebSocket frames straight to a stream's socket, below WebSocketKit's frame encoder.
///
/// Server frames are not masked, so a message's frame is the same bytes for every browser: the hub frames
/// it once and every socket writes that one buffer (one `writev` entry, nothing encoded per client). The
/// handler sits right below the frame encoder, so whatever lies below it (TLS, idle timeouts, if ever
/// configured) still sees every byte; WebSocketKit's own frames (pings, pongs, close) pass through it
/// unchanged.
final class PreframedWriter: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private var context: ChannelHandlerContext?

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }

    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

    /// Writes `frames` (one or more whole frames) and flushes. Must run on the channel's event loop.
    func write(_ frames: ByteBuffer) {
        context?.writeAndFlush(wrapOutboundOut(frames), promise: nil)
    }

    /// Whether the socket still drains: false once NIO holds more than its high-water mark for it.
    var isWritable: Bool { context?.channel.isWritable ?? false }

    /// Closes the connection outright, dropping whatever is still queued for it.
    func cut() { context?.close(promise: nil) }

    /// One text frame carrying `text`, as a server sends it (final, unmasked).
    static func textFrame(_ text: String) -> ByteBuffer {
        let payload = text.utf8.count
        var frame = ByteBuffer()
        frame.reserveCapacity(payload + 10)
        frame.writeInteger(UInt8(0x81))
        switch payload {
        case ..<126:
            frame.writeInteger(UInt8(payload))
        case ..<65_536:
            frame.writeInteger(UInt8(126))
            frame.writeInteger(UInt16(payload))
        default:
            frame.writeInteger(UInt8(127))
            frame.writeInteger(UInt64(payload))
        }
        frame.writeString(text)
        return frame
    }
}

/// Vapor's WebSocket upgrade, plus a `PreframedWriter` on the new channel handed to `onUpgrade` with the socket.
struct StreamUpgrader: Upgrader {
    let maxFrameSize: Int
    let onUpgrade: @Sendable (WebSocket, NIOLoopBound<PreframedWriter>) -> Void

    func applyUpgrade(req: Request, res: Response) -> HTTPServerProtocolUpgrader {
        NIOWebSocketServerUpgrader(
            maxFrameSize: maxFrameSize, automaticErrorHandling: false,
            shouldUpgrade: { channel, _ in channel.eventLoop.makeSucceededFuture([:]) },
            upgradePipelineHandler: { channel, _ in
                let writer = PreframedWriter()
                do {
                    // NIO's upgrader has added the frame encoder by now.
                    let encoder = try channel.pipeline.syncOperations.handler(type: WebSocketFrameEncoder.self)
                    try channel.pipeline.syncOperations.addHandler(writer, position: .before(encoder))
                } catch {
                    return channel.eventLoop.makeFailedFuture(error)
                }
                let bound = NIOLoopBound(writer, eventLoop: channel.eventLoop)
                return WebSocket.server(on: channel) { socket in onUpgrade(socket, bound) }
            })
    }
}
