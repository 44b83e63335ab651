import Foundation
import Testing
@testable import DraizerServer

@Suite struct SecretBoxTests {
    static let oldKey = "old-key-0123456789abcdefghijklmnopqrstuv"
    static let newKey = "bmV3LWtleS0xMjM0NTY3ODlhYmNkZWZnaGlqa2xtbm9w" // base64 of 32 bytes, as usually configured

    @Test func sealedValuesOpenToTheSameBytes() throws {
        let box = try SecretBox(currentKey: Self.newKey)
        let secret = TOTP.randomSecret()
        let sealed = try box.seal(secret)
        #expect(try box.open(sealed) == secret)
        #expect(try box.openString(box.seal("api-key: s3cr3t ✓")) == "api-key: s3cr3t ✓")
    }

    @Test func sealedValuesHaveTheVersionKeyIDPayloadFormat() throws {
        let box = try SecretBox(currentKey: Self.newKey)
        let sealed = try box.seal("hello")
        let parts = sealed.split(separator: ".").map(String.init)
        #expect(parts.count == 3)
        #expect(parts[0] == "v1")
        #expect(parts[1] == box.currentKeyID)
        #expect(parts[1].count == 16)
        #expect(parts[2].allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        // 12-byte nonce + 5 bytes of ciphertext + 16-byte tag = 33 bytes = 44 base64 characters.
        #expect(parts[2].count == 44)
    }

    @Test func keyIDIsTheHexSHA256PrefixOfTheDerivedKeyAndStable() throws {
        let first = try SecretBox.Key(encryptionKey: Self.newKey)
        let again = try SecretBox.Key(encryptionKey: Self.newKey)
        let other = try SecretBox.Key(encryptionKey: Self.oldKey)
        #expect(first.id == again.id)
        #expect(first.id != other.id)
        #expect(first.id.allSatisfy { "0123456789abcdef".contains($0) })
    }

    @Test func sealingTwiceGivesDifferentCiphertexts() throws {
        let box = try SecretBox(currentKey: Self.newKey)
        #expect(try box.seal("same") != box.seal("same"))
    }

    @Test func keysShorterThan32BytesAreRejected() {
        #expect(throws: SecretBoxError.keyTooShort(byteCount: 31)) {
            try SecretBox(currentKey: String(repeating: "k", count: 31))
        }
    }

    @Test func flippingAnyPayloadByteFailsAuthentication() throws {
        let box = try SecretBox(currentKey: Self.newKey)
        let sealed = try box.seal("a TOTP secret")
        let prefix = sealed.split(separator: ".").prefix(2).joined(separator: ".")
        let payload = try #require(SecretBox.base64URLDecode(sealed.split(separator: ".")[2][...]))
        for index in payload.indices {
            var tampered = payload
            tampered[index] ^= 0x01
            let forged = prefix + "." + SecretBox.base64URLEncode(Data(tampered))
            #expect(throws: SecretBoxError.authenticationFailed) { try box.open(forged) }
        }
    }

    @Test func differentAssociatedDataFailsToOpen() throws {
        let box = try SecretBox(currentKey: Self.newKey)
        let sealed = try box.seal("totp secret", associatedData: "user:42/totp")
        #expect(try box.openString(sealed, associatedData: "user:42/totp") == "totp secret")
        #expect(throws: SecretBoxError.authenticationFailed) { try box.open(sealed, associatedData: "user:43/totp") }
        #expect(throws: SecretBoxError.authenticationFailed) { try box.open(sealed) }
    }

    @Test func rotationOpensOldValuesAndSealsNewOnesWithTheNewKey() throws {
        let before = try SecretBox(currentKey: Self.oldKey)
        let sealedBefore = try before.seal("exchange key", associatedData: "user:7/binance")

        let after = try SecretBox(currentKey: Self.newKey, previousKeys: [Self.oldKey])
        #expect(after.needsRotation(sealedBefore))
        #expect(try after.openString(sealedBefore, associatedData: "user:7/binance") == "exchange key")

        let resealed = try after.reseal(sealedBefore, associatedData: "user:7/binance")
        #expect(!after.needsRotation(resealed))
        #expect(resealed.split(separator: ".")[1] == after.currentKeyID[...])
        #expect(try after.openString(resealed, associatedData: "user:7/binance") == "exchange key")
        // Once the old key is dropped, only re-sealed values remain readable.
        let newOnly = try SecretBox(currentKey: Self.newKey)
        #expect(throws: SecretBoxError.unknownKeyID(before.currentKeyID)) { try newOnly.open(sealedBefore) }
        #expect(try newOnly.openString(resealed, associatedData: "user:7/binance") == "exchange key")
    }

    @Test func unknownKeyIDIsReportedAsSuch() throws {
        let box = try SecretBox(currentKey: Self.newKey)
        let stranger = try SecretBox(currentKey: Self.oldKey)
        let sealed = try stranger.seal("x")
        #expect(throws: SecretBoxError.unknownKeyID(stranger.currentKeyID)) { try box.open(sealed) }
        #expect(String(describing: SecretBoxError.unknownKeyID("ab")).contains("ENCRYPTION_KEY"))
    }

    @Test func malformedValuesAreReportedAsMalformed() throws {
        let box = try SecretBox(currentKey: Self.newKey)
        let id = box.currentKeyID
        let malformed = ["", "plain text", "v1.\(id)", "v1.\(id).!!!!", "v1.XYZ.\(String(repeating: "A", count: 40))",
                         "v1.\(id).AAAA", "v1.\(id).\(String(repeating: "A", count: 40)).extra"]
        for text in malformed {
            let error = Self.openingError(box, text)
            if case .malformed = error {} else { Issue.record("\"\(text)\" gave \(String(describing: error))") }
            #expect(box.needsRotation(text))
        }
    }

    @Test func unknownVersionsAreReportedAsSuch() throws {
        let box = try SecretBox(currentKey: Self.newKey)
        #expect(throws: SecretBoxError.unsupportedVersion("v2")) {
            try box.open("v2.\(box.currentKeyID).\(String(repeating: "A", count: 40))")
        }
    }

    static func openingError(_ box: SecretBox, _ sealed: String) -> SecretBoxError? {
        do {
            _ = try box.open(sealed)
            return nil
        } catch {
            return error
        }
    }
}
