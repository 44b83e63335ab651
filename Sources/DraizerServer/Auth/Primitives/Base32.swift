import Foundation

/// Base32 as defined in RFC 4648 §6 (alphabet `A–Z2–7`), the encoding authenticator apps expect for
/// TOTP secrets.
///
/// Encoding writes no `=` padding, because the Key URI format used by authenticator apps says padding
/// should be omitted. Decoding is forgiving about what people paste (lower case, spaces, trailing
/// padding) but strict about everything else, so a typo is reported rather than silently producing a
/// different secret.
public enum Base32 {
    /// Why a string is not valid Base32.
    public enum DecodingError: Error, Equatable, Sendable {
        /// A character outside the alphabet (after spaces and trailing padding were removed).
        case invalidCharacter(Character)
        /// A length no Base32 encoding can have (1, 3 or 6 characters past a multiple of 8).
        case invalidLength(Int)
        /// The unused low bits of the last character are not zero, so the string is not the canonical
        /// encoding of any byte sequence.
        case nonCanonicalTrailingBits
    }

    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    /// Maps an ASCII byte to its 5-bit value; lower-case letters decode like upper-case ones.
    static let decodeTable: [UInt8?] = {
        var table = [UInt8?](repeating: nil, count: 256)
        for (value, symbol) in alphabet.enumerated() {
            table[Int(symbol)] = UInt8(value)
            if symbol >= UInt8(ascii: "A"), symbol <= UInt8(ascii: "Z") {
                table[Int(symbol | 0x20)] = UInt8(value)
            }
        }
        return table
    }()

    /// Encodes bytes as upper-case Base32 without padding.
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        var output: [UInt8] = []
        var buffer: UInt32 = 0
        var bitCount = 0
        for byte in bytes {
            buffer = (buffer << 8) | UInt32(byte)
            bitCount += 8
            while bitCount >= 5 {
                bitCount -= 5
                output.append(alphabet[Int((buffer >> UInt32(bitCount)) & 0x1F)])
            }
            buffer &= (1 << UInt32(bitCount)) - 1
        }
        if bitCount > 0 {
            output.append(alphabet[Int((buffer << UInt32(5 - bitCount)) & 0x1F)])
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Decodes Base32, ignoring case, whitespace and trailing `=` padding.
    public static func decode(_ string: String) throws(DecodingError) -> [UInt8] {
        var scalars = string.unicodeScalars.filter { !$0.properties.isWhitespace }
        while scalars.last == "=" { scalars.removeLast() }

        var values: [UInt8] = []
        values.reserveCapacity(scalars.count)
        for scalar in scalars {
            guard scalar.isASCII, let value = decodeTable[Int(scalar.value)] else {
                throw .invalidCharacter(Character(scalar))
            }
            values.append(value)
        }
        switch values.count % 8 {
        case 1, 3, 6: throw .invalidLength(values.count)
        default: break
        }

        var output: [UInt8] = []
        output.reserveCapacity(values.count * 5 / 8)
        var buffer: UInt32 = 0
        var bitCount = 0
        for value in values {
            buffer = (buffer << 5) | UInt32(value)
            bitCount += 5
            if bitCount >= 8 {
                bitCount -= 8
                output.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bitCount)))
                buffer &= (1 << UInt32(bitCount)) - 1
            }
        }
        guard buffer == 0 else { throw .nonCanonicalTrailingBits }
        return output
    }
}
