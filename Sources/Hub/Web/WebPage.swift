import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// How the web routes answer: rendered pages, redirects, and error pages.
enum WebPage {
    /// A page rendered from a template. Pages show live state (and staff pages private state),
    /// so no cache keeps them.
    static func render(
        _ view: Any, template: String, status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:]
    ) throws -> Response {
        let html = try WebAssets.shared.get().render(view, template: template)
        var headers: HTTPFields = [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"]
        headers.append(contentsOf: extra)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// After a form that changed something: the browser loads the page again with a GET, so a
    /// reload does not send the form twice.
    static func redirect(to path: String, headers extra: HTTPFields = [:]) -> Response {
        var headers: HTTPFields = [.location: path, .cacheControl: "no-store"]
        headers.append(contentsOf: extra)
        return Response(status: .seeOther, headers: headers)
    }
}

/// The head of every page: its title and the class that picks the page's styles.
struct PageHead {
    let pageTitle: String
    let bodyClass: String
}

/// A page that only says something: not found, refused, a form that is too large.
struct MessageView {
    let head: PageHead
    let heading: String
    let message: String
}

/// A request a web page refuses, answered with a small HTML page that says why.
struct WebPageError: HTTPResponseError {
    let status: HTTPResponse.Status
    let heading: String
    let message: String

    static func notFound(_ message: String) -> WebPageError {
        WebPageError(status: .notFound, heading: "Not found", message: message)
    }

    static func badRequest(_ message: String) -> WebPageError {
        WebPageError(status: .badRequest, heading: "That did not work", message: message)
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let view = MessageView(
            head: PageHead(pageTitle: heading, bodyClass: "message"), heading: heading,
            message: message)
        do {
            return try WebPage.render(view, template: "message", status: status)
        } catch {
            // Without templates there is still an answer: the reason, as text.
            return Response(
                status: status, headers: [.contentType: "text/plain; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: "\(heading): \(message)\n")))
        }
    }
}

extension WebAssetError: HTTPResponseError {
    var status: HTTPResponse.Status { .internalServerError }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(
            status: status, headers: [.contentType: "text/plain; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: description + "\n")))
    }
}
