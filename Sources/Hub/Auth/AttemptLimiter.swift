import Foundation
import Synchronization

/// How many guesses a key (an address, a staff name) may make: `burst` at once, then one more
/// every `refillSeconds`.
public struct AttemptLimit: Sendable, Equatable {
    public var burst: Int
    public var refillSeconds: Double

    public init(burst: Int, refillSeconds: Double) {
        self.burst = burst
        self.refillSeconds = refillSeconds
    }
}

/// Token buckets for guesses at a secret (a staff password, an enrolment code), one per key, in
/// memory. A guess takes a token from every bucket it names before any work is done; a guess
/// that turns out right gives its tokens back, so only wrong guesses use up a key's allowance
/// and a venue's staff behind one address are not limited by each other's successes.
///
/// The buckets are this process's own: several hub processes each allow their own burst, which
/// still bounds guessing to a few per minute per key and process.
final class AttemptLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var at: Date
        var limit: AttemptLimit
    }

    /// Full buckets are forgotten when this many are held: a full bucket is the same as none.
    private static let pruneAbove = 4096

    private let buckets = Mutex<[String: Bucket]>([:])

    init() {}

    /// Takes one token from each key's bucket (each with its own limit), or takes none: nil when
    /// the guess may go ahead, else how long until every bucket has a token again.
    func take(_ keys: [(key: String, limit: AttemptLimit)], now: Date) -> TimeInterval? {
        buckets.withLock { buckets in
            var wait: TimeInterval = 0
            var refilled: [String: Bucket] = [:]
            for (key, limit) in keys {
                let bucket = Self.refill(buckets[key], limit: limit, now: now)
                refilled[key] = bucket
                if bucket.tokens < 1 { wait = max(wait, (1 - bucket.tokens) * limit.refillSeconds) }
            }
            guard wait == 0 else { return wait }
            if buckets.count > Self.pruneAbove { Self.prune(&buckets, now: now) }
            for (key, var bucket) in refilled {
                bucket.tokens -= 1
                buckets[key] = bucket
            }
            return nil
        }
    }

    /// Gives back the tokens a right guess took.
    func giveBack(_ keys: [(key: String, limit: AttemptLimit)], now: Date) {
        buckets.withLock { buckets in
            for (key, limit) in keys {
                var bucket = Self.refill(buckets[key], limit: limit, now: now)
                bucket.tokens = min(Double(limit.burst), bucket.tokens + 1)
                buckets[key] = bucket
            }
        }
    }

    private static func refill(_ bucket: Bucket?, limit: AttemptLimit, now: Date) -> Bucket {
        guard let bucket else { return Bucket(tokens: Double(limit.burst), at: now, limit: limit) }
        let gained = max(0, now.timeIntervalSince(bucket.at)) / max(limit.refillSeconds, 0.001)
        return Bucket(
            tokens: min(Double(limit.burst), bucket.tokens + gained), at: max(now, bucket.at), limit: limit)
    }

    /// Forgets the buckets that have filled up again.
    private static func prune(_ buckets: inout [String: Bucket], now: Date) {
        buckets = buckets.filter { _, bucket in
            refill(bucket, limit: bucket.limit, now: now).tokens < Double(bucket.limit.burst)
        }
    }
}
