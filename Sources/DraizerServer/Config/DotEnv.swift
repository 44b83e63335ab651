import Foundation

/// Reads a `.env` file: `NAME=value` lines, `#` comments, optional `export `, single or double quotes.
/// Variables already in the process environment win over the file, as with every dotenv tool.
enum DotEnv {
    static func parse(_ text: String) -> [String: String] {
        var values: [String: String] = [:]
        for rawLine in text.split(whereSeparator: \.isNewline) {
            var line = rawLine.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            if line.hasPrefix("export ") { line = String(line.dropFirst(7)) }
            guard let equals = line.firstIndex(of: "=") else { continue }
            let name = line[..<equals].trimmingCharacters(in: .whitespaces)
            var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, let quote = value.first, quote == "\"" || quote == "'", value.last == quote {
                value = String(value.dropFirst().dropLast())
            } else if let hash = value.range(of: " #") {
                value = value[..<hash.lowerBound].trimmingCharacters(in: .whitespaces)
            }
            values[name] = value
        }
        return values
    }

    /// The process environment layered over the `.env` file at `path`, when there is one.
    static func merged(processEnvironment: [String: String], fileAt path: String) -> [String: String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return processEnvironment }
        return parse(text).merging(processEnvironment) { _, process in process }
    }
}
