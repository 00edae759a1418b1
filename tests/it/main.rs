//! One integration-test binary for the workspace (one link instead of many).

mod auth;
mod codegen;
mod errors;
mod paths;
mod lowlevel;
mod pagination;
mod retries;
mod support;
