using ShopifyRecovery.App.Admin;
using ShopifyRecovery.App.Auth;
using ShopifyRecovery.App.Email;
using ShopifyRecovery.App.Platform;
using ShopifyRecovery.App.Reports;
using ShopifyRecovery.App.Webhooks;
using ShopifyRecovery.Hosting;
using ShopifyRecovery.Shopify.Admin.Simulation;

// Configuration files are read once: on embedded defaults the database, its WAL and the outbox are written inside the
// content root, and a reloading host's file watchers woke up for every commit and every email (see HostSettings).
var builder = WebApplication.CreateBuilder([HostSettings.ReadConfigurationOnce, .. args]);

builder.Services.AddShopifyRecovery();
if (builder.Configuration.GetValue($"{WorkerOptions.Section}:{nameof(WorkerOptions.InProcess)}", true))
    builder.Services.AddShopifyRecoveryWorker();
builder.Services.AddPlayground();
builder.Services.AddProblemDetails();
builder.Services.AddEmbeddedAdminAuthentication();
builder.Services.AddPlatformSecurity();
builder.Services.AddEmbeddedAdmin();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UsePlatformSecurity();
app.UseAuthentication();
app.UseAuthorization();

app.MapHealth();
app.MapShopifyAuth();
app.MapShopifyWebhooks();
app.MapSandboxShop();
app.MapEmailEndpoints();
app.MapEmbeddedAdmin();
var api = app.MapAdminApiGroup();
api.MapGet("/shop", (CurrentShop shop) => TypedResults.Ok(shop));
api.MapReports();

app.Run();

public partial class Program;
