import Foundation
import Render

/// What `UC8179Emulator` knows about the chip: its pins, the registers that shape the image, the
/// two RAM planes, BUSY, and the glass. Every method runs under the emulator's lock.
struct UC8179ChipState {
    /// Why BUSY is held low apart from a running refresh.
    enum Hold {
        case until(ContinuousClock.Instant)
        case untilReset
        case forever
    }

    /// Which command the bytes with DC high belong to.
    enum Receiving {
        case nothing
        case unknown
        case parameters(UC8179Command, [UInt8])
        case plane(old: Bool, written: Int)
    }

    static let panelWidth = WaveshareV2Settings.width
    static let panelHeight = WaveshareV2Settings.height
    static let rowBytes = panelWidth / UC8179Datasheet.pixelsPerByte

    var timing: UC8179Timing
    let hasPowerSwitch: Bool
    var supplied: Bool
    var dcHigh = false
    var resetHeldLow = false
    var asleep = false
    var chargePumpsOn = false
    var partialMode = false
    var window: UC8179PartialWindow?
    var resolutionWidth = panelWidth
    var resolutionHeight = panelHeight
    var setBitIsBlack = false
    var copiesNewToOld = false
    var receiving = Receiving.nothing
    var oldPlane = [UInt8](repeating: 0, count: rowBytes * panelHeight)
    var newPlane = [UInt8](repeating: 0, count: rowBytes * panelHeight)
    var displayed = Bitmap(width: panelWidth, height: panelHeight)
    var busyUntil: ContinuousClock.Instant?
    var hold: Hold?
    var nextRefreshHangs = false
    var unknownCommands: [UInt8] = []
    var violations: [String] = []
    var fullRefreshCount = 0
    var partialRefreshCount = 0

    init(timing: UC8179Timing, hasPowerSwitch: Bool) {
        self.timing = timing
        self.hasPowerSwitch = hasPowerSwitch
        supplied = !hasPowerSwitch
    }

    // MARK: BUSY

    func isIdle(at now: ContinuousClock.Instant) -> Bool {
        guard supplied else { return false }
        switch hold {
        case .forever, .untilReset: return false
        case .until(let end) where now < end: return false
        default: break
        }
        if let busyUntil, now < busyUntil { return false }
        return true
    }

    /// When BUSY goes idle by itself, if it is busy now for a timed reason only.
    func busyEnds(after now: ContinuousClock.Instant) -> ContinuousClock.Instant? {
        guard supplied else { return nil }
        var end = busyUntil.flatMap { $0 > now ? $0 : nil }
        switch hold {
        case .forever, .untilReset: return nil
        case .until(let holdEnd) where holdEnd > now: end = max(end ?? holdEnd, holdEnd)
        default: break
        }
        return end
    }

    // MARK: Pins

    mutating func setPower(_ high: Bool) {
        guard hasPowerSwitch, high != supplied else { return }
        supplied = high
        // Losing the supply loses the registers; the glass keeps its image (it is bistable).
        resetRegisters()
    }

    mutating func setReset(_ high: Bool) {
        if !high {
            resetHeldLow = true
        } else if resetHeldLow {
            resetHeldLow = false
            resetRegisters()
            if case .untilReset = hold { hold = nil }
        }
    }

    mutating func resetRegisters() {
        asleep = false
        chargePumpsOn = false
        partialMode = false
        window = nil
        resolutionWidth = Self.panelWidth
        resolutionHeight = Self.panelHeight
        setBitIsBlack = false
        copiesNewToOld = false
        receiving = .nothing
        busyUntil = nil
    }

    // MARK: SPI

    mutating func receive(_ bytes: [UInt8]) {
        guard supplied, !resetHeldLow, !asleep, let first = bytes.first else { return }
        guard isIdle(at: .now) else {
            violations.append(
                "\(bytes.count) \(dcHigh ? "data" : "command") byte(s) from \(hex(first)) arrived while BUSY was "
                    + "low; the chip ignores them.")
            return
        }
        for byte in bytes {
            // Deep Sleep takes effect within a write: whatever follows its check code is lost.
            if asleep { return }
            if dcHigh { receiveData(byte) } else { receiveCommand(byte) }
        }
    }

    private mutating func receiveCommand(_ byte: UInt8) {
        guard let command = UC8179Command(rawValue: byte) else {
            unknownCommands.append(byte)
            receiving = .unknown
            return
        }
        receiving = .parameters(command, [])
        switch command {
        case .powerOn:
            chargePumpsOn = true
            busy(for: timing.powerOn)
        case .powerOff:
            chargePumpsOn = false
            busy(for: timing.powerOff)
        case .displayRefresh: refresh()
        case .partialIn: partialMode = true
        case .partialOut: partialMode = false
        case .dataStartTransmission1: receiving = .plane(old: true, written: 0)
        case .dataStartTransmission2: receiving = .plane(old: false, written: 0)
        default: break
        }
    }

    private mutating func receiveData(_ byte: UInt8) {
        switch receiving {
        case .nothing:
            violations.append("Data byte \(hex(byte)) arrived before any command.")
        case .unknown:
            break
        case .plane(let old, let written):
            receiving = .plane(old: old, written: written + 1)
            store(byte, at: written, old: old)
        case .parameters(let command, var parameters):
            if let maximum = command.maximumParameterCount, parameters.count >= maximum {
                violations.append("\(command) takes \(maximum) parameter byte(s); extra byte \(hex(byte)) ignored.")
                return
            }
            parameters.append(byte)
            receiving = .parameters(command, parameters)
            apply(command, parameters)
        }
    }

