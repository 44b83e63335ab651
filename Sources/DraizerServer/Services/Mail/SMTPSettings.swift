/// Where and how ``SMTPMailer`` delivers mail.
public struct SMTPSettings: Sendable, Equatable {
    /// The submission server's host name or IP address.
    public var host: String
    public var port: Int
    /// Given together with ``password``; without them the mailer does not authenticate.
    public var username: String?
    public var password: String?
    /// The envelope sender and `From:` header, a bare `local@domain` address.
    public var from: String
    /// Upgrade with STARTTLS (and verify the server's certificate) before authenticating or sending.
    /// Without it, credentials are only ever sent to a loopback server.
    public var startTLS: Bool
    /// A PEM file with a certificate to trust in addition to the system's roots: for a self-signed or
    /// private-CA server, such as one started by a test.
    public var extraTrustRootPath: String?
    /// The limit for connecting and for each reply the server owes us.
    public var timeout: Duration

    public init(
        host: String,
        port: Int = 587,
        username: String? = nil,
        password: String? = nil,
        from: String,
        startTLS: Bool = true,
        extraTrustRootPath: String? = nil,
        timeout: Duration = .seconds(30)
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.from = from
        self.startTLS = startTLS
        self.extraTrustRootPath = extraTrustRootPath
        self.timeout = timeout
    }
}
