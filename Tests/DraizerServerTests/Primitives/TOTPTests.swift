import Foundation
import Testing
@testable import DraizerServer

@Suite struct TOTPTests {
    /// RFC 6238 Appendix B uses a different seed per hash: the ASCII digits repeated to the hash size.
    static func rfcSeed(_ algorithm: TOTP.Algorithm) -> [UInt8] {
        let length = switch algorithm {
        case .sha1: 20
        case .sha256: 32
        case .sha512: 64
        }
        return Array(String(String(repeating: "1234567890", count: 7).prefix(length)).utf8)
    }

    struct RFCVector: Sendable, CustomTestStringConvertible {
        let time: TimeInterval
        let counter: Int64
        let algorithm: TOTP.Algorithm
        let code: String
        var testDescription: String { "\(algorithm.rawValue) at \(Int64(time))" }
    }

    /// Every row of RFC 6238 Appendix B (8 digits, 30-second steps).
    static let rfc6238Vectors: [RFCVector] = [
        .init(time: 59, counter: 0x1, algorithm: .sha1, code: "94287082"),
        .init(time: 59, counter: 0x1, algorithm: .sha256, code: "46119246"),
        .init(time: 59, counter: 0x1, algorithm: .sha512, code: "90693936"),
        .init(time: 1_111_111_109, counter: 0x23523EC, algorithm: .sha1, code: "07081804"),
        .init(time: 1_111_111_109, counter: 0x23523EC, algorithm: .sha256, code: "68084774"),
        .init(time: 1_111_111_109, counter: 0x23523EC, algorithm: .sha512, code: "25091201"),
        .init(time: 1_111_111_111, counter: 0x23523ED, algorithm: .sha1, code: "14050471"),
        .init(time: 1_111_111_111, counter: 0x23523ED, algorithm: .sha256, code: "67062674"),
        .init(time: 1_111_111_111, counter: 0x23523ED, algorithm: .sha512, code: "99943326"),
        .init(time: 1_234_567_890, counter: 0x273EF07, algorithm: .sha1, code: "89005924"),
        .init(time: 1_234_567_890, counter: 0x273EF07, algorithm: .sha256, code: "91819424"),
        .init(time: 1_234_567_890, counter: 0x273EF07, algorithm: .sha512, code: "93441116"),
        .init(time: 2_000_000_000, counter: 0x3F940AA, algorithm: .sha1, code: "69279037"),
        .init(time: 2_000_000_000, counter: 0x3F940AA, algorithm: .sha256, code: "90698825"),
        .init(time: 2_000_000_000, counter: 0x3F940AA, algorithm: .sha512, code: "38618901"),
        .init(time: 20_000_000_000, counter: 0x27BC86AA, algorithm: .sha1, code: "65353130"),
        .init(time: 20_000_000_000, counter: 0x27BC86AA, algorithm: .sha256, code: "77737706"),
        .init(time: 20_000_000_000, counter: 0x27BC86AA, algorithm: .sha512, code: "47863826"),
    ]

