#!/usr/bin/env bash
# Writes what `cowsim import` reads about the clusters of one AWS account,
# with the AWS CLI and the credentials and region in use: run it once per
# account (each with its own profile), into one folder, then
#
#     cowsim import FOLDER/*.json -o fleet.toml
#
# Usage: scripts/export-fleet.sh [--endpoint-url URL] FOLDER [DAYS [END]]
# DAYS (default 14) is how far back CloudWatch is read, up to END (an RFC
# 3339 time; default now). Needs the AWS CLI and GNU date. Files are named
# ACCOUNT-WHAT.json; nothing is sent anywhere but AWS, or the endpoint that
# --endpoint-url (or AWS_ENDPOINT_URL) names: `cowsim serve`'s, say, with
# END its simulated clock (docs/import-export.md).
set -euo pipefail

usage="usage: scripts/export-fleet.sh [--endpoint-url URL] FOLDER [DAYS [END]]"
endpoint=${AWS_ENDPOINT_URL:-}
if [[ ${1:-} == --endpoint-url ]]; then
    endpoint=${2:?$usage}
    shift 2
fi
out=${1:?$usage}
days=${2:-14}
when=${3:-now}
mkdir -p "$out"

# The AWS CLI v1 sends `aws rds` to RDS's own endpoint whatever
# AWS_ENDPOINT_URL says: every call names the endpoint itself.
aws() {
    command aws ${endpoint:+--endpoint-url "$endpoint"} "$@"
}

account=$(aws sts get-caller-identity --query Account --output text)
p="$out/$account"

aws rds describe-db-clusters --include-shared --output json >"$p-clusters.json"
aws rds describe-db-instances --output json >"$p-instances.json"
aws rds describe-db-cluster-snapshots --snapshot-type manual --output json >"$p-snapshots.json"
aws ram get-resource-shares --resource-owner SELF --output json >"$p-shares.json"
aws ram list-resources --resource-owner SELF --resource-type rds:Cluster --output json >"$p-resources.json"
aws ram list-principals --resource-owner SELF --output json >"$p-principals.json"

# The keys of the account's encrypted clusters; a key policy's file name
# ends in its key id, which is how import knows whose policy it is. Another
# account's key can't be read from here: export it from its own account.
for key in $(aws rds describe-db-clusters --query 'DBClusters[?StorageEncrypted].KmsKeyId' --output text); do
    id=${key##*/}
    if aws kms describe-key --key-id "$key" --output json >"$p-key-$id.json" 2>/dev/null; then
        aws kms get-key-policy --key-id "$key" --policy-name default --output json \
            >"$p-key-policy-$id.json" 2>/dev/null || rm -f "$p-key-policy-$id.json"
    else
        rm -f "$p-key-$id.json"
        echo "note: key $key is not readable from account $account; export it from its owner" >&2
    fi
done

# CloudWatch answers get-metric-data with the id of each query and nothing
# else, so each id names its metric, account and cluster:
# bytes_ACCOUNT_CLUSTER (VolumeBytesUsed, hourly average) and
# writes_ACCOUNT_CLUSTER (VolumeWriteIOPs, hourly sum), with the
# identifier's hyphens as underscores. A call takes at most 500 queries:
# 200 clusters a file.
end=$(date -u -d "$when" +%Y-%m-%dT%H:00:00Z)
start=$(date -u -d "$end $days days ago" +%Y-%m-%dT%H:00:00Z)
query() { # ID METRIC STAT CLUSTER
    printf '{"Id":"%s","MetricStat":{"Metric":{"Namespace":"AWS/RDS","MetricName":"%s","Dimensions":[{"Name":"DBClusterIdentifier","Value":"%s"}]},"Period":3600,"Stat":"%s"},"ReturnData":true}' \
        "$1" "$2" "$4" "$3"
}
mapfile -t clusters < <(aws rds describe-db-clusters --query 'DBClusters[].DBClusterIdentifier' --output text | tr '\t' '\n' | sed '/^$/d')
part=0
for ((i = 0; i < ${#clusters[@]}; i += 200)); do
    queries=""
    for c in "${clusters[@]:i:200}"; do
        safe=${c//-/_}
        queries+="${queries:+,}$(query "bytes_${account}_${safe}" VolumeBytesUsed Average "$c")"
        queries+=",$(query "writes_${account}_${safe}" VolumeWriteIOPs Sum "$c")"
    done
    part=$((part + 1))
    aws cloudwatch get-metric-data --metric-data-queries "[$queries]" \
        --start-time "$start" --end-time "$end" --output json >"$p-metrics-$part.json"
done

echo "wrote $(ls "$p"-*.json | wc -l) files for account $account to $out" >&2
