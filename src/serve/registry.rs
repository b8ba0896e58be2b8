//! The generated table of AWS operations (`api.rs`) looked up: by action,
//! as the query protocol and KMS's `X-Amz-Target` name an operation, and by
//! path, as RAM's REST routes do. Its tests hold the operation registry
//! (`crate::cloud::ops`) against the table, which is botocore's side.

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

    /// The parameters a scenario step takes that the real API does not:
    /// the simulator's extensions, as (op, parameter, why). Everything
    /// else a step takes is the AWS CLI's name of a member of the API.
    const EXTENSIONS: &[(&str, &str, &str)] = &[
        (
            "create-db-cluster",
            "data-gib",
            "the data a new cluster starts with; through the API, the cowsim:data-gib tag",
        ),
        (
            "create-db-cluster",
            "data-pages",
            "the same, in pages; a scenario only",
        ),
        (
            "kms-create-key",
            "alias",
            "a scenario names the key it creates, which CreateAlias does apart in the API",
        ),
        (
            "associate-resource-share",
            "name",
            "a scenario names the share: it cannot know the ARN, which holds an id drawn at creation",
        ),
        (
            "disassociate-resource-share",
            "name",
            "a scenario names the share, as for associate-resource-share",
        ),
        (
            "delete-resource-share",
            "name",
            "a scenario names the share, as for associate-resource-share",
        ),
        (
            "get-resource-share-invitations",
            "status",
            "a scenario has no --query to keep the invitations of one status",
        ),
        (
            "accept-resource-share-invitation",
            "resource-share-name",
            "a scenario names the share it was invited to: it cannot know the invitation's ARN",
        ),
        (
            "reject-resource-share-invitation",
            "resource-share-name",
            "as for accept-resource-share-invitation",
        ),
        (
            "list-principals",
            "resource-arns",
            "a scenario may list several clusters' principals; the API's one resourceArn arrives as a list of one",
        ),
    ];

    fn extension(op: &str, step: &str) -> Option<&'static str> {
        EXTENSIONS
            .iter()
            .find(|(o, s, _)| *o == op && *s == step)
            .map(|(_, _, why)| *why)
    }

    #[test]
    fn every_registry_parameter_is_an_api_member_or_a_listed_extension() {
        let mut wrong = Vec::new();
        for (op, steps) in crate::cloud::ops::OPERATIONS {
            let Some(api) = OPERATIONS.iter().find(|o| o.op == *op) else {
                wrong.push(format!("{op}: no AWS operation of that name in api.rs"));
                continue;
            };
            for param in *steps {
                let step = param.step;
                let member = api.params.iter().find(|p| p.step == step);
                if let (Some(member), Some(wire)) = (member, param.wire)
                    && member.name != wire
                {
                    wrong.push(format!(
                        "{op} {step}: declared as {wire}, but {} names it {}",
                        api.action, member.name
                    ));
                }
                match (member.is_some(), extension(op, step)) {
                    (true, None) | (false, Some(_)) => {}
                    (true, Some(_)) => wrong.push(format!(
                        "{op} {step}: listed as an extension, but {} has it",
                        api.action
                    )),
                    (false, None) => wrong.push(format!(
                        "{op} {step}: not a member of {} (botocore), nor a listed extension",
                        api.action
                    )),
                }
            }
        }
        for (op, step, _) in EXTENSIONS {
            let taken = crate::cloud::ops::OPERATIONS
                .iter()
                .any(|(o, steps)| o == op && steps.iter().any(|p| p.step == *step));
            if !taken {
                wrong.push(format!(
                    "{op} {step}: a listed extension the registry no longer takes"
                ));
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

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
