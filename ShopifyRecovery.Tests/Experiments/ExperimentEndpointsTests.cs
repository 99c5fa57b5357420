using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ShopifyRecovery.Tests.Analytics;
using ShopifyRecovery.Tests.Support;

namespace ShopifyRecovery.Tests.Experiments;

/// <summary>The experiment life cycle through the real App host.</summary>
public sealed class ExperimentEndpointsTests
{
    const string Shop = "tester.myshopify.com";
    const string Other = "someone-else.myshopify.com";

    static readonly object SubjectTest = new
    {
        name = "Friendlier subject",
        step = 1,
        kind = "Subject",
        autoDeclare = false,
        arms = new object[]
        {
            new { name = "control", isControl = true, weight = 1 },
            new { name = "friendly", weight = 1, overrides = new { subject = "You left something behind" } },
        },
    };

    TestDatabase _database = null!;
    TestApp _app = null!;

    [SetUp]
    public async Task StartApp()
    {
        _database = await TestDatabase.CreateAsync();
        await using (var db = _database.CreateContext())
        {
            await ReportData.AddShopAsync(db, Shop);
            await ReportData.AddShopAsync(db, Other);
        }
        _app = new TestApp(_database);
    }

    [TearDown]
    public async Task StopApp()
    {
        await _app.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Test]
    public async Task An_experiment_is_created_started_measured_and_ended_with_a_winner()
    {
        var client = _app.CreateAdminClient(Shop);

        // Act
        var created = await client.PostAsJsonAsync("/api/experiments", SubjectTest);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var started = await client.PostAsync($"/api/experiments/{id}/start", null);
        var results = await client.GetFromJsonAsync<JsonElement>($"/api/experiments/{id}");
        var declared = await client.PostAsJsonAsync($"/api/experiments/{id}/declare-winner", new { arm = "friendly" });
        var again = await client.PostAsJsonAsync($"/api/experiments/{id}/declare-winner", new { arm = "control" });
        var list = await client.GetFromJsonAsync<JsonElement>("/api/experiments");

        // Assert
        Assert.Multiple(async () =>
        {
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(created.Headers.Location?.ToString(), Is.EqualTo($"/api/experiments/{id}"));
            Assert.That(started.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString(), Is.EqualTo("Running"));
            Assert.That(results.GetProperty("enoughData").GetBoolean(), Is.False, "not enough data yet");
            Assert.That(results.GetProperty("arms").EnumerateArray().Select(a => a.GetProperty("name").GetString()), Is.EqualTo(new[] { "control", "friendly" }));
            Assert.That(declared.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((await declared.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("winner").GetString(), Is.EqualTo("friendly"));
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(list.GetArrayLength(), Is.EqualTo(1));
            Assert.That(list[0].GetProperty("status").GetString(), Is.EqualTo("WinnerDeclared"));
        });
    }

    [Test]
    public async Task A_running_test_or_a_rolled_out_winner_can_be_stopped_once()
    {
        var client = _app.CreateAdminClient(Shop);
        async Task<long> CreateAsync()
        {
            var created = await client.PostAsJsonAsync("/api/experiments", SubjectTest);
            return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        }
        var running = await CreateAsync();
        await client.PostAsync($"/api/experiments/{running}/start", null);

        var stopped = await client.PostAsync($"/api/experiments/{running}/stop", null);
        var stoppedAgain = await client.PostAsync($"/api/experiments/{running}/stop", null);
        var declareAfterStop = await client.PostAsJsonAsync($"/api/experiments/{running}/declare-winner", new { arm = "friendly" });
        var next = await CreateAsync();
        var nextStarted = await client.PostAsync($"/api/experiments/{next}/start", null);
        await client.PostAsJsonAsync($"/api/experiments/{next}/declare-winner", new { arm = "friendly" });
        var retired = await client.PostAsync($"/api/experiments/{next}/stop", null);

        Assert.Multiple(async () =>
        {
            Assert.That(stopped.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            var view = await stopped.Content.ReadFromJsonAsync<JsonElement>();
            Assert.That(view.GetProperty("status").GetString(), Is.EqualTo("Stopped"));
            Assert.That(view.GetProperty("endedAt").ValueKind, Is.EqualTo(JsonValueKind.String));
            Assert.That(stoppedAgain.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(declareAfterStop.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(nextStarted.StatusCode, Is.EqualTo(HttpStatusCode.OK), "a stopped test no longer holds its step");
            Assert.That(retired.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            var retiredView = await retired.Content.ReadFromJsonAsync<JsonElement>();
            Assert.That((retiredView.GetProperty("status").GetString(), retiredView.GetProperty("winner").GetString()),
                Is.EqualTo(("Stopped", "friendly")));
        });
    }

    [Test]
    public async Task An_invalid_experiment_is_a_validation_problem_naming_the_field()
    {
        var response = await _app.CreateAdminClient(Shop).PostAsJsonAsync("/api/experiments", new
        {
            name = "Discount in the first email", step = 1, kind = "Incentive",
            arms = new object[] { new { name = "none", isControl = true }, new { name = "std", overrides = new { incentivePolicy = "standard" } } },
        });

        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(problem.GetProperty("errors").GetProperty("step")[0].GetString(), Does.Contain("never carries a discount"));
        });
    }

    [Test]
    public async Task Another_shops_experiment_cannot_be_seen_started_or_ended()
    {
        var created = await _app.CreateAdminClient(Shop).PostAsJsonAsync("/api/experiments", SubjectTest);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var intruder = _app.CreateAdminClient(Other);

        var read = await intruder.GetAsync($"/api/experiments/{id}");
        var start = await intruder.PostAsync($"/api/experiments/{id}/start", null);
        var declare = await intruder.PostAsJsonAsync($"/api/experiments/{id}/declare-winner", new { arm = "control" });
        var stop = await intruder.PostAsync($"/api/experiments/{id}/stop", null);
        var list = await intruder.GetFromJsonAsync<JsonElement>("/api/experiments");

        Assert.Multiple(() =>
        {
            Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(start.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(declare.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(stop.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(list.GetArrayLength(), Is.Zero);
        });
    }
}
