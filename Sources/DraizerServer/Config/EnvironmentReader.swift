import DraizerCore
import Foundation

/// Typed reads of SCREAMING_SNAKE variables, each failing with a `ConfigError` that names the variable.
struct EnvironmentReader {
    let values: [String: String]

    func string(_ name: String) -> String? {
        guard let raw = values[name]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
        return raw
    }

    func string(_ name: String, default fallback: String) -> String { string(name) ?? fallback }

    func int(_ name: String, default fallback: Int, range: ClosedRange<Int>) throws(ConfigError) -> Int {
        guard let raw = string(name) else { return fallback }
        guard let value = Int(raw) else { throw ConfigError(name, "'\(raw)' is not a whole number") }
        guard range.contains(value) else {
            throw ConfigError(name, "\(value) is outside \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }

    func bool(_ name: String, default fallback: Bool) throws(ConfigError) -> Bool {
        guard let raw = string(name) else { return fallback }
        switch raw.lowercased() {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw ConfigError(name, "'\(raw)' is not a boolean (use true or false)")
        }
    }

    func money(_ name: String, default fallback: Money) throws(ConfigError) -> Money {
        guard let raw = string(name) else { return fallback }
        do { return try Money(raw) } catch { throw ConfigError(name, error.description) }
    }

    func symbol(_ name: String, default fallback: String) throws(ConfigError) -> Symbol {
        let raw = string(name, default: fallback)
        do { return try Symbol(raw) } catch { throw ConfigError(name, error.description) }
    }

    /// A list given either as JSON (`["https://a.example"]`, the original design's form) or comma-separated.
    func list(_ name: String) throws(ConfigError) -> [String] {
        guard let raw = string(name) else { return [] }
        if raw.hasPrefix("[") {
            guard let data = raw.data(using: .utf8),
                  let items = try? JSONDecoder().decode([String].self, from: data)
            else { throw ConfigError(name, "is not a JSON list of strings") }
            return items.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        return raw.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
