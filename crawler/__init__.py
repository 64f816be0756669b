"""unionwatch: a monitoring crawler for Chinese trade-union news."""
