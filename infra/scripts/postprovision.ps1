# azd postprovision hook (Windows): turns the deployment outputs into Functions/local.settings.json.
$ErrorActionPreference = 'Stop'
Set-Location (Join-Path $PSScriptRoot '../..')
if (-not $env:AZURE_STORAGE_ACCOUNT_NAME) {
  azd env get-values | ForEach-Object {
    if ($_ -match '^([A-Z0-9_]+)="?(.*?)"?$') { Set-Item -Path "env:$($Matches[1])" -Value $Matches[2] }
  }
}
if (-not $env:APPROVALS_SIGNING_KEY -and $env:AZURE_KEY_VAULT_NAME -and (Get-Command az -ErrorAction SilentlyContinue)) {
  $env:APPROVALS_SIGNING_KEY = az keyvault secret show --vault-name $env:AZURE_KEY_VAULT_NAME --name approvals-signing-key --query value -o tsv
}
python infra/scripts/write-local-settings.py Functions/local.settings.json
