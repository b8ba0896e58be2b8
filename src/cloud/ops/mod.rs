//! The AWS operations, typed: one request and one response type each,
//! declared once, in a module per service, with the APIs' own field names
//! as serde attributes. JSON (and XML) are made from these only where a
//! response leaves the crate.
//!
//! `operations!` in `registry.rs` is the registry: a line there names an
//! operation as the AWS CLI does, and its request and response types; the
//! request type declares its parameters (`declare.rs`). From it come
//! [`Request`], [`Response`], [`OPERATIONS`] and [`read_request`], which
//! every front door (the scenario parser, an HTTP endpoint) reads requests
//! through: a front door that can't read a new operation doesn't compile.
//! `ops/` is a leaf of `cloud/`: the handlers import its types, and
//! `Cloud::call` (in `cloud/call.rs`) maps each request to its handler
//! with an exhaustive match, so an operation without a handler doesn't
//! compile either.

pub mod declare;
pub mod extras;
pub mod filters;
pub mod groups;
pub mod identifiers;
pub mod kms;
pub mod lifecycle;
pub mod op_name;
pub mod param;
pub mod ram;
pub mod rds;
pub mod refs;
mod registry;
pub mod sim;
pub mod tags;

pub use declare::{
    Declared, Param, Reader, Reads, ReadsParam, Refusal, Writer, WritesParam, Written,
};
pub use op_name::OpName;
pub use registry::{AwsOp, OPERATIONS, Request, Response, read_request, write_request};
