// strata-orders: the strata command line with the example domain's Swift upcasters registered, so
// `verify`, `check`, `register` and `sync` verify the CustomerRegistered chain (bridged by splitName)
// instead of skipping it.
import OrderUpcasters
import StrataCommandLine

StrataCommand.main(swiftUpcasters: orderUpcasters)
