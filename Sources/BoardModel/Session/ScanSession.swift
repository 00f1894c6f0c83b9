import Foundation

/// The scan-by-scan conversation at one board: card then slot, slot then card, remove, staff mode.
///
/// It decides what a scan asks for and checks it against the grid's rules; the board commits the
/// resulting mutation before it shows the acceptance. Time comes in as an argument, so tests and
/// the simulator control the clock.
public struct ScanSession: Sendable {
    /// How long the board waits for the second scan of a pair, and how long staff mode lasts.
    public struct Timing: Sendable {
        public var pairTimeout: TimeInterval
        public var staffTimeout: TimeInterval

        public init(pairTimeout: TimeInterval = 30, staffTimeout: TimeInterval = 300) {
            self.pairTimeout = pairTimeout
            self.staffTimeout = staffTimeout
        }
    }

    /// What the session waits for.
    public enum Pending: Hashable, Sendable {
        case nothing
        /// A card that is not placed: waiting for a slot.
        case card(CardID)
        /// A slot: waiting for a card.
        case slot(CellRef)
        /// A placed card: a slot moves it, the remove label removes it.
        case placedCard(CardID, CellRef)
        /// The remove label: waiting for the card to remove.
        case removal
        /// A staff command label: waiting for the slot to block or unblock.
        case staffCommand(ScanCode.Command)
    }

    /// What one scan leads to.
    public struct Step: Hashable, Sendable {
        public var feedback: Feedback
        /// The change to commit before the feedback is shown, already checked against the grid.
        public var mutation: Mutation?
        public var actor: Actor
        /// Staff asked the panel to clear ghosting with a full refresh.
        public var forceFullRefresh: Bool = false
    }

    public let layout: ConferenceLayout
    public let codes: ScanCodeFormat
    public let badges: BadgeVerifier?
    public let timing: Timing

    public private(set) var pending: Pending = .nothing
    private var pendingSince = Date.distantPast
    public private(set) var staffID: String?
    private var staffUntil = Date.distantPast

    public init(layout: ConferenceLayout, codes: ScanCodeFormat, badges: BadgeVerifier?, timing: Timing = .init()) {
        self.layout = layout
        self.codes = codes
        self.badges = badges
        self.timing = timing
    }

    public var actor: Actor { staffID.map(Actor.staff) ?? .host }

    /// Ends what has timed out; the feedback says so, so nobody wonders why nothing happened.
    public mutating func tick(at now: Date) -> [Feedback] {
        var notes: [Feedback] = []
        if pending != .nothing && now.timeIntervalSince(pendingSince) >= timing.pairTimeout {
            let pair =
                switch pending {
                case .removal: "Remove and the card"
                case .staffCommand: "the command and the slot"
                default: "the card and the slot"
                }
            pending = .nothing
            notes.append(
                Feedback(.refused, "Timed out, nothing changed: scan \(pair) within \(Int(timing.pairTimeout)) s"))
        }
        if staffID != nil && now >= staffUntil {
            staffID = nil
            notes.append(Feedback(.prompt, "Staff mode ended"))
        }
        return notes
    }

    /// Handles one scanned text. A refused scan leaves a half-done pair as it was.
    public mutating func scan(_ text: String, at now: Date, grid: Grid) -> Step {
        _ = tick(at: now)
        let today = layout.localDate(of: now)
        switch codes.parse(text, layout: layout, badges: badges, today: today) {
        case .failure(let refusal):
            return step(.refused, refusal.description)
        case .success(.badge(let badge)):
            return badgeScanned(badge, at: now)
        case .success(.command(let command)):
            return commandScanned(command, at: now, grid: grid)
        case .success(.card(let id)):
            return cardScanned(id, at: now, grid: grid)
        case .success(.slot(let cell)):
            return slotScanned(cell, at: now, grid: grid)
        }
    }

    private mutating func badgeScanned(_ badge: StaffBadge, at now: Date) -> Step {
        pending = .nothing
        if staffID == badge.staffID {
            staffID = nil
            return step(.accepted, "Staff mode off")
        }
        staffID = badge.staffID
        staffUntil = now.addingTimeInterval(timing.staffTimeout)
        return step(
            .accepted,
            "Staff mode for \(badge.staffID) (\(Int(timing.staffTimeout / 60)) min): scan the badge again to end it")
    }

    private mutating func commandScanned(_ command: ScanCode.Command, at now: Date, grid: Grid) -> Step {
        switch command {
        case .cancel:
            pending = .nothing
            return step(.accepted, "Cancelled, nothing changed")
        case .refresh:
            guard actor.isStaff else { return step(.refused, Refusal.staffOnly("force a full refresh").description) }
            var result = step(.accepted, "Full refresh")
            result.forceFullRefresh = true
            return result
        case .block, .unblock:
            guard actor.isStaff else {
                return step(
                    .refused, Refusal.staffOnly(command == .block ? "block a slot" : "unblock a slot").description)
            }
            wait(for: .staffCommand(command), at: now)
            return step(.prompt, "Scan the slot to \(command == .block ? "block" : "unblock")")
        case .remove:
            switch pending {
            case .placedCard(let id, _), .card(let id):
                return propose(.remove(id), at: now, grid: grid)
            default:
                wait(for: .removal, at: now)
                return step(.prompt, "Scan the card to remove")
            }
        }
    }

