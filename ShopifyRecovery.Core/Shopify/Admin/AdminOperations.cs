namespace ShopifyRecovery.Shopify.Admin;

/// <summary>
/// One GraphQL document the app sends. <see cref="EstimatedCost"/> is the cost assumed before Shopify has told us the
/// real <c>requestedQueryCost</c>, so the very first call of a kind already respects the shop's bucket.
/// </summary>
public sealed record AdminOperation(string Name, string Document, int EstimatedCost);

/// <summary>
/// Every Admin GraphQL document in one place, each validated against the pinned schema by a test.
/// Page sizes keep each query far below Shopify's single-query cost ceiling (1000 points).
/// </summary>
public static class AdminOperations
{
    public const int CheckoutPageSize = 10;
    public const int CheckoutLinesPerPage = 10;
    public const int OrderPageSize = 50;
    /// <summary>How many recent orders decide whether a customer is a discount seeker.</summary>
    public const int RecentOrderWindow = 10;

    public static readonly AdminOperation Shop = new("Shop", """
        query Shop {
          shop {
            name
            email
            contactEmail
            currencyCode
            ianaTimezone
            shopAddress {
              formatted(withCompany: true)
              countryCodeV2
            }
          }
        }
        """, EstimatedCost: 2);

    public static readonly AdminOperation Customer = new("Customer", $$"""
        query Customer($id: ID!) {
          customer(id: $id) {
            id
            numberOfOrders
            amountSpent { amount currencyCode }
            lastOrder { processedAt }
            tags
            defaultEmailAddress { emailAddress marketingState }
            orders(first: {{RecentOrderWindow}}, sortKey: PROCESSED_AT, reverse: true) {
              nodes { discountCodes }
            }
          }
        }
        """, EstimatedCost: 20);

    public static readonly AdminOperation AbandonedCheckouts = new("AbandonedCheckouts", $$"""
        query AbandonedCheckouts($query: String!, $after: String) {
          abandonedCheckouts(first: {{CheckoutPageSize}}, after: $after, query: $query, sortKey: ID) {
            pageInfo { hasNextPage endCursor }
            nodes {
              id
              abandonedCheckoutUrl
              createdAt
              updatedAt
              completedAt
              customer {
                id
                firstName
                lastName
                defaultEmailAddress { emailAddress marketingState }
              }
              subtotalPriceSet {
                shopMoney { amount currencyCode }
                presentmentMoney { amount currencyCode }
              }
              totalPriceSet {
                shopMoney { amount currencyCode }
                presentmentMoney { amount currencyCode }
              }
              lineItems(first: {{CheckoutLinesPerPage}}) {
                nodes {
                  title
                  variantTitle
                  quantity
                  originalUnitPriceSet { presentmentMoney { amount currencyCode } }
                  image { url }
                  product { id productType }
                  variant { id }
                }
              }
            }
          }
        }
        """, EstimatedCost: 600);

    public static readonly AdminOperation Orders = new("Orders", $$"""
        query Orders($query: String!, $after: String) {
          orders(first: {{OrderPageSize}}, after: $after, query: $query, sortKey: UPDATED_AT) {
            pageInfo { hasNextPage endCursor }
            nodes {
              id
              email
              createdAt
              discountCodes
              customer { id }
              totalPriceSet { shopMoney { amount currencyCode } }
              totalDiscountsSet { shopMoney { amount currencyCode } }
            }
          }
        }
        """, EstimatedCost: 300);

    public static readonly AdminOperation DiscountCodeBasicCreate = new("DiscountCodeBasicCreate", """
        mutation DiscountCodeBasicCreate($input: DiscountCodeBasicInput!) {
          discountCodeBasicCreate(basicCodeDiscount: $input) {
            codeDiscountNode { id }
            userErrors { field message code extraInfo }
          }
        }
        """, EstimatedCost: 10);

    public static readonly AdminOperation DiscountCodeFreeShippingCreate = new("DiscountCodeFreeShippingCreate", """
        mutation DiscountCodeFreeShippingCreate($input: DiscountCodeFreeShippingInput!) {
          discountCodeFreeShippingCreate(freeShippingCodeDiscount: $input) {
            codeDiscountNode { id }
            userErrors { field message code extraInfo }
          }
        }
        """, EstimatedCost: 10);

    public static readonly AdminOperation CodeDiscountNodeByCode = new("CodeDiscountNodeByCode", """
        query CodeDiscountNodeByCode($code: String!) {
          codeDiscountNodeByCode(code: $code) { id }
        }
        """, EstimatedCost: 1);

    public static readonly AdminOperation DiscountCodeDelete = new("DiscountCodeDelete", """
        mutation DiscountCodeDelete($id: ID!) {
          discountCodeDelete(id: $id) {
            deletedCodeDiscountId
            userErrors { field message code extraInfo }
          }
        }
        """, EstimatedCost: 10);

    /// <summary>The app's own subscriptions on this shop (Shopify App Pricing bills them; the app only reads them).</summary>
    public static readonly AdminOperation ActiveSubscriptions = new("ActiveSubscriptions", """
        query ActiveSubscriptions {
          currentAppInstallation {
            activeSubscriptions {
              id
              name
              status
              test
            }
          }
        }
        """, EstimatedCost: 2);

    public static IReadOnlyList<AdminOperation> All { get; } =
    [
        Shop, Customer, AbandonedCheckouts, Orders, ActiveSubscriptions,
        DiscountCodeBasicCreate, DiscountCodeFreeShippingCreate, CodeDiscountNodeByCode, DiscountCodeDelete,
    ];
}
