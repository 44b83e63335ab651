import Foundation

/// Comparisons whose running time does not depend on where two secrets first differ.
///
/// An early-exit `==` leaks, through timing, how many leading bytes of a guess were right, which lets an
/// attacker recover a code or a hash one byte at a time. Lengths are not secret here (codes and digests
/// have fixed, public lengths), so a length mismatch may return early.
enum ConstantTime {
    /// `true` when both byte sequences are equal; examines every byte when the lengths match.
    static func equals(_ lhs: some Collection<UInt8>, _ rhs: some Collection<UInt8>) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for (left, right) in zip(lhs, rhs) {
            difference |= left ^ right
        }
        return difference == 0
    }

    /// Compares the UTF-8 bytes of two strings in constant time.
    static func equals(_ lhs: String, _ rhs: String) -> Bool {
        equals(Array(lhs.utf8), Array(rhs.utf8))
    }
}
