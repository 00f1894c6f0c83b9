import Crypto
import Foundation
import Hummingbird

/// A signed-in staff member as a request shows them: by the session cookie the sign-in page set,
/// or by `Authorization: Bearer <session token>` for scripts.
struct StaffSession: Sendable {
    static let cookieName = "openspace_staff"

    let name: String
    let token: String
    /// True when the token came from the cookie. A browser sends cookies with any request, even
    /// one another site started, so such forms must carry the CSRF token; an Authorization
    /// header is never added by a browser on its own, so it needs none.
    let isFromCookie: Bool

    /// The token staff forms carry: an HMAC of a fixed label keyed with the session token, so it
    /// is worthless without the session and needs no storage of its own.
    var csrfToken: String { Self.csrfToken(for: token) }

    static func csrfToken(for token: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(
            for: Data("openspace staff form".utf8), using: SymmetricKey(data: Data(token.utf8)))
        return Data(mac).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Whether a form may act for this session: with the right CSRF token, or sent with the
    /// Authorization header.
    func allows(csrf: String?) -> Bool {
        guard isFromCookie else { return true }
        guard let csrf else { return false }
        return Self.constantTimeEqual(Array(csrf.utf8), Array(csrfToken.utf8))
    }

    /// Compares without stopping at the first difference, so the time taken says nothing about
    /// how much of a guess was right.
    static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices { difference |= lhs[index] ^ rhs[index] }
        return difference == 0
    }

    /// The session a request carries, if it is live. A request with an Authorization header is
    /// judged by that header alone.
    static func find(in request: Request, hub: Hub) async throws -> StaffSession? {
        if request.headers[.authorization] != nil {
            guard let token = request.bearerToken, let name = try await hub.staff(session: token) else { return nil }
            return StaffSession(name: name, token: token, isFromCookie: false)
        }
        guard let token = request.cookies[cookieName]?.value, !token.isEmpty, token.count <= 256,
            let name = try await hub.staff(session: token)
        else { return nil }
        return StaffSession(name: name, token: token, isFromCookie: true)
    }

    /// The cookie that keeps a browser signed in: not readable by scripts, not sent with
    /// requests other sites start, Secure when the hub is served over HTTPS.
    static func cookie(token: String, hub: Hub) -> Cookie {
        Cookie(
            name: cookieName, value: token, maxAge: Int(hub.settings.sessionLifetime), path: "/",
            secure: hub.address.isHTTPS, httpOnly: true, sameSite: .strict)
    }

    /// The cookie that replaces it on sign-out: empty and already expired.
    static func expiredCookie(hub: Hub) -> Cookie {
        Cookie(
            name: cookieName, value: "", maxAge: 0, path: "/", secure: hub.address.isHTTPS, httpOnly: true,
            sameSite: .strict)
    }
}

/// What a staff page refuses with when it needs a session or a valid form.
extension WebPageError {
    static let signInFirst = WebPageError(
        status: .unauthorized, heading: "Sign in first",
        message: "This is for staff: sign in at /staff/login, then try again.")

    static let staleForm = WebPageError(
        status: .forbidden, heading: "The form has expired",
        message: "Nothing was changed: the form is from an older sign-in or from another site. "
            + "Reload the staff page and send it again.")
}
