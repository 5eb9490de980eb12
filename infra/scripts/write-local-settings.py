#!/usr/bin/env python3
"""Writes Functions/local.settings.json from azd's UPPER_SNAKE outputs (environment variables or `azd env get-values`).

The local host then uses the deployed services with the developer's own Entra ID identity
(azd grants the deploying user the same data roles as the app): identity-based storage, keyless
Azure OpenAI, and the Key Vault secret fetched here once (never committed: local.settings.json is git-ignored).
"""
import json
import os
import sys


def require(name):
    value = os.environ.get(name, "")
    if not value:
        sys.exit(f"postprovision: the azd output {name} is not set; run 'azd provision' first")
    return value


def main(path):
    values = {
        "FUNCTIONS_WORKER_RUNTIME": "dotnet-isolated",
        "AzureWebJobsStorage__accountName": require("AZURE_STORAGE_ACCOUNT_NAME"),
        "AINATIVE_TASK_HUB": require("AINATIVE_TASK_HUB"),
        "AiNative__DataDirectory": ".ainative",
        "AiNative__PublicBaseUrl": "http://127.0.0.1:7071",
        "AiNative__SeedDemoData": "true",
        "Approvals__SigningKey": os.environ.get("APPROVALS_SIGNING_KEY", ""),
        "Approvals__DefaultTimeout": "1.00:00:00",
        "Approvals__Approvers__0": "approvers@example.com",
        "Mail__PickupDirectory": "",
        "Mail__From": "ainative@localhost",
        "Models__Provider": "azure-openai",
        "Models__Endpoint": require("AZURE_OPENAI_ENDPOINT"),
        "Models__ApiKey": "",
        "Models__ChatModel": require("AZURE_OPENAI_CHAT_DEPLOYMENT"),
        "Models__EmbeddingProvider": "azure-openai",
        "Models__EmbeddingModel": require("AZURE_OPENAI_EMBEDDING_DEPLOYMENT"),
        "APPLICATIONINSIGHTS_CONNECTION_STRING": os.environ.get("APPLICATIONINSIGHTS_CONNECTION_STRING", ""),
        "AZURE_KEY_VAULT_URI": os.environ.get("AZURE_KEY_VAULT_URI", ""),
        "AZURE_SEARCH_ENDPOINT": os.environ.get("AZURE_SEARCH_ENDPOINT", ""),
    }
    if os.environ.get("DURABLE_BACKEND") == "DurableTaskScheduler":
        values["DURABLE_TASK_SCHEDULER_CONNECTION_STRING"] = (
            f"Endpoint={require('DURABLE_TASK_SCHEDULER_ENDPOINT')};Authentication=DefaultAzure")
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"IsEncrypted": False, "Values": values}, f, indent=2)
        f.write("\n")
    print(f"postprovision: wrote {path} ({len(values)} settings)")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "Functions/local.settings.json")
