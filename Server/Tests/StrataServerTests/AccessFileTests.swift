import ConfluentAPI
import Foundation
@testable import StrataServerKit
import Testing

/// Users and tokens files: what they accept, and the one-line error naming file and line for
/// anything else.
struct AccessFileTests {
    func file(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("strata-access-\(UUID().uuidString)").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func aUsersFileReadsHtpasswdStyleHashes() throws {
        let hash = UserAccount.hash(password: "secret", cost: 4)
        let htpasswd = "$2y$" + hash.dropFirst(4)
        let path = try file("# users\n\nalice:admin:\(hash)\n  bob:read:\(htpasswd)  \n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let users = try UserAccount.load(path)
        #expect(users.map(\.name) == ["alice", "bob"])
        #expect(users.map(\.role) == [.admin, .read])
        #expect(users[1].passwordHash == hash)
    }

    @Test(arguments: [
        ("alice:admin\n", "1: expected name:role:secret (three fields separated by ':')"),
        ("\nalice:root:$2b$04$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234\n", "2: unknown role 'root' (read, write or admin)"),
        ("alice:read:plain-password\n", "1: the password hash of 'alice' is not a bcrypt hash ($2b$, $2a$ or $2y$, 60 characters)"),
        ("a b:read:x\n", "1: the name must be 1 to 128 letters, digits, '_', '.', '-' or '@'"),
    ])
    func aBadUsersLineIsNamedByFileAndLine(_ text: String, _ expected: String) throws {
        let path = try file(text)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: AccessFileError.self) { try UserAccount.load(path) }
        do {
            _ = try UserAccount.load(path)
        } catch {
            #expect(error.description == "\(path):\(expected)")
        }
    }

    @Test func aTokensFileHoldsDigestsOnly() throws {
        let (token, line) = TokenAccount.generate(name: "ci", role: .write)
        #expect(token.hasPrefix("strata_") && token.count == 71)
        #expect(!line.contains(token.dropFirst(7)))
        let path = try file(line + "\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try TokenAccount.load(path) == [TokenAccount(name: "ci", role: .write, digest: TokenAccount.digest(of: token))])
    }

    @Test func aBadTokensFileIsRefused() throws {
        let duplicate = try file("ci:read:\(String(repeating: "ab", count: 32))\nci:write:\(String(repeating: "cd", count: 32))\n")
        let short = try file("ci:read:abcd\n")
        defer { for path in [duplicate, short] { try? FileManager.default.removeItem(atPath: path) } }
        #expect(throws: AccessFileError.duplicateName(path: duplicate, line: 2, name: "ci")) { try TokenAccount.load(duplicate) }
        #expect(throws: AccessFileError.malformedLine(path: short, line: 1,
                                                      reason: "the token digest of 'ci' is not a SHA-256 in hex (64 hex digits)")) {
            try TokenAccount.load(short)
        }
        #expect(throws: AccessFileError.self) { try AccessControl.load(usersFile: "/nonexistent/users", tokensFile: nil, anonymous: nil) }
    }

    @Test func tokenDigestsCompareInFullLength() {
        #expect(TokenAccount.constantTimeEqual([1, 2, 3], [1, 2, 3]))
        #expect(!TokenAccount.constantTimeEqual([1, 2, 3], [1, 2, 4]))
        #expect(!TokenAccount.constantTimeEqual([1, 2], [1, 2, 3]))
    }
}
