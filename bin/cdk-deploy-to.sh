#!/usr/bin/env bash
# Builds dbmigrate, bootstraps the Development (pipeline) and Production accounts for CDK, and
# deploys the delivery pipeline into the Development account. The pipeline then deploys and
# migrates both environments on every push to the branch.
set -euo pipefail

usage() {
  cat <<'USAGE'
usage: bin/cdk-deploy-to.sh <DEV ACCOUNT> <PROD ACCOUNT> <REGION> <REPOSITORY> [options]

  DEV ACCOUNT    12-digit id of the account that holds the pipeline and the Development stage
  PROD ACCOUNT   12-digit id of the Production account (may equal DEV ACCOUNT)
  REGION         e.g. eu-west-1 (pipeline and both stages)
  REPOSITORY     codecommit:<name>            an existing CodeCommit repository in DEV ACCOUNT
                 github:<owner>/<repo>        (or gitlab:, bitbucket:) through a CodeStar connection

options:
  --connection-arn <arn>   the CodeStar connection, required for github:/gitlab:/bitbucket:
                           (or env CDK_CONNECTION_ARN)
  --branch <name>          branch the pipeline follows (default: main)
  --dev-profile <name>     AWS CLI profile for DEV ACCOUNT (default: the current credentials)
  --prod-profile <name>    AWS CLI profile for PROD ACCOUNT (default: the current credentials)
  --execution-policy <arn> policy CloudFormation deploys with in both accounts
                           (default: arn:aws:iam::aws:policy/AdministratorAccess)
  --no-bastion <stage>     development or production: deploy that stage without the SSM bastion
  --yes                    do not ask before deploying IAM changes
  -h, --help               this text

Exit codes: 0 deployed, 2 bad arguments, 3 a tool is missing, other: the failing command's code.
USAGE
}

die_usage() { echo "cdk-deploy-to: $*" >&2; echo >&2; usage >&2; exit 2; }

home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
positional=()
connection_arn="${CDK_CONNECTION_ARN:-}"
branch=main
dev_profile=""
prod_profile=""
execution_policy="arn:aws:iam::aws:policy/AdministratorAccess"
dev_bastion=true
prod_bastion=true
approval=broadening

while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --connection-arn|--branch|--dev-profile|--prod-profile|--execution-policy|--no-bastion)
      if [ $# -lt 2 ] || [ -z "$2" ]; then die_usage "$1 needs a value"; fi
      case "$1" in
        --connection-arn) connection_arn=$2 ;;
        --branch) branch=$2 ;;
        --dev-profile) dev_profile=$2 ;;
        --prod-profile) prod_profile=$2 ;;
        --execution-policy) execution_policy=$2 ;;
        --no-bastion)
          case "$2" in
            development) dev_bastion=false ;;
            production) prod_bastion=false ;;
            *) die_usage "--no-bastion takes development or production, not '$2'" ;;
          esac ;;
      esac
      shift 2 ;;
    --yes) approval=never; shift ;;
    -*) die_usage "unknown option $1" ;;
    *) positional+=("$1"); shift ;;
  esac
done

[ ${#positional[@]} -eq 4 ] || die_usage "expected 4 arguments, got ${#positional[@]}"
dev_account=${positional[0]}
prod_account=${positional[1]}
region=${positional[2]}
repository=${positional[3]}

[[ $dev_account =~ ^[0-9]{12}$ ]] || die_usage "DEV ACCOUNT must be a 12-digit account id, got '$dev_account'"
[[ $prod_account =~ ^[0-9]{12}$ ]] || die_usage "PROD ACCOUNT must be a 12-digit account id, got '$prod_account'"
[[ $region =~ ^[a-z]{2}(-[a-z]+)+-[0-9]$ ]] || die_usage "REGION must look like eu-west-1, got '$region'"
case "$repository" in
  codecommit:?*) ;;
  github:?*/?*|gitlab:?*/?*|bitbucket:?*/?*)
    [ -n "$connection_arn" ] || die_usage "$repository is read through a CodeStar connection: pass --connection-arn" ;;
  *) die_usage "REPOSITORY must be codecommit:<name> or github:<owner>/<repo>, got '$repository'" ;;
esac

