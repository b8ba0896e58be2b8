"""KMS key management and RAM share settings through `cowsim serve`, as
boto3 and the AWS CLI drive them: aliases, key states, deletion, rotation,
grants, tags and pages of KMS; tags, updates, permissions, resource types
and pages of RAM. Each refusal carries AWS's code and HTTP status and
changes nothing; another account's key or share that exists answers as
one that doesn't."""

import json
import tempfile
from pathlib import Path

from botocore.exceptions import ClientError

from cowsim import BinaryTest, report
from serve import Server

OWNER, AUDIT = "111111111111", "222222222222"
WAIT = {"Delay": 1, "MaxAttempts": 5}


def refused(test, call, code, status=400):
    """Runs `call`, which must fail with `code` and HTTP `status`; the
    error's message."""
    with test.assertRaises(ClientError) as caught:
        call()
    error = caught.exception.response
    test.assertEqual(error["Error"]["Code"], code)
    test.assertEqual(error["ResponseMetadata"]["HTTPStatusCode"], status)
    return error["Error"]["Message"]


def aliases(kms):
    """Every alias name of the caller's, walked by boto3's paginator."""
    return [a["AliasName"] for page in kms.get_paginator("list_aliases").paginate() for a in page["Aliases"]]


def cluster(rds, name, key=None, gib="1"):
    """An available encrypted cluster with one instance."""
    extra = {"StorageEncrypted": True, "KmsKeyId": key} if key else {}
    rds.create_db_cluster(DBClusterIdentifier=name, Engine="aurora-mysql",
                          Tags=[{"Key": "cowsim:data-gib", "Value": gib}], **extra)
    rds.get_waiter("db_cluster_available").wait(DBClusterIdentifier=name, WaiterConfig=WAIT)
    rds.create_db_instance(DBInstanceIdentifier=f"{name}-1", DBClusterIdentifier=name,
                           DBInstanceClass="db.r6g.large", Engine="aurora-mysql")
    rds.get_waiter("db_instance_available").wait(DBInstanceIdentifier=f"{name}-1", WaiterConfig=WAIT)
    return rds.describe_db_clusters(DBClusterIdentifier=name)["DBClusters"][0]["DBClusterArn"]


