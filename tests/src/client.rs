//! End-to-end tests of the generated client against a local HTTP server.
