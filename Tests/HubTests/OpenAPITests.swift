import AsyncHTTPClient
import BoardModel
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SharedTestSupport
import SyncWire
import XCTest
import Yams

@testable import Hub

/// deploy/openapi.yaml against a running hub: it names every route the hub serves and nothing
/// else, and each operation, called over HTTP with valid input, answers with a status, a media
/// type and (for JSON) the fields the description promises.
final class OpenAPITests: XCTestCase {
    static let file = TestPaths.packageRoot + "/deploy/openapi.yaml"

    /// The description, with its YAML anchors resolved.
    private func description() throws -> [String: Any] {
        let text = try String(contentsOfFile: Self.file, encoding: .utf8)
        guard let spec = try Yams.load(yaml: text) as? [String: Any] else {
            throw TestSetupFailure("\(Self.file) is not a YAML mapping")
        }
        return spec
    }

    private func operations(_ spec: [String: Any]) -> [(path: String, method: String, operation: [String: Any])] {
        let paths = spec["paths"] as? [String: Any] ?? [:]
        return paths.keys.sorted().flatMap { path in
            let item = paths[path] as? [String: Any] ?? [:]
            return ["get", "post"].compactMap { method in
                (item[method] as? [String: Any]).map { (path, method, $0) }
            }
        }
    }

    /// `/C/{card}` and `/C/:id` both become `/C/*`; `/staff/` and `/staff` are one.
    private static func shape(_ path: String) -> String {
        let segments = path.split(separator: "/").map { segment in
            segment.hasPrefix("{") || segment.hasPrefix(":") ? "*" : String(segment)
        }
        return "/" + segments.joined(separator: "/")
    }

    func testTheDescriptionNamesEveryRouteOfTheHubAndNoOther() throws {
        let spec = try description()
        XCTAssertEqual(spec["openapi"] as? String, "3.0.3")
        let described = Set(operations(spec).map { "\($0.method.uppercased()) \(Self.shape($0.path))" })
        let hub = Hub(
            store: try SQLiteHubStore(path: try TestPaths.temporaryFolder("openapi") + "/hub.sqlite"),
            settings: HubSettings(layout: HubFixture.layout, codes: HubFixture.codes))
        let served = Set(HubServer.router(hub: hub).routes.map { "\($0.method) \(Self.shape($0.path.description))" })
        XCTAssertEqual(described.subtracting(served).sorted(), [], "described but not served")
        XCTAssertEqual(served.subtracting(described).sorted(), [], "served but not described")
        XCTAssertGreaterThanOrEqual(described.count, 28)
    }

