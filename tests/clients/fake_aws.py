"""A stand-in for the `aws` command, for testing scripts/export-fleet.sh
without an AWS account: it answers from a fixture (FAKE_AWS_FIXTURE, JSON
keyed by "service operation"), applies `--query` with JMESPath as the AWS
CLI does, prints `--output text` as the CLI does for lists and scalars, and
logs every call's arguments to FAKE_AWS_LOG."""

import json
import os
import sys

import jmespath


def option(args, name):
    if name in args:
        return args[args.index(name) + 1]
    return None


def main(args):
    with open(os.environ["FAKE_AWS_LOG"], "a") as log:
        log.write(json.dumps(args) + "\n")
    fixture = json.load(open(os.environ["FAKE_AWS_FIXTURE"]))
    service, operation = args[0], args[1]
    if (service, operation) == ("cloudwatch", "get-metric-data"):
        queries = json.loads(option(args, "--metric-data-queries"))
        answer = {"MetricDataResults": [
            {"Id": q["Id"], "Label": q["MetricStat"]["Metric"]["MetricName"],
             "Timestamps": ["2026-02-01T01:00:00+00:00", "2026-02-01T00:00:00+00:00"],
             "Values": fixture["metrics"][q["Id"]], "StatusCode": "Complete"}
            for q in queries
        ], "Messages": []}
    else:
        key = f"{service} {operation}"
        if key not in fixture:
            print(f"An error occurred (AccessDenied) when calling {operation}", file=sys.stderr)
            return 254
        answer = fixture[key]
    query = option(args, "--query")
    if query:
        answer = jmespath.search(query, answer)
    if option(args, "--output") == "text":
        if isinstance(answer, list):
            print("\t".join(str(a) for a in answer))
        else:
            print(answer)
    else:
        print(json.dumps(answer, indent=4))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
