//! One integration-test binary for the workspace (one link instead of many).

mod auth;
mod codegen;
mod compression;
mod diff;
mod dns;
mod errors;
mod example;
mod fuzz;
mod lowlevel;
mod manifest;
mod pagination;
mod paths;
mod raw;
mod redirects;
mod release;
mod retries;
mod rules;
mod secondary_dns;
mod support;
mod tolerance;
mod vendor;
