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

    #[test]
    fn lookups_find_by_action_and_by_path() {
        let by_action = find(Service::Kms, "DescribeKey").expect("DescribeKey");
        assert_eq!(by_action.op, "kms-describe-key");
        let by_path = at_path(Service::Ram, "/createresourceshare").expect("CreateResourceShare");
        assert_eq!(by_path.action, "CreateResourceShare");
        assert!(find(Service::Rds, "DescribeKey").is_none());
    }
}
