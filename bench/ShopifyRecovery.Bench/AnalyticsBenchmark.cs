using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Microsoft.Extensions.Logging.Abstractions;
using ShopifyRecovery.Analytics;
using ShopifyRecovery.Persistence;
using ShopifyRecovery.Recovery;
using ShopifyRecovery.Shopify;
using ShopifyRecovery.Shopify.Admin;

namespace ShopifyRecovery.Bench;

/// <summary>
/// The dashboard over a year of one big shop's checkouts on SQLite: a million journeys with their ledger rows and
/// codes (plus other shops' rows beside them), then the dashboard's query set against a plain
/// <c>SELECT COUNT(*)</c> over the same journeys table, in the same run, each through a fresh context as a request would.
/// </summary>
public static class AnalyticsBenchmark
{
    static readonly DateOnly LastDay = new(2026, 11, 30);
    static readonly DateTimeOffset YearStart = new(2025, 12, 1, 0, 0, 0, TimeSpan.Zero);
    static readonly string[] Segments = ["everyone", "everyone", "everyone", "first-time", "first-time", "vip", "repeat-abandoner", "discount-seeker"];
    static readonly int[] StepDelayHours = [1, 24, 72];

    /// <param name="databaseFile">Keep the generated database here, or measure one generated before (generation takes minutes).</param>
    public static async Task<int> RunAsync(int journeys, int iterations, string? databaseFile)
    {
        var work = databaseFile is null ? Directory.CreateTempSubdirectory("sr-analytics-bench-") : null;
        try
        {
            var path = databaseFile ?? Path.Combine(work!.FullName, "analytics.db");
            var connectionString = $"Data Source={path}";
            if (!File.Exists(path))
                await GenerateAsync(connectionString, journeys);
            else
                Console.WriteLine($"measuring the existing {path}");
            await MeasureAsync(connectionString, iterations);
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { work?.Delete(true); } catch (IOException) { }
        }
    }

    static async Task GenerateAsync(string connectionString, int journeys)
    {
        long mainShop;
        long[] otherShops;
        await using (var db = Context(connectionString))
        {
            await db.Database.OpenConnectionAsync();
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            await db.Database.MigrateAsync();
            var shops = Enumerable.Range(0, 10).Select(i => new Shop { Domain = $"bench-{i}.myshopify.com", Installed = true, InstalledAt = YearStart }).ToList();
            db.AddRange(shops);
            await db.SaveChangesAsync();
            mainShop = shops[0].Id;
            otherShops = shops.Skip(1).Select(s => s.Id).ToArray();
        }
        var generation = Stopwatch.StartNew();
        var rows = await GenerateRowsAsync(connectionString, mainShop, otherShops, journeys, journeys / 10);
        var file = new SqliteConnectionStringBuilder(connectionString).DataSource;
        Console.WriteLine($"generated {rows.Journeys:N0} journeys ({journeys:N0} for the measured shop), {rows.Sends:N0} ledger rows, " +
            $"{rows.Discounts:N0} codes in {generation.Elapsed.TotalSeconds:F0} s; file {new FileInfo(file).Length / 1e6:N0} MB");
    }

