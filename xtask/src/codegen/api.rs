//! The public API of a generated crate: its listing (`api.txt`, one line per item, written from the
//! emitters' own signatures) and the semver verdict of a change to it.

pub mod listing;
pub mod semver;
