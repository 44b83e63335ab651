import CThreadAffinity
import Foundation
import NIOCore

/// Binds each event loop's thread to a CPU of its own (`PIN_EVENT_LOOPS=true`).
///
/// Measured on the stream fan-out: when a broadcast wakes the loops, Linux often starts both on the CPU of
/// the thread that woke them, and one loop's sockets wait for the other's before the scheduler spreads them,
/// doubling the time the last browser waits for a tick (p99 at 5,000 clients ~27 ms pinned, up to ~55 ms
/// not). Off by default: on a host whose CPUs other work also needs, a pinned loop cannot move away from a
/// busy CPU.
enum EventLoopPinning {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Pins loop *i* to the *i*-th CPU this process may use (round robin when there are more loops).
    static func pin(_ group: any EventLoopGroup) async throws {
        var cpus = [Int32](repeating: 0, count: 1024)
        let count = Int(cthreadaffinity_allowed(&cpus, Int32(cpus.count)))
        guard count > 0 else { throw Failure(description: "cannot read this process's CPU affinity (errno \(errno))") }
        for (index, loop) in group.makeIterator().enumerated() {
            let cpu = cpus[index % count]
            try await loop.submit {
                guard cthreadaffinity_pin(cpu) == 0 else {
                    throw Failure(description: "cannot pin an event loop to CPU \(cpu) (errno \(errno))")
                }
            }.get()
        }
    }
}
