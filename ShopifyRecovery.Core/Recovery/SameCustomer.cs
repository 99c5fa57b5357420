namespace ShopifyRecovery.Recovery;

/// <summary>
/// Rows of the same customer, known by their Shopify customer id, their normalized address, or both. With both it
/// is a UNION of two lookups rather than one <c>customer_id = x OR email = y</c>: SQLite cannot answer that OR from
/// the (shop, customer…) and (shop, email…) indexes, so it walked every row of the shop in the time window instead,
/// on every step and every order, a cost that grew with the shop's history.
/// </summary>
static class SameCustomer
{
    public static IQueryable<Journey> Journeys(IQueryable<Journey> scope, long? customerId, string? email) =>
        (customerId, email) switch
        {
            (null, null) => scope.Where(_ => false),
            (null, _) => scope.Where(j => j.Email == email),
            (_, null) => scope.Where(j => j.CustomerId == customerId),
            _ => scope.Where(j => j.CustomerId == customerId).Union(scope.Where(j => j.Email == email)),
        };

    public static IQueryable<IssuedDiscount> Discounts(IQueryable<IssuedDiscount> scope, long? customerId, string? email) =>
        (customerId, email) switch
        {
            (null, null) => scope.Where(_ => false),
            (null, _) => scope.Where(d => d.Email == email),
            (_, null) => scope.Where(d => d.CustomerId == customerId),
            _ => scope.Where(d => d.CustomerId == customerId).Union(scope.Where(d => d.Email == email)),
        };
}
