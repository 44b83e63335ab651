import Foundation
import Testing
@testable import DraizerServer

@Suite struct Base32Tests {
    /// RFC 4648 §10, without the padding we do not write.
    static let rfcVectors: [(plain: String, encoded: String)] = [
        ("", ""), ("f", "MY"), ("fo", "MZXQ"), ("foo", "MZXW6"), ("foob", "MZXW6YQ"),
        ("fooba", "MZXW6YTB"), ("foobar", "MZXW6YTBOI"),
    ]

    @Test func encodesRFC4648VectorsWithoutPadding() {
        for vector in Self.rfcVectors {
            #expect(Base32.encode(Array(vector.plain.utf8)) == vector.encoded)
        }
    }

    @Test func decodesRFC4648Vectors() throws {
        for vector in Self.rfcVectors {
            #expect(try Base32.decode(vector.encoded) == Array(vector.plain.utf8))
        }
    }

    @Test func decodeIgnoresCaseSpacesAndPadding() throws {
        #expect(try Base32.decode("mzxw 6ytb oi======") == Array("foobar".utf8))
        #expect(try Base32.decode("  MzXw6YQ= ") == Array("foob".utf8))
    }

    @Test func decodeRejectsCharactersOutsideTheAlphabet() {
        #expect(throws: Base32.DecodingError.invalidCharacter("1")) { try Base32.decode("MZ1Q") }
        #expect(throws: Base32.DecodingError.invalidCharacter("8")) { try Base32.decode("MZXW8") }
        #expect(throws: Base32.DecodingError.invalidCharacter("=")) { try Base32.decode("MZ=XQ") }
        #expect(throws: Base32.DecodingError.invalidCharacter("é")) { try Base32.decode("MZXé") }
    }

    @Test func decodeRejectsImpossibleLengths() {
        #expect(throws: Base32.DecodingError.invalidLength(1)) { try Base32.decode("M") }
        #expect(throws: Base32.DecodingError.invalidLength(3)) { try Base32.decode("MZX") }
        #expect(throws: Base32.DecodingError.invalidLength(6)) { try Base32.decode("MZXW6Y") }
    }

    @Test func decodeRejectsNonCanonicalTrailingBits() {
        // "MY" is "f"; "M7" differs only in the two unused low bits, so it is no canonical encoding.
        #expect(throws: Base32.DecodingError.nonCanonicalTrailingBits) { try Base32.decode("M7") }
    }

    @Test func roundTripsRandomBytes() throws {
        var generator = SystemRandomNumberGenerator()
        for length in 0..<64 {
            let bytes = (0..<length).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
            #expect(try Base32.decode(Base32.encode(bytes)) == bytes)
        }
    }
}
