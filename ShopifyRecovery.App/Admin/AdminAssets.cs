using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;

namespace ShopifyRecovery.App.Admin;

public sealed record AdminAsset(byte[] Content, string ContentType, string ETag);

/// <summary>
/// The admin's modules, styles and playground stand-ins, embedded in the App assembly (see the csproj) and read once:
/// they are served the same from `dotnet run`, a published folder or a test host, whatever the content root.
/// </summary>
public static class AdminAssets
{
    static readonly Dictionary<string, string> Types = new(StringComparer.OrdinalIgnoreCase)
    {
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
    };

    static readonly Lazy<FrozenDictionary<string, AdminAsset>> All = new(Load);

    /// <param name="path">Relative to /admin, e.g. <c>pages/flow.js</c>.</param>
    public static AdminAsset? Find(string path) => All.Value.GetValueOrDefault(path.Replace('\\', '/'));

    public static IEnumerable<string> Paths => All.Value.Keys;

    static FrozenDictionary<string, AdminAsset> Load()
    {
        var assembly = typeof(AdminAssets).Assembly;
        var assets = new Dictionary<string, AdminAsset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames())
        {
            var path = name.Replace('\\', '/');
            if (!path.StartsWith("admin/", StringComparison.Ordinal) || !Types.TryGetValue(Path.GetExtension(path), out var type))
                continue;
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var bytes = copy.ToArray();
            assets[path["admin/".Length..]] = new AdminAsset(bytes, type, $"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))[..16]}\"");
        }
        return assets.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
