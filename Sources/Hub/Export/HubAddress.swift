import BoardModel

/// The hub's public address as links and calendar ids use it: printed codes are upper case, but
/// a link reads better (and a calendar UID stays conventional) with the scheme and host in lower
/// case, which mean the same.
struct HubAddress: Sendable, Equatable {
    /// `https://os.example.org`, plus any path the hub was configured under, without a trailing slash.
    let base: String
    /// `os.example.org`: the host alone, without scheme, port or path.
    let host: String
    /// True when the hub is reached over HTTPS, so cookies can be marked Secure.
    let isHTTPS: Bool

    init(_ codes: ScanCodeFormat) {
        let address = codes.hub
        guard let schemeEnd = address.range(of: "://") else {
            base = address.lowercased()
            host = address.lowercased()
            isHTTPS = false
            return
        }
        let scheme = address[..<schemeEnd.lowerBound].lowercased()
        let rest = address[schemeEnd.upperBound...]
        let authority = rest.prefix { $0 != "/" }
        // Paths are case-sensitive: a hub configured under a path keeps it as the codes print it.
        let path = rest.dropFirst(authority.count)
        base = "\(scheme)://\(authority.lowercased())\(path)"
        host = String(authority.prefix { $0 != ":" }).lowercased()
        isHTTPS = scheme == "https"
    }

    /// The card's page, the same page its printed QR opens.
    func url(of card: CardID) -> String { "\(base)/C/\(card.text)" }

    /// The slot's page, the same page its printed label opens.
    func url(of cell: CellRef) -> String { "\(base)/S/\(cell.code)" }
}