# --- tools -------------------------------------------------------------------------------------
missing=()
command -v aws >/dev/null 2>&1 || missing+=("aws: the AWS CLI v2, https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html")
command -v java >/dev/null 2>&1 || missing+=("java: a JDK 17 or newer (e.g. apt-get install openjdk-17-jdk-headless, or Amazon Corretto)")
command -v mvn >/dev/null 2>&1 || missing+=("mvn: Maven 3.8+ (e.g. apt-get install maven)")
if ! command -v cdk >/dev/null 2>&1 && ! command -v npx >/dev/null 2>&1; then
  missing+=("cdk or npx: Node.js 22+ with npm (https://nodejs.org), then 'npm install -g aws-cdk'")
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "cdk-deploy-to: missing tools:" >&2
  printf '  %s\n' ${missing[@]+"${missing[@]}"} >&2
  exit 3
fi
if command -v cdk >/dev/null 2>&1; then cdk=(cdk); else cdk=(npx --yes aws-cdk@2); fi

# This script runs on bash 3.2 (stock macOS) too: no mapfile, and an array that may be empty is
# expanded as ${a[@]+"${a[@]}"}, because before bash 4.4 set -u rejects "${a[@]}" of an empty one.
dev_args=()
[ -z "$dev_profile" ] || dev_args=(--profile "$dev_profile")
prod_args=()
[ -z "$prod_profile" ] || prod_args=(--profile "$prod_profile")

# Fails early, and clearly, when the credentials are for another account than the one named.
check_account() {
  local expected=$1 profile=$2 actual
  local args=()
  [ -z "$profile" ] || args=(--profile "$profile")
  if ! actual=$(aws sts get-caller-identity ${args[@]+"${args[@]}"} --query Account --output text 2>&1); then
    echo "cdk-deploy-to: no usable AWS credentials for account $expected${profile:+ (profile $profile)}: $actual" >&2
    exit 1
  fi
  if [ "$actual" != "$expected" ]; then
    echo "cdk-deploy-to: the credentials${profile:+ of profile $profile} are for account $actual, not $expected;" \
      "pass --dev-profile/--prod-profile" >&2
    exit 1
  fi
}

check_account "$dev_account" "$dev_profile"
check_account "$prod_account" "$prod_profile"

# --- build -------------------------------------------------------------------------------------
echo "==> Building (mvn package), which also builds the migration function's jar"
(cd "$home" && mvn -B -q package -DskipTests)

# --- bootstrap ---------------------------------------------------------------------------------
# From an empty directory, so the CDK CLI bootstraps the named environments without running the app.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

echo "==> Bootstrapping the Development account $dev_account ($region)"
(cd "$scratch" && "${cdk[@]}" bootstrap "aws://$dev_account/$region" ${dev_args[@]+"${dev_args[@]}"} --no-notices \
  --cloudformation-execution-policies "$execution_policy")

if [ "$prod_account" != "$dev_account" ]; then
  echo "==> Bootstrapping the Production account $prod_account ($region), trusting $dev_account to deploy"
  (cd "$scratch" && "${cdk[@]}" bootstrap "aws://$prod_account/$region" ${prod_args[@]+"${prod_args[@]}"} --no-notices \
    --trust "$dev_account" --cloudformation-execution-policies "$execution_policy")
fi

# --- deploy ------------------------------------------------------------------------------------
echo "==> Deploying the pipeline stack DbMigrate-Pipeline into $dev_account"
context=(-c "devAccount=$dev_account" -c "prodAccount=$prod_account" -c "region=$region"
  -c "repository=$repository" -c "branch=$branch" -c "devBastion=$dev_bastion" -c "prodBastion=$prod_bastion")
[ -n "$connection_arn" ] && context+=(-c "connectionArn=$connection_arn")
(cd "$home/cdk" && "${cdk[@]}" deploy DbMigrate-Pipeline ${dev_args[@]+"${dev_args[@]}"} --no-notices \
  --require-approval "$approval" "${context[@]}")

pipeline=$(aws cloudformation describe-stacks ${dev_args[@]+"${dev_args[@]}"} --region "$region" --stack-name DbMigrate-Pipeline \
  --query "Stacks[0].Outputs[?OutputKey=='PipelineName'].OutputValue" --output text)
cat <<DONE

Pipeline $pipeline is deployed. It runs on every push to '$branch' of $repository
(and once now, for the current head). Watch it with:
  aws codepipeline get-pipeline-state --name $pipeline --region $region${dev_profile:+ --profile $dev_profile} \\
    --query 'stageStates[].[stageName,latestExecution.status]' --output table
Production waits for the manual approval 'PromoteToProduction' in the Production stage.
DONE
