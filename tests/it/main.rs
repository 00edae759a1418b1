//! One integration-test binary for the workspace (one link instead of many).

mod auth;
mod codegen;
mod lowlevel;
mod support;
