//! Tests of generated code for what the checked-in client's spec does not use: `oneOf` best fit,
//! discriminators, status ranges, `default` responses, text and binary bodies, parameter styles,
//! names that could capture the generated code's, and operations named like the `Client`'s own
//! methods. Each fixture is the crate `cargo xtask codegen --out` made from
//! `xtask/test_data/<case>/spec.yaml` (its `expected/` folder, a workspace member); the tests in
//! `tests/` call them over HTTP on 127.0.0.1. This library has nothing of its own.
