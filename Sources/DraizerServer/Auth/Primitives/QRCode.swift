import Foundation

/// A QR code symbol (ISO/IEC 18004, model 2) holding bytes in byte mode, enough for `otpauth://` URIs.
///
/// The encoder picks the smallest version that fits (unless told one), adds Reed–Solomon error
/// correction, and tries all eight masks, keeping the one with the lowest penalty score. The result is a
/// grid of modules; ``svg(quietZone:)`` draws it.
public struct QRCode: Sendable, Equatable {
    /// 1 (21×21 modules) to 40 (177×177).
    public let version: Int
    public let errorCorrection: ErrorCorrection
    /// The mask pattern applied, 0 to 7.
    public let mask: Int
    /// Modules per side.
    public var size: Int { version * 4 + 17 }
    /// Row-major, `true` for dark.
    let modules: [Bool]

    /// Encodes the UTF-8 bytes of `text`.
    public init(
        text: String, errorCorrection: ErrorCorrection = .medium, version: Int? = nil, mask: Int? = nil
    ) throws(QRCodeError) {
        try self.init(bytes: Array(text.utf8), errorCorrection: errorCorrection, version: version, mask: mask)
    }

    /// Encodes `bytes` in byte mode.
    ///
    /// - Parameters:
    ///   - version: a fixed version, or `nil` for the smallest that fits.
    ///   - mask: a fixed mask, or `nil` for the one with the lowest penalty (normal use; fixing it is for
    ///     comparing with other encoders).
    public init(
        bytes: [UInt8], errorCorrection: ErrorCorrection = .medium, version: Int? = nil, mask: Int? = nil
    ) throws(QRCodeError) {
        if let version, !(1...40).contains(version) { throw .invalidVersion(version) }
        if let mask, !(0...7).contains(mask) { throw .invalidMask(mask) }

        let candidates = version.map { $0...$0 } ?? 1...40
        guard let chosenVersion = candidates.first(where: {
            Self.byteCapacity(version: $0, errorCorrection: errorCorrection) >= bytes.count
        }) else {
            throw .dataTooLong(
                byteCount: bytes.count,
                capacity: Self.byteCapacity(version: candidates.upperBound, errorCorrection: errorCorrection))
        }

        let codewords = Self.codewords(for: bytes, version: chosenVersion, errorCorrection: errorCorrection)
        var matrix = QRMatrix(version: chosenVersion)
        matrix.drawCodewords(codewords)

        let final: QRMatrix
        let chosenMask: Int
        if let mask {
            (final, chosenMask) = (Self.masked(matrix, errorCorrection: errorCorrection, mask: mask), mask)
        } else {
            // Ties go to the lowest mask number, so the output is deterministic.
            var best = (matrix: Self.masked(matrix, errorCorrection: errorCorrection, mask: 0), mask: 0)
            var bestPenalty = QRPenalty.score(modules: best.matrix.modules, size: best.matrix.size)
            for candidate in 1...7 {
                let masked = Self.masked(matrix, errorCorrection: errorCorrection, mask: candidate)
                let penalty = QRPenalty.score(modules: masked.modules, size: masked.size)
                if penalty < bestPenalty { (best, bestPenalty) = ((masked, candidate), penalty) }
            }
            (final, chosenMask) = best
        }

        self.version = chosenVersion
        self.errorCorrection = errorCorrection
        self.mask = chosenMask
        self.modules = final.modules
    }

    /// Whether the module at `row`, `column` (from the top-left, 0-based) is dark.
    public func isDark(row: Int, column: Int) -> Bool {
        precondition((0..<size).contains(row) && (0..<size).contains(column), "module outside the symbol")
        return modules[row * size + column]
    }

    /// The most bytes a symbol of `version` holds in byte mode at `errorCorrection`.
    public static func byteCapacity(version: Int, errorCorrection: ErrorCorrection) -> Int {
        precondition((1...40).contains(version), "QR code versions run from 1 to 40")
        let dataBits = QRCodeTables.dataCodewords(version: version, errorCorrection: errorCorrection) * 8
        return (dataBits - 4 - characterCountBits(version: version)) / 8
    }

    // MARK: Encoding steps

    /// The byte-mode character count indicator is 8 bits up to version 9 and 16 bits after.
    static func characterCountBits(version: Int) -> Int { version <= 9 ? 8 : 16 }

    /// Applies `mask` to a copy and writes the matching format information.
    private static func masked(_ matrix: QRMatrix, errorCorrection: ErrorCorrection, mask: Int) -> QRMatrix {
        var copy = matrix
        copy.applyMask(mask)
        copy.drawFormatBits(errorCorrection: errorCorrection, mask: mask)
        return copy
    }

    /// Data codewords (mode, count, bytes, terminator, padding; §7.4) followed by error correction, split
    /// into blocks and interleaved (§7.5, §7.6).
    static func codewords(for bytes: [UInt8], version: Int, errorCorrection: ErrorCorrection) -> [UInt8] {
        let dataCapacity = QRCodeTables.dataCodewords(version: version, errorCorrection: errorCorrection)
        var bits = QRBitBuffer()
        bits.append(0b0100, count: 4)
        bits.append(bytes.count, count: characterCountBits(version: version))
        for byte in bytes { bits.append(Int(byte), count: 8) }
        bits.append(0, count: min(4, dataCapacity * 8 - bits.count))
        bits.append(0, count: (8 - bits.count % 8) % 8)
        var data = bits.bytes
        var pad: UInt8 = 0xEC
        while data.count < dataCapacity {
            data.append(pad)
            pad = pad == 0xEC ? 0x11 : 0xEC
        }

        let level = errorCorrection.tableIndex
        let blockCount = QRCodeTables.errorCorrectionBlocks[level][version]
        let eccLength = QRCodeTables.eccCodewordsPerBlock[level][version]
        let rawCodewords = QRCodeTables.rawDataModules(version: version) / 8
        // Blocks differ by at most one data codeword; the short ones come first.
        let shortBlockCount = blockCount - rawCodewords % blockCount
        let shortBlockLength = rawCodewords / blockCount
        let reedSolomon = QRReedSolomon(degree: eccLength)

        var dataBlocks: [[UInt8]] = []
        var eccBlocks: [[UInt8]] = []
        var offset = 0
        for block in 0..<blockCount {
            let length = shortBlockLength - eccLength + (block < shortBlockCount ? 0 : 1)
            let chunk = Array(data[offset..<(offset + length)])
            offset += length
            dataBlocks.append(chunk)
            eccBlocks.append(reedSolomon.remainder(of: chunk))
        }

        var result: [UInt8] = []
        result.reserveCapacity(rawCodewords)
        for index in 0..<(shortBlockLength - eccLength + 1) {
            for block in dataBlocks where index < block.count { result.append(block[index]) }
        }
        for index in 0..<eccLength {
            for block in eccBlocks { result.append(block[index]) }
        }
        return result
    }
}
