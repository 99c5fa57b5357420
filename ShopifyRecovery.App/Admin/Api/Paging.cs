using Microsoft.AspNetCore.Http.HttpResults;
namespace ShopifyRecovery.App.Admin.Api;

/// <summary>One page of a list, with the total so the admin can show "page 2 of 7".</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int PageNumber, int PageSize, int Total)
{
    public int Pages => Total == 0 ? 1 : (Total + PageSize - 1) / PageSize;
}

public readonly record struct Paging(int Number, int Size)
{
    public const int DefaultSize = 25;
    public const int MaxSize = 100;

    public int Skip => (Number - 1) * Size;

    /// <summary>?page starts at 1; ?pageSize is 1–100 (25 when absent).</summary>
    public static bool TryRead(int? page, int? pageSize, out Paging paging, out Dictionary<string, string[]> errors)
    {
        errors = [];
        if (page is < 1)
            errors["page"] = [$"must be 1 or more; it is {page}."];
        if (pageSize is < 1 or > MaxSize)
            errors["pageSize"] = [$"must be between 1 and {MaxSize}; it is {pageSize}."];
        paging = new Paging(page ?? 1, pageSize ?? DefaultSize);
        return errors.Count == 0;
    }
}