class KmsKeys(BinaryTest):
    def test_create_key_answers_the_whole_key_metadata(self):
        with Server() as s:
            kms = s.client("kms", OWNER)
            policy = json.dumps({"Version": "2012-10-17", "Statement": [{
                "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{OWNER}:root"},
                "Action": "kms:*", "Resource": "*"}]})
            key = kms.create_key(Description="orders", Policy=policy,
                                 Tags=[{"TagKey": "team", "TagValue": "db"}])["KeyMetadata"]
            for field in ("AWSAccountId", "KeyId", "Arn", "CreationDate", "Enabled", "Description", "KeyUsage",
                          "KeyState", "Origin", "KeyManager", "CustomerMasterKeySpec", "KeySpec",
                          "EncryptionAlgorithms", "MultiRegion"):
                self.assertIn(field, key)
            self.assertEqual((key["KeyState"], key["Enabled"], key["Description"]), ("Enabled", True, "orders"))
            self.assertEqual((key["KeySpec"], key["KeyUsage"], key["Origin"]),
                             ("SYMMETRIC_DEFAULT", "ENCRYPT_DECRYPT", "AWS_KMS"))
            self.assertEqual(key["EncryptionAlgorithms"], ["SYMMETRIC_DEFAULT"])
            self.assertEqual(kms.get_key_policy(KeyId=key["KeyId"], PolicyName="default")["Policy"], policy)
            self.assertEqual(kms.list_resource_tags(KeyId=key["KeyId"])["Tags"],
                             [{"TagKey": "team", "TagValue": "db"}])
            described = s.aws_json(OWNER, "kms", "describe-key", "--key-id", key["Arn"])["KeyMetadata"]
            self.assertEqual(described["KeyId"], key["KeyId"])

            before = kms.list_keys()["Keys"]
            refused(self, lambda: kms.create_key(Policy="{not json"), "MalformedPolicyDocumentException")
            refused(self, lambda: kms.create_key(KeySpec="RSA_1"), "ValidationException")
            # KMS's bounds on what a key and a grant keep: a description of
            # at most 8,192 characters, a grant name of 1 to 256 of
            # [a-zA-Z0-9:/_-]. Past them nothing is kept.
            refused(self, lambda: kms.create_key(Description="d" * 8193), "ValidationException")
            self.assertEqual(kms.list_keys()["Keys"], before, "a refused key is not made")
            kms.create_key(Description="d" * 8192)
            for name in ["n" * 257, "has space", "bang!"]:
                refused(self, lambda: kms.create_grant(
                    KeyId=key["KeyId"], GranteePrincipal=f"arn:aws:iam::{AUDIT}:root",
                    Operations=["Decrypt"], Name=name), "ValidationException")
            self.assertEqual(kms.list_grants(KeyId=key["KeyId"])["Grants"], [])

    def test_120_aliases_walked_by_paginator_and_cli_with_nothing_missed_or_repeated(self):
        with Server() as s:
            kms = s.client("kms", OWNER)
            first = kms.create_key()["KeyMetadata"]["KeyId"]
            second = kms.create_key()["KeyMetadata"]["KeyId"]
            names = [f"alias/app-{i:03d}" for i in range(120)]
            for i, name in enumerate(names):
                kms.create_alias(AliasName=name, TargetKeyId=first if i % 2 else second)
            expected = set(names) | {"alias/aws/rds"}
            walked = [a["AliasName"] for page in kms.get_paginator("list_aliases").paginate(
                PaginationConfig={"PageSize": 7}) for a in page["Aliases"]]
            self.assertEqual(len(walked), len(expected), "nothing repeated")
            self.assertEqual(set(walked), expected, "nothing missed")
            page = kms.list_aliases(Limit=10)
            self.assertTrue(page["Truncated"])
            self.assertEqual(len(page["Aliases"]), 10)
            cli = s.aws_json(OWNER, "kms", "list-aliases", "--page-size", "9")["Aliases"]
            self.assertEqual(sorted(a["AliasName"] for a in cli), sorted(expected))
            of_first = kms.list_aliases(KeyId=first, Limit=100)["Aliases"]
            self.assertEqual(len(of_first), 60, "several aliases per key")
            self.assertTrue(all(a["TargetKeyId"] == first for a in of_first))

            # A duplicate, a reserved name, a bad marker: AWS's errors, and no change.
            message = refused(self, lambda: kms.create_alias(AliasName=names[0], TargetKeyId=first),
                              "AlreadyExistsException")
            self.assertIn(names[0], message)
            refused(self, lambda: kms.create_alias(AliasName="alias/aws/mine", TargetKeyId=first),
                    "InvalidAliasNameException")
            refused(self, lambda: kms.create_alias(AliasName="alias/a b", TargetKeyId=first),
                    "InvalidAliasNameException")
            refused(self, lambda: kms.list_aliases(Marker="made-up"), "InvalidMarkerException")
            refused(self, lambda: kms.list_aliases(Limit=101), "ValidationException")
            self.assertEqual(len(aliases(kms)), 121)

            kms.update_alias(AliasName=names[0], TargetKeyId=first)
            moved = [a for a in kms.list_aliases(KeyId=first, Limit=100)["Aliases"] if a["AliasName"] == names[0]]
            self.assertEqual(len(moved), 1)
            kms.delete_alias(AliasName=names[0])
            refused(self, lambda: kms.delete_alias(AliasName=names[0]), "NotFoundException")
            self.assertEqual(len(aliases(kms)), 120)
            keys = [k["KeyId"] for page in kms.get_paginator("list_keys").paginate(
                PaginationConfig={"PageSize": 1}) for k in page["Keys"]]
            self.assertEqual(len(keys), 3, "two keys and aws/rds")
            self.assertEqual(len(set(keys)), 3)

    def test_states_deletion_and_rotation(self):
        with Server() as s:
            kms, rds = s.client("kms", OWNER), s.client("rds", OWNER)
            key = kms.create_key()["KeyMetadata"]
            kms.create_alias(AliasName="alias/orders", TargetKeyId=key["KeyId"])
            source = cluster(rds, "orders", key["Arn"])

            kms.disable_key(KeyId=key["KeyId"])
            self.assertEqual(kms.describe_key(KeyId=key["KeyId"])["KeyMetadata"]["KeyState"], "Disabled")
            refused(self, lambda: rds.create_db_cluster(
                DBClusterIdentifier="new", Engine="aurora-mysql", StorageEncrypted=True, KmsKeyId="alias/orders"),
                "KMSKeyNotAccessibleFault")
            refused(self, lambda: rds.restore_db_cluster_to_point_in_time(
                SourceDBClusterIdentifier=source, DBClusterIdentifier="copy", RestoreType="copy-on-write",
                UseLatestRestorableTime=True), "KMSKeyNotAccessibleFault")
            self.assertEqual(len(rds.describe_db_clusters()["DBClusters"]), 1, "no cluster made")
            refused(self, lambda: kms.enable_key_rotation(KeyId=key["KeyId"]), "DisabledException")
            kms.enable_key(KeyId=key["KeyId"])
            kms.enable_key_rotation(KeyId=key["KeyId"])
            self.assertTrue(kms.get_key_rotation_status(KeyId=key["KeyId"])["KeyRotationEnabled"])
            kms.disable_key_rotation(KeyId=key["KeyId"])
            self.assertFalse(kms.get_key_rotation_status(KeyId=key["KeyId"])["KeyRotationEnabled"])

            for days in (6, 31):
                refused(self, lambda: kms.schedule_key_deletion(KeyId=key["KeyId"], PendingWindowInDays=days),
                        "ValidationException")
            self.assertEqual(kms.describe_key(KeyId=key["KeyId"])["KeyMetadata"]["KeyState"], "Enabled")
            scheduled = kms.schedule_key_deletion(KeyId=key["KeyId"], PendingWindowInDays=7)
            self.assertEqual((scheduled["KeyState"], scheduled["PendingWindowInDays"]), ("PendingDeletion", 7))
            described = kms.describe_key(KeyId=key["KeyId"])["KeyMetadata"]
            self.assertEqual(described["KeyState"], "PendingDeletion")
            self.assertIn("DeletionDate", described)
            refused(self, lambda: kms.schedule_key_deletion(KeyId=key["KeyId"]), "KMSInvalidStateException")
            refused(self, lambda: kms.enable_key(KeyId=key["KeyId"]), "KMSInvalidStateException")
            refused(self, lambda: kms.tag_resource(KeyId=key["KeyId"], Tags=[{"TagKey": "a", "TagValue": "b"}]),
                    "KMSInvalidStateException")
            # A key pending deletion encrypts no clone.
            refused(self, lambda: rds.restore_db_cluster_to_point_in_time(
                SourceDBClusterIdentifier=source, DBClusterIdentifier="copy", RestoreType="copy-on-write",
                UseLatestRestorableTime=True, KmsKeyId=key["Arn"]), "KMSKeyNotAccessibleFault")
            kms.cancel_key_deletion(KeyId=key["KeyId"])
            self.assertEqual(kms.describe_key(KeyId=key["KeyId"])["KeyMetadata"]["KeyState"], "Disabled")
            refused(self, lambda: kms.cancel_key_deletion(KeyId=key["KeyId"]), "KMSInvalidStateException")

            kms.schedule_key_deletion(KeyId=key["KeyId"], PendingWindowInDays=7)
            s.control("/_cowsim/advance", {"duration": "7d"})
            refused(self, lambda: kms.describe_key(KeyId=key["KeyId"]), "NotFoundException")
            self.assertNotIn("alias/orders", aliases(kms))

    def test_tags_and_their_limits(self):
        with Server() as s:
            kms = s.client("kms", OWNER)
            key = kms.create_key()["KeyMetadata"]["KeyId"]
            kms.tag_resource(KeyId=key, Tags=[{"TagKey": f"k{i:02d}", "TagValue": "v"} for i in range(50)])
            refused(self, lambda: kms.tag_resource(KeyId=key, Tags=[{"TagKey": "one-more", "TagValue": "v"}]),
                    "LimitExceededException")
            refused(self, lambda: kms.tag_resource(KeyId=key, Tags=[{"TagKey": "aws:mine", "TagValue": "v"}]),
                    "TagException")
            kms.tag_resource(KeyId=key, Tags=[{"TagKey": "k00", "TagValue": "changed"}])
            walked = [t for page in kms.get_paginator("list_resource_tags").paginate(
                KeyId=key, PaginationConfig={"PageSize": 8}) for t in page["Tags"]]
            self.assertEqual(len(walked), 50, "the refused tags changed nothing")
            self.assertIn({"TagKey": "k00", "TagValue": "changed"}, walked)
            kms.untag_resource(KeyId=key, TagKeys=["k00", "k01"])
            self.assertEqual(len(kms.list_resource_tags(KeyId=key)["Tags"]), 48)

    def test_every_account_has_the_aws_managed_key_aws_rds_and_shares_it_with_none(self):
        with Server() as s:
            kms, rds, ards = s.client("kms", OWNER), s.client("rds", OWNER), s.client("rds", AUDIT)
            managed = s.aws_json(OWNER, "kms", "describe-key", "--key-id", "alias/aws/rds")["KeyMetadata"]
            self.assertEqual((managed["KeyManager"], managed["KeyState"], managed["AWSAccountId"]),
                             ("AWS", "Enabled", OWNER))
            source = cluster(rds, "orders", "alias/aws/rds")
            described = rds.describe_db_clusters(DBClusterIdentifier="orders")["DBClusters"][0]
            self.assertTrue(described["StorageEncrypted"])
            # Named by its key ARN, as AWS names it, not by the alias given.
            self.assertEqual(described["KmsKeyId"], managed["Arn"])
            # No other account may use it: not to encrypt, not to clone.
            alias_arn = f"arn:aws:kms:us-east-1:{OWNER}:alias/aws/rds"
            for key in (alias_arn, managed["Arn"]):
                refused(self, lambda: ards.create_db_cluster(DBClusterIdentifier="audit", Engine="aurora-mysql",
                                                             StorageEncrypted=True, KmsKeyId=key),
                        "KMSKeyNotAccessibleFault")
                refused(self, lambda: s.client("kms", AUDIT).describe_key(KeyId=key), "NotFoundException")
            rds.create_db_cluster_snapshot(DBClusterIdentifier="orders", DBClusterSnapshotIdentifier="orders-1")
            rds.get_waiter("db_cluster_snapshot_available").wait(DBClusterSnapshotIdentifier="orders-1",
                                                                  WaiterConfig=WAIT)
            refused(self, lambda: rds.modify_db_cluster_snapshot_attribute(
                DBClusterSnapshotIdentifier="orders-1", AttributeName="restore", ValuesToAdd=[AUDIT]),
                "InvalidParameterValue")
            s.client("ram", OWNER).create_resource_share(name="orders", resourceArns=[source], principals=[AUDIT])
            aram = s.client("ram", AUDIT)
            invitation = aram.get_resource_share_invitations()["resourceShareInvitations"][0]
            aram.accept_resource_share_invitation(resourceShareInvitationArn=invitation["resourceShareInvitationArn"])
            mine = s.client("kms", AUDIT).create_key()["KeyMetadata"]["Arn"]
            refused(self, lambda: ards.restore_db_cluster_to_point_in_time(
                SourceDBClusterIdentifier=source, DBClusterIdentifier="audit-copy", RestoreType="copy-on-write",
                UseLatestRestorableTime=True, KmsKeyId=mine), "KMSKeyNotAccessibleFault")

    def test_cryptography_is_out_of_scope(self):
        with Server() as s:
            kms = s.client("kms", OWNER)
            key = kms.create_key()["KeyMetadata"]["KeyId"]
            for call in (lambda: kms.encrypt(KeyId=key, Plaintext=b"x"),
                         lambda: kms.generate_data_key(KeyId=key, KeySpec="AES_256"),
                         lambda: kms.decrypt(CiphertextBlob=b"x")):
                self.assertIn("not cryptography", refused(self, call, "UnknownOperationException"))


