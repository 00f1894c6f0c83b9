import Render

/// What can go wrong driving an e-paper panel, each case saying where and what to check.
public enum PanelError: Error, Equatable, Sendable, CustomStringConvertible {
    /// BUSY stayed at its busy level for the whole timeout while the panel was doing `operation`.
    case busyTimeout(operation: String, waited: Duration)
    /// A frame of the wrong size: the panel only takes whole frames of its own size.
    case frameSize(width: Int, height: Int, expectedWidth: Int, expectedHeight: Int)
    /// A partial window that covers no pixel of the panel.
    case windowOutsidePanel(Rect)
    /// A drawing operation called while the controller is set up for something else, which
    /// would show the image with the wrong polarity or waveform.
    case notInitialized(operation: String, needs: String)

    public var description: String {
        switch self {
        case .busyTimeout(let operation, let waited):
            "The panel's BUSY line stayed low (busy) for \(waited) during \(operation). Check the BUSY "
                + "wire on \(WaveshareV2Settings.busyPin), that the panel has power (HAT switch and ribbon "
                + "cable seated), and on HAT rev 2.3 that the PWR pin \(WaveshareV2Settings.powerPin) is "
                + "driven high."
        case .frameSize(let width, let height, let expectedWidth, let expectedHeight):
            "A \(width)x\(height) frame was sent to a \(expectedWidth)x\(expectedHeight) panel. Render "
                + "frames at the panel's size."
        case .windowOutsidePanel(let window):
            "The partial window \(window) does not overlap the panel. Pass the changed area of the frame "
                + "(RefreshPlanner.changedArea) or refresh the whole panel."
        case .notInitialized(let operation, let needs):
            "\(operation) needs the controller set up by \(needs) first (a reset or deep sleep clears it)."
        }
    }
}
