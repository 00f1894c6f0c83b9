import BoardModel
import Foundation
import HTTPTypes
import Hummingbird
import Render
import SyncWire

/// The staff pages: sign-in and sign-out, and the page of staff actions. Every action is a POST
/// that needs a live session and (for a browser's cookie) the form's CSRF token; a refused action
/// is shown on the page, it is not an error.
enum StaffRoutes {
    static func add(to router: Router<HubRequestContext>, hub: Hub) {
        let staff = router.group("staff")
        staff.get("login") { request, _ in
            if try await StaffSession.find(in: request, hub: hub) != nil { return WebPage.redirect(to: "/staff") }
            return try loginPage(hub: hub)
        }
        staff.post("login") { request, context in try await signIn(request, context: context, hub: hub) }
        staff.post("logout") { request, _ in try await signOut(request, hub: hub) }
        staff.post("logout-everywhere") { request, _ in try await signOut(request, hub: hub, everywhere: true) }
        staff.get("/") { request, _ in
            guard let session = try await StaffSession.find(in: request, hub: hub) else {
                return WebPage.redirect(to: "/staff/login")
            }
            return try await page(session, hub: hub)
        }
        staff.post("cards") { request, _ in
            try await act(request, hub: hub, form: CreateCardForm.self) { form, session in
                try await createCard(form, session: session, hub: hub)
            }
        }
        staff.post("move") { request, _ in
            try await gridAction(request, hub: hub) { form, grid, layout in
                let (card, cell) = try (form.cardID(), form.cell(in: layout))
                return grid.placements[card] == nil ? .place(card, cell) : .move(card, to: cell)
            }
        }
        staff.post("place-over") { request, _ in
            try await gridAction(request, hub: hub) { form, _, layout in
                .placeOver(try form.cardID(), try form.cell(in: layout))
            }
        }
        staff.post("park") { request, _ in
            try await gridAction(request, hub: hub) { form, _, _ in .park(try form.cardID()) }
        }
        staff.post("remove") { request, _ in
            try await gridAction(request, hub: hub) { form, _, _ in .remove(try form.cardID()) }
        }
        staff.post("block") { request, _ in
            try await gridAction(request, hub: hub) { form, _, layout in
                let reason = FormText.trimmed(form.reason)
                if let problem = FormText.problem(reason, field: "The reason", maxLength: 80) {
                    throw FormProblem(problem)
                }
                return .block(try form.cell(in: layout), reason: reason)
            }
        }
        staff.post("unblock") { request, _ in
            try await gridAction(request, hub: hub) { form, _, layout in .unblock(try form.cell(in: layout)) }
        }
        staff.post("boards") { request, _ in
            try await act(request, hub: hub, form: BoardForm.self) { form, session in
                try await addBoard(form, session: session, hub: hub)
            }
        }
        staff.post("boards/revoke") { request, _ in
            try await act(request, hub: hub, form: BoardForm.self) { form, session in
                let id = FormText.trimmed(form.id).lowercased()
                let outcome: StaffPageView.Outcome =
                    try await hub.store.revokeBoard(id: id)
                    ? .done("Board \(id) is revoked: its token no longer works. Add it again to enrol it anew.")
                    : .problem("There is no board named \(id).")
                return try await page(session, hub: hub, outcomes: [outcome])
            }
        }
    }

    // MARK: Signing in and out

    static func loginPage(hub: Hub, name: String = "", problem: String? = nil, status: HTTPResponse.Status = .ok)
        throws -> Response
    {
        let view = StaffLoginView(
            head: PageHead(pageTitle: "Staff sign-in", bodyClass: "staff"), eventName: hub.settings.layout.eventName,
            loginName: name, problem: problem ?? "", hasProblem: problem != nil)
        return try WebPage.render(view, template: "staff-login", status: status)
    }

    struct LoginForm: Decodable {
        var name: String?
        var password: String?
    }

