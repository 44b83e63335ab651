import Foundation
import Testing
@testable import DraizerServer

@Suite struct QRCodeTests {
    @Test func reedSolomonMatchesTheStandardsWorkedExample() {
        // ISO/IEC 18004 annex I: "01234567" as 1-M; data codewords and their 10 error correction codewords.
        let data: [UInt8] = [0x10, 0x20, 0x0C, 0x56, 0x61, 0x80, 0xEC, 0x11,
                             0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11]
        #expect(QRReedSolomon(degree: 10).remainder(of: data)
            == [0xA5, 0x24, 0xD4, 0xC1, 0xED, 0x36, 0xC7, 0x87, 0x2C, 0x55])
    }

    @Test func byteCapacitiesAtLevelMMatchTheStandardsTable() {
        let expected = [1: 14, 2: 26, 3: 42, 4: 62, 5: 84, 6: 106, 7: 122, 8: 152, 9: 180, 10: 213, 40: 2331]
        for (version, capacity) in expected {
            #expect(QRCode.byteCapacity(version: version, errorCorrection: .medium) == capacity, "version \(version)")
        }
        #expect(QRCode.byteCapacity(version: 40, errorCorrection: .low) == 2953)
        #expect(QRCode.byteCapacity(version: 40, errorCorrection: .high) == 1273)
    }

    @Test func picksTheSmallestVersionThatFits() throws {
        #expect(try QRCode(bytes: Array(repeating: 0x41, count: 14)).version == 1)
        #expect(try QRCode(bytes: Array(repeating: 0x41, count: 15)).version == 2)
        #expect(try QRCode(bytes: Array(repeating: 0x41, count: 213)).version == 10)
        #expect(try QRCode(bytes: Array(repeating: 0x41, count: 214)).version == 11)
        #expect(try QRCode(text: "hi", version: 5).version == 5)
    }

    @Test func rejectsDataThatDoesNotFitAndOutOfRangeSettings() {
        #expect(throws: QRCodeError.dataTooLong(byteCount: 2332, capacity: 2331)) {
            try QRCode(bytes: Array(repeating: 0, count: 2332))
        }
        #expect(throws: QRCodeError.dataTooLong(byteCount: 15, capacity: 14)) {
            try QRCode(bytes: Array(repeating: 0, count: 15), version: 1)
        }
        #expect(throws: QRCodeError.invalidVersion(41)) { try QRCode(text: "x", version: 41) }
        #expect(throws: QRCodeError.invalidMask(8)) { try QRCode(text: "x", mask: 8) }
    }

    @Test func symbolHasFindersTimingAndTheDarkModule() throws {
        let code = try QRCode(text: "otpauth://totp/Draizer:alice?secret=ABC")
        let size = code.size
        #expect(size == code.version * 4 + 17)
        for (top, left) in [(0, 0), (0, size - 7), (size - 7, 0)] {
            for row in 0..<7 {
                for column in 0..<7 {
                    let ring = max(abs(row - 3), abs(column - 3))
                    #expect(code.isDark(row: top + row, column: left + column) == (ring != 2))
                }
            }
        }
        for index in 8..<(size - 8) {
            #expect(code.isDark(row: 6, column: index) == index.isMultiple(of: 2))
            #expect(code.isDark(row: index, column: 6) == index.isMultiple(of: 2))
        }
        #expect(code.isDark(row: size - 8, column: 8))
    }

    @Test func formatInformationNamesTheLevelAndMask() throws {
        for mask in 0...7 {
            let code = try QRCode(text: "format", errorCorrection: .medium, mask: mask)
            // The copy beside the top-right finder holds bits 0–7, right to left along row 8.
            var bits = 0
            for index in 0..<8 where code.isDark(row: 8, column: code.size - 1 - index) { bits |= 1 << index }
            for index in 8..<15 where code.isDark(row: code.size - 15 + index, column: 8) { bits |= 1 << index }
            let unmasked = bits ^ 0x5412
            #expect(unmasked >> 10 == (0b00 << 3 | mask), "mask \(mask)")
        }
    }

    @Test func automaticMaskHasTheLowestPenalty() throws {
        let text = "otpauth://totp/Draizer:bob@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Draizer"
        let chosen = try QRCode(text: text)
        let penalties = try (0...7).map { mask in
            let code = try QRCode(text: text, mask: mask)
            return QRPenalty.score(modules: code.modules, size: code.size)
        }
        #expect(penalties[chosen.mask] == penalties.min())
        #expect(penalties.firstIndex(of: penalties.min()!) == chosen.mask)
    }

    @Test func penaltyRulesScoreRunsAndFinderLikePatterns() {
        #expect(QRPenalty.runs([true, true, true, true]) == 0)
        #expect(QRPenalty.runs([true, true, true, true, true]) == 3)
        #expect(QRPenalty.runs([false, false, false, false, false, false, false, true]) == 5)
        let finder = [true, false, true, true, true, false, true]
        #expect(QRPenalty.finderLike(finder + [false, false, false, false]) == 40)
        // At the edge the missing modules count as light.
        #expect(QRPenalty.finderLike(finder) == 40)
        #expect(QRPenalty.finderLike([true, true, true, true] + finder + [true, true, true, true]) == 0)
    }

    @Test func svgIsOnePathOfDarkModulesInsideAQuietZone() throws {
        let code = try QRCode(text: "otpauth://totp/Draizer:alice?secret=JBSWY3DPEHPK3PXP")
        let svg = code.svg()
        let extent = code.size + 8
        #expect(svg.hasPrefix(#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \#(extent) \#(extent)""#))
        #expect(svg.contains(#"shape-rendering="crispEdges""#))
        #expect(svg.contains(##"fill="#000""##))
        #expect(svg.components(separatedBy: "<path").count == 2)
        #expect(!svg.contains("style"))
        #expect(!svg.contains("script"))
        #expect(svg.hasSuffix("</svg>"))
    }

    @Test func svgPathCoversExactlyTheDarkModules() throws {
        let code = try QRCode(text: "Draizer")
        let svg = code.svg(quietZone: 4)
        let path = try #require(svg.firstMatch(of: /<path fill="#000" d="([^"]*)"\/>/)?.1)
        var drawn = Array(repeating: false, count: code.size * code.size)
        for rectangle in path.matches(of: /M(\d+),(\d+)h(\d+)v1h-(\d+)z/) {
            let x = Int(rectangle.1)! - 4, y = Int(rectangle.2)! - 4, width = Int(rectangle.3)!
            #expect(Int(rectangle.4)! == width)
            for column in x..<(x + width) { drawn[y * code.size + column] = true }
        }
        #expect(drawn == code.modules)
    }
}
