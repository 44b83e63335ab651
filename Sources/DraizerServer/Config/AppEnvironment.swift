/// Where the server runs; decides defaults that must differ between a laptop and production.
public enum AppEnvironment: String, Sendable, CaseIterable {
    case development
    case testing
    case production

    /// Production never invents secrets, never auto-migrates unless asked, and logs as JSON.
    public var isProduction: Bool { self == .production }
}