class KmsAcrossAccounts(BinaryTest):
    def test_a_grant_lets_another_account_clone_and_foreign_keys_do_not_leak(self):
        with Server() as s:
            kms, rds, ram = (s.client(x, OWNER) for x in ("kms", "rds", "ram"))
            akms, ards, aram = (s.client(x, AUDIT) for x in ("kms", "rds", "ram"))
            key = kms.create_key(Description="orders")["KeyMetadata"]
            source = cluster(rds, "orders", key["Arn"])
            ram.create_resource_share(name="orders", resourceArns=[source], principals=[AUDIT])
            invitation = aram.get_resource_share_invitations()["resourceShareInvitations"][0]
            aram.accept_resource_share_invitation(resourceShareInvitationArn=invitation["resourceShareInvitationArn"])
            mine = akms.create_key(Tags=[{"TagKey": "team", "TagValue": "audit"},
                                         {"TagKey": "env", "TagValue": "prod"}])["KeyMetadata"]["Arn"]
            self.assertEqual([t["TagKey"] for t in akms.list_resource_tags(KeyId=mine)["Tags"]], ["env", "team"])
            clone = dict(SourceDBClusterIdentifier=source, DBClusterIdentifier="audit-copy",
                         RestoreType="copy-on-write", UseLatestRestorableTime=True, KmsKeyId=mine)

            # Neither policy nor grant: the owner's key is out of reach, and
            # answers as a key that doesn't exist.
            refused(self, lambda: ards.restore_db_cluster_to_point_in_time(**clone), "KMSKeyNotAccessibleFault")
            missing = key["Arn"].replace(key["KeyId"], "00000000-0000-4000-8000-000000000000")
            existing = refused(self, lambda: akms.describe_key(KeyId=key["Arn"]), "NotFoundException")
            absent = refused(self, lambda: akms.describe_key(KeyId=missing), "NotFoundException")
            self.assertEqual(existing.replace(key["Arn"], "ARN"), absent.replace(missing, "ARN"))
            for call in (lambda k: akms.list_grants(KeyId=k), lambda k: akms.disable_key(KeyId=k)):
                self.assertEqual(refused(self, lambda: call(key["Arn"]), "NotFoundException").replace(key["Arn"], "A"),
                                 refused(self, lambda: call(missing), "NotFoundException").replace(missing, "A"))

            grant = kms.create_grant(KeyId=key["KeyId"], GranteePrincipal=f"arn:aws:iam::{AUDIT}:root",
                                     Operations=["Decrypt", "CreateGrant", "DescribeKey"], Name="audit")
            self.assertEqual(len(grant["GrantId"]), 64)
            listed = kms.list_grants(KeyId=key["KeyId"])["Grants"]
            self.assertEqual([(g["GrantId"], g["Name"]) for g in listed], [(grant["GrantId"], "audit")])
            self.assertEqual(akms.describe_key(KeyId=key["Arn"])["KeyMetadata"]["KeyId"], key["KeyId"])
            made = ards.restore_db_cluster_to_point_in_time(**clone)["DBCluster"]
            self.assertEqual(made["DBClusterIdentifier"], "audit-copy")

            kms.revoke_grant(KeyId=key["KeyId"], GrantId=grant["GrantId"])
            self.assertEqual(kms.list_grants(KeyId=key["KeyId"])["Grants"], [])
            refused(self, lambda: kms.revoke_grant(KeyId=key["KeyId"], GrantId=grant["GrantId"]), "NotFoundException")
            refused(self, lambda: kms.create_grant(KeyId=key["KeyId"], GranteePrincipal=AUDIT,
                                                   Operations=["Frobnicate"]), "ValidationException")
            grants = s.aws_json(OWNER, "kms", "list-grants", "--key-id", key["KeyId"])
            self.assertEqual(grants["Grants"], [])

            # The session replays, grant ids and all, under `cowsim run`.
            ours = s.control("/_cowsim/report")
            with tempfile.TemporaryDirectory() as d:
                log = Path(d) / "session.toml"
                log.write_text(s.control("/_cowsim/scenario"))
                replayed = report(str(log))
            self.assertEqual([(x["op"], x["ok"], x["result"]) for x in replayed["steps"]],
                             [(x["op"], x["ok"], x["result"]) for x in ours["steps"]])

    def test_a_grant_is_retired_by_whom_it_names_and_a_description_by_the_owner(self):
        with Server() as s:
            kms, akms = s.client("kms", OWNER), s.client("kms", AUDIT)
            vendor = s.client("kms", "333333333333")
            key = kms.create_key(Description="orders")["KeyMetadata"]
            grant = kms.create_grant(KeyId=key["KeyId"], GranteePrincipal=AUDIT, Operations=["Decrypt"],
                                     RetiringPrincipal="arn:aws:iam::333333333333:root")
            # The grantee, whose grant doesn't allow RetireGrant, may not
            # retire it: the answer is the one a key that doesn't exist gets.
            missing = key["Arn"].replace(key["KeyId"], "00000000-0000-4000-8000-000000000000")
            existing = refused(self, lambda: akms.retire_grant(KeyId=key["Arn"], GrantId=grant["GrantId"]),
                               "NotFoundException")
            absent = refused(self, lambda: akms.retire_grant(KeyId=missing, GrantId=grant["GrantId"]),
                             "NotFoundException")
            self.assertEqual(existing.replace(key["Arn"], "K"), absent.replace(missing, "K"))
            refused(self, lambda: akms.retire_grant(GrantToken=grant["GrantToken"]), "NotFoundException")
            # The retiring principal may, by the grant's token.
            vendor.retire_grant(GrantToken=grant["GrantToken"])
            self.assertEqual(kms.list_grants(KeyId=key["KeyId"])["Grants"], [])
            refused(self, lambda: vendor.retire_grant(GrantToken=grant["GrantToken"]), "NotFoundException")
            refused(self, lambda: kms.retire_grant(GrantToken="not-a-token"), "InvalidGrantTokenException")
            refused(self, lambda: kms.retire_grant(KeyId=key["KeyId"], GrantId="abc"), "InvalidGrantIdException")
            refused(self, lambda: kms.retire_grant(KeyId=key["KeyId"]), "ValidationException")
            # The grantee may when the grant allows RetireGrant (the AWS CLI
            # here); the key's account always may.
            grant = kms.create_grant(KeyId=key["KeyId"], GranteePrincipal=AUDIT,
                                     Operations=["Decrypt", "RetireGrant"])
            s.aws(AUDIT, "kms", "retire-grant", "--key-id", key["Arn"], "--grant-id", grant["GrantId"])
            grant = kms.create_grant(KeyId=key["KeyId"], GranteePrincipal=AUDIT, Operations=["Decrypt"])
            kms.retire_grant(KeyId=key["KeyId"], GrantId=grant["GrantId"])
            self.assertEqual(kms.list_grants(KeyId=key["KeyId"])["Grants"], [])

            kms.update_key_description(KeyId=key["KeyId"], Description="orders, 2026")
            self.assertEqual(kms.describe_key(KeyId=key["Arn"])["KeyMetadata"]["Description"], "orders, 2026")
            s.aws(OWNER, "kms", "update-key-description", "--key-id", key["Arn"], "--description", "")
            self.assertEqual(kms.describe_key(KeyId=key["Arn"])["KeyMetadata"]["Description"], "")
            refused(self, lambda: kms.update_key_description(KeyId=key["KeyId"], Description="d" * 8193),
                    "ValidationException")
            refused(self, lambda: akms.update_key_description(KeyId=key["Arn"], Description="x"),
                    "NotFoundException")
            refused(self, lambda: kms.update_key_description(KeyId="alias/aws/rds", Description="x"),
                    "NotFoundException")
            kms.schedule_key_deletion(KeyId=key["KeyId"], PendingWindowInDays=7)
            refused(self, lambda: kms.update_key_description(KeyId=key["KeyId"], Description="x"),
                    "KMSInvalidStateException")


