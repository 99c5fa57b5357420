using ShopifyRecovery.Shopify.Admin;

namespace ShopifyRecovery.Tests.Shopify;

public sealed class AdminOperationsSchemaTests
{
    static IEnumerable<TestCaseData> Operations() =>
        AdminOperations.All.Select(o => new TestCaseData(o).SetArgDisplayNames(o.Name));

    [TestCaseSource(nameof(Operations))]
    public async Task Every_document_the_client_sends_is_valid_against_the_2026_04_admin_schema(AdminOperation operation)
    {
        // Act
        var errors = await AdminSchema.ValidateAsync(operation.Document);
        // Assert
        Assert.That(errors, Is.Empty);
    }

    [Test]
    public async Task The_validator_rejects_a_document_with_a_misspelled_field()
    {
        // Arrange
        var misspelled = AdminOperations.Shop.Document.Replace("ianaTimezone", "ianaTimeZone");
        // Act
        var errors = await AdminSchema.ValidateAsync(misspelled);
        // Assert
        Assert.That(errors, Has.Some.Contains("ianaTimeZone"));
    }

    [Test]
    public void Every_operation_is_named_so_fakes_and_logs_can_tell_them_apart()
    {
        Assert.That(AdminOperations.All.Select(o => o.Name), Is.Unique);
        Assert.That(AdminOperations.All, Has.All.Matches<AdminOperation>(o => o.Document.Contains($" {o.Name}(") || o.Document.Contains($" {o.Name} {{")));
    }
}
