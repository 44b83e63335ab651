import Foundation
import Testing
@testable import DraizerServer

/// Cross-checks against pyotp, an independent implementation that authenticator-compatible servers use.
@Suite(.enabled(if: Python.canImport("pyotp"), "needs python3 with pyotp (pip install pyotp)"))
struct TOTPInteropTests {
    struct Case: Codable {
        let secret: String
        let time: Int64
        let digits: Int
        let algorithm: String
        let period: Int
    }

    static let script = """
    import hashlib, json, sys, pyotp
    out = []
    for c in json.loads(sys.argv[1]):
        totp = pyotp.TOTP(c["secret"], digits=c["digits"], interval=c["period"],
                          digest=getattr(hashlib, c["algorithm"].lower()))
        out.append(totp.at(c["time"]))
    print(json.dumps(out))
    """

    @Test func generatedCodesMatchPyotpForRandomSecretsAndTimes() throws {
        var generator = SystemRandomNumberGenerator()
        let settings: [TOTP] = [.standard, TOTP(algorithm: .sha256, digits: 8, period: 60), TOTP(algorithm: .sha512)]
        var cases: [Case] = []
        var expected: [String] = []
        for index in 0..<60 {
            let totp = settings[index % settings.count]
            let secret = TOTP.randomSecret()
            let time = Int64.random(in: 0...4_102_444_800, using: &generator)
            cases.append(Case(secret: Base32.encode(secret), time: time, digits: totp.digits,
                              algorithm: totp.algorithm.rawValue, period: totp.period))
            expected.append(totp.generate(secret: secret, at: Date(timeIntervalSince1970: TimeInterval(time))))
        }
        let reference = try Python.json(Self.script, input: cases, as: [String].self)
        #expect(reference == expected)
    }

    @Test func pyotpParsesTheOtpauthURI() throws {
        let secret = TOTP.randomSecret()
        let uri = TOTP.standard.otpauthURI(secret: secret, account: "zoë+test@example.com", issuer: "Draizer Paper")
        let parsed = try Python.run("""
        import json, sys, time, pyotp
        totp = pyotp.parse_uri(sys.argv[1])
        print(json.dumps({"secret": totp.secret, "name": totp.name, "issuer": totp.issuer,
                          "digits": totp.digits, "interval": totp.interval, "code": totp.at(1700000000)}))
        """, [uri])
        let fields = try JSONDecoder().decode([String: StringOrInt].self, from: Data(parsed.utf8))
        #expect(fields["secret"] == .string(Base32.encode(secret)))
        #expect(fields["name"] == .string("zoë+test@example.com"))
        #expect(fields["issuer"] == .string("Draizer Paper"))
        #expect(fields["digits"] == .int(6))
        #expect(fields["interval"] == .int(30))
        #expect(fields["code"] == .string(TOTP.standard.generate(secret: secret, at: Date(timeIntervalSince1970: 1_700_000_000))))
    }

    enum StringOrInt: Decodable, Equatable {
        case string(String), int(Int)
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let value = try? container.decode(Int.self) { self = .int(value) } else {
                self = .string(try container.decode(String.self))
            }
        }
    }
}
