@testable import DraizerServer
import Foundation
import Testing

/// Row ids come from a pool of the system's random bytes; each UUID must still be a fresh version 4 one.
@Suite("Random UUIDs")
struct UUIDRandomTests {
    @Test func everyUUIDIsVersionFourAndNoneRepeatsAcrossPoolRefills() {
        // 5,000 UUIDs take 80,000 bytes: about twenty refills of the 4 KiB pool.
        let ids = (0..<5_000).map { _ in UUID.random() }
        #expect(Set(ids).count == ids.count)
        for id in ids {
            let text = id.uuidString
            #expect(Array(text)[14] == "4", "version: \(text)")
            #expect("89AB".contains(Array(text)[19]), "variant: \(text)")
        }
        // Random bytes, not a counter: about half of all 122 random bits are set.
        let ones = ids.map { id in withUnsafeBytes(of: id.uuid) { $0.reduce(0) { $0 + $1.nonzeroBitCount } } }.reduce(0, +)
        let fraction = Double(ones - ids.count * 2) / Double(ids.count * 122)  // version 0100 and variant 10: two fixed ones
        #expect(abs(fraction - 0.5) < 0.005)
    }
}