    private mutating func cardScanned(_ id: CardID, at now: Date, grid: Grid) -> Step {
        guard let card = grid.cards[id] else { return step(.refused, Refusal.unknownCard(id).description) }
        switch pending {
        case .removal:
            return propose(.remove(id), at: now, grid: grid)
        case .slot(let cell):
            return propose(placement(of: id, in: cell, grid: grid), at: now, grid: grid)
        default:
            if let cell = grid.placements[id] {
                wait(for: .placedCard(id, cell), at: now)
                return step(
                    .prompt,
                    "\"\(card.displayTitle)\" is in \(layout.describe(cell)): scan a new slot to move it, or Remove")
            }
            wait(for: .card(id), at: now)
            let waiting = grid.parked.contains(id) ? " is waiting for a slot" : ""
            return step(.prompt, "\"\(card.displayTitle)\"\(waiting): now scan a free slot")
        }
    }

    private mutating func slotScanned(_ cell: CellRef, at now: Date, grid: Grid) -> Step {
        switch pending {
        case .card(let id), .placedCard(let id, _):
            return propose(placement(of: id, in: cell, grid: grid), at: now, grid: grid)
        case .staffCommand(let command):
            return propose(command == .block ? .block(cell, reason: "") : .unblock(cell), at: now, grid: grid)
        default:
            let context = Grid.Context(layout: layout, now: now, actor: actor)
            if let problem = grid.openingProblem(cell, in: context) {
                pending = .nothing
                return step(.refused, problem.description)
            }
            if let occupant = grid.card(at: cell) {
                guard actor.isStaff else {
                    pending = .nothing
                    return step(.refused, Refusal.cellTaken(cell, by: occupant.displayTitle).description)
                }
                wait(for: .slot(cell), at: now)
                return step(
                    .prompt,
                    "\"\(occupant.displayTitle)\" is here: scan a card to put over it (it will be parked)")
            }
            wait(for: .slot(cell), at: now)
            return step(.prompt, "\(layout.describe(cell)) is free: now scan your card")
        }
    }

    /// Place, move, or (staff, taken cell) place over, depending on where the card is now.
    private func placement(of id: CardID, in cell: CellRef, grid: Grid) -> Mutation {
        if actor.isStaff, let occupant = grid.occupants[cell], occupant != id { return .placeOver(id, cell) }
        return grid.placements[id] == nil ? .place(id, cell) : .move(id, to: cell)
    }

    /// Checks a change against the rules; the pair is over either way.
    private mutating func propose(_ mutation: Mutation, at now: Date, grid: Grid) -> Step {
        pending = .nothing
        let context = Grid.Context(layout: layout, now: now, actor: actor)
        do {
            _ = try grid.plan(mutation, in: context)
        } catch {
            return step(.refused, error.description)
        }
        var result = step(.accepted, describe(mutation, grid: grid))
        result.mutation = mutation
        return result
    }

    private func describe(_ mutation: Mutation, grid: Grid) -> String {
        func title(_ id: CardID) -> String { "\"\(grid.cards[id]?.displayTitle ?? id.text)\"" }
        switch mutation {
        case .registerCard(let card): return "Registered \(title(card.id))"
        case .place(let id, let cell): return "Placed \(title(id)) in \(layout.describe(cell))"
        case .move(let id, let cell): return "Moved \(title(id)) to \(layout.describe(cell))"
        case .remove(let id): return "Removed \(title(id)) from the board"
        case .placeOver(let id, let cell):
            let parked = grid.occupants[cell].map { "; \(title($0)) is parked and needs a slot" } ?? ""
            return "Placed \(title(id)) in \(layout.describe(cell))\(parked)"
        case .park(let id): return "Parked \(title(id)): it needs a slot"
        case .block(let cell, _): return "Blocked \(layout.describe(cell))"
        case .unblock(let cell): return "Unblocked \(layout.describe(cell))"
        case .editCard(let card): return "Updated \"\(card.displayTitle)\""
        }
    }

    private mutating func wait(for next: Pending, at now: Date) {
        pending = next
        pendingSince = now
        if staffID != nil { staffUntil = max(staffUntil, now.addingTimeInterval(timing.pairTimeout)) }
    }

    private func step(_ tone: Feedback.Tone, _ message: String) -> Step {
        Step(feedback: Feedback(tone, message), mutation: nil, actor: actor)
    }
}