    private mutating func apply(_ command: UC8179Command, _ parameters: [UInt8]) {
        let latest = parameters[parameters.count - 1]
        switch (command, parameters.count) {
        case (.deepSleep, 1):
            if latest == UC8179Datasheet.deepSleepCheckCode {
                asleep = true
            } else {
                violations.append(
                    "Deep Sleep with check code \(hex(latest)) instead of \(hex(UC8179Datasheet.deepSleepCheckCode)); "
                        + "the chip stays awake.")
            }
        case (.vcomAndDataInterval, 1):
            setBitIsBlack = latest & UC8179Datasheet.dataPolarityBit == 0
            copiesNewToOld = latest & UC8179Datasheet.copyNewToOldBit != 0
        case (.resolution, 4):
            resolutionWidth = Int(parameters[0]) << 8 | Int(parameters[1])
            resolutionHeight = Int(parameters[2]) << 8 | Int(parameters[3])
        case (.partialWindow, _):
            window = UC8179PartialWindow(parameters: parameters)
        default:
            break
        }
    }

    /// The RAM area plane writes and refreshes address: the partial window in partial mode,
    /// else the resolution.
    private var addressedArea: Rect? {
        if partialMode { return window?.rect }
        return Rect(x: 0, y: 0, width: resolutionWidth, height: resolutionHeight).widenedToByteBoundaries()
    }

    private mutating func store(_ byte: UInt8, at index: Int, old: Bool) {
        guard let area = addressedArea, !area.isEmpty else {
            if index == 0 { violations.append("Image data in partial mode with no partial window set; ignored.") }
            return
        }
        let areaRowBytes = area.width / UC8179Datasheet.pixelsPerByte
        let row = index / areaRowBytes
        guard row < area.height else {
            if index == areaRowBytes * area.height {
                violations.append("More image data than the addressed area \(area) holds; the rest is dropped.")
            }
            return
        }
        let x = area.x + index % areaRowBytes * UC8179Datasheet.pixelsPerByte
        let y = area.y + row
        guard x >= 0, x < Self.panelWidth, y >= 0, y < Self.panelHeight else { return }
        let offset = y * Self.rowBytes + x / UC8179Datasheet.pixelsPerByte
        if old { oldPlane[offset] = byte } else { newPlane[offset] = byte }
    }

    private mutating func refresh() {
        guard chargePumpsOn else {
            violations.append("Display Refresh with the charge pumps off (no Power ON); the glass is unchanged.")
            return
        }
        let panel = Rect(x: 0, y: 0, width: Self.panelWidth, height: Self.panelHeight)
        guard let area = addressedArea?.intersection(panel) else {
            violations.append("Display Refresh in partial mode with no partial window on the panel; nothing changes.")
            return
        }
        if nextRefreshHangs {
            nextRefreshHangs = false
            hold = .untilReset
            return
        }
        let firstByte = area.x / UC8179Datasheet.pixelsPerByte
        let lastByte = (area.maxX - 1) / UC8179Datasheet.pixelsPerByte
        for y in area.y..<area.maxY {
            var runStart: Int?
            for column in firstByte...lastByte {
                let offset = y * Self.rowBytes + column
                let ink = setBitIsBlack ? newPlane[offset] : ~newPlane[offset]
                let changed = ink ^ displayed.bytes[offset]
                runStart = invertRuns(of: changed, atColumn: column, row: y, openRun: runStart)
                if copiesNewToOld { oldPlane[offset] = newPlane[offset] }
            }
            if let start = runStart {
                displayed.invert(Rect(x: start, y: y, width: area.maxX - start, height: 1))
            }
        }
        if partialMode { partialRefreshCount += 1 } else { fullRefreshCount += 1 }
        busy(for: partialMode ? timing.partialRefresh : timing.fullRefresh)
    }

    /// Holds BUSY low for `duration` from now, as the chip does while it works.
    private mutating func busy(for duration: Duration) {
        guard duration > .zero else { return }
        busyUntil = .now + duration
    }

    /// Inverts the glass where `changed` has set bits, merging runs across bytes; returns the
    /// start of a run still open at the byte's right edge.
    private mutating func invertRuns(of changed: UInt8, atColumn column: Int, row y: Int, openRun: Int?) -> Int? {
        if changed == 0 && openRun == nil { return nil }
        if changed == 0xFF && openRun != nil { return openRun }
        var runStart = openRun
        let left = column * UC8179Datasheet.pixelsPerByte
        for bit in 0..<UC8179Datasheet.pixelsPerByte {
            let isSet = changed & (0x80 >> UInt8(bit)) != 0
            if isSet, runStart == nil {
                runStart = left + bit
            } else if !isSet, let start = runStart {
                displayed.invert(Rect(x: start, y: y, width: left + bit - start, height: 1))
                runStart = nil
            }
        }
        return runStart
    }

    private func hex(_ byte: UInt8) -> String {
        String(format: "0x%02X", byte)
    }
}
