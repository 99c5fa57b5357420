using ShopifyRecovery.App.Auth;
using ShopifyRecovery.App.Platform;
using ShopifyRecovery.App.Reports;
using ShopifyRecovery.App.Webhooks;
using ShopifyRecovery.Hosting;
using ShopifyRecovery.Shopify.Admin.Simulation;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddShopifyRecovery();
if (builder.Configuration.GetValue($"{WorkerOptions.Section}:{nameof(WorkerOptions.InProcess)}", true))
    builder.Services.AddShopifyRecoveryWorker();
builder.Services.AddHostedService<PlaygroundSeeder>();
builder.Services.AddProblemDetails();
builder.Services.AddEmbeddedAdminAuthentication();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();

app.MapHealth();
app.MapShopifyAuth();
app.MapShopifyWebhooks();
app.MapSandboxShop();
var api = app.MapAdminApiGroup();
api.MapGet("/shop", (CurrentShop shop) => TypedResults.Ok(shop));
api.MapReports();

app.Run();

public partial class Program;
