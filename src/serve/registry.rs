//! The generated table of AWS operations (`api.rs`) looked up: by action,
//! as the query protocol and KMS's `X-Amz-Target` name an operation, and by
//! path, as RAM's REST routes do.

use super::api::OPERATIONS;
use super::api_types::{ApiOperation, Service};

/// The operation of `service` named `action`.
pub fn find(service: Service, action: &str) -> Option<&'static ApiOperation> {
    OPERATIONS
        .iter()
        .find(|o| o.service == service && o.action == action)
}

/// The REST operation of `service` at `path`.
pub fn at_path(service: Service, path: &str) -> Option<&'static ApiOperation> {
    OPERATIONS
        .iter()
        .find(|o| o.service == service && o.uri == path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::serve::api_types::Location;

    #[test]
    fn every_member_travels_where_the_endpoint_reads_it() {
        for op in OPERATIONS {
            for p in op.params {
                let read = match (op.service, p.location) {
                    (_, Location::Body) => true,
                    // RAM is REST-JSON: `rest.rs` reads these.
                    (Service::Ram, Location::Querystring | Location::Header) => true,
                    // Routes match whole paths: no label is read from one.
                    _ => false,
                };
                assert!(
                    read,
                    "{}.{}: in {:?}, which cowsim does not read",
                    op.action, p.name, p.location
                );
            }
        }
    }

    #[test]
    fn delete_resource_share_reads_its_query_string() {
        let op = at_path(Service::Ram, "/deleteresourceshare").expect("DeleteResourceShare");
        for name in ["resourceShareArn", "clientToken"] {
            let p = op.param(name).expect(name);
            assert_eq!(p.location, Location::Querystring, "{name}");
        }
    }

    #[test]
    fn lookups_find_by_action_and_by_path() {
        let by_action = find(Service::Kms, "DescribeKey").expect("DescribeKey");
        assert_eq!(by_action.op, "kms-describe-key");
        let by_path = at_path(Service::Ram, "/createresourceshare").expect("CreateResourceShare");
        assert_eq!(by_path.action, "CreateResourceShare");
        assert!(find(Service::Rds, "DescribeKey").is_none());
    }
}
