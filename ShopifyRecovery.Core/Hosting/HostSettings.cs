namespace ShopifyRecovery.Hosting;

/// <summary>How the App and the Worker build their hosts.</summary>
public static class HostSettings
{
    /// <summary>
    /// A command-line argument that turns off reloading of configuration files. Put it before the operator's own
    /// arguments, so an explicit <c>--hostBuilder:reloadConfigOnChange=true</c> still wins. Configuration comes from
    /// environment variables and Key Vault in production, so nothing reloads there; on embedded defaults a reloading
    /// host's file watchers cover the content root, where the SQLite database, its WAL and the outbox are written.
    /// </summary>
    public const string ReadConfigurationOnce = "--hostBuilder:reloadConfigOnChange=false";
}
