using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace ShopifyRecovery.Email;

public static class EmailServiceCollectionExtensions
{
    public static IServiceCollection AddEmail(this IServiceCollection services)
    {
        services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<EmailOptions>, EmailOptionsValidator>();
        services.AddOptions<SendGridOptions>().BindConfiguration(SendGridOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SendGridOptions>, SendGridOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);

        services.AddSingleton<IEmailTemplates, LiquidEmailTemplates>();
        services.AddSingleton<LinkTokens>();
        services.AddSingleton<ILinkBuilder>(sp => sp.GetRequiredService<LinkTokens>());
        services.AddSingleton<EmailComposer>();

        services.AddSingleton<OutboxEmailSender>();
        services.AddSingleton<SendGridEmailSender>();
        services.AddSingleton<IEmailSender>(sp => sp.GetRequiredService<IOptions<EmailOptions>>().Value.Provider == EmailProvider.SendGrid
            ? sp.GetRequiredService<SendGridEmailSender>()
            : sp.GetRequiredService<OutboxEmailSender>());
        services.AddHttpClient(SendGridEmailSender.HttpClientName, (sp, client) =>
                client.Timeout = sp.GetRequiredService<IOptions<SendGridOptions>>().Value.Timeout)
            // Only a request that never left is retried: SendGrid has no idempotency key, so anything else could mail twice.
            .AddResilienceHandler("sendgrid-connect", pipeline => pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = 2,
                Delay = TimeSpan.FromMilliseconds(200),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldRetryAfterHeader = false,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is HttpRequestException e && SendGridEmailSender.NothingWasSent(e)),
            }));

        services.AddSingleton<SendGridEventVerifier>();
        services.AddScoped<SendGridEventIntake>();
        return services;
    }
}
