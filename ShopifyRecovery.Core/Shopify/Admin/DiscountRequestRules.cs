namespace ShopifyRecovery.Shopify.Admin;

/// <summary>Checks Shopify would make anyway, done first so a bad request costs no API call (and the simulation agrees).</summary>
public static class DiscountRequestRules
{
    public static DiscountUserError? Validate(DiscountCodeRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Code) || request.Code.Length > 255)
            return new("code", "The code must have 1 to 255 characters.", "INVALID");
        if (request.Kind == DiscountKind.Percentage && request.Percentage is not (> 0m and <= 100m))
            return new("customerGets.value.percentage", $"A percentage discount needs a percentage above 0 and at most 100; it is {request.Percentage}.", "INVALID");
        if (request.EndsAt <= request.StartsAt)
            return new("endsAt", "The discount must end after it starts.", "END_DATE_BEFORE_START_DATE");
        return null;
    }
}
