#!/usr/bin/env bash
# Removes the delivery pipeline, and with --stages also the Development-Database and
# Production-Database stacks the pipeline deployed. Production has deletion protection and keeps a
# final snapshot: this script says what it will leave behind before it deletes anything.
set -euo pipefail

usage() {
  cat <<'USAGE'
usage: bin/cdk-destroy.sh <DEV ACCOUNT> <PROD ACCOUNT> <REGION> [options]

Deletes the stack DbMigrate-Pipeline from DEV ACCOUNT. Without --stages, prints how to delete the
environments' stacks (Development-Database in DEV ACCOUNT, Production-Database in PROD ACCOUNT).

options:
  --stages                also delete Development-Database and Production-Database; Production's
                          deletion protection is switched off first and its final snapshot kept
  --dev-profile <name>    AWS CLI profile for DEV ACCOUNT (default: the current credentials)
  --prod-profile <name>   AWS CLI profile for PROD ACCOUNT (default: the current credentials)
  --yes                   do not ask for confirmation
  -h, --help              this text

Exit codes: 0 done, 2 bad arguments, 3 a tool is missing, 4 not confirmed, other: the failing command's code.
USAGE
}

die_usage() { echo "cdk-destroy: $*" >&2; echo >&2; usage >&2; exit 2; }

positional=()
stages=false
dev_profile=""
prod_profile=""
assume_yes=false
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --stages) stages=true; shift ;;
    --yes) assume_yes=true; shift ;;
    --dev-profile|--prod-profile)
      if [ $# -lt 2 ] || [ -z "$2" ]; then die_usage "$1 needs a value"; fi
      if [ "$1" = --dev-profile ]; then dev_profile=$2; else prod_profile=$2; fi
      shift 2 ;;
    -*) die_usage "unknown option $1" ;;
    *) positional+=("$1"); shift ;;
  esac
done

[ ${#positional[@]} -eq 3 ] || die_usage "expected 3 arguments, got ${#positional[@]}"
dev_account=${positional[0]}
prod_account=${positional[1]}
region=${positional[2]}
[[ $dev_account =~ ^[0-9]{12}$ ]] || die_usage "DEV ACCOUNT must be a 12-digit account id, got '$dev_account'"
[[ $prod_account =~ ^[0-9]{12}$ ]] || die_usage "PROD ACCOUNT must be a 12-digit account id, got '$prod_account'"
[[ $region =~ ^[a-z]{2}(-[a-z]+)+-[0-9]$ ]] || die_usage "REGION must look like eu-west-1, got '$region'"

if ! command -v aws >/dev/null 2>&1; then
  echo "cdk-destroy: missing tool: aws, the AWS CLI v2:" \
    "https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html" >&2
  exit 3
fi

# aws_in dev|prod <args...>: the AWS CLI against that account, in the region.
aws_in() {
  local which=$1; shift
  local profile=$dev_profile
  [ "$which" = prod ] && profile=$prod_profile
  aws --region "$region" ${profile:+--profile "$profile"} "$@"
}

check_account() {
  local which=$1 expected=$2 actual
  if ! actual=$(aws_in "$which" sts get-caller-identity --query Account --output text 2>&1); then
    echo "cdk-destroy: no usable AWS credentials for account $expected: $actual" >&2
    exit 1
  fi
  if [ "$actual" != "$expected" ]; then
    echo "cdk-destroy: the credentials are for account $actual, not $expected; pass --dev-profile/--prod-profile" >&2
    exit 1
  fi
}

stack_exists() {
  aws_in "$1" cloudformation describe-stacks --stack-name "$2" >/dev/null 2>&1
}

delete_stack() {
  local which=$1 stack=$2
  if ! stack_exists "$which" "$stack"; then
    echo "    $stack does not exist in the $which account; nothing to do"
    return 0
  fi
  echo "==> Deleting $stack${3:+ ($3)}"
  aws_in "$which" cloudformation delete-stack --stack-name "$stack"
  aws_in "$which" cloudformation wait stack-delete-complete --stack-name "$stack"
  echo "    $stack deleted"
}

confirm() {
  $assume_yes && return 0
  local answer
  read -r -p "$1 Type '$2' to go on: " answer || true
  if [ "$answer" != "$2" ]; then
    echo "cdk-destroy: not confirmed; nothing more was deleted" >&2
    exit 4
  fi
}

check_account dev "$dev_account"
$stages && check_account prod "$prod_account"

cat <<WARN
This deletes DbMigrate-Pipeline from $dev_account ($region).
  Left behind on purpose: the pipeline's artifact bucket (it is retained; empty and remove it with
  'aws s3 rb s3://<bucket> --force' once you no longer need old build artifacts).
WARN
if $stages; then
  cat <<WARN
It also deletes:
  Development-Database from $dev_account: the database and its data, without a snapshot.
  Production-Database from $prod_account: deletion protection is switched off first; Aurora then
    keeps a FINAL SNAPSHOT (it costs storage until you delete it), the function's log groups are
    retained, and the master-credentials secret is deleted: a restore from the snapshot sets a new
    master password.
WARN
fi
confirm "" "$dev_account"

artifact_bucket=$(aws_in dev cloudformation describe-stack-resources --stack-name DbMigrate-Pipeline \
  --query "StackResources[?ResourceType=='AWS::S3::Bucket'].PhysicalResourceId" --output text 2>/dev/null || true)
delete_stack dev DbMigrate-Pipeline
[ -n "$artifact_bucket" ] && [ "$artifact_bucket" != None ] && echo "    retained artifact bucket: $artifact_bucket"

if ! $stages; then
  cat <<NEXT

The environments are still there. To delete them:
  aws cloudformation delete-stack --stack-name Development-Database --region $region${dev_profile:+ --profile $dev_profile}
  # Production: switch off deletion protection first; a final snapshot is kept.
  aws rds modify-db-cluster --db-cluster-identifier <the cluster of Production-Database> \\
    --no-deletion-protection --apply-immediately --region $region${prod_profile:+ --profile $prod_profile}
  aws cloudformation delete-stack --stack-name Production-Database --region $region${prod_profile:+ --profile $prod_profile}
or run this script again with --stages.
NEXT
  exit 0
fi

vpc_note="the migration function's network interfaces can take 20+ minutes to go"
delete_stack dev Development-Database "$vpc_note"

if stack_exists prod Production-Database; then
  confirm "Production's database is next." "$prod_account"
  cluster=$(aws_in prod cloudformation describe-stack-resources --stack-name Production-Database \
    --query "StackResources[?ResourceType=='AWS::RDS::DBCluster'].PhysicalResourceId" --output text)
  if [ -n "$cluster" ] && [ "$cluster" != None ]; then
    echo "==> Switching off deletion protection of $cluster"
    aws_in prod rds modify-db-cluster --db-cluster-identifier "$cluster" --no-deletion-protection \
      --apply-immediately >/dev/null
  fi
  delete_stack prod Production-Database "$vpc_note"
  echo "    final snapshots kept:"
  aws_in prod rds describe-db-cluster-snapshots --db-cluster-identifier "$cluster" --snapshot-type manual \
    --query 'DBClusterSnapshots[].[DBClusterSnapshotIdentifier,SnapshotCreateTime]' --output text || true
else
  echo "    Production-Database does not exist in the prod account; nothing to do"
fi