    @Test(arguments: rfc6238Vectors)
    func totpMatchesRFC6238Vectors(_ vector: RFCVector) {
        let totp = TOTP(algorithm: vector.algorithm, digits: 8)
        let date = Date(timeIntervalSince1970: vector.time)
        #expect(totp.counter(at: date) == vector.counter)
        #expect(totp.generate(secret: Self.rfcSeed(vector.algorithm), at: date) == vector.code)
        #expect(totp.verify(code: vector.code, secret: Self.rfcSeed(vector.algorithm), at: date, window: 0)
            == vector.counter)
    }

    @Test func hotpMatchesRFC4226Vectors() {
        let expected = ["755224", "287082", "359152", "969429", "338314",
                        "254676", "287922", "162583", "399871", "520489"]
        let secret = Data("12345678901234567890".utf8)
        for (counter, code) in expected.enumerated() {
            #expect(TOTP.standard.generate(secret: secret, counter: Int64(counter)) == code)
        }
    }

    @Test func verifyAcceptsCodesOneStepEarlyOrLate() {
        let secret = TOTP.randomSecret()
        let now = Date(timeIntervalSince1970: 1_700_000_015)
        let current = TOTP.standard.counter(at: now)
        for offset: Int64 in [-1, 0, 1] {
            let code = TOTP.standard.generate(secret: secret, counter: current + offset)
            #expect(TOTP.standard.verify(code: code, secret: secret, at: now) == current + offset)
        }
    }

    @Test func verifyRejectsCodesTwoStepsAway() {
        let secret = TOTP.randomSecret()
        let now = Date(timeIntervalSince1970: 1_700_000_015)
        let current = TOTP.standard.counter(at: now)
        for offset: Int64 in [-2, 2] {
            let code = TOTP.standard.generate(secret: secret, counter: current + offset)
            #expect(TOTP.standard.verify(code: code, secret: secret, at: now) == nil)
        }
    }

    @Test func verifyRefusesStepsAtOrBeforeTheLastUsedOne() {
        let secret = TOTP.randomSecret()
        let now = Date(timeIntervalSince1970: 1_700_000_015)
        let current = TOTP.standard.counter(at: now)
        let code = TOTP.standard.generate(secret: secret, at: now)

        let used = TOTP.standard.verify(code: code, secret: secret, at: now)
        #expect(used == current)
        // The same code again, even seconds later within its step, is a replay.
        #expect(TOTP.standard.verify(code: code, secret: secret, at: now + 10, after: used) == nil)
        // An older code that is still within the window is refused too.
        let previous = TOTP.standard.generate(secret: secret, counter: current - 1)
        #expect(TOTP.standard.verify(code: previous, secret: secret, at: now, after: used) == nil)
        // The next step's code is fresh.
        let next = TOTP.standard.generate(secret: secret, counter: current + 1)
        #expect(TOTP.standard.verify(code: next, secret: secret, at: now + 30, after: used) == current + 1)
    }

    @Test func verifyIgnoresSpacesButRejectsOtherShapes() {
        let secret = TOTP.randomSecret()
        let now = Date(timeIntervalSince1970: 1_700_000_015)
        let code = TOTP.standard.generate(secret: secret, at: now)
        let spaced = "\(code.prefix(3)) \(code.suffix(3))"
        #expect(TOTP.standard.verify(code: spaced, secret: secret, at: now) != nil)
        #expect(TOTP.standard.verify(code: String(code.prefix(5)), secret: secret, at: now) == nil)
        #expect(TOTP.standard.verify(code: code + "0", secret: secret, at: now) == nil)
        #expect(TOTP.standard.verify(code: "12345a", secret: secret, at: now) == nil)
        #expect(TOTP.standard.verify(code: "", secret: secret, at: now) == nil)
    }

    @Test func codesAreZeroPaddedToTheDigitCount() {
        // RFC 6238's SHA-1 vector at 1111111109 starts with a zero.
        let totp = TOTP(digits: 8)
        let code = totp.generate(secret: Self.rfcSeed(.sha1), at: Date(timeIntervalSince1970: 1_111_111_109))
        #expect(code == "07081804")
    }

    @Test func randomSecretsAreTwentyFreshBytes() {
        let first = TOTP.randomSecret()
        let second = TOTP.randomSecret()
        #expect(first.count == 20)
        #expect(first != second)
    }

    @Test func otpauthURIHasTheKeyURIShape() {
        let secret = Array("12345678901234567890".utf8)
        let uri = TOTP.standard.otpauthURI(secret: secret, account: "alice@example.com", issuer: "Draizer")
        #expect(uri == "otpauth://totp/Draizer:alice@example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
            + "&issuer=Draizer&algorithm=SHA1&digits=6&period=30")
    }

    @Test func otpauthURIPercentEncodesLabelAndParameters() throws {
        let uri = TOTP.standard.otpauthURI(
            secret: [1, 2, 3], account: "Zoë Smith:2", issuer: "Draizer & Co")
        #expect(uri.hasPrefix("otpauth://totp/Draizer%20%26%20Co:Zo%C3%AB%20Smith%3A2?secret=AEBAG&"))
        #expect(uri.contains("&issuer=Draizer%20%26%20Co&"))
        let components = try #require(URLComponents(string: uri))
        #expect(components.scheme == "otpauth")
        #expect(components.host == "totp")
        #expect(components.path == "/Draizer & Co:Zoë Smith:2")
        #expect(components.queryItems?.first { $0.name == "issuer" }?.value == "Draizer & Co")
    }
}
