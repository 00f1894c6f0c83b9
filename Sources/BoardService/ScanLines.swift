import Foundation

/// Lines of scanned text from standard input or a FIFO, for the simulated board.
///
/// A keyboard-wedge scanner types a code and presses Enter, so one line is one scan. Reading
/// happens on its own thread because `getline` blocks.
public enum ScanLines {
    /// Lines from a file or FIFO path, or from standard input when `path` is nil.
    ///
    /// A FIFO is opened again after each writer closes it, so `echo CODE > fifo` works repeatedly.
    public static func stream(path: String?) -> AsyncStream<String> {
        AsyncStream { continuation in
            let thread = Thread {
                if let path {
                    let isFIFO = Self.isFIFO(path)
                    repeat {
                        guard let file = fopen(path, "r") else {
                            continuation.finish()
                            return
                        }
                        read(file, into: continuation)
                        fclose(file)
                    } while isFIFO
                } else if let input = fdopen(STDIN_FILENO, "r") {
                    read(input, into: continuation)
                }
                continuation.finish()
            }
            thread.start()
        }
    }

    /// Whether standard input is /dev/null, as for a service: there is nothing to read, ever.
    public static var standardInputIsNull: Bool {
        var input = stat()
        var null = stat()
        guard fstat(STDIN_FILENO, &input) == 0, stat("/dev/null", &null) == 0 else { return false }
        return (input.st_mode & S_IFMT) == S_IFCHR && input.st_rdev == null.st_rdev
    }

    static func isFIFO(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFIFO
    }

    private static func read(_ file: UnsafeMutablePointer<FILE>, into continuation: AsyncStream<String>.Continuation) {
        var buffer: UnsafeMutablePointer<CChar>?
        var capacity = 0
        defer { free(buffer) }
        while getline(&buffer, &capacity, file) >= 0 {
            guard let buffer else { continue }
            let line = String(cString: buffer).trimmingCharacters(in: .whitespacesAndNewlines)
            if !line.isEmpty && !line.hasPrefix("#") { continuation.yield(line) }
        }
    }
}
