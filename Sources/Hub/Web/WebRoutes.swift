import BoardModel
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The web pages: the live grid, card, slot and board pages, the kiosk view and the staff pages (and,
/// through `ExportRoutes`, the schedule exports).
enum WebRoutes {
    static func add(to router: Router<HubRequestContext>, hub: Hub) {
        router.get("/") { request, _ in
            try await gridPage(request, hub: hub, kiosk: false)
        }
        router.get("kiosk") { request, _ in
            try await gridPage(request, hub: hub, kiosk: true)
        }
        router.get("C/:id") { request, context in
            let id = try cardID(context.parameters.get("id"))
            return try await cardPage(id, request: request, hub: hub)
        }
        router.post("C/:id") { request, context in
            let id = try cardID(context.parameters.get("id"))
            return try await saveCard(id, request: request, hub: hub)
        }
        router.get("S/:code") { _, context in
            try await slotPage(context.parameters.get("code"), hub: hub)
        }
        router.get("D/:id") { _, context in
            try await boardPage(context.parameters.get("id"), hub: hub)
        }
        router.get("static/:file") { _, context in
            try staticFile(context.parameters.get("file"))
        }
        StaffRoutes.add(to: router, hub: hub)
        ExportRoutes.add(to: router, hub: hub)
    }

    // MARK: The grid

    /// `/` shows every day; `/kiosk` today's grid (the first day's outside the conference) in
    /// large type. With `?fragment=grid` only the grid's HTML is sent: the page's script swaps
    /// it in when the hub announces a new version.
    static func gridPage(_ request: Request, hub: Hub, kiosk: Bool) async throws -> Response {
        let (version, grid) = try await hub.snapshot()
        let layout = hub.settings.layout
        let now = hub.now
        let path = kiosk ? "/kiosk" : "/"
        var shownDays: [Int]?
        if kiosk, let today = layout.dayNumber(at: now) ?? layout.days.first?.number { shownDays = [today] }
        let view = GridView(
            grid: grid, version: version, layout: layout, now: now, dayNumbers: shownDays,
            fragmentPath: "\(path)?fragment=grid", refreshSeconds: kiosk ? 60 : 0)
        if request.uri.queryParameters["fragment"] == "grid" {
            return try WebPage.render(view, template: "grid")
        }
        let page = GridPageView(
            head: PageHead(
                pageTitle: kiosk ? "\(layout.eventName): now" : "\(layout.eventName): Open Spaces",
                bodyClass: kiosk ? "kiosk" : "grid-page"),
            eventName: layout.eventName, grid: view)
        return try WebPage.render(page, template: kiosk ? "kiosk" : "index")
    }

    // MARK: Cards

    /// A card id from a URL in any case (printed codes are upper case, people type lower case).
    static func cardID(_ text: String?) throws -> CardID {
        let text = (text ?? "").uppercased()
        do {
            return try CardID(validating: text)
        } catch {
            throw WebPageError.notFound(
                "\(text.prefix(20)) is not a card id: check the seven characters under the card's QR code.")
        }
    }

    static func knownCard(_ id: CardID, in grid: Grid) throws -> Card {
        guard let card = grid.cards[id] else {
            throw WebPageError.notFound("Card \(id.text) is not known to this hub: ask staff at the board.")
        }
        return card
    }

    static func cardPage(_ id: CardID, request: Request, hub: Hub) async throws -> Response {
        let (_, grid) = try await hub.snapshot()
        let card = try knownCard(id, in: grid)
        let staff = try await StaffSession.find(in: request, hub: hub)
        let view = CardPageView(
            card: card, grid: grid, layout: hub.settings.layout, history: try await hub.store.history(of: id),
            staff: staff)
        return try WebPage.render(view, template: "card")
    }

    /// Writes a card's words: anyone may fill in a blank card once, staff may change any card.
    /// Bad input changes nothing and shows the form again with what was typed and why.
    static func saveCard(_ id: CardID, request: Request, hub: Hub) async throws -> Response {
        let form = try await WebForm.read(CardWords.Form.self, from: request)
        let staff = try await StaffSession.find(in: request, hub: hub)
        if let staff, !staff.allows(csrf: form.csrf) { throw WebPageError.staleForm }
        let (_, grid) = try await hub.snapshot()
        let card = try knownCard(id, in: grid)
        let words = CardWords(form: form)
        let problems = words.problems
        var notice: String?
        if problems.isEmpty {
            let actor: Actor = staff.map { .staff($0.name) } ?? .host
            let result = try await hub.perform(.editCard(words.card(id: id)), actor: actor)
            if result.status == .applied { return WebPage.redirect(to: "/C/\(id.text)") }
            notice = result.reason ?? "The hub did not save the card."
        }
        let (_, current) = try await hub.snapshot()
        let view = CardPageView(
            card: current.cards[id] ?? card, grid: current, layout: hub.settings.layout,
            history: try await hub.store.history(of: id), staff: staff, typed: words, problems: problems,
            notice: notice)
        return try WebPage.render(view, template: "card", status: problems.isEmpty ? .conflict : .badRequest)
    }

    // MARK: Slots

    static func slotPage(_ code: String?, hub: Hub) async throws -> Response {
        let text = (code ?? "").uppercased()
        let layout = hub.settings.layout
        guard let cell = CellRef(code: text), layout.contains(cell) else {
            throw WebPageError.notFound(
                "\(text.prefix(24)) is not a slot of \(layout.eventName): check the code on the slot label.")
        }
        let (_, grid) = try await hub.snapshot()
        return try WebPage.render(SlotPageView(cell: cell, grid: grid, layout: layout, now: hub.now), template: "slot")
    }

    // MARK: Static files

    static func staticFile(_ name: String?) throws -> Response {
        guard let name, let bytes = try WebAssets.shared.get().files[name] else {
            throw WebPageError.notFound("There is no such file.")
        }
        return Response(
            status: .ok,
            headers: [.contentType: WebAssets.contentType(of: name), .cacheControl: "public, max-age=300"],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
