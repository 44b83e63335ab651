import Foundation
import Synchronization
import Vapor

/// The server's notion of "now". Production reads the system clock; tests install a `ManualClock` to
/// step over token expiries and lockout windows without sleeping.
public struct WallClock: Sendable {
    public let now: @Sendable () -> Date

    public init(now: @escaping @Sendable () -> Date) { self.now = now }

    public static let system = WallClock { Date() }
}

/// A clock that only moves when told to.
public final class ManualClock: Sendable {
    private let current: Mutex<Date>

    public init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) { current = Mutex(start) }

    public var now: Date { current.withLock { $0 } }
    public func advance(by seconds: TimeInterval) { current.withLock { $0 += seconds } }
    public var wallClock: WallClock { WallClock { [self] in self.now } }
}

extension Application {
    private struct WallClockKey: StorageKey { typealias Value = WallClock }

    public var wallClock: WallClock {
        get { storage[WallClockKey.self] ?? .system }
        set { storage[WallClockKey.self] = newValue }
    }
}

extension Request {
    var now: Date { application.wallClock.now() }
}
