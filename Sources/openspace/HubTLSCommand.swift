import ArgumentParser
import Foundation
import Hub
import SwiftASN1
import X509

/// `openspace hub tls`: a small private CA and the hub's certificate, for a venue network without
/// public DNS (a hub with a public name can take a certificate from a public authority instead,
/// or sit behind Caddy; see deploy/README.md).
struct HubTLSCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tls", abstract: "Make a venue CA and the hub's HTTPS certificate, or show them.",
        subcommands: [NewCA.self, Issue.self, Show.self])

    struct Folder: ParsableArguments {
        @Option(help: ArgumentHelp("Where the CA and the hub's certificate are kept.", valueName: "folder"))
        var dir = "/etc/openspace/tls"
    }

    struct NewCA: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "new-ca",
            abstract: "Make a venue CA (ca.pem, and ca.key readable by its owner only); never overwrites one.")

        @OptionGroup var folder: Folder

        @Option(help: "The CA's name, as browsers show it.")
        var name = "OpenSpace venue CA"

        func run() throws {
            let ca = try VenueCA.create(name: name)
            try ca.save(to: folder.dir)
            Console.line("CA made: \(folder.dir)/\(VenueCA.certificateFile) (keep \(VenueCA.keyFile) off the boards)")
            Console.line("its fingerprint: \(try ca.fingerprint)")
            Console.line("next: openspace hub tls issue --dir \(folder.dir) <the hub's name or address>…")
            Console.line("on each board, in board.yaml under hub:  ca_fingerprint: \(try ca.fingerprint)")
        }
    }

    struct Issue: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sign the hub's certificate (hub.pem, hub.key) with the venue CA, replacing an older one.")

        @OptionGroup var folder: Folder

        @Argument(help: "Every name and address boards and browsers reach the hub by (hub.venue.lan 10.0.0.5).")
        var hosts: [String]

        @Option(help: "The user that runs the hub, who must read hub.key (when run as root).")
        var owner = "openspace"

        func run() throws {
            let ca = try VenueCA.load(from: folder.dir)
            let issued = try ca.issue(hosts: hosts)
            try issued.save(to: folder.dir)
            let key = folder.dir + "/" + ServerCertificate.keyFile
            if geteuid() == 0, let user = getpwnam(owner) {
                guard chown(key, user.pointee.pw_uid, user.pointee.pw_gid) == 0 else {
                    throw SetupFailure("\(key) could not be given to \(owner): \(String(cString: strerror(errno)))")
                }
            }
            Console.line(
                "hub certificate for \(hosts.joined(separator: ", ")), valid until "
                    + issued.certificate.notValidAfter.formatted(.iso8601))
            Console.line("in hub.yaml:")
            Console.line("  tls:")
            Console.line("    certificate: \(folder.dir)/\(ServerCertificate.certificateFile)")
            Console.line("    key: \(key)")
            Console.line("then `systemctl reload openspace-hub` (a running hub reads them again on SIGHUP)")
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the CA's fingerprint (for board.yaml) and the hub certificate's names and expiry.")

        @OptionGroup var folder: Folder

        func run() throws {
            let path = folder.dir + "/" + VenueCA.certificateFile
            guard let text = try? String(contentsOfFile: path, encoding: .utf8),
                let ca = try? Certificate(pemEncoded: text)
            else { throw SetupFailure("\(path) is not a certificate: make one with `openspace hub tls new-ca`") }
            Console.line("CA \(ca.subject), valid until \(ca.notValidAfter.formatted(.iso8601))")
            Console.line("  ca_fingerprint: \(try VenueCA.fingerprint(of: ca))")
            let hubPath = folder.dir + "/" + ServerCertificate.certificateFile
            guard let chain = try? String(contentsOfFile: hubPath, encoding: .utf8),
                let first = try? PEMDocument.parseMultiple(pemString: chain).first,
                let hub = try? Certificate(derEncoded: first.derBytes)
            else {
                Console.line(
                    "no hub certificate at \(hubPath) yet: `openspace hub tls issue --dir \(folder.dir) HOST…`")
                return
            }
            let names = (try? hub.extensions.subjectAlternativeNames).flatMap { $0 }.map { names in
                names.map(Self.describe).joined(separator: ", ")
            }
            Console.line(
                "hub certificate for \(names ?? "\(hub.subject)"), valid until \(hub.notValidAfter.formatted(.iso8601))"
            )
        }

        /// A name as written on the command line: hub.venue.lan, 10.0.0.5, fd00::5.
        static func describe(_ name: GeneralName) -> String {
            switch name {
            case .dnsName(let host): return host
            case .ipAddress(let octets):
                let bytes = Array(octets.bytes)
                var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
                let family = bytes.count == 4 ? AF_INET : AF_INET6
                guard bytes.count == 4 || bytes.count == 16,
                    inet_ntop(family, bytes, &text, socklen_t(text.count)) != nil
                else { return "\(name)" }
                return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            default: return "\(name)"
            }
        }
    }
}
