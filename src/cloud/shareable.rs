//! The resource types RAM shares besides DB clusters, as RAM's guide lists
//! them ("Shareable AWS resources", docs/aws-behaviour.md): a share of one
//! is stored and listed as given, with no effect in the simulator, so that
//! automation that shares subnets or resolver rules beside its clusters
//! runs unchanged.

use super::arn::Arn;

/// A resource type RAM shares, and how its ARNs read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ShareableType {
    /// As RAM names it: `ec2:Subnet`.
    pub name: &'static str,
    pub service: &'static str,
    /// How the resource part of its ARN begins: `subnet/`.
    pub prefix: &'static str,
}

/// The types cowsim stores shares of, besides `rds:Cluster`.
pub const OTHER_TYPES: &[ShareableType] = &[
    ShareableType {
        name: "ec2:CapacityReservation",
        service: "ec2",
        prefix: "capacity-reservation/",
    },
    ShareableType {
        name: "ec2:DedicatedHost",
        service: "ec2",
        prefix: "dedicated-host/",
    },
    ShareableType {
        name: "ec2:IpamPool",
        service: "ec2",
        prefix: "ipam-pool/",
    },
    ShareableType {
        name: "ec2:PrefixList",
        service: "ec2",
        prefix: "prefix-list/",
    },
    ShareableType {
        name: "ec2:Subnet",
        service: "ec2",
        prefix: "subnet/",
    },
    ShareableType {
        name: "ec2:TrafficMirrorTarget",
        service: "ec2",
        prefix: "traffic-mirror-target/",
    },
    ShareableType {
        name: "ec2:TransitGateway",
        service: "ec2",
        prefix: "transit-gateway/",
    },
    ShareableType {
        name: "license-manager:LicenseConfiguration",
        service: "license-manager",
        prefix: "license-configuration:",
    },
    ShareableType {
        name: "network-firewall:FirewallPolicy",
        service: "network-firewall",
        prefix: "firewall-policy/",
    },
    ShareableType {
        name: "resource-groups:Group",
        service: "resource-groups",
        prefix: "group/",
    },
    ShareableType {
        name: "route53resolver:ResolverRule",
        service: "route53resolver",
        prefix: "resolver-rule/",
    },
    ShareableType {
        name: "secretsmanager:Secret",
        service: "secretsmanager",
        prefix: "secret:",
    },
];

/// The type of a parsed ARN, if it is one of [`OTHER_TYPES`].
pub fn other_type(arn: &Arn) -> Option<&'static ShareableType> {
    OTHER_TYPES
        .iter()
        .find(|t| arn.service == t.service && arn.resource.starts_with(t.prefix))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arns_find_their_type() {
        let subnet = Arn::parse("arn:aws:ec2:us-east-1:111111111111:subnet/subnet-0abc").unwrap();
        assert_eq!(other_type(&subnet).map(|t| t.name), Some("ec2:Subnet"));
        let cluster = Arn::parse("arn:aws:rds:us-east-1:111111111111:cluster:prod").unwrap();
        assert_eq!(other_type(&cluster), None);
    }
}