class RamShares(BinaryTest):
    def test_tags_updates_permissions_types_and_pages(self):
        with Server() as s:
            rds, ram = s.client("rds", OWNER), s.client("ram", OWNER)
            source = cluster(rds, "orders")
            made = ram.create_resource_share(name="orders", resourceArns=[source], principals=[AUDIT],
                                             tags=[{"key": "team", "value": "db"}])["resourceShare"]
            for field in ("creationTime", "lastUpdatedTime", "featureSet", "status", "owningAccountId",
                          "allowExternalPrincipals", "tags"):
                self.assertIn(field, made)
            self.assertEqual((made["featureSet"], made["tags"]), ("STANDARD", [{"key": "team", "value": "db"}]))
            arn = made["resourceShareArn"]

            updated = ram.update_resource_share(resourceShareArn=arn, name="orders-2",
                                                allowExternalPrincipals=False)["resourceShare"]
            self.assertEqual((updated["name"], updated["allowExternalPrincipals"]), ("orders-2", False))
            ram.tag_resource(resourceShareArn=arn, tags=[{"key": "env", "value": "prod"}])
            shares = ram.get_resource_shares(resourceOwner="SELF")["resourceShares"]
            self.assertEqual(sorted(t["key"] for t in shares[0]["tags"]), ["env", "team"])
            refused(self, lambda: ram.tag_resource(resourceShareArn=arn, tags=[
                {"key": f"k{i}", "value": "v"} for i in range(49)]), "TagLimitExceededException")
            ram.untag_resource(resourceShareArn=arn, tagKeys=["env"])
            shares = ram.get_resource_shares(resourceOwner="SELF")["resourceShares"]
            self.assertEqual(shares[0]["tags"], [{"key": "team", "value": "db"}], "the refused tags changed nothing")

            permissions = ram.list_permissions(resourceType="rds:Cluster")["permissions"]
            self.assertEqual([p["resourceType"] for p in permissions], ["rds:Cluster"])
            types = s.aws_json(OWNER, "ram", "list-resource-types")["resourceTypes"]
            self.assertIn({"resourceType": "rds:Cluster", "serviceName": "rds",
                           "resourceRegionScope": "REGIONAL"}, types)
            self.assertIn("ec2:Subnet", [t["resourceType"] for t in types])

            for i in range(11):
                ram.create_resource_share(name=f"share-{i:02d}", resourceArns=[source])
            walked = [x["resourceShareArn"] for page in ram.get_paginator("get_resource_shares").paginate(
                resourceOwner="SELF", PaginationConfig={"PageSize": 5}) for x in page["resourceShares"]]
            self.assertEqual(len(walked), 12)
            self.assertEqual(len(set(walked)), 12)
            cli = s.aws_json(OWNER, "ram", "list-resources", "--resource-owner", "SELF", "--page-size", "5")
            self.assertEqual(len(cli["resources"]), 12)
            refused(self, lambda: ram.get_resource_shares(resourceOwner="SELF", nextToken="made-up"),
                    "InvalidNextTokenException")

            # A subnet is stored and listed as given, with no effect.
            subnet = f"arn:aws:ec2:us-east-1:{OWNER}:subnet/subnet-0abc"
            ram.associate_resource_share(resourceShareArn=arn, resourceArns=[subnet])
            listed = ram.list_resources(resourceOwner="SELF", resourceShareArns=[arn])["resources"]
            self.assertEqual(sorted((r["arn"], r["type"]) for r in listed),
                             sorted([(source, "rds:Cluster"), (subnet, "ec2:Subnet")]))
            foreign = f"arn:aws:ec2:us-east-1:{AUDIT}:subnet/subnet-0abc"
            refused(self, lambda: ram.associate_resource_share(resourceShareArn=arn, resourceArns=[foreign]),
                    "UnknownResourceException")
            ram.disassociate_resource_share(resourceShareArn=arn, resourceArns=[subnet])
            listed = ram.list_resources(resourceOwner="SELF", resourceShareArns=[arn])["resources"]
            self.assertEqual([r["arn"] for r in listed], [source])

            # Another account's share answers as one that doesn't exist.
            aram = s.client("ram", AUDIT)
            missing = arn[:-12] + "000000000000"
            self.assertEqual(
                refused(self, lambda: aram.update_resource_share(resourceShareArn=arn, name="x"),
                        "UnknownResourceException").replace(arn, "A"),
                refused(self, lambda: aram.update_resource_share(resourceShareArn=missing, name="x"),
                        "UnknownResourceException").replace(missing, "A"))
