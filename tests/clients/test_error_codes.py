"""Every error code cowsim answers with is one the real clients know: the
wire code (`error.code` in botocore's model, which is not always the shape's
name) of an error shape of RDS, RAM, KMS, STS or CloudWatch, or one of the
few common codes every AWS query service answers without modelling them. A
code spelled as the shape rather than as the wire (`InvalidDBInstanceStateFault`
for `InvalidDBInstanceState`) would reach boto3 as an error its
`client.exceptions` can't catch."""

import re
import unittest
from pathlib import Path

import botocore.session

ROOT = Path(__file__).resolve().parents[2]

# Codes AWS answers that no service model lists as an error shape: the
# common errors of every query API (AWS's "Common Errors" reference), and
# cowsim's own refusal of a write past a volume's end, which no AWS API
# carries (docs/serve.md).
COMMON = {
    "InvalidParameterCombination",
    "InvalidParameterValue",
    "InvalidClientTokenId",
    "ValidationException",
    "WriteBeyondEnd",
}


def cowsim_codes():
    """The codes `src/cloud/error.rs` declares in its `codes!` table."""
    text = (ROOT / "src/cloud/error.rs").read_text()
    table = text[text.index("codes! {"):]
    table = table[: table.index("\n}\n")]
    return re.findall(r'=> "([^"]+)"', table)


def wire_codes():
    session = botocore.session.get_session()
    codes = set()
    for service in ["rds", "ram", "kms", "sts", "cloudwatch"]:
        model = session.get_service_model(service)
        for shape in model.error_shapes:
            codes.add(shape.metadata.get("error", {}).get("code", shape.name))
    return codes


class ErrorCodes(unittest.TestCase):
    def test_every_code_is_a_wire_code_the_clients_know(self):
        declared = cowsim_codes()
        self.assertGreater(len(declared), 40, "the codes! table was not found")
        known = wire_codes() | COMMON
        unknown = [c for c in declared if c not in known]
        self.assertEqual(unknown, [], "codes no client model knows")


if __name__ == "__main__":
    unittest.main()
