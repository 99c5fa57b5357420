using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using ShopifyRecovery.Hosting;
using ShopifyRecovery.Intake;
using ShopifyRecovery.Shopify;

namespace ShopifyRecovery.App.Platform;

/// <summary>
/// What protects the public surface: per-partition rate limits on the routes anyone can call, a global body-size
/// limit, and the security headers. The admin API is behind session tokens and is not limited here.
/// </summary>
public static class PlatformSecurity
{
    public static IServiceCollection AddPlatformSecurity(this IServiceCollection services)
    {
        services.AddOptions<RateLimitingOptions>().BindConfiguration(RateLimitingOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RateLimitingOptions>, RateLimitingOptionsValidator>();
        services.AddOptions<RequestLimitsOptions>().BindConfiguration(RequestLimitsOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RequestLimitsOptions>, RequestLimitsOptionsValidator>();
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<RequestLimitsOptions>>((kestrel, limits) =>
            kestrel.Limits.MaxRequestBodySize = limits.Value.MaxRequestBodyBytes);

        services.AddHsts(hsts =>
        {
            hsts.MaxAge = TimeSpan.FromDays(365);
            hsts.IncludeSubDomains = true;
        });
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitingOptions>>((limiter, options) =>
        {
            var limits = options.Value;
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                limits.Enabled ? Partition(context, limits) : RateLimitPartition.GetNoLimiter(""));
            limiter.OnRejected = RejectAsync;
        });
        return services;
    }

    public static WebApplication UsePlatformSecurity(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            SecurityHeaders.Apply(context);
            return next(context);
        });
        if (!app.Environment.IsDevelopment())
            app.UseHsts();
        app.UseRateLimiter();
        return app;
    }

    internal const string WebhookGroup = "webhooks";
    internal const string PublicGroup = "public";

    static RateLimitPartition<string> Partition(HttpContext context, RateLimitingOptions limits)
    {
        var path = context.Request.Path;
        var client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (path.StartsWithSegments("/webhooks"))
        {
            // The shop header is unverified here (the signature is checked later), so the client IP is part of the key:
            // a forged header from elsewhere cannot use up the budget of the real shop's deliveries.
            var shop = ShopDomain.TryNormalize(context.Request.Headers[WebhookHeaders.ShopDomain], out var domain) ? domain : "";
            return FixedWindow($"{WebhookGroup}|{shop}|{client}", limits.WebhookPermitsPerMinute);
        }
        if (path.StartsWithSegments("/r") || path.StartsWithSegments("/u") || path.StartsWithSegments("/auth"))
            return FixedWindow($"{PublicGroup}|{client}", limits.PermitsPerMinute);
        return RateLimitPartition.GetNoLimiter("");
    }

    static RateLimitPartition<string> FixedWindow(string key, int permits) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });

    static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken ct)
    {
        var context = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);

        var isWebhook = context.Request.Path.StartsWithSegments("/webhooks");
        if (isWebhook)
            RecoveryMetrics.WebhookRejected("rate_limited");
        var shop = ShopDomain.TryNormalize(context.Request.Headers[WebhookHeaders.ShopDomain], out var domain) ? domain : "client";
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PlatformSecurity));
        PlatformLog.RateLimited(logger, isWebhook ? WebhookGroup : PublicGroup, isWebhook ? shop : "client");

        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = $"The rate limit for this client was reached; retry after {seconds} s.",
            },
        });
    }
}
