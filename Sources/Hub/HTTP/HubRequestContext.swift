import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SyncWire

/// Every request's context: Hummingbird's core plus a small default body limit (a push may
/// carry more, and says so where it reads its body).
public struct HubRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The connection's peer address (nil in in-process tests, which have no socket).
    public let peerAddress: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        peerAddress = source.channel.remoteAddress?.ipAddress
    }

    public var maxUploadSize: Int { 64 * 1024 }
}

extension HubError: HTTPResponseError {
    public var status: HTTPResponse.Status {
        switch self {
        case .unauthorized: .unauthorized
        case .forbidden: .forbidden
        case .invalid, .unsupportedProtocol: .badRequest
        case .notFound: .notFound
        case .tooMany: .tooManyRequests
        }
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        if case .unauthorized = self { headers[.wwwAuthenticate] = "Bearer realm=\"openspace\"" }
        if case .tooMany(_, let retryAfter) = self { headers[.retryAfter] = String(retryAfter) }
        let body = try SyncCoding.encoder().encode(ProblemResponse(error: description, code: code))
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}

extension Request {
    /// The bearer token of the Authorization header, if any.
    var bearerToken: String? {
        guard let value = headers[.authorization] else { return nil }
        let parts = value.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        return token.isEmpty || token.count > 256 ? nil : token
    }

    /// Reads and decodes a JSON body of at most `limit` bytes; anything else is a 400 or 413
    /// with a sentence saying what was wrong.
    mutating func decodeJSON<T: Decodable>(_ type: T.Type, limit: Int) async throws -> T {
        let buffer: ByteBuffer
        do {
            buffer = try await collectBody(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw HubHTTPError.tooLarge(limit: limit)
        }
        do {
            return try SyncCoding.decoder().decode(T.self, from: Data(buffer: buffer))
        } catch let error as DecodingError {
            throw HubError.invalid("the request body is not a valid \(T.self): \(Self.explain(error))")
        } catch {
            throw HubError.invalid("the request body is not valid JSON")
        }
    }

    private static func explain(_ error: DecodingError) -> String {
        switch error {
        case .dataCorrupted(let context), .keyNotFound(_, let context), .typeMismatch(_, let context),
            .valueNotFound(_, let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? context.debugDescription : "\(path): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}

/// HTTP-only refusals.
enum HubHTTPError: HTTPResponseError {
    case tooLarge(limit: Int)

    var status: HTTPResponse.Status { .contentTooLarge }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let problem = ProblemResponse(
            error: "the request body is larger than \(limit) bytes", code: "too-large")
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: try SyncCoding.encoder().encode(problem))))
    }

    private var limit: Int {
        switch self {
        case .tooLarge(let limit): limit
        }
    }
}

/// A JSON response with the wire's coder.
func jsonResponse<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
    Response(
        status: status, headers: [.contentType: "application/json; charset=utf-8"],
        body: .init(byteBuffer: ByteBuffer(bytes: try SyncCoding.encoder().encode(value))))
}
