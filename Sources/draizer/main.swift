import DraizerServer
import Foundation
import NIOCore
import NIOPosix

// Async handlers run on the event loops that do the I/O instead of Swift's separate pool: no thread hop
// per await. Nothing in the server blocks a thread (Argon2 has its own pool, SQLite NIO's thread pool).
NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
exit(await DraizerCommandLine.main())
