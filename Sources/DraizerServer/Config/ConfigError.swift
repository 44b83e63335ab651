/// A configuration value that cannot be used; the message always names the variable so the operator
/// knows what to fix.
public struct ConfigError: Error, Equatable, Sendable, CustomStringConvertible {
    public let variable: String
    public let reason: String

    public init(_ variable: String, _ reason: String) {
        self.variable = variable
        self.reason = reason
    }

    public var description: String { "\(variable): \(reason)" }
}
