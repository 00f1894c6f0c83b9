import BoardModel
import Foundation

/// Everything the panel shows at one moment: the grid of a day, the time, and the status line.
public struct PanelState: Sendable, Equatable {
    public var layout: ConferenceLayout
    public var grid: Grid
    /// The day to show; the first day before the conference, the last one after it.
    public var day: Int
    public var now: Date
    /// Cards whose change has not reached the hub yet.
    public var pendingCards: Set<CardID>
    public var status: Status

    /// The status line: connection, pending changes, the last scan's result.
    public struct Status: Sendable, Equatable {
        public var connection: String
        public var pendingCount: Int
        public var lastFeedback: Feedback?

        public init(connection: String, pendingCount: Int, lastFeedback: Feedback?) {
            self.connection = connection
            self.pendingCount = pendingCount
            self.lastFeedback = lastFeedback
        }
    }

    public init(
        layout: ConferenceLayout, grid: Grid, day: Int, now: Date, pendingCards: Set<CardID> = [],
        status: Status
    ) {
        self.layout = layout
        self.grid = grid
        self.day = day
        self.now = now
        self.pendingCards = pendingCards
        self.status = status
    }

    /// The day a board shows at a moment: today during the conference, else the nearest day.
    public static func dayToShow(_ layout: ConferenceLayout, at now: Date) -> Int {
        if let today = layout.dayNumber(at: now) { return today }
        guard let first = layout.days.first, let last = layout.days.last,
            let start = layout.instant(day: first.number, at: ClockTime(minutes: 0))
        else { return 1 }
        return now < start ? first.number : last.number
    }
}
