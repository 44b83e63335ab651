import Foundation

/// Field rules shared by every endpoint that accepts them; each failure names its field.
enum FieldRules {
    static func email(_ raw: String, field: String = "email") throws -> String {
        let email = raw.trimmingCharacters(in: .whitespaces).lowercased()
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: ".!#$%&'*+/=?^_`{|}~-"))
        guard email.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[0].count <= 64,
              parts[0].unicodeScalars.allSatisfy({ $0.isASCII && allowed.contains($0) }),
              parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix("."), !parts[1].contains(".."),
              parts[1].unicodeScalars.allSatisfy({ $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "." || $0 == "-") })
        else { throw Problem.validation("'\(raw.prefix(80))' is not an email address.", params: [.init(name: field, reason: "is not an email address")]) }
        return email
    }

    static func username(_ raw: String, field: String = "username") throws -> String {
        let username = raw.trimmingCharacters(in: .whitespaces)
        guard (3...32).contains(username.count),
              username.unicodeScalars.allSatisfy({ $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "._-".unicodeScalars.contains($0)) })
        else {
            throw Problem.validation("A username has 3 to 32 characters: letters, digits, '.', '_' or '-'.",
                                     params: [.init(name: field, reason: "3–32 of a-z, A-Z, 0-9, . _ -")])
        }
        return username
    }

    static func fullName(_ raw: String?, field: String = "full_name") throws -> String? {
        guard let name = raw?.trimmingCharacters(in: .whitespacesAndNewlines), !name.isEmpty else { return nil }
        guard name.count <= 100, !name.unicodeScalars.contains(where: { CharacterSet.controlCharacters.contains($0) }) else {
            throw Problem.validation("A name has at most 100 printable characters.", params: [.init(name: field, reason: "at most 100 printable characters")])
        }
        return name
    }

    /// Length bounds (the maximum bounds hashing cost), no common passwords, nothing built from the account's
    /// own name.
    static func password(_ password: String, minLength: Int, field: String = "password", personal: [String] = []) throws {
        let length = password.count
        func reject(_ detail: String) -> Problem {
            Problem(.badRequest, type: "weak-password", title: "Password not accepted", detail: detail,
                    invalidParams: [.init(name: field, reason: detail)])
        }
        guard length >= minLength else { throw reject("Use at least \(minLength) characters.") }
        guard length <= AppConfig.passwordMaxLength else { throw reject("Use at most \(AppConfig.passwordMaxLength) characters.") }
        let lower = password.lowercased()
        if CommonPasswords.contains(lower) { throw reject("This password is among the most common ones; choose another.") }
        if Set(lower).count <= 2 { throw reject("This password repeats too few characters.") }
        for word in personal.map({ $0.lowercased() }) where word.count >= 4 && lower.contains(word) {
            throw reject("The password must not contain your username or email.")
        }
    }
}
