import Foundation
@testable import DraizerServer

/// Turns QR codes into image files for independent decoders.
enum QRCodeRendering {
    /// A PNG drawn straight from the module grid: `scale` pixels per module, a 4-module quiet zone.
    static func png(_ code: QRCode, scale: Int = 4) -> Data {
        let extent = (code.size + 8) * scale
        var pixels = [UInt8](repeating: 255, count: extent * extent)
        for row in 0..<code.size {
            for column in 0..<code.size where code.isDark(row: row, column: column) {
                for dy in 0..<scale {
                    let start = ((row + 4) * scale + dy) * extent + (column + 4) * scale
                    for dx in 0..<scale { pixels[start + dx] = 0 }
                }
            }
        }
        return PNGEncoder.greyscale(width: extent, height: extent, pixels: pixels)
    }

    /// Writes `data` to a fresh temporary file and returns its path; the caller removes it.
    static func temporaryFile(_ data: Data, extension fileExtension: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("draizer-qr-\(UUID().uuidString).\(fileExtension)")
        try data.write(to: url)
        return url
    }

    /// The text zbarimg reads from the image at `url` (its `--raw` output without the final newline).
    static func zbarDecode(_ url: URL) throws -> String {
        var text = try ExternalCommand.output("zbarimg", ["--raw", "--quiet", "-Sdisable", "-Sqrcode.enable", url.path])
        if text.hasSuffix("\n") { text.removeLast() }
        return text
    }
}
