#!/usr/bin/env python3
"""Writes src/serve/api.rs from botocore's service models: for every
operation `cowsim serve` answers, the parameters the real API takes, where
each travels on the wire (body, query string, header or URI) and under
which name, and the name a scenario step gives it (the AWS CLI's name,
botocore's `xform_name`).

It reads the botocore that tests/clients/requirements.txt pins, as
scripts/test installs it, and refuses any other; .ci/run checks that the
file is what it writes. After changing the pin (or this script):
    target/client-venv/bin/python scripts/gen-api-params.py > src/serve/api.rs
"""
import json
import re
import sys
from pathlib import Path

import botocore
import botocore.session
from botocore import xform_name

COMMAND = "target/client-venv/bin/python scripts/gen-api-params.py > src/serve/api.rs"
REQUIREMENTS = Path(__file__).resolve().parent.parent / "tests" / "clients" / "requirements.txt"

SERVICES = {
    "rds": [
        "CreateDBCluster", "DeleteDBCluster", "ModifyDBCluster", "DescribeDBClusters",
        "CreateDBInstance", "DeleteDBInstance", "DescribeDBInstances", "ModifyDBInstance",
        "StopDBCluster", "StartDBCluster",
        "RestoreDBClusterToPointInTime", "RestoreDBClusterFromSnapshot",
        "CreateDBClusterSnapshot", "CopyDBClusterSnapshot", "DeleteDBClusterSnapshot",
        "DescribeDBClusterSnapshots", "ModifyDBClusterSnapshotAttribute",
        "DescribeDBClusterSnapshotAttributes", "DescribeDBEngineVersions",
        "RebootDBInstance", "FailoverDBCluster",
        "CreateDBClusterParameterGroup", "CopyDBClusterParameterGroup",
        "DescribeDBClusterParameterGroups", "DescribeDBClusterParameters",
        "ModifyDBClusterParameterGroup", "ResetDBClusterParameterGroup",
        "DeleteDBClusterParameterGroup", "DescribeEngineDefaultClusterParameters",
        "CreateDBParameterGroup", "CopyDBParameterGroup", "DescribeDBParameterGroups",
        "DescribeDBParameters", "ModifyDBParameterGroup", "ResetDBParameterGroup",
        "DeleteDBParameterGroup", "DescribeEngineDefaultParameters",
        "CreateDBSubnetGroup", "DescribeDBSubnetGroups", "ModifyDBSubnetGroup",
        "DeleteDBSubnetGroup",
        "AddTagsToResource", "ListTagsForResource", "RemoveTagsFromResource",
    ],
    "ram": [
        "CreateResourceShare", "DeleteResourceShare", "AssociateResourceShare",
        "DisassociateResourceShare", "GetResourceShares", "GetResourceShareAssociations",
        "GetResourceShareInvitations", "AcceptResourceShareInvitation",
        "RejectResourceShareInvitation", "ListPrincipals", "ListResources",
        "EnableSharingWithAwsOrganization", "UpdateResourceShare", "TagResource",
        "UntagResource", "ListPermissions", "ListResourceTypes",
    ],
    "kms": [
        "CreateKey", "CreateAlias", "ListAliases", "DescribeKey", "PutKeyPolicy", "GetKeyPolicy",
        "DeleteAlias", "UpdateAlias", "ListKeys", "EnableKey", "DisableKey",
        "ScheduleKeyDeletion", "CancelKeyDeletion", "EnableKeyRotation", "DisableKeyRotation",
        "GetKeyRotationStatus", "CreateGrant", "ListGrants", "RevokeGrant", "RetireGrant",
        "UpdateKeyDescription",
        "TagResource", "UntagResource", "ListResourceTags",
    ],
    "sts": ["GetCallerIdentity"],
    "cloudwatch": ["GetMetricStatistics", "GetMetricData", "ListMetrics"],
}
KINDS = {
    "string": "Str", "boolean": "Bool", "integer": "Int", "long": "Int",
    "timestamp": "Time", "list": "List", "structure": "Struct", "map": "Struct",
    "blob": "Str",
}
# botocore's `location` (none: the body) as `Location` names it.
LOCATIONS = {None: "Body", "querystring": "Querystring", "header": "Header", "uri": "Uri"}


def pinned_botocore():
    for line in REQUIREMENTS.read_text().splitlines():
        pin = re.fullmatch(r"botocore==(\S+)", line.strip())
        if pin:
            return pin.group(1)
    sys.exit(f"{REQUIREMENTS.name} pins no botocore")


def rust(text):
    """A Rust string literal."""
    return json.dumps(text)


def param(action, shape, name, member):
    location = member.serialization.get("location")
    kind = KINDS.get(member.type_name)
    if location not in LOCATIONS or kind is None:
        sys.exit(f"{action}.{name}: {member.type_name} in {location}: neither is one cowsim reads")
    fields = [
        f"name: {rust(name)}",
        f"wire: {rust(member.serialization.get('name', name))}",
        f"step: {rust(xform_name(name, '-'))}",
        f"kind: Kind::{kind}",
        f"location: Location::{LOCATIONS[location]}",
        f"required: {str(name in shape.required_members).lower()}",
    ]
    return f"ApiParam {{ {', '.join(fields)} }}"


def main():
    pinned = pinned_botocore()
    if botocore.__version__ != pinned:
        sys.exit(
            f"botocore {botocore.__version__} is installed, {REQUIREMENTS.name} pins {pinned}: "
            "run this with target/client-venv/bin/python (scripts/test installs the pin there)"
        )
    session = botocore.session.get_session()
    out = [
        f"// @generated by `{COMMAND}`",
        f"// from botocore {pinned}'s service models: do not edit (.ci/run checks it).",
        "",
        "//! For every operation `cowsim serve` answers, the parameters the real API",
        "//! takes, where each travels on the wire, and the name a scenario step",
        "//! gives it.",
        "",
        "use super::api_types::{ApiOperation, ApiParam, Kind, Location, Service};",
        "",
        "/// The operations, by service, in the order the generator lists them.",
        "#[rustfmt::skip]",
        "pub const OPERATIONS: &[ApiOperation] = &[",
    ]
    for service, actions in SERVICES.items():
        model = session.get_service_model(service)
        for action in actions:
            op = model.operation_model(action)
            step_op = ("kms-" if service == "kms" else "") + xform_name(action, "-")
            head = (
                f"    ApiOperation {{ service: Service::{service.capitalize()}, action: {rust(action)}, "
                f"op: {rust(step_op)}, uri: {rust(op.http.get('requestUri', '/'))}, params: &["
            )
            shape = op.input_shape
            members = list(shape.members.items()) if shape else []
            if not members:
                out.append(head + "] },")
                continue
            out.append(head)
            out.extend(f"        {param(action, shape, n, m)}," for n, m in members)
            out.append("    ] },")
    out.append("];")
    print("\n".join(out))


main()
