import Foundation

extension QRCode {
    /// An SVG drawing of the symbol: a light background and one `<path>` of the dark modules, in a
    /// viewBox of one unit per module with `quietZone` light modules on each side.
    ///
    /// Colours are presentation attributes (`fill="#000"`), not `style`, because the content security
    /// policy forbids inline styles. `shape-rendering="crispEdges"` keeps scaled modules sharp, and the
    /// absent width and height let CSS size the image. The background is drawn so the code stays readable
    /// on a dark page.
    ///
    /// - Parameter quietZone: light border in modules; the standard asks for 4.
    public func svg(quietZone: Int = 4) -> String {
        precondition(quietZone >= 0, "quiet zone cannot be negative")
        let extent = size + 2 * quietZone
        var path = ""
        // One rectangle per horizontal run of dark modules keeps the path short.
        for row in 0..<size {
            var column = 0
            while column < size {
                guard isDark(row: row, column: column) else { column += 1; continue }
                let start = column
                while column < size, isDark(row: row, column: column) { column += 1 }
                path += "M\(start + quietZone),\(row + quietZone)h\(column - start)v1h-\(column - start)z"
            }
        }
        return """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(extent) \(extent)" \
        shape-rendering="crispEdges" role="img" aria-label="QR code">\
        <rect width="\(extent)" height="\(extent)" fill="#fff"/>\
        <path fill="#000" d="\(path)"/></svg>
        """
    }
}
