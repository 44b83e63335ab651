/// The release this build belongs to, reported by `/health` and `draizer --version`.
public enum DraizerVersion {
    public static let current = "0.1.0"
}
