// The `strata` tool: the command line of StrataCommandLine, with no Swift upcasters registered
// (chains that name one are skipped by `verify` and `check`; a consumer's own executable runs
// `StrataCommand.main(swiftUpcasters:)` to include them).
import StrataCommandLine

StrataCommand.main()
