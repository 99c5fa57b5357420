#!/usr/bin/env bash
# Until the first release the schema has one migration per provider; this rebuilds both from the model.
# After a release, add new migrations instead: dotnet ef migrations add <Name> --context <Ctx> --output-dir ...
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:$HOME/.dotnet/tools"
command -v dotnet-ef >/dev/null || dotnet tool install --global dotnet-ef --version 10.0.11
rm -rf ShopifyRecovery.Core/Persistence/Migrations ShopifyRecovery.Core/ShopifyRecovery

for provider in Sqlite SqlServer; do
  dotnet ef migrations add InitialCreate --project ShopifyRecovery.Core \
    --context "${provider}RecoveryDbContext" --output-dir "Persistence/Migrations/${provider}"
done