    static func signIn(_ request: Request, context: HubRequestContext, hub: Hub) async throws -> Response {
        let form = try await WebForm.read(LoginForm.self, from: request)
        let name = FormText.trimmed(form.name).lowercased()
        let password = form.password ?? ""
        guard !name.isEmpty, !password.isEmpty, name.count <= 64, password.utf8.count <= 1024 else {
            return try loginPage(
                hub: hub, name: name, problem: "Type your staff name and password.", status: .badRequest)
        }
        let token: String
        do {
            token = try await hub.signIn(
                name: name, password: password,
                address: request.clientAddress(context, proxies: hub.settings.trustedProxies))
        } catch SignInRefusal.wrong {
            return try loginPage(
                hub: hub, name: name, problem: "Wrong name or password: try again, or ask an organiser.",
                status: .unauthorized)
        } catch SignInRefusal.tooMany(let retryAfter) {
            var page = try loginPage(
                hub: hub, name: name,
                problem: "Too many wrong sign-ins: wait \(Self.wait(retryAfter)), then try again, or ask an organiser.",
                status: .tooManyRequests)
            page.headers[.retryAfter] = String(retryAfter)
            return page
        }
        var response = WebPage.redirect(to: "/staff")
        response.setCookie(StaffSession.cookie(token: token, hub: hub))
        return response
    }

    struct LogoutForm: StaffForm {
        var csrf: String?
    }

    /// "Wait 30 seconds", "wait 2 minutes".
    static func wait(_ seconds: Int) -> String {
        seconds < 90 ? "\(seconds) second\(seconds == 1 ? "" : "s")" : "\((seconds + 59) / 60) minutes"
    }

    /// Signs out this session, or (`everywhere`) every session of its staff member.
    static func signOut(_ request: Request, hub: Hub, everywhere: Bool = false) async throws -> Response {
        let form = try await WebForm.read(LogoutForm.self, from: request)
        if let session = try await StaffSession.find(in: request, hub: hub) {
            guard session.allows(csrf: form.csrf) else { throw WebPageError.staleForm }
            if everywhere {
                try await hub.signOutEverywhere(staff: session.name)
            } else {
                try await hub.signOut(session: session.token)
            }
        }
        var response = WebPage.redirect(to: "/staff/login")
        response.setCookie(StaffSession.expiredCookie(hub: hub))
        return response
    }

    // MARK: The staff page

    static func page(
        _ session: StaffSession, hub: Hub, outcomes: [StaffPageView.Outcome] = [],
        newBoard: StaffPageView.NewBoard? = nil, typed: CardWords? = nil
    ) async throws -> Response {
        let (_, grid) = try await hub.snapshot()
        let view = StaffPageView(
            staff: session, grid: grid, boards: try await hub.store.boards(), layout: hub.settings.layout,
            outcomes: outcomes, newBoard: newBoard, typed: typed)
        return try WebPage.render(view, template: "staff")
    }

    /// Runs a staff action: a live session first, then the form, then its CSRF token.
    static func act<Form: StaffForm>(
        _ request: Request, hub: Hub, form: Form.Type,
        _ action: (Form, StaffSession) async throws -> Response
    ) async throws -> Response {
        guard let session = try await StaffSession.find(in: request, hub: hub) else { throw WebPageError.signInFirst }
        let form = try await WebForm.read(Form.self, from: request)
        guard session.allows(csrf: form.csrf) else { throw WebPageError.staleForm }
        return try await action(form, session)
    }

    /// Runs a change to the grid as the signed-in staff member and shows how the hub settled it.
    static func gridAction(
        _ request: Request, hub: Hub,
        _ mutation: @escaping (GridActionForm, Grid, ConferenceLayout) throws -> Mutation
    ) async throws -> Response {
        try await act(request, hub: hub, form: GridActionForm.self) { form, session in
            let (_, grid) = try await hub.snapshot()
            let outcome: StaffPageView.Outcome
            do {
                let change = try mutation(form, grid, hub.settings.layout)
                let result = try await hub.perform(change, actor: .staff(session.name))
                outcome = describe(result, of: change, layout: hub.settings.layout)
            } catch let problem as FormProblem {
                outcome = .problem(problem.message)
            }
            return try await page(session, hub: hub, outcomes: [outcome])
        }
    }

    static func describe(_ result: MutationResult, of change: Mutation, layout: ConferenceLayout)
        -> StaffPageView.Outcome
    {
        let card = change.cardID
        let what = CardPageView.what(change, layout: layout)
        switch result.status {
        case .applied:
            return .done("Done: \(what).", card: card)
        case .parked:
            return .refused("Parked (it waits in \"Needs a slot\"): \(result.reason ?? what).", card: card)
        case .rejected:
            return .refused("Refused: \(result.reason ?? "the hub did not apply it").", card: card)
        }
    }

