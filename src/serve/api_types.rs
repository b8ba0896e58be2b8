//! The shape of the generated table of AWS operations (`api.rs`, looked up
//! through `registry.rs`): what a request may carry, and where, as
//! botocore's service models say, so that the endpoint tells a parameter
//! the real API takes but cowsim does not model (accepted, and dropped)
//! from one no API takes (refused).

/// A service the endpoint answers for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Service {
    Rds,
    Ram,
    Kms,
    Sts,
    /// CloudWatch, for the metrics of `AWS/RDS`.
    Cloudwatch,
}

impl Service {
    /// The service's signing name, as SigV4 credential scopes carry it.
    pub fn signing_name(self) -> &'static str {
        match self {
            Service::Rds => "rds",
            Service::Ram => "ram",
            Service::Kms => "kms",
            Service::Sts => "sts",
            Service::Cloudwatch => "monitoring",
        }
    }

    pub fn from_signing_name(name: &str) -> Option<Service> {
        [
            Service::Rds,
            Service::Ram,
            Service::Kms,
            Service::Sts,
            Service::Cloudwatch,
        ]
        .into_iter()
        .find(|s| s.signing_name() == name)
    }
}

use crate::cloud::ops::{AwsOp, OpName};

/// What type a parameter's value has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Str,
    Bool,
    Int,
    Time,
    List,
    /// A structure or a map.
    Struct,
}

/// Where a parameter travels in a request, as the model places it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Location {
    /// The body: a form in the query protocol (whose GET carries it as
    /// the query string), a JSON object in the JSON protocols.
    Body,
    /// A REST request's query string, beside the body.
    Querystring,
    /// A header of a REST request.
    Header,
    /// A label in a REST request's path. No operation cowsim answers has
    /// one (routes match whole paths); the registry's tests fail should a
    /// model add one.
    #[expect(
        dead_code,
        reason = "the generator writes every location botocore has; none answered is in a path"
    )]
    Uri,
}

/// One parameter of an operation.
#[derive(Clone, Copy, Debug)]
pub struct ApiParam {
    /// Its name in the model (and in query-protocol requests).
    pub name: &'static str,
    /// Its name on the wire, where the model renames it: the query-string
    /// key or the header that carries it.
    pub wire: &'static str,
    /// Its name as a scenario step (and the AWS CLI) spells it.
    pub step: &'static str,
    pub kind: Kind,
    pub location: Location,
    pub required: bool,
}

/// One operation of a service.
#[derive(Clone, Copy, Debug)]
pub struct ApiOperation {
    pub service: Service,
    /// Its name in the API: `DescribeDBClusters`.
    pub action: &'static str,
    /// Its name as a scenario step's `op` (the AWS CLI's, with `kms-`
    /// before KMS's).
    pub op: &'static str,
    /// Its path, for REST protocols.
    pub uri: &'static str,
    pub params: &'static [ApiParam],
}

impl ApiOperation {
    /// The registry's operation of this name, if cowsim answers it: the
    /// table's string, typed at this edge.
    pub fn aws_op(&self) -> Option<AwsOp> {
        match self.op.parse::<OpName>() {
            Ok(OpName::Aws(op)) => Some(op),
            _ => None,
        }
    }

    pub fn param(&self, name: &str) -> Option<&'static ApiParam> {
        self.params
            .iter()
            .find(|p| p.name == name || p.wire == name)
    }
}
