//! Integration tests of the history store, on real SQLite files in temporary folders.
//! One test binary (modules below) to keep linking cheap; `child` holds the code that the
//! crash and environment tests run in a child process of this same binary.

mod child;
mod common;
mod concurrency;
mod crash;
mod open;
mod record;
mod retention;
mod search;
mod secrets;
