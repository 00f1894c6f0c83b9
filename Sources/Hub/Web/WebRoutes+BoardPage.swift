import Hummingbird

extension WebRoutes {
    /// A board's page; the id is matched in any case, since the boot screen's QR carries it in
    /// upper case (which keeps the code small) and board ids are lower case.
    static func boardPage(_ text: String?, hub: Hub) async throws -> Response {
        let id = (text ?? "").lowercased()
        guard Hub.isBoardID(id), let board = try await hub.store.boards().first(where: { $0.id == id }) else {
            throw WebPageError.notFound(
                "\(id.prefix(32)) is not a board of this hub: check the address under the board's QR code.")
        }
        return try WebPage.render(BoardPageView(board: board, layout: hub.settings.layout), template: "board")
    }
}
