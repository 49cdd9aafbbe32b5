import ConfluentAPI
import HummingbirdBcrypt

/// A user of HTTP basic authentication: a line `name:role:bcrypt-hash` of a users file.
///
/// The hash is bcrypt's modular crypt text, 60 characters: `$2b$`, `$2a$` or `$2y$` (what
/// `htpasswd -B`, Python's `bcrypt` and `strata-server hash-password` write), the cost, then salt and
/// hash. `$2y$` is the same algorithm as `$2b$` and is verified as one.
public struct UserAccount: Sendable, Equatable {
    /// The user name, as sent in basic authentication.
    public var name: String
    /// What the user may do.
    public var role: AccessRole
    /// The bcrypt hash of the password, as `$2b$`.
    public var passwordHash: String

    /// Creates an account; `passwordHash` must be a bcrypt hash (``isBcryptHash(_:)``).
    public init(name: String, role: AccessRole, passwordHash: String) {
        self.name = name
        self.role = role
        self.passwordHash = passwordHash.hasPrefix("$2y$") ? "$2b$" + passwordHash.dropFirst(4) : passwordHash
    }

    /// The accounts of the users file at `path`.
    ///
    /// - Throws: ``AccessFileError`` naming the file and line of the first unusable line.
    public static func load(_ path: String) throws(AccessFileError) -> [UserAccount] {
        try AccessFileLine.read(path).map { line throws(AccessFileError) in
            guard isBcryptHash(line.secret) else {
                throw .malformedLine(path: path, line: line.number,
                                     reason: "the password hash of '\(line.name)' is not a bcrypt hash ($2b$, $2a$ or $2y$, 60 characters)")
            }
            return UserAccount(name: line.name, role: line.role, passwordHash: line.secret)
        }
    }

    /// The bcrypt hash of `password` with a random salt, `$2b$` and `cost` (12 by default: about a
    /// quarter of a second a check on a current core).
    ///
    /// - Complexity: 2^`cost` rounds of bcrypt's key schedule.
    public static func hash(password: String, cost: UInt8 = 12) -> String {
        Bcrypt.hash(password, cost: cost)
    }

    /// Whether `text` is a bcrypt hash this server verifies: `$2a$`, `$2b$` or `$2y$`, a cost from
    /// 04 to 31, `$`, and 53 characters of bcrypt's base-64 alphabet.
    public static func isBcryptHash(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 60, text.hasPrefix("$2a$") || text.hasPrefix("$2b$") || text.hasPrefix("$2y$"),
              let cost = Int(String(decoding: bytes[4..<6], as: UTF8.self)), (4...31).contains(cost), bytes[6] == UInt8(ascii: "$")
        else { return false }
        return bytes[7...].allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "/")
        }
    }
}
