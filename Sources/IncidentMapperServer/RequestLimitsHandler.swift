import HTTPTypes
import IncidentMapper
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// Two limits of a connection that Hummingbird's own handlers do not answer with a problem:
///
/// - A request must arrive whole within `requestTimeout` of its head: a client that sends a
///   head and then dribbles its body (a byte now and then, each resetting the idle timer) gets
///   408 and the connection is closed. (A head sent slowly is Hummingbird's idle timeout: no
///   part is read until the head is complete, so the timer runs from the connection's start.)
/// - A head larger than the decoder's limits (the URL counts as a header field) is a
///   `HTTPParserError.headerOverflow`: answered 431 with a problem body, other parse errors
///   400, instead of Hummingbird's bodiless 400; then the connection closes.
///
/// It sits after the HTTP codec (it sees request and response parts), on the channel's event
/// loop, one per connection; not `Sendable`.
final class RequestLimitsHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    let requestTimeout: TimeAmount
    let maximumHeadBytes: Int
    /// Requests whose head was read and whose response has not ended.
    private var inFlight = 0
    /// A head was read and its end not yet.
    private var readingRequest = false
    /// The response to the request in flight has begun.
    private var responding = false
    private var deadline: Scheduled<Void>?

    init(requestTimeout: TimeAmount, maximumHeadBytes: Int) {
        self.requestTimeout = requestTimeout
        self.maximumHeadBytes = maximumHeadBytes
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            inFlight += 1
            readingRequest = true
            deadline?.cancel()
            let loopBound = NIOLoopBound((handler: self, context: context), eventLoop: context.eventLoop)
            deadline = context.eventLoop.scheduleTask(in: requestTimeout) {
                let (handler, context) = loopBound.value
                handler.requestTimedOut(context: context)
            }
        case .body:
            break
        case .end:
            readingRequest = false
            deadline?.cancel()
            deadline = nil
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head: responding = true
        case .body: break
        case .end:
            inFlight -= 1
            responding = false
        }
        context.write(data, promise: promise)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // Only between requests: in the middle of one, the responder answers (or the
        // connection just closes).
        guard let error = error as? HTTPParserError, inFlight == 0 else {
            context.fireErrorCaught(error)
            return
        }
        if error == .headerOverflow {
            answerAndClose(context: context, APIResponse.problem(431, "the request's URL and headers are larger than \(maximumHeadBytes) bytes (a single header or the URL alone at most that too)"))
        } else {
            answerAndClose(context: context, APIResponse.problem(400, "the request is not valid HTTP/1.1 (\(error))"))
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
        context.fireChannelInactive()
    }

    private func requestTimedOut(context: ChannelHandlerContext) {
        deadline = nil
        guard readingRequest, context.channel.isActive else { return }
        if responding || inFlight == 0 {   // answered already (e.g. 413 while the body still came)
            context.close(promise: nil)
        } else {
            let seconds = requestTimeout.nanoseconds / 1_000_000_000
            answerAndClose(context: context, APIResponse.problem(408, "the request was not received whole within \(seconds) s of its start"))
        }
    }

    /// Writes `answer` with `Connection: close`, then closes the connection.
    private func answerAndClose(context: ChannelHandlerContext, _ answer: APIResponse) {
        var headers = HTTPFields()
        headers[.contentType] = answer.contentType
        headers[.contentLength] = String(answer.body.count)
        headers[.connection] = "close"
        context.write(wrapOutboundOut(.head(HTTPResponse(status: .init(code: answer.status), headerFields: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(ByteBuffer(bytes: answer.body))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        inFlight = 0
        readingRequest = false
        responding = false
    }
}
