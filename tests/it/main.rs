//! One integration-test binary for the workspace (one link instead of many).

mod auth;
mod codegen;
mod errors;
mod example;
mod lowlevel;
mod pagination;
mod paths;
mod retries;
mod secondary_dns;
mod support;
mod vendor;
