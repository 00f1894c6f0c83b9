import BoardModel
import Foundation
import Scanner

extension BoardConfig {
    /// The format of the codes this board prints and reads, under the hub's public address.
    public var codes: ScanCodeFormat { ScanCodeFormat(hub: codesBase) }

    /// The staff badges' verifier, nil when no key is configured (no badge is accepted).
    public func badgeVerifier() -> BadgeVerifier? {
        badgeKey.flatMap { BadgeVerifier(publicKeyText: $0) }
    }

    /// How the scanner's keys become scans: the key it sends after each code.
    public var scanRules: ScanRules {
        let suffix: ScanSuffix =
            switch scanSuffix {
            case "tab": .tab
            case "none": .none
            default: .enter
            }
        return ScanRules(suffix: suffix)
    }

    /// Creates the journal's folder, so a first run needs no set-up.
    public func prepareJournalFolder() throws {
        let folder = (journalPath as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
    }
}
