/// Formats and parses the text in printed codes, for one hub address.
///
/// Codes are upper-case URLs on the hub (`<HUB>/C/<CARD>`, `<HUB>/S/<SLOT>`, `<HUB>/B/<BADGE>`),
/// so a phone opens the right page, the QR stays in alphanumeric mode, and a wedge scanner's
/// keyboard-layout accidents are caught rather than misread.
public struct ScanCodeFormat: Sendable {
    /// The hub's address in upper case, without a trailing slash: `HTTPS://OS.EXAMPLE.ORG`.
    public let hub: String

    public init(hub: String) {
        var text = hub.uppercased()
        while text.hasSuffix("/") { text.removeLast() }
        self.hub = text
    }

    public func code(for card: CardID) -> String { "\(hub)/C/\(card.text)" }
    public func code(for cell: CellRef) -> String { "\(hub)/S/\(cell.code)" }
    public func code(for badge: StaffBadge) -> String { "\(hub)/B/\(badge.body)" }
    public func code(for command: ScanCode.Command) -> String { command.rawValue }

    /// The board's public page, `<HUB>/D/<BOARD>` in upper case (the hub matches it in any case):
    /// what the board's boot screen links to. `D` for device: `/B/` is the staff badges'.
    public func boardPage(for boardID: String) -> String { "\(hub)/D/\(boardID.uppercased())" }

    /// Parses scanned text; the layout and the badge key decide whether slots and badges are real.
    public func parse(
        _ scanned: String, layout: ConferenceLayout, badges: BadgeVerifier?, today: CalendarDate?
    ) -> Result<ScanCode, ScanRefusal> {
        let text = scanned.trimmingCharacters(in: .whitespacesAndNewlines)
        if let command = ScanCode.Command(rawValue: text) { return .success(.command(command)) }
        let upper = text.uppercased()
        if upper != text {
            if ScanCode.Command(rawValue: upper) != nil || upper.hasPrefix(hub + "/") {
                return .failure(.wrongCase)
            }
            return .failure(Self.otherHub(upper).map(ScanRefusal.otherHub) ?? .unrecognised)
        }
        guard text.hasPrefix(hub + "/") else {
            if let other = Self.otherHub(text) { return .failure(.otherHub(other)) }
            if text.count >= 4 && (hub + "/").hasPrefix(text) { return .failure(.truncated) }
            return .failure(.unrecognised)
        }
        let rest = text.dropFirst(hub.count + 1)
        guard rest.count >= 2, rest.dropFirst().first == "/" else {
            // `HUB/C` was cut short; another page of the hub (the web grid) is no code for a board.
            return .failure(rest.isEmpty || (rest.count == 1 && "CSB".contains(rest)) ? .truncated : .unrecognised)
        }
        let kind = rest.first!
        let body = rest.dropFirst(2)
        switch kind {
        case "C":
            if body.count < CardID.length { return .failure(.truncated) }
            do {
                return .success(.card(try CardID(validating: body)))
            } catch {
                return .failure(body.count == CardID.length ? .checkFailed : .unrecognised)
            }
        case "S":
            guard let cell = CellRef(code: body) else {
                // A cut can also land inside the time, the last part: `1-R101-10`.
                let parts = body.split(separator: "-")
                let cutShort =
                    parts.count < 3
                    || (parts.count == 3 && parts[2].count < 4 && parts[2].allSatisfy { $0.isASCII && $0.isNumber })
                return .failure(cutShort ? .truncated : .unrecognised)
            }
            guard layout.contains(cell) else { return .failure(.unknownSlot(cell.code)) }
            return .success(.slot(cell))
        case "B":
            return parseBadge(body, badges: badges, today: today)
        default:
            return .failure(.unrecognised)
        }
    }

    private func parseBadge(_ body: Substring, badges: BadgeVerifier?, today: CalendarDate?)
        -> Result<ScanCode, ScanRefusal>
    {
        let parts = body.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, StaffBadge.isStaffID(parts[0]), parts[1].count == 8,
            let date = CalendarDate(
                "\(parts[1].prefix(4))-\(parts[1].dropFirst(4).prefix(2))-\(parts[1].suffix(2))")
        else { return .failure(.truncated) }
        guard let signature = Crockford32.decodeBytes(parts[2], count: 64) else {
            return .failure(parts[2].count < 103 ? .truncated : .forgedBadge)
        }
        let badge = StaffBadge(staffID: String(parts[0]), validThrough: date, signature: signature)
        guard let badges else { return .failure(.noBadgeKey) }
        guard badges.isValid(badge, hub: hub) else { return .failure(.forgedBadge) }
        if let today, date < today { return .failure(.expiredBadge(date.description)) }
        return .success(.badge(badge))
    }

    static func isURL(_ text: String) -> Bool { text.hasPrefix("HTTP://") || text.hasPrefix("HTTPS://") }

    /// The hub part of a URL shaped like one of our codes but on another hub.
    static func otherHub(_ text: String) -> String? {
        guard isURL(text), let schemeEnd = text.range(of: "://"),
            let pathStart = text[schemeEnd.upperBound...].firstIndex(of: "/")
        else { return nil }
        let path = text[pathStart...]
        guard ["/C/", "/S/", "/B/"].contains(where: { path.hasPrefix($0) }) else { return nil }
        return String(text[..<pathStart])
    }
}
