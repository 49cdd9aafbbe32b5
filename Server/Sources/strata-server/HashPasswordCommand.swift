import ArgumentParser
import Foundation
import StrataServerKit

/// `strata-server hash-password`: reads a password from standard input, prints its bcrypt hash for
/// a users file line `name:role:HASH`.
struct HashPassword: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hash-password",
        abstract: "Read a password from standard input and print its bcrypt hash, for a users file line name:role:HASH."
    )

    @Option(help: "bcrypt's cost, 4 to 31: each step doubles the time of a check.")
    var cost: Int = 12

    func validate() throws {
        guard (4...31).contains(cost) else { throw ValidationError("--cost \(cost): expected 4 to 31") }
    }

    func run() throws {
        guard let password = readLine(strippingNewline: true), !password.isEmpty else {
            throw ValidationError("expected a password on standard input")
        }
        print(UserAccount.hash(password: password, cost: UInt8(cost)))
    }
}
