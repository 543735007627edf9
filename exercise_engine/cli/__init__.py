"""Command line: wiring only. Each subcommand lives in its own module with `register(subparsers)`."""