    static async Task MeasureAsync(string connectionString, int iterations)
    {
        long mainShop, total;
        await using (var db = Context(connectionString))
        {
            mainShop = await db.Set<Shop>().Where(s => s.Domain == "bench-0.myshopify.com").Select(s => s.Id).SingleAsync();
            total = await db.Set<Journey>().LongCountAsync();
        }
        var clock = new FixedClock(new DateTimeOffset(2026, 11, 30, 18, 0, 0, TimeSpan.Zero));
        var last30 = new ReportPeriod(LastDay.AddDays(-29), LastDay);
        var lastYear = new ReportPeriod(LastDay.AddDays(-364), LastDay);
        var count = await TimeAsync(connectionString, iterations,
            db => db.Database.SqlQueryRaw<long>("SELECT COUNT(*) AS \"Value\" FROM journeys").SingleAsync());
        var dashboard30 = await TimeAsync(connectionString, iterations,
            db => new RecoveryReports(db, clock, NullLogger<RecoveryReports>.Instance).DashboardAsync(mainShop, last30, CancellationToken.None));
        var report30 = await TimeAsync(connectionString, iterations,
            db => new RecoveryReports(db, clock, NullLogger<RecoveryReports>.Instance).ReportAsync(mainShop, last30, CancellationToken.None));
        var dashboardYear = await TimeAsync(connectionString, iterations,
            db => new RecoveryReports(db, clock, NullLogger<RecoveryReports>.Instance).DashboardAsync(mainShop, lastYear, CancellationToken.None));

        await using (var db = Context(connectionString))
        {
            var sample = await new RecoveryReports(db, clock, NullLogger<RecoveryReports>.Instance).DashboardAsync(mainShop, last30, CancellationToken.None);
            Console.WriteLine($"last 30 days of the measured shop: {sample.Abandoned:N0} abandoned, {sample.EmailsSent:N0} emails, " +
                $"{sample.RecoveredOrders:N0} recovered orders, lift {sample.Lift.Difference:P2} (enough data: {sample.Lift.EnoughData})");
        }
        Console.WriteLine($"median of {iterations} runs (p90), fresh context each:");
        Console.WriteLine($"  SELECT COUNT(*) FROM journeys ({total:N0} rows, baseline)   {count.Median,8:F1} ms ({count.P90:F1})");
        Report("dashboard, last 30 days", dashboard30, count);
        Report("full report, last 30 days", report30, count);
        Report("dashboard, last 365 days", dashboardYear, count);
    }

    static void Report(string name, (double Median, double P90) measured, (double Median, double P90) baseline) =>
        Console.WriteLine($"  {name,-46} {measured.Median,8:F1} ms ({measured.P90:F1})  = {measured.Median / baseline.Median:F2}x COUNT(*)   (target < 200 ms)");

    static SqliteRecoveryDbContext Context(string connectionString) =>
        new(new DbContextOptionsBuilder<SqliteRecoveryDbContext>().UseSqlite(connectionString).Options);

    static async Task<(double Median, double P90)> TimeAsync<T>(string connectionString, int iterations, Func<RecoveryDbContext, Task<T>> run)
    {
        await using (var warm = Context(connectionString))
            await run(warm); // compiles the queries and warms the page cache, as a running App would have
        var times = new List<double>();
        for (var i = 0; i < iterations; i++)
        {
            var watch = Stopwatch.StartNew();
            await using (var db = Context(connectionString))
                await run(db);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return (times[times.Count / 2], times[(int)Math.Ceiling(times.Count * 0.9) - 1]);
    }

    sealed record Generated(long Journeys, long Sends, long Discounts);

    /// <summary>
    /// A plausible year: 10 % held out; of the emailed, about 10 % recovered (by click, open or send, after step 1, 2 or
    /// 3) and 5 % bought before any email; of the held out, 5 % came back on their own. Codes only in step 3.
    /// </summary>
    static async Task<Generated> GenerateRowsAsync(string connectionString, long mainShop, long[] otherShops, int mainJourneys, int otherJourneys)
    {
        var random = new Random(20261130);
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using (var pragma = connection.CreateCommand())
        {
            // Bulk load only: a crash here loses nothing anyone needs.
            pragma.CommandText = "PRAGMA synchronous=OFF; PRAGMA cache_size=-200000;";
            await pragma.ExecuteNonQueryAsync();
        }
        await using var db = Context(connectionString);
        var journeyInsert = new BulkInsert<Journey>(connection, db.Model);
        var sendInsert = new BulkInsert<EmailSend>(connection, db.Model);
        var discountInsert = new BulkInsert<IssuedDiscount>(connection, db.Model, skip: nameof(IssuedDiscount.Id));
        long journeyCount = 0, sendCount = 0, discountCount = 0, code = 0;
        var total = mainJourneys + otherJourneys;
        var span = TimeSpan.FromDays(365).Ticks;
        const int batch = 50_000;
        for (var start = 0; start < total; start += batch)
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
            for (var i = start; i < Math.Min(total, start + batch); i++)
            {
                // Journeys arrive in time order, as they would: index pages fill at the end instead of splitting.
                var createdAt = YearStart.AddTicks(span / total * i + random.NextInt64(span / total));
                var shopId = i % 11 == 10 && otherShops.Length > 0 ? otherShops[i % otherShops.Length] : mainShop;
                var journey = NewJourney(random, shopId, createdAt);
                var sends = new List<EmailSend>();
                var discounts = new List<IssuedDiscount>();
                Simulate(random, journey, sends, discounts, ref code);
                journeyInsert.Add(journey, transaction);
                foreach (var send in sends)
                    sendInsert.Add(send, transaction);
                foreach (var discount in discounts)
                    discountInsert.Add(discount, transaction);
                journeyCount++;
                sendCount += sends.Count;
                discountCount += discounts.Count;
            }
            await transaction.CommitAsync();
        }
        return new(journeyCount, sendCount, discountCount);
    }

