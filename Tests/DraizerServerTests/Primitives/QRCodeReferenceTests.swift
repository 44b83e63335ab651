import Foundation
import Testing
@testable import DraizerServer

/// Compares with the `qrcode` Python package, an independent encoder: same version, level and mask
/// must give the identical module matrix.
@Suite(.enabled(if: Python.canImport("qrcode"), "needs python3 with qrcode (pip install qrcode)"))
struct QRCodeReferenceTests {
    struct Case: Codable {
        let hex: String
        let version: Int
        let level: String
        let mask: Int
    }

    static let script = """
    import json, sys, qrcode, qrcode.util
    from qrcode.constants import ERROR_CORRECT_L, ERROR_CORRECT_M, ERROR_CORRECT_Q, ERROR_CORRECT_H
    levels = {"L": ERROR_CORRECT_L, "M": ERROR_CORRECT_M, "Q": ERROR_CORRECT_Q, "H": ERROR_CORRECT_H}
    out = []
    for c in json.loads(sys.argv[1]):
        qr = qrcode.QRCode(version=c["version"], error_correction=levels[c["level"]], border=0,
                           mask_pattern=c["mask"])
        qr.add_data(qrcode.util.QRData(bytes.fromhex(c["hex"]), mode=qrcode.util.MODE_8BIT_BYTE))
        qr.make(fit=False)
        out.append(["".join("1" if m else "0" for m in row) for row in qr.modules])
    print(json.dumps(out))
    """

    static func levelName(_ level: QRCode.ErrorCorrection) -> String {
        switch level {
        case .low: "L"
        case .medium: "M"
        case .quartile: "Q"
        case .high: "H"
        }
    }

    static func rows(_ code: QRCode) -> [String] {
        (0..<code.size).map { row in
            String((0..<code.size).map { code.isDark(row: row, column: $0) ? "1" : "0" })
        }
    }

    @Test func matricesMatchPythonQrcodeForEveryVersionAndMask() throws {
        var generator = SystemRandomNumberGenerator()
        var cases: [Case] = []
        var ours: [QRCode] = []
        // Every version at level M, alternating full and half-full data so that both uneven block
        // lengths and padding are exercised; masks cycle through all eight.
        var settings = (1...40).map { (version: $0, level: QRCode.ErrorCorrection.medium, mask: $0 % 8) }
        // Version 1 with every mask, and the other levels at a few versions.
        settings += (0...7).map { (version: 1, level: .medium, mask: $0) }
        for level in [QRCode.ErrorCorrection.low, .quartile, .high] {
            settings += [1, 5, 7, 10, 27].map { (version: $0, level: level, mask: ($0 + 3) % 8) }
        }
        for (index, setting) in settings.enumerated() {
            let capacity = QRCode.byteCapacity(version: setting.version, errorCorrection: setting.level)
            let length = index.isMultiple(of: 2) ? capacity : capacity / 2
            let bytes = (0..<length).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
            ours.append(try QRCode(bytes: bytes, errorCorrection: setting.level, version: setting.version,
                                   mask: setting.mask))
            cases.append(Case(hex: bytes.map { ($0 < 0x10 ? "0" : "") + String($0, radix: 16) }.joined(),
                              version: setting.version, level: Self.levelName(setting.level), mask: setting.mask))
        }

        let reference = try Python.json(Self.script, input: cases, as: [[String]].self)
        try #require(reference.count == ours.count)
        for (index, code) in ours.enumerated() {
            #expect(Self.rows(code) == reference[index],
                    "version \(code.version) \(code.errorCorrection) mask \(code.mask)")
        }
    }

    @Test func blockStructureMatchesPythonQrcodeForAllVersionsAndLevels() throws {
        let reference = try Python.run("""
        import json
        from qrcode.base import rs_blocks
        from qrcode.constants import ERROR_CORRECT_L, ERROR_CORRECT_M, ERROR_CORRECT_Q, ERROR_CORRECT_H
        out = {}
        for name, level in [("L", ERROR_CORRECT_L), ("M", ERROR_CORRECT_M), ("Q", ERROR_CORRECT_Q), ("H", ERROR_CORRECT_H)]:
            rows = []
            for version in range(1, 41):
                blocks = rs_blocks(version, level)
                rows.append([len(blocks), blocks[0].total_count - blocks[0].data_count,
                             sum(b.data_count for b in blocks)])
            out[name] = rows
        print(json.dumps(out))
        """)
        let table = try JSONDecoder().decode([String: [[Int]]].self, from: Data(reference.utf8))
        for level in QRCode.ErrorCorrection.allCases {
            let rows = try #require(table[Self.levelName(level)])
            for version in 1...40 {
                let ours = [
                    QRCodeTables.errorCorrectionBlocks[level.tableIndex][version],
                    QRCodeTables.eccCodewordsPerBlock[level.tableIndex][version],
                    QRCodeTables.dataCodewords(version: version, errorCorrection: level),
                ]
                #expect(ours == rows[version - 1], "version \(version) \(level)")
            }
        }
    }
}
