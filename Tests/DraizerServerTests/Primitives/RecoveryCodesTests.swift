import Foundation
import Testing
@testable import DraizerServer

@Suite struct RecoveryCodesTests {
    @Test func generatesTenDistinctCodesInGroupsOfFour() {
        let codes = RecoveryCodes.generate()
        #expect(codes.count == 10)
        #expect(Set(codes).count == 10)
        for code in codes {
            let groups = code.split(separator: "-")
            #expect(groups.map(\.count) == [4, 4, 4])
            #expect(code.replacingOccurrences(of: "-", with: "")
                .allSatisfy { "0123456789abcdefghjkmnpqrstvwxyz".contains($0) })
        }
    }

    @Test func codesCarryAtLeastFiftyBitsOfEntropy() {
        let symbols = Double(RecoveryCodes.alphabet.count)
        #expect(Double(RecoveryCodes.symbolCount) * log2(symbols) >= 50)
    }

    @Test func everySymbolIsUsedSoTheDistributionIsNotStuck() {
        var seen = Set<Character>()
        for code in RecoveryCodes.generate(count: 200) { seen.formUnion(code.replacingOccurrences(of: "-", with: "")) }
        #expect(seen.count == 32)
    }

    @Test func normalisationIgnoresCaseDashesSpacesAndLookalikes() {
        #expect(RecoveryCodes.normalize("7KQ4-MZ2D-X9BT") == "7kq4mz2dx9bt")
        #expect(RecoveryCodes.normalize(" 7kq4 mz2d x9bt ") == "7kq4mz2dx9bt")
        #expect(RecoveryCodes.normalize("OIL0-1234-5678") == "011012345678")
        #expect(RecoveryCodes.normalize("7kq4-mz2d-x9b") == nil)
        #expect(RecoveryCodes.normalize("7kq4-mz2d-x9btt") == nil)
        #expect(RecoveryCodes.normalize("7kq4-mz2d-x9bu") == nil)
        #expect(RecoveryCodes.normalize("7kq4-mz2d-x9b✓") == nil)
    }

    @Test func storedHashMatchesTheCodeHoweverItIsTyped() throws {
        let code = try #require(RecoveryCodes.generate().first)
        let stored = try #require(RecoveryCodes.hash(code, salt: "user-1"))
        #expect(stored.count == 64)
        #expect(RecoveryCodes.matches(code, storedHash: stored, salt: "user-1"))
        #expect(RecoveryCodes.matches(code.uppercased().replacingOccurrences(of: "-", with: " "),
                                      storedHash: stored, salt: "user-1"))
    }

    @Test func hashDependsOnTheSalt() throws {
        let code = try #require(RecoveryCodes.generate().first)
        let stored = try #require(RecoveryCodes.hash(code, salt: "user-1"))
        #expect(RecoveryCodes.hash(code, salt: "user-2") != stored)
        #expect(!RecoveryCodes.matches(code, storedHash: stored, salt: "user-2"))
    }

    @Test func firstMatchFindsTheUsedCodeAmongStoredHashes() throws {
        let codes = RecoveryCodes.generate()
        let stored = codes.compactMap { RecoveryCodes.hash($0, salt: "u") }
        #expect(RecoveryCodes.firstMatch(codes[6], in: stored, salt: "u") == 6)
        // After the caller removes the used hash, the same code no longer matches: single use.
        var remaining = stored
        remaining.remove(at: 6)
        #expect(RecoveryCodes.firstMatch(codes[6], in: remaining, salt: "u") == nil)
        #expect(RecoveryCodes.firstMatch("not a code", in: stored, salt: "u") == nil)
    }

    @Test func hashIsSHA256OverPrefixSaltAndCanonicalCode() throws {
        // Pinned (computed with `printf "draizer/recovery-code/v1\x0042\x007kq4mz2dx9bt" | sha256sum`) so
        // that a refactor cannot silently invalidate stored hashes.
        #expect(RecoveryCodes.hash("7KQ4-MZ2D-X9BT", salt: "42")
            == "59adbdd409522550949ed863598b27fc73fb9fd7090a7a57834211fbe7f2e991")
    }
}
