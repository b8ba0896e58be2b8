//! XML responses of the query protocol (RDS, STS), written with quick-xml
//! from a response's JSON value: `<ActionResponse><ActionResult>` around
//! the fields, lists wrapped with their members named as the service's
//! model names them, and the request id.

use quick_xml::Writer;
use quick_xml::events::{BytesEnd, BytesStart, BytesText, Event};
use serde_json::Value;

use super::errors::ApiError;

/// A successful answer to `action`.
pub fn success(action: &str, namespace: &str, result: &Value, request_id: &str) -> String {
    let mut w = Writer::new(Vec::new());
    let response = format!("{action}Response");
    let mut start = BytesStart::new(response.as_str());
    start.push_attribute(("xmlns", namespace));
    write(&mut w, Event::Start(start));
    element(&mut w, &format!("{action}Result"), result);
    open(&mut w, "ResponseMetadata");
    text(&mut w, "RequestId", request_id);
    close(&mut w, "ResponseMetadata");
    close(&mut w, &response);
    String::from_utf8(w.into_inner()).unwrap_or_default()
}

/// An error, in the query protocol's `ErrorResponse`.
pub fn error(e: &ApiError, request_id: &str) -> String {
    let mut w = Writer::new(Vec::new());
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
    text(&mut w, "Message", &e.message);
    close(&mut w, "Error");
    text(&mut w, "RequestId", request_id);
    close(&mut w, "ErrorResponse");
    String::from_utf8(w.into_inner()).unwrap_or_default()
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

fn element(w: &mut Writer<Vec<u8>>, name: &str, value: &Value) {
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

fn open(w: &mut Writer<Vec<u8>>, name: &str) {
    write(w, Event::Start(BytesStart::new(name)));
}

fn close(w: &mut Writer<Vec<u8>>, name: &str) {
    write(w, Event::End(BytesEnd::new(name)));
}

fn text(w: &mut Writer<Vec<u8>>, name: &str, value: &str) {
    open(w, name);
    write(w, Event::Text(BytesText::new(value)));
    close(w, name);
}

/// Writes an event into memory, which cannot fail.
fn write(w: &mut Writer<Vec<u8>>, event: Event<'_>) {
    let _ = w.write_event(event);
}
