import ArgumentParser
import ConfluentAPI
import StrataServerKit

/// `strata-server new-token --name N --role R`: prints a new random bearer token, once, and the
/// tokens file line that accepts it.
struct NewToken: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new-token",
        abstract: "Print a new bearer token (shown once) and the line to add to the tokens file."
    )

    @Option(help: "The token's name, shown in logs and refusals.")
    var name: String

    @Option(help: "What the token may do: read, write or admin.")
    var role: String

    func run() throws {
        guard let role = AccessRole(name: role) else { throw ValidationError("--role \(role): expected read, write or admin") }
        guard TokenAccount.isValidName(name) else {
            throw ValidationError("--name \(name): expected 1 to 128 letters, digits, '_', '.', '-' or '@'")
        }
        let (token, line) = TokenAccount.generate(name: name, role: role)
        print("token: \(token)")
        print("tokens file line: \(line)")
    }
}
