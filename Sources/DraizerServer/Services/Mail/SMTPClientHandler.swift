import NIOCore
import NIOSSL

/// Asks the handler for the server's next reply, after sending `payload` (nothing, for the greeting).
struct SMTPRequest: Sendable {
    var step: SMTPError.Step
    var payload: ByteBuffer
    var reply: EventLoopPromise<SMTPReply>
    /// For STARTTLS: on a 220 reply, TLS is added to the pipeline before the reply is given, so the
    /// next command waits for the handshake and goes out encrypted.
    var tlsUpgrade: SMTPTLSUpgrade?
}

struct SMTPTLSUpgrade: Sendable {
    var context: NIOSSLContext
    /// For SNI and certificate verification; nil for an IP address, which NIOSSL then checks against the
    /// certificate's IP entries.
    var serverHostname: String?
}

/// Runs the SMTP conversation one exchange at a time: each ``SMTPRequest`` sends its bytes and waits for
/// exactly one reply, within the timeout. The mailer never pipelines, so any reply nobody asked for
/// (other than the greeting, which may arrive before it is asked for) is a protocol violation, and so
/// is any byte that follows the STARTTLS go-ahead in plaintext (the command-injection attack of
/// CVE-2011-0411). After a failure the connection is closed and every later request fails the same way;
/// ``ended`` keeps that error for requests that arrive once the handler has left the closed pipeline.
///
/// Lives on its channel's event loop only, like every NIO handler; it is never shared.
final class SMTPClientHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = SMTPRequest
    typealias OutboundOut = ByteBuffer

    private struct Exchange {
        var step: SMTPError.Step
        var reply: EventLoopPromise<SMTPReply>
        var tlsUpgrade: SMTPTLSUpgrade?
        var timeout: Scheduled<Void>?
    }

    /// Completed with the error that ended the connection when the handler leaves the pipeline.
    let ended: EventLoopPromise<SMTPError>
    private let timeout: TimeAmount
    private var parser = SMTPReplyParser()
    private var exchange: Exchange?
    /// Tells a timer that fires late for an exchange that already ended from one for the current one.
    private var exchangeNumber = 0
    private var lastStep = SMTPError.Step.greeting
    private var greetingSeen = false
    private var earlyGreeting: SMTPReply?
    private var failure: SMTPError?
    /// From the STARTTLS go-ahead until the first encrypted reply: errors then are handshake failures.
    private var handshaking = false

    init(timeout: TimeAmount, eventLoop: any EventLoop) {
        self.timeout = timeout
        self.ended = eventLoop.makePromise(of: SMTPError.self)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        if let failure {
            request.reply.fail(failure)
            promise?.fail(failure)
            return
        }
        if request.step == .greeting, let greeting = earlyGreeting {
            earlyGreeting = nil
            request.reply.succeed(greeting)
            promise?.succeed()
            return
        }
        guard exchange == nil else {
            // The mailer awaits every reply before it sends again; reaching this is a bug in the mailer.
            let error = SMTPError.protocolViolation(request.step, "a command was sent before the last reply")
            request.reply.fail(error)
            promise?.fail(error)
            return
        }
        exchange = Exchange(step: request.step, reply: request.reply, tlsUpgrade: request.tlsUpgrade)
        startTimer(context: context)
        if request.payload.readableBytes > 0 {
            context.write(wrapOutboundOut(request.payload), promise: promise)
        } else {
            promise?.succeed()
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        parser.append(&bytes)
        do {
            while failure == nil, let reply = try parser.next() {
                deliver(reply, context: context)
            }
        } catch {
            fail(.protocolViolation(exchange?.step ?? lastStep, error.reason), context: context)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        let step = exchange?.step ?? lastStep
        if handshaking {
            fail(.tlsFailed(String(describing: error)), context: context)
        } else {
            fail(.connectionLost(step, reason: String(describing: error)), context: context)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        let step = exchange?.step ?? lastStep
        fail(.connectionLost(step, reason: "the server closed the connection"), context: context, close: false)
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        // No promise may be left behind when the pipeline is torn down.
        let error = failure ?? .connectionLost(exchange?.step ?? lastStep, reason: "the connection was closed")
        if let exchange {
            self.exchange = nil
            exchange.timeout?.cancel()
            exchange.reply.fail(error)
        }
        ended.succeed(error)
    }

    private func deliver(_ reply: SMTPReply, context: ChannelHandlerContext) {
        handshaking = false
        guard let current = exchange else {
            if !greetingSeen {
                greetingSeen = true
                earlyGreeting = reply
            } else {
                fail(.protocolViolation(lastStep, "unexpected reply \(reply.code) \(reply.text)"), context: context)
            }
            return
        }
        greetingSeen = true
        guard let upgrade = current.tlsUpgrade, reply.code == 220 else {
            complete(with: reply)
            return
        }
        // Bytes after the go-ahead came in plaintext, so anyone on the path could have put them there.
        guard !parser.hasBufferedData else {
            fail(.protocolViolation(.startTLS, "the server sent data after its STARTTLS reply"), context: context)
            return
        }
        do {
            let tls = try NIOSSLClientHandler(context: upgrade.context, serverHostname: upgrade.serverHostname)
            try context.pipeline.syncOperations.addHandler(tls, position: .first)
        } catch {
            fail(.tlsFailed(String(describing: error)), context: context)
            return
        }
        handshaking = true
        complete(with: reply)
    }

    private func startTimer(context: ChannelHandlerContext) {
        guard let step = exchange?.step else { return }
        exchange?.timeout?.cancel()
        exchangeNumber &+= 1
        let number = exchangeNumber
        exchange?.timeout = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) {
            guard self.exchangeNumber == number, self.exchange != nil else { return }
            self.fail(.timedOut(step), context: context)
        }
    }

    private func complete(with reply: SMTPReply) {
        guard let finished = exchange else { return }
        exchange = nil
        exchangeNumber &+= 1
        lastStep = finished.step
        finished.timeout?.cancel()
        finished.reply.succeed(reply)
    }

    private func fail(_ error: SMTPError, context: ChannelHandlerContext, close: Bool = true) {
        if failure == nil { failure = error }
        if let failed = exchange {
            exchange = nil
            exchangeNumber &+= 1
            lastStep = failed.step
            failed.timeout?.cancel()
            failed.reply.fail(error)
        }
        if close { context.close(promise: nil) }
    }
}