    static Journey NewJourney(Random random, long shopId, DateTimeOffset createdAt)
    {
        var cart = Math.Round((decimal)(20 + random.NextDouble() * 280), 2);
        return new Journey
        {
            Id = Guid.CreateVersion7(createdAt),
            ShopId = shopId,
            CheckoutToken = Guid.NewGuid().ToString("N"),
            Email = $"shopper{random.Next(1_000_000)}@example.com",
            ShopCurrency = "USD",
            PresentmentCurrency = "USD",
            Status = JourneyStatus.Expired,
            CreatedAt = createdAt,
            LastActivityAt = createdAt,
            CheckoutUpdatedAt = createdAt,
            IsHoldout = random.NextDouble() < 0.10,
            Segment = Segments[random.Next(Segments.Length)],
            Subtotal = cart,
            Total = cart,
            ShopTotal = cart,
            ItemCount = 1 + random.Next(4),
        };
    }

    static void Simulate(Random random, Journey journey, List<EmailSend> sends, List<IssuedDiscount> discounts, ref long code)
    {
        var roll = random.NextDouble();
        if (roll < 0.05)
        {
            journey.Status = JourneyStatus.Completed;
            journey.CloseReason = "order_before_first_email";
            journey.Segment = null;
            return;
        }
        var converts = journey.IsHoldout ? roll < 0.10 : roll < 0.15;
        var lastStep = converts ? 1 + (random.NextDouble() switch { < 0.5 => 0, < 0.8 => 1, _ => 2 }) : 3;
        if (journey.IsHoldout)
            journey.Segment = null;
        decimal discountCost = 0;
        for (var step = 1; step <= lastStep; step++)
        {
            var at = journey.CreatedAt.AddHours(StepDelayHours[step - 1]);
            var send = new EmailSend
            {
                Id = Guid.CreateVersion7(at),
                ShopId = journey.ShopId,
                JourneyId = journey.Id,
                Step = step,
                ToEmail = journey.Email!,
                Segment = journey.Segment,
                Variant = "default",
                CreatedAt = at,
            };
            sends.Add(send);
            if (journey.IsHoldout)
            {
                send.Status = SendStatusKind.Skipped;
                send.SkipReason = "holdout";
                continue;
            }
            send.Status = random.NextDouble() switch { < 0.01 => SendStatusKind.Failed, < 0.03 => SendStatusKind.Unknown, _ => SendStatusKind.Sent };
            if (send.Status == SendStatusKind.Failed)
                continue;
            send.SentAt = at;
            send.DeliveredAt = random.NextDouble() < 0.95 ? at.AddSeconds(30) : null;
            send.OpenedAt = send.DeliveredAt is not null && random.NextDouble() < 0.45 ? at.AddMinutes(20) : null;
            send.ClickedAt = send.OpenedAt is not null && random.NextDouble() < 0.2 ? at.AddMinutes(21) : null;
            if (step == 3 && journey.ShopTotal >= 50)
            {
                var big = journey.ShopTotal >= 150;
                discounts.Add(Discount(journey, step, DiscountKind.Percentage, big ? 15m : 10m, at, ++code));
                if (big)
                    discounts.Add(Discount(journey, step, DiscountKind.FreeShipping, null, at, ++code));
                if (converts)
                    discountCost = Math.Round(journey.ShopTotal * (big ? 0.15m : 0.10m), 2);
            }
        }
        if (!converts)
        {
            journey.StepsSent = journey.IsHoldout ? 0 : 3;
            return;
        }
        var last = sends[^1];
        journey.Status = JourneyStatus.Recovered;
        journey.CloseReason = "order_placed";
        journey.RecoveredAt = last.CreatedAt.AddHours(1 + random.Next(20));
        journey.ClosedAt = journey.RecoveredAt;
        journey.RecoveredOrderId = random.NextInt64(1, long.MaxValue);
        journey.RecoveredRevenue = journey.ShopTotal - discountCost;
        journey.DiscountCost = discountCost;
        journey.AttributedStep = lastStep;
        journey.StepsSent = journey.IsHoldout ? 0 : lastStep;
        journey.Attribution = journey.IsHoldout ? Attribution.Holdout
            : last.ClickedAt is not null ? Attribution.AfterClick
            : last.OpenedAt is not null ? Attribution.AfterOpen
            : Attribution.AfterSend;
        if (discounts.Count > 0)
            discounts[0].Status = DiscountStatus.Used;
    }

