import ConfluentAPI
import Crypto
import Foundation

/// A bearer token: a line `name:role:sha256hex` of a tokens file. Only the SHA-256 of the token is
/// stored, so the file gives nobody the token; `strata-server new-token` prints a token once with
/// its line.
public struct TokenAccount: Sendable, Equatable {
    /// The token's name, for logs and refusals.
    public var name: String
    /// What the token may do.
    public var role: AccessRole
    /// The SHA-256 of the token's UTF-8 bytes, 32 bytes.
    public var digest: [UInt8]

    /// Creates an account from a token's digest.
    public init(name: String, role: AccessRole, digest: [UInt8]) {
        self.name = name
        self.role = role
        self.digest = digest
    }

    /// The accounts of the tokens file at `path`.
    ///
    /// - Throws: ``AccessFileError`` naming the file and line of the first unusable line.
    public static func load(_ path: String) throws(AccessFileError) -> [TokenAccount] {
        try AccessFileLine.read(path).map { line throws(AccessFileError) in
            guard let digest = hexBytes(line.secret), digest.count == 32 else {
                throw .malformedLine(path: path, line: line.number,
                                     reason: "the token digest of '\(line.name)' is not a SHA-256 in hex (64 hex digits)")
            }
            return TokenAccount(name: line.name, role: line.role, digest: digest)
        }
    }

    /// The SHA-256 of `token`'s UTF-8 bytes.
    public static func digest(of token: String) -> [UInt8] {
        Array(SHA256.hash(data: Data(token.utf8)))
    }

    /// A new random token, `strata_` then 64 hex digits (256 random bits), with the line of a
    /// tokens file that accepts it for `name` with `role`.
    public static func generate(name: String, role: AccessRole) -> (token: String, line: String) {
        var generator = SystemRandomNumberGenerator()
        let token = "strata_" + hex((0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
        return (token, "\(name):\(role):\(hex(digest(of: token)))")
    }

    /// Whether `name` can name an account: 1 to 128 letters, digits, `_`, `.`, `-` or `@`.
    public static func isValidName(_ name: String) -> Bool {
        AccessFileLine.isValidName(name)
    }

    /// Whether two digests are equal, in a time that depends on their lengths only.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes { text += [digits[Int(byte >> 4)], digits[Int(byte & 0xF)]] }
        return String(decoding: text, as: UTF8.self)
    }

    static func hexBytes(_ text: String) -> [UInt8]? {
        let utf8 = Array(text.lowercased().utf8)
        guard utf8.count.isMultiple(of: 2) else { return nil }
        var bytes: [UInt8] = []
        for index in stride(from: 0, to: utf8.count, by: 2) {
            guard let high = hexValue(utf8[index]), let low = hexValue(utf8[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        return bytes
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}
