import ArgumentParser
import EventSchema
import SchemaRegistry

/// `strata config`: shows or sets the compatibility mode and policy.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Show or set the compatibility mode and policy of an event type, or the registry default.",
        discussion: """
            Modes: NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE.
            Policies: STRICT, LENIENT. The default is BACKWARD, STRICT.
            """
    )

    @Argument(help: "The event type; without it, the registry default.")
    var type: String?

    @Option(name: .long, help: "The compatibility mode.")
    var mode: CompatibilityMode?

    @Option(name: .long, help: "The compatibility policy.")
    var policy: CompatibilityPolicy?

    @OptionGroup var registry: RegistryOptions

    func run() throws {
        do {
            if mode == nil && policy == nil {
                let configuration = try registry.openForReading()?.configuration(for: type) ?? .default
                print("\(type ?? "default"): \(configuration.mode.rawValue), \(configuration.policy.rawValue)")
                return
            }
            if let remote = registry.remote {
                let updated = try remote.setConfiguration(mode: mode, policy: policy, for: type)
                print("\(type ?? "default"): \(updated.mode.rawValue), \(updated.policy.rawValue)")
                return
            }
            let opened = try registry.openForWriting()
            let current = try opened.configuration(for: type)
            let updated = CompatibilityConfiguration(mode: mode ?? current.mode, policy: policy ?? current.policy)
            try opened.setConfiguration(updated, for: type)
            print("\(type ?? "default"): \(updated.mode.rawValue), \(updated.policy.rawValue)")
        } catch {
            throw CommandFailure.exit(for: error, format: .text)
        }
    }
}
