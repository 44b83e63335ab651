import Foundation

extension Argon2id {
    /// Cost settings for new hashes. Verification always uses the settings stored in the hash itself.
    public struct Parameters: Sendable, Equatable {
        /// Memory per hash in KiB. The default, 64 MiB, is RFC 9106's second recommended option and the
        /// original design's; it costs about 0.2 s and 85 MB on the reference machine.
        public var memoryKiB: UInt32
        /// Passes over the memory.
        public var iterations: UInt32
        /// Lanes (and threads libargon2 uses for them).
        public var parallelism: UInt32
        /// Random salt length in bytes; 16 is RFC 9106's recommendation.
        public var saltLength: Int
        /// Hash output length in bytes.
        public var hashLength: Int

        /// The defaults are production strength; development and tests may pass cheaper values (libargon2
        /// requires `memoryKiB >= 8 * parallelism`).
        public init(
            memoryKiB: UInt32 = 65_536, iterations: UInt32 = 3, parallelism: UInt32 = 4,
            saltLength: Int = 16, hashLength: Int = 32
        ) {
            self.memoryKiB = memoryKiB
            self.iterations = iterations
            self.parallelism = parallelism
            self.saltLength = saltLength
            self.hashLength = hashLength
        }
    }
}
