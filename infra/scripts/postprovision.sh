#!/bin/sh
# azd postprovision hook: turns the deployment outputs into Functions/local.settings.json.
set -eu
cd "$(dirname "$0")/../.."
# azd exports the outputs as environment variables to hooks; outside a hook, load them from the azd environment.
if [ -z "${AZURE_STORAGE_ACCOUNT_NAME:-}" ] && command -v azd >/dev/null 2>&1; then
  eval "$(azd env get-values)"
  export AZURE_STORAGE_ACCOUNT_NAME AINATIVE_TASK_HUB AZURE_OPENAI_ENDPOINT AZURE_OPENAI_CHAT_DEPLOYMENT \
    AZURE_OPENAI_EMBEDDING_DEPLOYMENT APPLICATIONINSIGHTS_CONNECTION_STRING AZURE_KEY_VAULT_URI AZURE_KEY_VAULT_NAME \
    AZURE_SEARCH_ENDPOINT DURABLE_BACKEND DURABLE_TASK_SCHEDULER_ENDPOINT
fi
# The approval signing key stays in Key Vault; fetch it for the local host when the Azure CLI is signed in.
if [ -z "${APPROVALS_SIGNING_KEY:-}" ] && [ -n "${AZURE_KEY_VAULT_NAME:-}" ] && command -v az >/dev/null 2>&1; then
  APPROVALS_SIGNING_KEY="$(az keyvault secret show --vault-name "$AZURE_KEY_VAULT_NAME" --name approvals-signing-key --query value -o tsv 2>/dev/null || true)"
  export APPROVALS_SIGNING_KEY
fi
python3 infra/scripts/write-local-settings.py Functions/local.settings.json
