using ShopifyRecovery.Shopify.Admin;
using ShopifyRecovery.Tests.Support;

namespace ShopifyRecovery.Tests.Shopify;

public sealed class ShopifyAdminDiscountTests
{
    static readonly DateTimeOffset Starts = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    static DiscountCodeRequest Request(DiscountKind kind = DiscountKind.Percentage, decimal? percentage = 15m, long? customerId = 42,
        decimal? minimumSubtotal = 50m) =>
        new("RECOVER-7Q2K9", "Cart recovery 15%", kind, percentage, customerId, Starts, Starts.AddHours(48), minimumSubtotal);

    [Test]
    public async Task A_percentage_code_is_single_use_bound_to_the_customer_and_valid_for_the_schema()
    {
        // Arrange
        await using var harness = await AdminHarness.StartAsync();
        // Act
        var result = await harness.Admin.CreateDiscountCodeAsync(AdminHarness.ShopDomain, Request(), CancellationToken.None);
        // Assert
        var variables = harness.Shopify.GraphQLRequests("DiscountCodeBasicCreate").Single().Variables!;
        var input = variables["input"]!;
        var schemaErrors = await AdminSchema.ValidateAsync(AdminOperations.DiscountCodeBasicCreate.Document, AdminHarness.ToElement(variables));
        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(DiscountOutcome.Created));
            Assert.That(result.DiscountNodeId, Does.StartWith("gid://shopify/DiscountCodeNode/"));
            Assert.That(input["code"]!.GetValue<string>(), Is.EqualTo("RECOVER-7Q2K9"));
            Assert.That(input["customerGets"]!["value"]!["percentage"]!.GetValue<double>(), Is.EqualTo(0.15).Within(1e-9));
            Assert.That(input["customerGets"]!["items"]!["all"]!.GetValue<bool>(), Is.True);
            Assert.That(input["usageLimit"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(input["appliesOncePerCustomer"]!.GetValue<bool>(), Is.True);
            Assert.That(input["context"]!["customers"]!["add"]![0]!.GetValue<string>(), Is.EqualTo("gid://shopify/Customer/42"));
            Assert.That(input["context"]!["all"], Is.Null);
            Assert.That(input["customerSelection"], Is.Null, "deprecated since 2025-10");
            Assert.That(input["minimumRequirement"]!["subtotal"]!["greaterThanOrEqualToSubtotal"]!.GetValue<string>(), Is.EqualTo("50"));
            Assert.That(input["combinesWith"]!["shippingDiscounts"]!.GetValue<bool>(), Is.True);
            Assert.That(DateTimeOffset.Parse(input["endsAt"]!.GetValue<string>()), Is.EqualTo(Starts.AddHours(48)));
            Assert.That(schemaErrors, Is.Empty);
        });
    }

    [Test]
    public async Task A_guest_checkout_gets_a_code_open_to_all_buyers_but_usable_once()
    {
        // Arrange
        await using var harness = await AdminHarness.StartAsync();
        // Act
        await harness.Admin.CreateDiscountCodeAsync(AdminHarness.ShopDomain, Request(customerId: null, minimumSubtotal: null), CancellationToken.None);
        // Assert
        var variables = harness.Shopify.GraphQLRequests("DiscountCodeBasicCreate").Single().Variables!;
        Assert.That(variables["input"]!["context"]!["all"]!.GetValue<string>(), Is.EqualTo("ALL"));
        Assert.That(variables["input"]!["context"]!["customers"], Is.Null);
        Assert.That(variables["input"]!["minimumRequirement"], Is.Null);
        Assert.That(variables["input"]!["usageLimit"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(await AdminSchema.ValidateAsync(AdminOperations.DiscountCodeBasicCreate.Document, AdminHarness.ToElement(variables)), Is.Empty);
    }

    [Test]
    public async Task A_free_shipping_code_goes_everywhere_and_combines_with_product_and_order_discounts()
    {
        // Arrange
        await using var harness = await AdminHarness.StartAsync();
        // Act
        var result = await harness.Admin.CreateDiscountCodeAsync(AdminHarness.ShopDomain,
            Request(DiscountKind.FreeShipping, percentage: null), CancellationToken.None);
        // Assert
        var variables = harness.Shopify.GraphQLRequests("DiscountCodeFreeShippingCreate").Single().Variables!;
        var input = variables["input"]!;
        Assert.That(result.Outcome, Is.EqualTo(DiscountOutcome.Created));
        Assert.That(input["destination"]!["all"]!.GetValue<bool>(), Is.True);
        Assert.That(input["combinesWith"]!["productDiscounts"]!.GetValue<bool>(), Is.True);
        Assert.That(input["combinesWith"]!["orderDiscounts"]!.GetValue<bool>(), Is.True);
        Assert.That(input["usageLimit"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(harness.Shopify.GraphQLRequests("DiscountCodeBasicCreate"), Is.Empty);
        Assert.That(await AdminSchema.ValidateAsync(AdminOperations.DiscountCodeFreeShippingCreate.Document, AdminHarness.ToElement(variables)), Is.Empty);
    }

    [Test]
    public async Task A_taken_code_is_looked_up_and_reported_as_already_existing_without_a_second_create()
    {
        // Arrange
        await using var harness = await AdminHarness.StartAsync();
        harness.Shopify
            .On("discountCodeBasicCreate", FakeShopify.UserError("discountCodeBasicCreate", "TAKEN"))
            .On("codeDiscountNodeByCode", FakeShopify.Data("""{"codeDiscountNodeByCode":{"id":"gid://shopify/DiscountCodeNode/777"}}"""));
        // Act
        var result = await harness.Admin.CreateDiscountCodeAsync(AdminHarness.ShopDomain, Request(), CancellationToken.None);
        // Assert
        Assert.That(result.Outcome, Is.EqualTo(DiscountOutcome.AlreadyExists));
        Assert.That(result.DiscountNodeId, Is.EqualTo("gid://shopify/DiscountCodeNode/777"));
        Assert.That(harness.Shopify.GraphQLRequests("DiscountCodeBasicCreate"), Has.Count.EqualTo(1));
        Assert.That(harness.Shopify.GraphQLRequests("CodeDiscountNodeByCode").Single().Variables!["code"]!.GetValue<string>(), Is.EqualTo("RECOVER-7Q2K9"));
    }

    [Test]
    public async Task Creating_the_same_code_twice_returns_the_first_codes_id()
    {
        // Arrange: a retry after a lost answer, against FakeShopify's remembered codes
        await using var harness = await AdminHarness.StartAsync();
        var first = await harness.Admin.CreateDiscountCodeAsync(AdminHarness.ShopDomain, Request(), CancellationToken.None);
        // Act
        var second = await harness.Admin.CreateDiscountCodeAsync(AdminHarness.ShopDomain, Request(), CancellationToken.None);
        // Assert
        Assert.That(second.Outcome, Is.EqualTo(DiscountOutcome.AlreadyExists));
        Assert.That(second.DiscountNodeId, Is.EqualTo(first.DiscountNodeId));
    }

    [Test]
    public async Task Other_user_errors_reject_the_code_with_their_field_and_code_and_no_lookup()
    {
        // Arrange
        await using var harness = await AdminHarness.StartAsync();
        harness.Shopify.On("discountCodeBasicCreate",
            FakeShopify.UserError("discountCodeBasicCreate", "END_DATE_BEFORE_START_DATE", "Ends at needs to be after starts_at", "endsAt"));
        // Act
        var result = await harness.Admin.CreateDiscountCodeAsync(AdminHarness.ShopDomain, Request(), CancellationToken.None);
        // Assert
        Assert.That(result.Outcome, Is.EqualTo(DiscountOutcome.Rejected));
        Assert.That(result.DiscountNodeId, Is.Null);
        Assert.That(result.Errors, Is.EqualTo(new[]
        {
            new DiscountUserError("basicCodeDiscount.endsAt", "Ends at needs to be after starts_at", "END_DATE_BEFORE_START_DATE"),
        }));
        Assert.That(harness.Shopify.GraphQLRequests("CodeDiscountNodeByCode"), Is.Empty);
    }

    [Test]
    public async Task A_percentage_outside_0_to_100_is_rejected_without_calling_shopify()
    {
        // Arrange
        await using var harness = await AdminHarness.StartAsync();
        // Act
        var result = await harness.Admin.CreateDiscountCodeAsync(AdminHarness.ShopDomain, Request(percentage: 150m), CancellationToken.None);
        // Assert
        Assert.That(result.Outcome, Is.EqualTo(DiscountOutcome.Rejected));
        Assert.That(result.Errors.Single().Code, Is.EqualTo("INVALID"));
        Assert.That(harness.Shopify.Requests, Is.Empty);
    }

    [Test]
    public async Task Deleting_a_code_sends_its_id_and_reports_whether_shopify_deleted_it()
    {
        // Arrange
        await using var harness = await AdminHarness.StartAsync();
        var created = await harness.Admin.CreateDiscountCodeAsync(AdminHarness.ShopDomain, Request(), CancellationToken.None);
        // Act
        var deleted = await harness.Admin.DeleteDiscountCodeAsync(AdminHarness.ShopDomain, created.DiscountNodeId!, CancellationToken.None);
        var deletedAgain = await harness.Admin.DeleteDiscountCodeAsync(AdminHarness.ShopDomain, created.DiscountNodeId!, CancellationToken.None);
        // Assert
        Assert.That(deleted, Is.True);
        Assert.That(deletedAgain, Is.False);
        Assert.That(harness.Shopify.GraphQLRequests("DiscountCodeDelete")[0].Variables!["id"]!.GetValue<string>(), Is.EqualTo(created.DiscountNodeId));
    }
}
