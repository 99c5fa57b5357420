using System.Net;

namespace ShopifyRecovery.Shopify.Admin;

public enum AdminFailure
{
    /// <summary>A non-success HTTP status that retries did not cure (401 after uninstall, 403, 404, persistent 5xx).</summary>
    Http,
    /// <summary>Top-level GraphQL errors: a bad document, a missing scope, protected customer data not approved.</summary>
    GraphQL,
    /// <summary>Still THROTTLED after the bounded number of waits.</summary>
    Throttled,
    /// <summary>A body that is not the GraphQL response we asked for.</summary>
    InvalidResponse,
}

public sealed record AdminGraphQLError(string Message, string? Code, string? Path);

/// <summary>The Admin API call failed in a way the caller must handle (usually by letting the bus retry later).</summary>
public sealed class ShopifyAdminException(string shopDomain, string operation, AdminFailure failure, string message,
    HttpStatusCode? statusCode = null, IReadOnlyList<AdminGraphQLError>? errors = null)
    : Exception($"Shopify Admin {operation} for {shopDomain} failed ({failure}): {message}")
{
    public string ShopDomain { get; } = shopDomain;
    public string Operation { get; } = operation;
    public AdminFailure Failure { get; } = failure;
    public HttpStatusCode? StatusCode { get; } = statusCode;
    public IReadOnlyList<AdminGraphQLError> Errors { get; } = errors ?? [];
}