    static IssuedDiscount Discount(Journey journey, int step, DiscountKind kind, decimal? percent, DateTimeOffset at, long code) => new()
    {
        ShopId = journey.ShopId,
        JourneyId = journey.Id,
        Step = step,
        Code = $"BENCH{code:D9}",
        Kind = kind.ToString(),
        Percentage = percent,
        Status = DiscountStatus.Created,
        StartsAt = at,
        EndsAt = at.AddHours(48),
        CreatedAt = at,
    };

    /// <summary>A prepared INSERT built from the EF model, so the rows are stored exactly as EF would store them (converters included).</summary>
    sealed class BulkInsert<T> where T : class
    {
        readonly SqliteCommand _command;
        readonly (IProperty Property, ValueConverter? Converter, SqliteParameter Parameter)[] _columns;

        public BulkInsert(SqliteConnection connection, IModel model, string? skip = null)
        {
            var entity = model.FindEntityType(typeof(T))!;
            var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            var properties = entity.GetProperties().Where(p => p.Name != skip).ToArray();
            _command = connection.CreateCommand();
            // The mapping's converter, not just the property's: HasConversion<string>() on an enum only names the provider type.
            _columns = properties.Select(p => (p, p.GetTypeMapping().Converter, _command.CreateParameter())).ToArray();
            for (var i = 0; i < _columns.Length; i++)
            {
                _columns[i].Parameter.ParameterName = $"@p{i}";
                _command.Parameters.Add(_columns[i].Parameter);
            }
            _command.CommandText = $"INSERT INTO \"{table.Name}\" ({string.Join(", ", properties.Select(p => $"\"{p.GetColumnName(table)}\""))}) " +
                $"VALUES ({string.Join(", ", _columns.Select(c => c.Parameter.ParameterName))})";
        }

        public void Add(T row, SqliteTransaction transaction)
        {
            _command.Transaction = transaction;
            foreach (var (property, converter, parameter) in _columns)
            {
                var value = property.GetGetter().GetClrValue(row);
                if (converter is not null && value is not null)
                    value = converter.ConvertToProvider(value);
                // EF's SQLite provider stores a Guid as upper-case text; Microsoft.Data.Sqlite alone would write a blob.
                parameter.Value = value switch { null => DBNull.Value, Guid g => g.ToString().ToUpperInvariant(), _ => value };
            }
            _command.ExecuteNonQuery();
        }
    }

    sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
