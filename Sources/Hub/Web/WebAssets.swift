import Foundation
import Mustache

/// The page templates and the static files (stylesheet, script), read once from the module's
/// `Templates` resources. Templates are Mustache with HTML escaping on every `{{value}}`, so
/// anything a host typed is shown as text, never as markup.
struct WebAssets: Sendable {
    let library: MustacheLibrary
    /// File name (`site.css`) to its bytes.
    let files: [String: [UInt8]]

    /// Loaded on first use; a hub without its resources answers every page with a 500 that says so.
    static let shared = Result { () throws(WebAssetError) in try load() }

    static func load() throws(WebAssetError) -> WebAssets {
        guard let folder = Bundle.module.url(forResource: "Templates", withExtension: nil) else {
            throw WebAssetError(
                path: Bundle.module.bundlePath + "/Templates", problem: "the folder is missing from the hub's resources"
            )
        }
        var library = MustacheLibrary()
        for name in Self.templateNames {
            let url = folder.appendingPathComponent("\(name).mustache")
            do {
                try library.register(String(contentsOf: url, encoding: .utf8), named: name)
            } catch {
                throw WebAssetError(path: url.path, problem: "\(error)")
            }
        }
        var files: [String: [UInt8]] = [:]
        for name in Self.staticNames {
            let url = folder.appendingPathComponent("static/\(name)")
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw WebAssetError(path: url.path, problem: "the file is missing or unreadable")
            }
            files[name] = Array(data)
        }
        return WebAssets(library: library, files: files)
    }

    /// Every template a page renders or includes as a partial.
    static let templateNames = [
        "head", "foot", "grid", "index", "kiosk", "card", "card-form", "slot", "staff-login", "staff", "message",
        "board",
    ]

    /// The files under `/static/`, with their content types.
    static let staticNames = ["site.css", "live.js"]

    static func contentType(of name: String) -> String {
        name.hasSuffix(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8"
    }

    /// Renders a page's view with one of the templates.
    func render(_ view: Any, template name: String) throws(WebAssetError) -> String {
        guard let html = library.render(view, withTemplate: name) else {
            throw WebAssetError(path: "Templates/\(name).mustache", problem: "no such template is loaded")
        }
        return html
    }
}

/// A template or static file the hub could not load: the install is incomplete.
struct WebAssetError: Error, CustomStringConvertible {
    let path: String
    let problem: String

    var description: String { "the hub's web page file \(path) could not be loaded (\(problem)): reinstall the hub" }
}
