namespace ShopifyRecovery.Messaging.Embedded;

/// <summary>
/// Makes everything committed to a SQLite WAL file so far durable: one fsync of the file, whoever wrote the frames.
/// SQLite keeps the WAL while any connection is open (the writer's always is); a checkpoint that rewinds it has
/// synced the database file first, so the frames this flush may miss are already durable there.
/// </summary>
public sealed class WalSync(string walPath) : IDisposable
{
    FileStream? _file;

    public void Flush()
    {
        _file ??= new FileStream(walPath, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        _file.Flush(flushToDisk: true);
    }

    public void Dispose() => _file?.Dispose();
}
