//! XML responses of the query protocol (RDS, STS), written from a
//! response's JSON value: `<ActionResponse><ActionResult>` around the
//! fields, lists wrapped with their members named as the service's model
//! names them, and the request id. Elements are appended to one string,
//! text escaped with quick-xml's `escape`, the bytes its writer wrote:
//! a describe writes hundreds of elements, each once, with no event.

use quick_xml::escape::escape;
use serde_json::Value;

use super::errors::ApiError;
use crate::shown::bounded_message;

/// A successful answer to `action`.
pub fn success(action: &str, namespace: &str, result: &Value, request_id: &str) -> String {
    let mut w = String::with_capacity(4096);
    w.push('<');
    w.push_str(action);
    w.push_str("Response xmlns=\"");
    w.push_str(&escape(namespace));
    w.push_str("\">");
    element(&mut w, &format!("{action}Result"), result);
    open(&mut w, "ResponseMetadata");
    text(&mut w, "RequestId", request_id);
    close(&mut w, "ResponseMetadata");
    w.push_str("</");
    w.push_str(action);
    w.push_str("Response>");
    w
}

/// An error, in the query protocol's `ErrorResponse`.
pub fn error(e: &ApiError, request_id: &str) -> String {
    let mut w = String::new();
    open(&mut w, "ErrorResponse");
    open(&mut w, "Error");
    text(
        &mut w,
        "Type",
        if e.status.is_server_error() {
            "Receiver"
        } else {
            "Sender"
        },
    );
    text(&mut w, "Code", &e.code);
    text(&mut w, "Message", &bounded_message(&e.message));
    close(&mut w, "Error");
    text(&mut w, "RequestId", request_id);
    close(&mut w, "ErrorResponse");
    w
}

/// The member element of a list, as the RDS model names it.
fn member_name(list: &str) -> &'static str {
    match list {
        "DBClusters" => "DBCluster",
        "DBClusterMembers" => "DBClusterMember",
        "DBInstances" => "DBInstance",
        "DBClusterSnapshots" => "DBClusterSnapshot",
        "DBClusterSnapshotAttributes" => "DBClusterSnapshotAttribute",
        "DBEngineVersions" => "DBEngineVersion",
        "AttributeValues" => "AttributeValue",
        "DBClusterParameterGroups" => "DBClusterParameterGroup",
        "DBParameterGroups" => "DBParameterGroup",
        "DBSubnetGroups" => "DBSubnetGroup",
        "Subnets" => "Subnet",
        "Parameters" => "Parameter",
        "TagList" | "Tags" => "Tag",
        "AvailabilityZones" => "AvailabilityZone",
        "VpcSecurityGroups" => "VpcSecurityGroupMembership",
        "OptionGroupMemberships" => "OptionGroupMembership",
        "DBClusterOptionGroupMemberships" => "DBClusterOptionGroup",
        "DBSecurityGroups" => "DBSecurityGroup",
        "DomainMemberships" => "DomainMembership",
        "ReadReplicaIdentifiers" => "ReadReplicaIdentifier",
        "ReadReplicaDBInstanceIdentifiers" => "ReadReplicaDBInstanceIdentifier",
        "ReadReplicaDBClusterIdentifiers" => "ReadReplicaDBClusterIdentifier",
        _ => "member",
    }
}

fn element(w: &mut String, name: &str, value: &Value) {
    match value {
        Value::Null => {}
        Value::Object(fields) => {
            open(w, name);
            for (k, v) in fields {
                element(w, k, v);
            }
            close(w, name);
        }
        Value::Array(items) => {
            open(w, name);
            let member = member_name(name);
            for item in items {
                element(w, member, item);
            }
            close(w, name);
        }
        Value::String(s) => text(w, name, s),
        other => text(w, name, &other.to_string()),
    }
}

fn open(w: &mut String, name: &str) {
    w.push('<');
    w.push_str(name);
    w.push('>');
}

fn close(w: &mut String, name: &str) {
    w.push_str("</");
    w.push_str(name);
    w.push('>');
}

fn text(w: &mut String, name: &str, value: &str) {
    open(w, name);
    w.push_str(&escape(value));
    close(w, name);
}