    func testEveryOperationAnswersAsDescribed() async throws {
        let spec = try description()
        let hub = try await RunningHub.start()
        // Redirects are answers to check, not to follow.
        let client = HTTPClient(
            eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))
        do {
            try await checkOperations(spec, hub: hub, client: client)
        } catch {
            try await client.shutdown()
            await hub.stop()
            throw error
        }
        try await client.shutdown()
        await hub.stop()
    }

    private func checkOperations(_ spec: [String: Any], hub: RunningHub, client: HTTPClient) async throws {
        let fixture = try await Fixture(hub)
        let operations = operations(spec).sorted { one, other in
            // Signing out ends the session the other staff operations use: last.
            (one.path.contains("logout") ? 1 : 0, one.path, one.method)
                < (other.path.contains("logout") ? 1 : 0, other.path, other.method)
        }
        var checked = 0
        for (path, method, operation) in operations {
            let name = "\(method.uppercased()) \(path)"
            var request = HTTPClientRequest(url: hub.base + fixture.fill(path, method: method))
            request.method = method == "get" ? .GET : .POST
            let secured = (operation["security"] as? [[String: Any]])?.flatMap(\.keys) ?? []
            if secured.contains("staff") {
                request.headers.add(name: "Authorization", value: "Bearer \(fixture.staffToken)")
            } else if secured.contains("board") {
                request.headers.add(name: "Authorization", value: "Bearer \(fixture.boardToken)")
            }
            let requestBody = try operation["requestBody"].map { try resolve($0, in: spec) }
            if let body = try fixture.body(for: path, requestBody: requestBody, spec: spec) {
                request.headers.add(name: "Content-Type", value: body.type)
                request.body = .bytes(ByteBuffer(string: body.text))
            }
            let response = try await client.execute(request, timeout: .seconds(10))
            let status = String(response.status.code)
            let responses = operation["responses"] as? [String: Any] ?? [:]
            guard let documented = responses[status] else {
                XCTFail("\(name) answered \(status), which the description does not list (\(responses.keys.sorted()))")
                continue
            }
            XCTAssertLessThan(response.status.code, 400, "\(name): valid input is accepted")
            let answer = try resolve(documented, in: spec)
            if let content = answer["content"] as? [String: Any] {
                let type = response.headers.first(name: "Content-Type")?.split(separator: ";").first.map {
                    String($0).trimmingCharacters(in: .whitespaces)
                }
                XCTAssertTrue(
                    content.keys.contains(type ?? ""),
                    "\(name): \(type ?? "no type") is not in \(content.keys.sorted())")
                if type == "text/event-stream" {
                    // The stream stays open: its head is what is checked here.
                    checked += 1
                    continue
                }
                let body = try await response.body.collect(upTo: 1 << 22)
                if type == "application/json", let schema = (content[type!] as? [String: Any])?["schema"] {
                    let value = try JSONSerialization.jsonObject(with: Data(buffer: body), options: [.fragmentsAllowed])
                    for problem in try check(value, against: schema, in: spec, at: "") {
                        XCTFail("\(name): \(problem)")
                    }
                }
            } else {
                _ = try await response.body.collect(upTo: 1 << 22)
            }
            if let headers = answer["headers"] as? [String: Any] {
                for header in headers.keys {
                    XCTAssertNotNil(response.headers.first(name: header), "\(name): no \(header) header")
                }
            }
            checked += 1
        }
        XCTAssertEqual(checked, operations.count)
    }

    // MARK: The description's own references and schemas

    private func resolve(_ value: Any, in spec: [String: Any]) throws -> [String: Any] {
        guard let object = value as? [String: Any] else { throw TestSetupFailure("not an object: \(value)") }
        guard let reference = object["$ref"] as? String else { return object }
        var target: Any = spec
        for key in reference.dropFirst(2).split(separator: "/") {
            guard let next = (target as? [String: Any])?[String(key)] else {
                throw TestSetupFailure("\(reference) names nothing")
            }
            target = next
        }
        return try resolve(target, in: spec)
    }

    /// What in `value` does not match `schema`: types, required fields, enums; nested objects
    /// and arrays too.
    private func check(_ value: Any, against schema: Any, in spec: [String: Any], at place: String) throws -> [String] {
        let schema = try resolve(schema, in: spec)
        var problems: [String] = []
        if let parts = schema["allOf"] as? [Any] {
            for part in parts { problems += try check(value, against: part, in: spec, at: place) }
        }
        switch schema["type"] as? String {
        case "object":
            guard let object = value as? [String: Any] else { return ["\(place) is not an object"] }
            for field in schema["required"] as? [String] ?? [] where object[field] == nil {
                problems.append("\(place).\(field) is missing")
            }
            for (field, fieldSchema) in schema["properties"] as? [String: Any] ?? [:] {
                if let inner = object[field], !(inner is NSNull) {
                    problems += try check(inner, against: fieldSchema, in: spec, at: "\(place).\(field)")
                }
            }
        case "array":
            guard let array = value as? [Any] else { return ["\(place) is not an array"] }
            if let items = schema["items"] {
                for (index, item) in array.enumerated() {
                    problems += try check(item, against: items, in: spec, at: "\(place)[\(index)]")
                }
            }
        case "string":
            if !(value is String) { problems.append("\(place) is not a string") }
        case "integer":
            if (value as? NSNumber).map({ $0.doubleValue != $0.doubleValue.rounded() }) ?? true {
                problems.append("\(place) is not an integer")
            }
        case "boolean":
            if !(value is Bool) { problems.append("\(place) is not a boolean") }
        default: break
        }
        if let allowed = schema["enum"] as? [Any], !allowed.contains(where: { "\($0)" == "\(value)" }) {
            problems.append("\(place) is \(value), not one of \(allowed)")
        }
        return problems
    }
}

