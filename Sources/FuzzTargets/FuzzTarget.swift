/// A parser's fuzz target: a name (the executable is `fuzz-<name>`, its corpus `fuzz/corpus/<name>`)
/// and what one input does. An input that the parser refuses is fine; a crash, a hang, a broken
/// invariant (checked with `precondition`) or a 5xx answer from the hub is a finding.
///
/// The targets are one library so that the libFuzzer executables (`fuzz/`, built only by
/// `make fuzz` with `-sanitize=fuzzer,address`) and `make test`'s smoke run (`FuzzTests`, each
/// target over its committed corpus, its regression inputs and a few thousand mutations) run the
/// same code.
public struct FuzzTarget: Sendable {
    public let name: String
    public let run: @Sendable ([UInt8]) -> Void

    public init(_ name: String, run: @escaping @Sendable ([UInt8]) -> Void) {
        self.name = name
        self.run = run
    }
}

public enum FuzzTargets {
    /// Every target, by name.
    public static let all: [FuzzTarget] = [
        scanCodes, scanEvdev, scanHID, scanSerial, escposStatus, syncJSON, syncEvents, layoutYAML, boardSettings,
        hubSettings, png, hubHTTP,
    ]

    public static func named(_ name: String) -> FuzzTarget? { all.first { $0.name == name } }
}

/// Reads an input a field at a time: the structured targets take their choices from its first
/// bytes and the rest as data.
struct FuzzInput {
    private var bytes: ArraySlice<UInt8>

    init(_ bytes: [UInt8]) { self.bytes = bytes[...] }

    var isEmpty: Bool { bytes.isEmpty }
    var rest: [UInt8] { Array(bytes) }

    mutating func byte() -> UInt8 { bytes.popFirst() ?? 0 }

    mutating func take(_ count: Int) -> [UInt8] {
        let taken = bytes.prefix(count)
        bytes = bytes.dropFirst(count)
        return Array(taken)
    }

    mutating func uint16() -> UInt16 { UInt16(byte()) | UInt16(byte()) << 8 }
}

extension FuzzTargets {
    /// One libFuzzer execution of the target `name` (each executable in fuzz/ is this call).
    public static func fuzz(_ name: String, _ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
        guard let target = named(name) else { fatalError("no fuzz target named \(name)") }
        target.run(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
        return 0
    }
}
