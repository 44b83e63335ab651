import Foundation
import Testing
@testable import DraizerServer

/// Every symbol is read back by zbar, a decoder that shares no code with ours.
@Suite(.enabled(if: ExternalCommand.isAvailable("zbarimg"), "needs zbarimg (apt-get install zbar-tools)"))
struct QRCodeDecodingTests {
    static let longURI = "otpauth://totp/Draizer%20Paper%20Trading:alexandra.konstantinopoulou%2Btrading%40example.com"
        + "?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Draizer%20Paper%20Trading&algorithm=SHA1&digits=6&period=30"

    struct Case: Sendable, CustomTestStringConvertible {
        let text: String
        var errorCorrection = QRCode.ErrorCorrection.medium
        var mask: Int?
        var testDescription: String { "\(text.utf8.count) bytes, \(errorCorrection), mask \(mask.map(String.init) ?? "auto")" }
    }

    /// Short and long inputs (versions 1 to 10 and beyond), every mask and every level.
    static let cases: [Case] = {
        var cases = [
            Case(text: "hello"),
            Case(text: longURI),
            Case(text: TOTP.standard.otpauthURI(secret: TOTP.randomSecret(), account: "alice@example.com",
                                                issuer: "Draizer")),
        ]
        // The byte capacities of versions 1 to 10 at level M, then two larger sizes.
        let filler = String(repeating: "otpauth://totp/Draizer:", count: 50)
        for length in [14, 26, 42, 62, 84, 106, 122, 152, 180, 213, 400, 1000] {
            cases.append(Case(text: String(filler.prefix(length))))
        }
        for mask in 0...7 {
            cases.append(Case(text: "mask \(mask) / \(longURI)", mask: mask))
        }
        for level in QRCode.ErrorCorrection.allCases {
            cases.append(Case(text: longURI, errorCorrection: level))
        }
        return cases
    }()

    @Test(arguments: cases)
    func zbarDecodesTheModuleMatrix(_ testCase: Case) throws {
        let code = try QRCode(text: testCase.text, errorCorrection: testCase.errorCorrection, mask: testCase.mask)
        let file = try QRCodeRendering.temporaryFile(QRCodeRendering.png(code), extension: "png")
        defer { try? FileManager.default.removeItem(at: file) }
        #expect(try QRCodeRendering.zbarDecode(file) == testCase.text)
    }

    @Test(.enabled(if: ExternalCommand.isAvailable("rsvg-convert"), "needs rsvg-convert (apt-get install librsvg2-bin)"),
          arguments: [cases[0], cases[1], cases[2]])
    func zbarDecodesTheSVGAsRenderedByLibrsvg(_ testCase: Case) throws {
        let code = try QRCode(text: testCase.text)
        let svg = try QRCodeRendering.temporaryFile(Data(code.svg().utf8), extension: "svg")
        let png = svg.deletingPathExtension().appendingPathExtension("png")
        defer {
            try? FileManager.default.removeItem(at: svg)
            try? FileManager.default.removeItem(at: png)
        }
        // Four pixels per module, like a phone camera would see on screen.
        let width = String((code.size + 8) * 4)
        _ = try ExternalCommand.output("rsvg-convert", ["--width", width, "--height", width, "--output", png.path, svg.path])
        #expect(try QRCodeRendering.zbarDecode(png) == testCase.text)
    }
}