/// What the operations need: a staff session, an enrolled board and a spare one, a code not yet
/// used, a placed card and a blank one.
private struct Fixture {
    let staffToken: String
    let boardToken: String
    let enrolCode: String
    let placed: Card
    let blank: Card
    let freeCell: CellRef

    init(_ running: RunningHub) async throws {
        let hub = running.hub
        try await hub.store.putStaff(name: WebTestHub.staffName, passwordHash: WebTestHub.staffHash)
        let token = Credentials.newToken()
        try await hub.store.addSession(
            tokenHash: Credentials.hash(token), staff: WebTestHub.staffName, expires: hub.now.addingTimeInterval(3600),
            now: hub.now)
        staffToken = token
        boardToken = try await running.enrolBoard("hall-a")
        _ = try await hub.addBoard(id: "spare", name: "Spare")
        enrolCode = try await hub.addBoard(id: "hall-c", name: "Hall C")
        placed = HubFixture.card("Described")
        _ = try await hub.perform(.registerCard(placed), actor: .host)
        _ = try await hub.perform(.place(placed.id, HubFixture.cell(0)), actor: .host)
        blank = Card(id: CardID.random(), title: "")
        _ = try await hub.perform(.registerCard(blank), actor: .host)
        freeCell = HubFixture.cell(4)
    }

    /// The path with its parameters filled in.
    func fill(_ path: String, method: String) -> String {
        path.replacingOccurrences(of: "{card}", with: method == "post" ? blank.id.text : placed.id.text)
            .replacingOccurrences(of: "{slot}", with: HubFixture.cell(0).code)
            .replacingOccurrences(of: "{board}", with: "hall-a")
            .replacingOccurrences(of: "{file}", with: "site.css")
    }

    /// A valid body for the operation, from its schema's fields.
    func body(for path: String, requestBody: [String: Any]?, spec: [String: Any]) throws -> (
        type: String, text: String
    )? {
        switch path {
        case "/api/v1/enrol":
            return ("application/json", #"{"protocolVersion":1,"code":"\#(enrolCode)"}"#)
        case "/api/v1/push":
            let push = PushRequest(
                clientID: "openapi",
                mutations: [
                    PushedMutation(
                        id: 1, mutation: .place(placed.id, freeCell), actor: .host, createdAt: HubFixture.morning)
                ])
            return ("application/json", String(decoding: try SyncCoding.encoder().encode(push), as: UTF8.self))
        default: break
        }
        guard let content = requestBody?["content"] as? [String: Any],
            content["application/x-www-form-urlencoded"] != nil
        else { return nil }
        let values: [String: String] = [
            "name": path == "/staff/boards" ? "Hall D" : WebTestHub.staffName, "password": WebTestHub.staffPassword,
            "title": "Filled in", "host": "Ana", "contact": "@ana", "description": "About it", "board": "hall-a",
            "card": placed.id.text, "slot": path == "/staff/unblock" ? HubFixture.cell(5).code : freeCell.code,
            "reason": "Sponsor workshop", "id": path == "/staff/boards/revoke" ? "spare" : "hall-d",
        ]
        let fields = try fieldNames(content["application/x-www-form-urlencoded"]!, spec: spec)
        return (
            "application/x-www-form-urlencoded",
            WebTestForm.encode(fields.sorted().compactMap { name in values[name].map { (name, $0) } })
        )
    }

    private func fieldNames(_ media: Any, spec: [String: Any]) throws -> [String] {
        var schema = (media as? [String: Any])?["schema"] as? [String: Any] ?? [:]
        var names: [String] = []
        for part in schema["allOf"] as? [[String: Any]] ?? [schema] {
            schema = part
            if let reference = part["$ref"] as? String {
                schema =
                    (spec["components"] as? [String: Any]).flatMap { $0["schemas"] as? [String: Any] }?[
                        String(reference.split(separator: "/").last!)] as? [String: Any] ?? [:]
            }
            names += (schema["properties"] as? [String: Any])?.keys.map { $0 } ?? []
        }
        return names
    }
}
