using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ShopifyRecovery.Email;
using ShopifyRecovery.Persistence;
using ShopifyRecovery.Recovery;

namespace ShopifyRecovery.App.Admin.Api;

/// <summary>
/// A shop's saved templates (<see cref="EmailTemplate"/>, what the step handler sends) and their history: every save,
/// restore and reset writes a new <see cref="EmailTemplateVersion"/>, so nothing a merchant wrote is ever lost.
/// </summary>
public sealed class TemplateStore(RecoveryDbContext db, IEmailTemplates templates, TimeProvider clock)
{
    public Task<EmailTemplate?> FindAsync(long shopId, int step, string variant, CancellationToken ct) =>
        db.Set<EmailTemplate>().AsNoTracking().SingleOrDefaultAsync(t => t.ShopId == shopId && t.Step == step && t.Variant == variant, ct);

    public async Task<IReadOnlyList<EmailTemplate>> ListAsync(long shopId, CancellationToken ct) =>
        await db.Set<EmailTemplate>().AsNoTracking().Where(t => t.ShopId == shopId).ToListAsync(ct);

    /// <summary>What the step handler would send: the saved template, else the shipped default.</summary>
    public async Task<TemplateSource> EffectiveAsync(long shopId, int step, string variant, CancellationToken ct) =>
        await FindAsync(shopId, step, variant, ct) is { } stored ? Source(stored) : templates.Default(step, variant);

    /// <summary>Saves as the next version; the caller has validated the source.</summary>
    public async Task<EmailTemplate> SaveAsync(long shopId, int step, string variant, TemplateSource source, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var template = await db.Set<EmailTemplate>().SingleOrDefaultAsync(t => t.ShopId == shopId && t.Step == step && t.Variant == variant, ct);
        if (template is null)
        {
            template = new EmailTemplate { ShopId = shopId, Step = step, Variant = variant, Subject = "", Preheader = "", Html = "", Text = "" };
            db.Set<EmailTemplate>().Add(template);
        }
        template.Subject = source.Subject;
        template.Preheader = source.Preheader;
        template.Html = source.Html;
        template.Text = source.Text;
        template.Version++;
        template.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        db.Set<EmailTemplateVersion>().Add(new EmailTemplateVersion
        {
            TemplateId = template.Id,
            ShopId = shopId,
            Version = template.Version,
            Subject = source.Subject,
            Preheader = source.Preheader,
            Html = source.Html,
            Text = source.Text,
            SavedAt = now,
        });
        await db.SaveChangesAsync(ct);
        return template;
    }

    public async Task<(IReadOnlyList<EmailTemplateVersion> Items, int Total)> VersionsAsync(long shopId, int step, string variant, Paging paging, CancellationToken ct)
    {
        var query = VersionsOf(shopId, step, variant);
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(v => v.Version).Skip(paging.Skip).Take(paging.Size).ToListAsync(ct);
        return (items, total);
    }

    public Task<EmailTemplateVersion?> VersionAsync(long shopId, int step, string variant, int version, CancellationToken ct) =>
        VersionsOf(shopId, step, variant).SingleOrDefaultAsync(v => v.Version == version, ct);

    IQueryable<EmailTemplateVersion> VersionsOf(long shopId, int step, string variant) =>
        from v in db.Set<EmailTemplateVersion>().AsNoTracking()
        join t in db.Set<EmailTemplate>() on v.TemplateId equals t.Id
        where t.ShopId == shopId && v.ShopId == shopId && t.Step == step && t.Variant == variant
        select v;

    public static TemplateSource Source(EmailTemplate t) => new(t.Subject, t.Preheader, t.Html, t.Text);

    public static TemplateSource Source(EmailTemplateVersion v) => new(v.Subject, v.Preheader, v.Html, v.Text);
}