    // MARK: Cards

    struct CreateCardForm: StaffForm {
        var title: String?
        var host: String?
        var contact: String?
        var description: String?
        var board: String?
        var csrf: String?
    }

    static func createCard(_ form: CreateCardForm, session: StaffSession, hub: Hub) async throws -> Response {
        let words = CardWords(
            form: CardWords.Form(
                title: form.title, host: form.host, contact: form.contact, description: form.description))
        let problems = words.problems
        guard problems.isEmpty else {
            return try await page(session, hub: hub, outcomes: problems.map { .problem($0) }, typed: words)
        }
        let card: Card
        do {
            card = try await hub.createCard(
                title: words.title, host: words.host, contact: words.contact, summary: words.description,
                staff: session.name)
        } catch let error as HubError {
            return try await page(session, hub: hub, outcomes: [.refused(error.description)], typed: words)
        }
        var outcomes: [StaffPageView.Outcome] = [.done("Card \(card.id.text) created.", card: card.id)]
        let board = FormText.trimmed(form.board)
        if !board.isEmpty {
            do {
                try await hub.requestPrint(card: card.id, board: board)
                outcomes.append(.done("Sent to board \(board)'s printer: it prints with the board's next pull."))
            } catch let error as HubError {
                outcomes.append(.problem("Not printed: \(error.description)."))
            }
        }
        return try await page(session, hub: hub, outcomes: outcomes)
    }

    // MARK: Boards

    struct BoardForm: StaffForm {
        var id: String?
        var name: String?
        var csrf: String?
    }

    static func addBoard(_ form: BoardForm, session: StaffSession, hub: Hub) async throws -> Response {
        let id = FormText.trimmed(form.id).lowercased()
        let name = FormText.trimmed(form.name)
        if let problem = FormText.problem(name, field: "The board's name", maxLength: 80) {
            return try await page(session, hub: hub, outcomes: [.problem(problem)])
        }
        let code: String
        do {
            code = try await hub.addBoard(id: id, name: name)
        } catch let error as HubError {
            return try await page(session, hub: hub, outcomes: [.problem("The board was not added: \(error).")])
        }
        let qr = enrolQRDataURL(code)
        let newBoard = StaffPageView.NewBoard(newBoardID: id, enrolCode: code, qrDataURL: qr ?? "", hasQR: qr != nil)
        return try await page(
            session, hub: hub,
            outcomes: [.done("Board \(id) added. Its enrolment code is shown only now: enrol the board with it.")],
            newBoard: newBoard)
    }

    /// The enrolment code as a QR image the board's scanner (or a phone) can read off the screen.
    static func enrolQRDataURL(_ code: String) -> String? {
        guard let symbol = try? QRCode(code, level: .medium),
            let png = try? PNG.encode(symbol.bitmap(moduleSize: 8))
        else { return nil }
        return "data:image/png;base64," + Data(png).base64EncodedString()
    }
}

/// A staff form: every one carries the CSRF token of the page it came from.
protocol StaffForm: Decodable {
    var csrf: String? { get }
}

/// The fields of the grid actions: a card, a slot, and a reason for blocking.
struct GridActionForm: StaffForm {
    var card: String?
    var slot: String?
    var reason: String?
    var csrf: String?

    func cardID() throws(FormProblem) -> CardID {
        let text = FormText.trimmed(card).uppercased()
        guard !text.isEmpty else { throw FormProblem("Type the card's id (seven characters under its QR code).") }
        guard let id = try? CardID(validating: text) else {
            throw FormProblem("\(text.prefix(20)) is not a card id: check the seven characters under its QR code.")
        }
        return id
    }

    func cell(in layout: ConferenceLayout) throws(FormProblem) -> CellRef {
        let text = FormText.trimmed(slot).uppercased()
        guard !text.isEmpty else { throw FormProblem("Type the slot's code, as on its label: 1-R101-1000.") }
        guard let cell = CellRef(code: text), layout.contains(cell) else {
            throw FormProblem("\(text.prefix(24)) is not a slot of this conference: check the slot label.")
        }
        return cell
    }
}

/// Input a staff form cannot act on, in a sentence for the page.
struct FormProblem: Error {
    let message: String

    init(_ message: String) { self.message = message }
}
