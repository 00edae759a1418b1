//! One integration-test binary for the workspace (one link instead of many).

mod codegen;
mod lowlevel;
mod support;
