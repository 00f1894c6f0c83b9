import ArgumentParser
import BoardModel
import Foundation

/// `openspace badge`: the organisers' signing key and the staff badges it signs.
struct BadgeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "badge", abstract: "Make the staff badge key and issue staff badges.",
        subcommands: [NewKey.self, Issue.self])

    struct NewKey: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "new-key",
            abstract: "Make a signing key; boards get the public key it prints (--badge-key).")

        @Option(help: "Where to save the private key (readable by its owner only).")
        var keyFile = "out/staff-badge.key"

        func run() throws {
            guard !FileManager.default.fileExists(atPath: keyFile) else {
                throw ValidationError(
                    "\(keyFile) exists already: badges signed with it would stop working; pick another path")
            }
            let folder = (keyFile as NSString).deletingLastPathComponent
            if !folder.isEmpty {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            }
            let issuer = BadgeIssuer()
            guard
                FileManager.default.createFile(
                    atPath: keyFile, contents: Data((issuer.privateKeyText + "\n").utf8),
                    attributes: [.posixPermissions: 0o600])
            else { throw ValidationError("cannot write \(keyFile): check the folder's permissions") }
            print("private key saved in \(keyFile)")
            print("public key for the boards (--badge-key): \(issuer.publicKeyText)")
        }
    }

    struct Issue: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a staff badge's code, to print as a QR.")

        @Option(help: "The private key file made by 'badge new-key'.")
        var keyFile = "out/staff-badge.key"

        @Option(help: "The staff member's id: 1 to 16 upper-case letters and digits.")
        var staff: String

        @Option(help: "The last day the badge works (YYYY-MM-DD).")
        var through: String

        @Option(help: "The hub's address; badges work only with its boards.")
        var hub = "https://os.example.org"

        func validate() throws {
            guard StaffBadge.isStaffID(staff) else {
                throw ValidationError("--staff '\(staff)' must be 1 to 16 upper-case letters and digits")
            }
            guard CalendarDate(through) != nil else {
                throw ValidationError("--through '\(through)' is not a date: write it as YYYY-MM-DD")
            }
        }

        func run() throws {
            guard let text = try? String(contentsOfFile: keyFile, encoding: .utf8) else {
                throw ValidationError("cannot read \(keyFile): make one with 'openspace badge new-key'")
            }
            guard let issuer = BadgeIssuer(privateKeyText: text) else {
                throw ValidationError("\(keyFile) does not hold a badge signing key")
            }
            let codes = ScanCodeFormat(hub: hub)
            let badge = try issuer.issue(staffID: staff, validThrough: CalendarDate(through)!, hub: codes.hub)
            print(codes.code(for: badge))
        }
    }
}
