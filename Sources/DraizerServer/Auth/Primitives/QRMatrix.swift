import Foundation

/// The module grid of a QR symbol while it is being built: which modules are dark, and which belong to
/// function patterns (finders, timing, alignment, format and version information) that data and masks
/// must leave alone. Coordinates are (x: column, y: row) from the top-left corner.
struct QRMatrix: Sendable, Equatable {
    let version: Int
    let size: Int
    private(set) var modules: [Bool]
    private(set) var isFunction: [Bool]

    init(version: Int) {
        self.version = version
        self.size = version * 4 + 17
        self.modules = Array(repeating: false, count: size * size)
        self.isFunction = Array(repeating: false, count: size * size)
        drawFunctionPatterns()
    }

    private mutating func setFunction(_ x: Int, _ y: Int, dark: Bool) {
        modules[y * size + x] = dark
        isFunction[y * size + x] = true
    }

    // MARK: Function patterns (ISO/IEC 18004 §6.3)

    private mutating func drawFunctionPatterns() {
        for index in 0..<size {
            setFunction(6, index, dark: index % 2 == 0)
            setFunction(index, 6, dark: index % 2 == 0)
        }
        drawFinder(centreX: 3, centreY: 3)
        drawFinder(centreX: size - 4, centreY: 3)
        drawFinder(centreX: 3, centreY: size - 4)

        let positions = QRCodeTables.alignmentPositions(version: version)
        let last = positions.count - 1
        for (i, x) in positions.enumerated() {
            for (j, y) in positions.enumerated() {
                // The three corners with finder patterns get no alignment pattern.
                let overlapsFinder = (i == 0 && j == 0) || (i == 0 && j == last) || (i == last && j == 0)
                if !overlapsFinder { drawAlignment(centreX: x, centreY: y) }
            }
        }
        // Reserve the format areas now (the real bits depend on the mask, chosen later).
        drawFormatBits(errorCorrection: .low, mask: 0)
        drawVersion()
    }

    /// A 7×7 finder with its one-module light separator, clipped at the symbol's edge.
    private mutating func drawFinder(centreX: Int, centreY: Int) {
        for dy in -4...4 {
            for dx in -4...4 {
                let x = centreX + dx, y = centreY + dy
                guard (0..<size).contains(x), (0..<size).contains(y) else { continue }
                let ring = max(abs(dx), abs(dy))
                setFunction(x, y, dark: ring != 2 && ring != 4)
            }
        }
    }

    private mutating func drawAlignment(centreX: Int, centreY: Int) {
        for dy in -2...2 {
            for dx in -2...2 {
                setFunction(centreX + dx, centreY + dy, dark: max(abs(dx), abs(dy)) != 1)
            }
        }
    }

    /// The 15-bit format information (level and mask, BCH(15,5) protected, XOR 0x5412), written twice
    /// (§7.9), plus the always-dark module beside the bottom-left finder.
    mutating func drawFormatBits(errorCorrection: QRCode.ErrorCorrection, mask: Int) {
        let data = errorCorrection.formatBits << 3 | mask
        var remainder = data
        for _ in 0..<10 { remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537) }
        let bits = (data << 10 | remainder) ^ 0x5412
        func bit(_ index: Int) -> Bool { (bits >> index) & 1 != 0 }

        // Around the top-left finder.
        for index in 0...5 { setFunction(8, index, dark: bit(index)) }
        setFunction(8, 7, dark: bit(6))
        setFunction(8, 8, dark: bit(7))
        setFunction(7, 8, dark: bit(8))
        for index in 9..<15 { setFunction(14 - index, 8, dark: bit(index)) }
        // Split between the other two finders.
        for index in 0..<8 { setFunction(size - 1 - index, 8, dark: bit(index)) }
        for index in 8..<15 { setFunction(8, size - 15 + index, dark: bit(index)) }
        setFunction(8, size - 8, dark: true)
    }

    /// The 18-bit version information (BCH(18,6), §7.10) in two 6×3 blocks, for versions 7 and up.
    private mutating func drawVersion() {
        guard version >= 7 else { return }
        var remainder = version
        for _ in 0..<12 { remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1F25) }
        let bits = version << 12 | remainder
        for index in 0..<18 {
            let dark = (bits >> index) & 1 != 0
            let a = size - 11 + index % 3, b = index / 3
            setFunction(a, b, dark: dark)
            setFunction(b, a, dark: dark)
        }
    }

    // MARK: Data

    /// Places codewords, most significant bit first, in the zigzag of two-module columns that runs
    /// upwards and downwards from the bottom-right corner, skipping function modules and the vertical
    /// timing column (§7.7.3). Remainder modules stay light.
    mutating func drawCodewords(_ codewords: [UInt8]) {
        var bitIndex = 0
        let bitCount = codewords.count * 8
        var right = size - 1
        while right >= 1 {
            if right == 6 { right = 5 }
            let upward = (right + 1) & 2 == 0
            for vertical in 0..<size {
                let y = upward ? size - 1 - vertical : vertical
                for offset in 0..<2 {
                    let x = right - offset
                    guard !isFunction[y * size + x], bitIndex < bitCount else { continue }
                    let byte = codewords[bitIndex >> 3]
                    modules[y * size + x] = (byte >> (7 - UInt8(bitIndex & 7))) & 1 != 0
                    bitIndex += 1
                }
            }
            right -= 2
        }
    }

    /// XORs mask pattern `mask` (§7.8.2, table 10) over every non-function module; applying it twice
    /// undoes it.
    mutating func applyMask(_ mask: Int) {
        for y in 0..<size {
            for x in 0..<size where !isFunction[y * size + x] {
                let invert = switch mask {
                case 0: (x + y) % 2 == 0
                case 1: y % 2 == 0
                case 2: x % 3 == 0
                case 3: (x + y) % 3 == 0
                case 4: (x / 3 + y / 2) % 2 == 0
                case 5: x * y % 2 + x * y % 3 == 0
                case 6: (x * y % 2 + x * y % 3) % 2 == 0
                default: ((x + y) % 2 + x * y % 3) % 2 == 0
                }
                if invert { modules[y * size + x].toggle() }
            }
        }
    }
}
